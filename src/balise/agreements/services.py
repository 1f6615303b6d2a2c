"""Every write on agreements, objectives, milestones and missions.

Each service is one transaction, validates with `full_clean()` and refuses changes
to an agreement that is no longer editable (signed content changes only by amendment).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from balise.agreements.checks import agreement_law_report
from balise.agreements.models import (
    Agreement,
    AgreementStatus,
    Milestone,
    Mission,
    Objective,
    ObjectiveKind,
)
from balise.competencies.selectors import competencies_for_program


def _ensure_editable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise ValidationError(
            _("This agreement is %(status)s: its content can no longer be changed here.")
            % {"status": agreement.get_status_display()},
            code="not_editable",
        )


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def agreement_create(*, by, intern, program, host, **fields) -> Agreement:
    """Start a draft agreement for `intern` in `program`'s school."""
    agreement = Agreement(
        school=program.school,
        program=program,
        host=host,
        intern=intern,
        created_by=by,
        status=AgreementStatus.DRAFT,
        **fields,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, by, **fields) -> Agreement:
    _ensure_editable(agreement)
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_submit_for_negotiation(*, agreement: Agreement, by) -> Agreement:
    """Draft → negotiation: only an agreement without a legal error may leave draft."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for negotiation."), code="not_draft")
    report = agreement_law_report(agreement)
    errors = [finding for finding in report.findings if finding.severity == "error"]
    if errors:
        raise ValidationError(
            _(
                "This agreement still has %(count)d legal error(s); fix them before "
                "sending it for negotiation."
            )
            % {"count": len(errors)},
            code="legal_errors",
        )
    agreement.status = AgreementStatus.NEGOTIATION
    agreement.full_clean()
    agreement.save(update_fields=["status", "updated_at"])
    return agreement


def _save_objective_competencies(objective: Objective, competencies) -> None:
    if competencies is not None:
        allowed = set(
            competencies_for_program(objective.agreement.program).values_list("pk", flat=True)
        )
        chosen = list(competencies)
        if any(competency.pk not in allowed for competency in chosen):
            raise ValidationError(
                {"competencies": _("Choose competencies of this programme's frameworks.")}
            )
        objective.competencies.set(chosen)


@transaction.atomic
def objective_create(
    *,
    agreement: Agreement,
    by,
    title: str,
    kind: str = ObjectiveKind.SPECIFIC,
    description: str = "",
    indicators: str = "",
    target_date=None,
    weight: int = 1,
    competencies=None,
) -> Objective:
    _ensure_editable(agreement)
    if kind == ObjectiveKind.MAIN and agreement.objectives.filter(kind=ObjectiveKind.MAIN).exists():
        raise ValidationError(
            {"kind": _("This agreement already has a main objective.")}, code="one_main"
        )
    objective = Objective(
        agreement=agreement,
        kind=kind,
        title=title,
        description=description,
        indicators=indicators,
        target_date=target_date,
        weight=weight,
        # The main objective leads; specific ones follow in the order they were written.
        position=0 if kind == ObjectiveKind.MAIN else _next_position(agreement.objectives),
    )
    objective.full_clean()
    objective.save()
    _save_objective_competencies(objective, competencies)
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, by, competencies=None, **fields) -> Objective:
    _ensure_editable(objective.agreement)
    if (
        fields.get("kind") == ObjectiveKind.MAIN
        and objective.agreement.objectives.filter(kind=ObjectiveKind.MAIN)
        .exclude(pk=objective.pk)
        .exists()
    ):
        raise ValidationError(
            {"kind": _("This agreement already has a main objective.")}, code="one_main"
        )
    for name, value in fields.items():
        setattr(objective, name, value)
    objective.full_clean()
    objective.save()
    _save_objective_competencies(objective, competencies)
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, by) -> None:
    _ensure_editable(objective.agreement)
    objective.delete()


def _move(item, siblings, direction: str) -> None:
    """Swap `item` with its neighbour in `siblings` (ordered by position, pk)."""
    ordered = list(siblings.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"}:
        raise ValidationError(_("Unknown direction."))
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


@transaction.atomic
def objective_move(*, objective: Objective, by, direction: str) -> None:
    _ensure_editable(objective.agreement)
    _move(objective, objective.agreement.objectives.all(), direction)


@transaction.atomic
def milestone_create(*, objective: Objective, by, title: str, due_date) -> Milestone:
    _ensure_editable(objective.agreement)
    milestone = Milestone(
        objective=objective,
        title=title,
        due_date=due_date,
        position=_next_position(objective.milestones),
    )
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, by, **fields) -> Milestone:
    _ensure_editable(milestone.objective.agreement)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by) -> None:
    _ensure_editable(milestone.objective.agreement)
    milestone.delete()


@transaction.atomic
def mission_create(*, agreement: Agreement, by, description: str) -> Mission:
    _ensure_editable(agreement)
    mission = Mission(
        agreement=agreement,
        description=description,
        position=_next_position(agreement.missions),
    )
    mission.full_clean()
    mission.save()
    return mission


@transaction.atomic
def mission_delete(*, mission: Mission, by) -> None:
    _ensure_editable(mission.agreement)
    mission.delete()


@transaction.atomic
def mission_move(*, mission: Mission, by, direction: str) -> None:
    _ensure_editable(mission.agreement)
    _move(mission, mission.agreement.missions.all(), direction)
