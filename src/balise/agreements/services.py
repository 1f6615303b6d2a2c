"""Every write on agreements, objectives, milestones and missions.

Each service is one transaction, validates with `full_clean()` and refuses changes
to an agreement that is no longer editable (signed content changes only by amendment).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balise.agreements.checks import agreement_law_report
from balise.agreements.models import (
    AGREEING_PARTIES,
    SIGNING_PARTIES,
    Agreement,
    AgreementEvent,
    AgreementStatus,
    AgreementVersion,
    Amendment,
    AmendmentStatus,
    Comment,
    EventKind,
    Milestone,
    Mission,
    Objective,
    ObjectiveKind,
    ObjectivesConsent,
    Party,
    Proposal,
    ProposalStatus,
    Signature,
    Validation,
    ValidationKind,
)
from balise.agreements.parties import agreement_parties, parties_of
from balise.agreements.versions import agreement_content, content_sha256
from balise.competencies.selectors import competencies_for_program
from balise.notifications.services import notify


def _ensure_editable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise ValidationError(
            _("This agreement is %(status)s: its content can no longer be changed here.")
            % {"status": agreement.get_status_display()},
            code="not_editable",
        )


def _record(agreement, kind, *, by=None, objective=None, **data) -> AgreementEvent:
    return AgreementEvent.objects.create(
        agreement=agreement, kind=kind, actor=by, objective=objective, data=data
    )


def _changed(agreement: Agreement, kind, *, by, objective=None, **data) -> None:
    """Record a change of content; during negotiation it withdraws every agreement and
    validation given, since they were given to something else."""
    _record(agreement, kind, by=by, objective=objective, **data)
    if agreement.status != AgreementStatus.NEGOTIATION:
        return
    consents = ObjectivesConsent.objects.filter(agreement=agreement)
    validations = Validation.objects.filter(agreement=agreement)
    withdrawn = sorted(consents.values_list("party", flat=True))
    withdrawn_validations = sorted(validations.values_list("kind", flat=True))
    if withdrawn or withdrawn_validations:
        consents.delete()
        validations.delete()
        _record(
            agreement,
            EventKind.CONSENTS_WITHDRAWN,
            by=by,
            parties=withdrawn,
            validations=withdrawn_validations,
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
    _record(agreement, EventKind.CREATED, by=by)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, by, **fields) -> Agreement:
    _ensure_editable(agreement)
    changed = sorted(name for name, value in fields.items() if getattr(agreement, name) != value)
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    if changed:
        _changed(agreement, EventKind.UPDATED, by=by, fields=changed)
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
    _record(agreement, EventKind.NEGOTIATION_OPENED, by=by)
    _invite_host_people(agreement, by=by)
    notify(
        recipients=agreement_parties(agreement),
        kind="negotiation_opened",
        agreement=agreement,
        actor=by,
    )
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
    planned_hours=None,
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
        planned_hours=planned_hours,
        # The main objective leads; specific ones follow in the order they were written.
        position=0 if kind == ObjectiveKind.MAIN else _next_position(agreement.objectives),
    )
    objective.full_clean()
    objective.save()
    _save_objective_competencies(objective, competencies)
    _changed(agreement, EventKind.OBJECTIVE_ADDED, by=by, objective=objective, title=title)
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
    before = objective_snapshot(objective)
    if fields.get("kind") == ObjectiveKind.MAIN and objective.kind != ObjectiveKind.MAIN:
        # The main objective leads the list, as a new one does.
        objective.position = 0
    for name, value in fields.items():
        setattr(objective, name, value)
    objective.full_clean()
    objective.save()
    _save_objective_competencies(objective, competencies)
    after = objective_snapshot(objective)
    if before != after:
        _changed(
            objective.agreement,
            EventKind.OBJECTIVE_CHANGED,
            by=by,
            objective=objective,
            before=before,
            after=after,
        )
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, by) -> None:
    _ensure_editable(objective.agreement)
    snapshot = objective_snapshot(objective)
    objective.delete()
    _changed(objective.agreement, EventKind.OBJECTIVE_DELETED, by=by, before=snapshot)


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
    # Specific objectives move among themselves: the main one always leads.
    _move(objective, objective.agreement.objectives.filter(kind=objective.kind), direction)
    _changed(objective.agreement, EventKind.UPDATED, by=by, fields=["objectives_order"])


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
    _changed(
        objective.agreement,
        EventKind.OBJECTIVE_CHANGED,
        by=by,
        objective=objective,
        milestone_added=title,
    )
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, by, **fields) -> Milestone:
    _ensure_editable(milestone.objective.agreement)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    _changed(
        milestone.objective.agreement,
        EventKind.OBJECTIVE_CHANGED,
        by=by,
        objective=milestone.objective,
        milestone_changed=milestone.title,
    )
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by) -> None:
    _ensure_editable(milestone.objective.agreement)
    milestone.delete()
    _changed(
        milestone.objective.agreement,
        EventKind.OBJECTIVE_CHANGED,
        by=by,
        objective=milestone.objective,
        milestone_deleted=milestone.title,
    )


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
    _changed(agreement, EventKind.UPDATED, by=by, fields=["missions"])
    return mission


@transaction.atomic
def mission_delete(*, mission: Mission, by) -> None:
    _ensure_editable(mission.agreement)
    mission.delete()
    _changed(mission.agreement, EventKind.UPDATED, by=by, fields=["missions"])


@transaction.atomic
def mission_move(*, mission: Mission, by, direction: str) -> None:
    _ensure_editable(mission.agreement)
    _move(mission, mission.agreement.missions.all(), direction)
    _changed(mission.agreement, EventKind.UPDATED, by=by, fields=["missions"])


# --- Negotiation -------------------------------------------------------------------------


def objective_snapshot(objective: Objective) -> dict:
    """The fields of an objective a proposal can change, JSON-ready."""
    return {
        "kind": objective.kind,
        "title": objective.title,
        "description": objective.description,
        "indicators": objective.indicators,
        "target_date": objective.target_date.isoformat() if objective.target_date else None,
        "weight": objective.weight,
        "competencies": sorted(objective.competencies.values_list("pk", flat=True))
        if objective.pk
        else [],
    }


def _require_party(by, agreement: Agreement, allowed) -> set[Party]:
    held = parties_of(by, agreement) & set(allowed)
    if not held:
        raise PermissionDenied
    return held


@transaction.atomic
def comment_add(*, agreement: Agreement, by, body: str, objective: Objective | None = None):
    _require_party(by, agreement, AGREEING_PARTIES)
    if agreement.status not in {
        AgreementStatus.DRAFT,
        AgreementStatus.NEGOTIATION,
        AgreementStatus.AWAITING_SIGNATURES,
    }:
        raise ValidationError(_("Comments are closed once the agreement is signed."), code="closed")
    comment = Comment(agreement=agreement, objective=objective, author=by, body=body.strip())
    comment.full_clean()
    comment.save()
    _record(agreement, EventKind.COMMENTED, by=by, objective=objective, comment=comment.pk)
    notify(
        recipients=agreement_parties(agreement),
        kind="comment",
        agreement=agreement,
        actor=by,
        data={"objective": objective.title if objective else "", "excerpt": comment.body[:300]},
    )
    return comment


def _ensure_negotiation(agreement: Agreement) -> None:
    if agreement.status != AgreementStatus.NEGOTIATION:
        raise ValidationError(
            _("This is only possible while the agreement is under negotiation."),
            code="not_negotiation",
        )


@transaction.atomic
def proposal_create(
    *,
    agreement: Agreement,
    by,
    proposed: dict,
    objective: Objective | None = None,
    rationale: str = "",
) -> Proposal:
    """Propose a change to `objective`, or a new objective when it is None."""
    _require_party(by, agreement, AGREEING_PARTIES)
    _ensure_negotiation(agreement)
    previous = objective_snapshot(objective) if objective else {}
    if objective is not None and {k: proposed.get(k) for k in previous} == previous:
        raise ValidationError(_("The proposal changes nothing."), code="no_change")
    proposal = Proposal(
        agreement=agreement,
        objective=objective,
        author=by,
        rationale=rationale,
        previous=previous,
        proposed=proposed,
    )
    proposal.full_clean()
    proposal.save()
    _record(agreement, EventKind.PROPOSED, by=by, objective=objective, proposal=proposal.pk)
    notify(
        recipients=agreement_parties(agreement),
        kind="proposal",
        agreement=agreement,
        actor=by,
        data={"objective": proposed.get("title", ""), "new": objective is None},
    )
    return proposal


def _open_proposal(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal was already decided."), code="decided")
    return proposal


def _decide(proposal: Proposal, *, by, decision: str) -> Proposal:
    """Close an open proposal: accept (apply it), decline, or withdraw (its author)."""
    agreement = proposal.agreement
    if decision == "withdraw":
        proposal = _open_proposal(proposal)
        if proposal.author_id != by.pk:
            raise PermissionDenied
    else:
        _require_party(by, agreement, AGREEING_PARTIES)
        _ensure_negotiation(agreement)
        proposal = _open_proposal(proposal)
        if proposal.author_id == by.pk:
            raise ValidationError(
                _("Another party must accept or decline your proposal; you may withdraw it."),
                code="own_proposal",
            )
    if decision == "accept":
        proposal.objective = _apply_proposal(proposal, agreement)
    status, event = {
        "accept": (ProposalStatus.ACCEPTED, EventKind.PROPOSAL_ACCEPTED),
        "decline": (ProposalStatus.DECLINED, EventKind.PROPOSAL_DECLINED),
        "withdraw": (ProposalStatus.WITHDRAWN, EventKind.PROPOSAL_WITHDRAWN),
    }[decision]
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    _record(agreement, event, by=by, objective=proposal.objective, proposal=proposal.pk)
    if decision != "withdraw":
        notify(
            recipients=[proposal.author],
            kind="proposal_decided",
            agreement=agreement,
            actor=by,
            data={
                "objective": proposal.proposed.get("title", ""),
                "accepted": decision == "accept",
            },
        )
    return proposal


def _apply_proposal(proposal: Proposal, agreement: Agreement) -> Objective:
    from balise.competencies.models import Competency

    fields = dict(proposal.proposed)
    competencies = list(Competency.objects.filter(pk__in=fields.pop("competencies", []) or []))
    target = fields.get("target_date")
    fields["target_date"] = dt.date.fromisoformat(target) if target else None
    if proposal.objective_id is None:
        return objective_create(
            agreement=agreement, by=proposal.author, competencies=competencies, **fields
        )
    return objective_update(
        objective=proposal.objective, by=proposal.author, competencies=competencies, **fields
    )


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by) -> Proposal:
    """Another party accepts: the change is applied (and every agreement given withdrawn)."""
    return _decide(proposal, by=by, decision="accept")


@transaction.atomic
def proposal_decline(*, proposal: Proposal, by) -> Proposal:
    return _decide(proposal, by=by, decision="decline")


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by) -> Proposal:
    return _decide(proposal, by=by, decision="withdraw")


@transaction.atomic
def objectives_agree(*, agreement: Agreement, by) -> list[ObjectivesConsent]:
    """`by` agrees with the objectives as they stand, for every party they hold."""
    held = _require_party(by, agreement, AGREEING_PARTIES)
    _ensure_negotiation(agreement)
    if not agreement.objectives.exists():
        raise ValidationError(_("There is no objective to agree with yet."), code="empty")
    consents = []
    for party in sorted(held):
        consent, created = ObjectivesConsent.objects.get_or_create(
            agreement=agreement, party=party, defaults={"user": by}
        )
        if created:
            consents.append(consent)
            _record(agreement, EventKind.AGREED, by=by, party=party)
    return consents


def consent_status(agreement: Agreement) -> dict[str, ObjectivesConsent | None]:
    given = {consent.party: consent for consent in agreement.consents.all()}
    return {party: given.get(party) for party in AGREEING_PARTIES}


def _validation_order_error(agreement: Agreement, kind: str) -> str | None:
    from balise.organizations.models import ValidationOrder

    done = set(agreement.validations.values_list("kind", flat=True))
    first = {
        ValidationOrder.PEDAGOGICAL_FIRST: ValidationKind.PEDAGOGICAL,
        ValidationOrder.ADMINISTRATIVE_FIRST: ValidationKind.ADMINISTRATIVE,
    }.get(agreement.school.validation_order)
    if first is None or kind == first or first in done:
        return None
    if first == ValidationKind.PEDAGOGICAL:
        return _("This school asks for the referent's pedagogical validation first.")
    return _("This school asks for the internship office's administrative validation first.")


@transaction.atomic
def agreement_validate(*, agreement: Agreement, by, kind: str) -> Validation:
    """The referent's pedagogical or the office's administrative validation."""
    party = Party.REFERENT if kind == ValidationKind.PEDAGOGICAL else Party.STAFF
    _require_party(by, agreement, [party])
    _ensure_negotiation(agreement)
    missing = [p for p, consent in consent_status(agreement).items() if consent is None]
    if missing:
        raise ValidationError(
            _("Every party must first agree with the objectives (missing: %(parties)s).")
            % {"parties": ", ".join(str(Party(p).label) for p in missing)},
            code="consents_missing",
        )
    if agreement.validations.filter(kind=kind).exists():
        raise ValidationError(_("This validation was already given."), code="already")
    problem = _main_objective_problem(agreement)
    if problem:
        raise ValidationError(problem, code="no_main")
    problem = _validation_order_error(agreement, kind)
    if problem:
        raise ValidationError(problem, code="order")
    validation = Validation.objects.create(agreement=agreement, kind=kind, user=by)
    _record(agreement, EventKind.VALIDATED, by=by, validation=kind)
    notify(
        recipients=agreement_parties(agreement, staff=True),
        kind="validation",
        agreement=agreement,
        actor=by,
        data={"validation": kind},
    )
    return validation


# --- Signatures ----------------------------------------------------------------------------


def _main_objective_problem(agreement: Agreement) -> str | None:
    """Exactly one main objective: the database allows no second one, this asks for one."""
    if not any(objective.is_main for objective in agreement.objectives.all()):
        return _(
            "Choose the main objective: the one sentence that says what this internship is for."
        )
    return None


def signature_blockers(agreement: Agreement) -> list[str]:
    """Why the agreement cannot be sent for signature yet, in words (empty: it can)."""
    problems = []
    if agreement.status != AgreementStatus.NEGOTIATION:
        problems.append(_("The agreement must be under negotiation."))
    main_problem = _main_objective_problem(agreement)
    if main_problem:
        problems.append(main_problem)
    report = agreement_law_report(agreement)
    errors = [finding for finding in report.findings if finding.severity == "error"]
    if errors:
        problems.append(
            _("The legal check still finds %(count)d error(s).") % {"count": len(errors)}
        )
    for role, label in (
        ("tutor", _("the tutor")),
        ("referent", _("the referent teacher")),
        ("signatory", _("the host signatory")),
    ):
        if getattr(agreement, f"{role}_id") is None:
            problems.append(_("Name %(person)s.") % {"person": label})
    missing = [p for p, consent in consent_status(agreement).items() if consent is None]
    if missing:
        problems.append(
            _("Waiting for the agreement of: %(parties)s.")
            % {"parties": ", ".join(str(Party(p).label) for p in missing)}
        )
    done = set(agreement.validations.values_list("kind", flat=True))
    for kind in ValidationKind:
        if kind not in done:
            problems.append(_("Waiting for the %(validation)s.") % {"validation": kind.label})
    return problems


def _freeze(agreement: Agreement, number: int) -> AgreementVersion:
    content = agreement_content(agreement)
    version = AgreementVersion(
        agreement=agreement, number=number, content=content, sha256=content_sha256(content)
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def agreement_request_signatures(*, agreement: Agreement, by) -> AgreementVersion:
    """Negotiation → awaiting signatures: freeze version 1 for everyone to sign."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_party(by, agreement, [Party.INTERN, Party.REFERENT, Party.STAFF])
    problems = signature_blockers(agreement)
    if problems:
        raise ValidationError(problems, code="not_ready")
    version = _freeze(agreement, number=1)
    agreement.status = AgreementStatus.AWAITING_SIGNATURES
    agreement.save(update_fields=["status", "updated_at"])
    _record(agreement, EventKind.SIGNATURES_REQUESTED, by=by, version=1, sha256=version.sha256)
    _invite_host_people(agreement, by=by)
    notify(
        recipients=agreement_parties(agreement, staff=True),
        kind="signatures_requested",
        agreement=agreement,
        actor=by,
        data={"version": 1},
    )
    return version


def version_awaiting_signature(agreement: Agreement) -> AgreementVersion | None:
    """The version the parties are asked to sign now: the first one, or an amendment's."""
    if agreement.status == AgreementStatus.AWAITING_SIGNATURES:
        return agreement.versions.filter(signed_at__isnull=True).order_by("-number").first()
    amendment = agreement.amendments.filter(status=AmendmentStatus.AWAITING_SIGNATURES).first()
    return amendment.version if amendment else None


@transaction.atomic
def version_sign(
    *,
    version: AgreementVersion,
    by,
    party: str,
    ip_address: str | None = None,
    user_agent: str = "",
    sha256: str,
) -> Signature:
    """`by` signs `version` as `party`; the last signature completes the version.

    `sha256` is the hash the signer was shown: it must be the version's, so nobody signs
    something other than what they read.
    """
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    if version_awaiting_signature(agreement) != version:
        raise ValidationError(_("This version is not awaiting signatures."), code="not_awaiting")
    if party not in _require_party(by, agreement, SIGNING_PARTIES):
        raise PermissionDenied
    if sha256 != version.sha256:
        raise ValidationError(
            _("The document changed since you opened it: read it again before signing."),
            code="hash_mismatch",
        )
    if version.signatures.filter(party=party).exists():
        raise ValidationError(_("This party has already signed."), code="already_signed")
    signature = Signature(
        version=version,
        party=party,
        signer=by,
        signed_at=timezone.now(),
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
        version_sha256=version.sha256,
    )
    signature.full_clean()
    signature.save()
    _record(agreement, EventKind.SIGNED, by=by, party=party, version=version.number)
    if version.signatures.count() == len(SIGNING_PARTIES):
        _complete_version(agreement, version, by=by)
    return signature


def _complete_version(agreement: Agreement, version: AgreementVersion, *, by) -> None:
    now = timezone.now()
    AgreementVersion.objects.filter(pk=version.pk).update(signed_at=now)
    if version.number == 1:
        agreement.status = AgreementStatus.SIGNED
        agreement.signed_on = timezone.localdate(now)
        agreement.save(update_fields=["status", "signed_on", "updated_at"])
        _record(agreement, EventKind.FULLY_SIGNED, by=by, version=1)
        kind = "fully_signed"
    else:
        amendment = version.amendment
        _apply_changes(agreement, amendment.changes)
        amendment.status = AmendmentStatus.SIGNED
        amendment.save(update_fields=["status"])
        _record(
            agreement,
            EventKind.AMENDMENT_SIGNED,
            by=by,
            version=version.number,
            amendment=amendment.number,
        )
        kind = "amendment"
    notify(
        recipients=agreement_parties(agreement, staff=True),
        kind=kind,
        agreement=agreement,
        actor=by,
        data={"version": version.number},
    )


# --- Lifecycle ----------------------------------------------------------------------------


@transaction.atomic
def agreements_advance(*, today: dt.date | None = None, dry_run: bool = False) -> dict:
    """Move agreements along their dates: signed → in progress on the start date,
    → completed after the end date. Safe to run at any frequency."""
    today = today or timezone.localdate()
    started = Agreement.objects.filter(
        status=AgreementStatus.SIGNED, start_date__lte=today, end_date__gte=today
    )
    finished = Agreement.objects.filter(
        status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_PROGRESS], end_date__lt=today
    )
    counts = {"started": started.count(), "completed": finished.count()}
    if dry_run:
        return counts
    for agreement in finished.select_for_update():
        agreement.status = AgreementStatus.COMPLETED
        agreement.save(update_fields=["status", "updated_at"])
        _record(agreement, EventKind.COMPLETED)
    # Imported here: the check-ins app builds on agreements.
    from balise.checkins.services import checkin_plan_ensure

    for agreement in started.select_for_update():
        agreement.status = AgreementStatus.IN_PROGRESS
        agreement.save(update_fields=["status", "updated_at"])
        _record(agreement, EventKind.STARTED)
        checkin_plan_ensure(agreement=agreement)
    return counts


CANCELLABLE = {
    AgreementStatus.DRAFT,
    AgreementStatus.NEGOTIATION,
    AgreementStatus.AWAITING_SIGNATURES,
    AgreementStatus.SIGNED,
}


def _stop_checkins(agreement: Agreement) -> None:
    """Calendars drop the check-ins of an internship that stops; reminders stop."""
    from balise.checkins.services import checkins_cancel_remaining

    reason = agreement.interruption_reason or agreement.cancellation_reason
    checkins_cancel_remaining(agreement=agreement, reason=reason)


@transaction.atomic
def agreement_cancel(*, agreement: Agreement, by, reason: str) -> Agreement:
    held = _require_party(by, agreement, [Party.STAFF, Party.INTERN])
    if Party.STAFF not in held and agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(
            _("Only the internship office can cancel an agreement past its draft."),
            code="staff_only",
        )
    if agreement.status not in CANCELLABLE:
        raise ValidationError(
            _("An internship that has started is interrupted, not cancelled."),
            code="not_cancellable",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the agreement is cancelled.")})
    agreement.status = AgreementStatus.CANCELLED
    agreement.cancellation_reason = reason.strip()
    agreement.save(update_fields=["status", "cancellation_reason", "updated_at"])
    _record(agreement, EventKind.CANCELLED, by=by, reason=agreement.cancellation_reason)
    _stop_checkins(agreement)
    notify(
        recipients=agreement_parties(agreement, staff=True),
        kind="cancelled",
        agreement=agreement,
        actor=by,
        data={"reason": agreement.cancellation_reason},
    )
    return agreement


@transaction.atomic
def agreement_interrupt(
    *, agreement: Agreement, by, reason: str, on: dt.date, validation: str
) -> Agreement:
    """Interrupt an internship in progress (L124-15): reason, date, and what happens to
    the validation of the training period."""
    _require_party(by, agreement, [Party.STAFF, Party.REFERENT])
    if agreement.status != AgreementStatus.IN_PROGRESS:
        raise ValidationError(
            _("Only an internship in progress can be interrupted."), code="not_in_progress"
        )
    if not agreement.start_date <= on <= agreement.end_date:
        raise ValidationError({"on": _("The interruption date must fall within the internship.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the internship is interrupted.")})
    agreement.status = AgreementStatus.INTERRUPTED
    agreement.interrupted_on = on
    agreement.interruption_reason = reason.strip()
    agreement.interruption_validation = validation
    agreement.full_clean()
    agreement.save()
    _record(
        agreement,
        EventKind.INTERRUPTED,
        by=by,
        reason=agreement.interruption_reason,
        on=on.isoformat(),
        validation=validation,
    )
    _stop_checkins(agreement)
    notify(
        recipients=agreement_parties(agreement, staff=True),
        kind="interrupted",
        agreement=agreement,
        actor=by,
        data={"reason": agreement.interruption_reason, "on": on.isoformat()},
    )
    return agreement


# --- Amendments ---------------------------------------------------------------------------

AMENDABLE = {AgreementStatus.SIGNED, AgreementStatus.IN_PROGRESS}
AMENDABLE_FIELDS = ("start_date", "end_date", "weekly_hours", "gratification_hourly_rate")


@transaction.atomic
def amendment_open(*, agreement: Agreement, by, reason: str) -> Amendment:
    _require_party(by, agreement, AGREEING_PARTIES)
    if agreement.status not in AMENDABLE:
        raise ValidationError(
            _("Only a signed agreement, or one in progress, can be amended."),
            code="not_amendable",
        )
    if agreement.amendments.filter(
        status__in=[AmendmentStatus.DRAFT, AmendmentStatus.AWAITING_SIGNATURES]
    ).exists():
        raise ValidationError(_("An amendment is already open."), code="already_open")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the agreement is amended.")})
    base = agreement.versions.filter(signed_at__isnull=False).order_by("-number").first()
    amendment = Amendment(
        agreement=agreement,
        number=(agreement.amendments.aggregate(top=Max("number"))["top"] or 0) + 1,
        reason=reason.strip(),
        base_version=base,
        created_by=by,
    )
    amendment.full_clean()
    amendment.save()
    _record(agreement, EventKind.AMENDMENT_OPENED, by=by, amendment=amendment.number)
    notify(
        recipients=agreement_parties(agreement, staff=True),
        kind="amendment",
        agreement=agreement,
        actor=by,
    )
    return amendment


@transaction.atomic
def amendment_update(*, amendment: Amendment, by, changes: dict) -> Amendment:
    _require_party(by, amendment.agreement, AGREEING_PARTIES)
    if amendment.status != AmendmentStatus.DRAFT:
        raise ValidationError(_("This amendment can no longer be changed."), code="frozen")
    unknown = set(changes) - {*AMENDABLE_FIELDS, "tutor", "missions", "objectives"}
    if unknown:
        raise ValidationError(_("Unknown change: %(names)s.") % {"names": ", ".join(unknown)})
    amendment.changes = changes
    amendment.save(update_fields=["changes"])
    return amendment


def _apply_changes(agreement: Agreement, changes: dict) -> None:
    """Write an amendment's changes to the live agreement (no editability check: this is
    the one path by which a signed agreement changes)."""
    from balise.accounts.models import User
    from balise.competencies.models import Competency

    for name in AMENDABLE_FIELDS:
        if name in changes:
            value = changes[name]
            if name.endswith("date"):
                value = dt.date.fromisoformat(value)
            elif value is not None:
                value = Decimal(str(value))
            setattr(agreement, name, value)
    if "tutor" in changes:
        agreement.tutor = User.objects.get(pk=changes["tutor"])
    agreement.full_clean()
    agreement.save()
    if "missions" in changes:
        agreement.missions.all().delete()
        for position, description in enumerate(changes["missions"], start=1):
            Mission.objects.create(agreement=agreement, description=description, position=position)
    if "objectives" in changes:
        kept = []
        for position, item in enumerate(changes["objectives"], start=1):
            objective = (
                agreement.objectives.get(pk=item["id"])
                if item.get("id")
                else Objective(agreement=agreement)
            )
            objective.kind = item.get("kind", objective.kind or ObjectiveKind.SPECIFIC)
            objective.title = item["title"]
            objective.description = item.get("description", "")
            objective.indicators = item.get("indicators", "")
            target = item.get("target_date")
            objective.target_date = dt.date.fromisoformat(target) if target else None
            objective.weight = item.get("weight", objective.weight or 1)
            objective.position = 0 if objective.kind == ObjectiveKind.MAIN else position
            objective.full_clean()
            objective.save()
            if "competencies" in item:
                objective.competencies.set(Competency.objects.filter(pk__in=item["competencies"]))
            kept.append(objective.pk)
        agreement.objectives.exclude(pk__in=kept).delete()


class _Rollback(Exception):
    pass


def amendment_preview(amendment: Amendment) -> tuple[dict, object]:
    """The content and the law report the agreement would have with the changes applied,
    computed on the real rows inside a transaction that is then rolled back."""
    result = {}
    try:
        with transaction.atomic():
            agreement = Agreement.objects.get(pk=amendment.agreement_id)
            _apply_changes(agreement, amendment.changes)
            agreement = Agreement.objects.get(pk=agreement.pk)
            result["content"] = agreement_content(agreement)
            result["report"] = agreement_law_report(agreement)
            raise _Rollback
    except _Rollback:
        pass
    return result["content"], result["report"]


@transaction.atomic
def amendment_request_signatures(*, amendment: Amendment, by) -> AgreementVersion:
    """Freeze the amended agreement as the next version, once the law finds no error."""
    agreement = amendment.agreement
    _require_party(by, agreement, AGREEING_PARTIES)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.DRAFT:
        raise ValidationError(_("This amendment was already sent for signature."))
    if not amendment.changes:
        raise ValidationError(_("The amendment changes nothing yet."), code="empty")
    content, report = amendment_preview(amendment)
    errors = [finding for finding in report.findings if finding.severity == "error"]
    if errors:
        raise ValidationError(
            [_("The amended agreement would break the law:")]
            + [finding.message(translation.get_language() or "fr") for finding in errors],
            code="legal_errors",
        )
    number = agreement.versions.aggregate(top=Max("number"))["top"] + 1
    version = AgreementVersion(
        agreement=agreement, number=number, content=content, sha256=content_sha256(content)
    )
    version.full_clean()
    version.save()
    amendment.version = version
    amendment.status = AmendmentStatus.AWAITING_SIGNATURES
    amendment.save(update_fields=["version", "status"])
    _record(
        agreement,
        EventKind.SIGNATURES_REQUESTED,
        by=by,
        version=number,
        amendment=amendment.number,
        sha256=version.sha256,
    )
    notify(
        recipients=agreement_parties(agreement, staff=True),
        kind="signatures_requested",
        agreement=agreement,
        actor=by,
        data={"version": number},
    )
    return version


@transaction.atomic
def amendment_cancel(*, amendment: Amendment, by) -> Amendment:
    _require_party(by, amendment.agreement, AGREEING_PARTIES)
    if amendment.status not in {AmendmentStatus.DRAFT, AmendmentStatus.AWAITING_SIGNATURES}:
        raise ValidationError(_("This amendment is closed."), code="closed")
    amendment.status = AmendmentStatus.CANCELLED
    amendment.save(update_fields=["status"])
    return amendment


# --- People outside the school ---------------------------------------------------------------


def _invite_host_people(agreement: Agreement, *, by) -> None:
    """Send a magic link to the tutor and the host signatory who have no password."""
    for person in (agreement.tutor, agreement.signatory):
        if person is not None and not person.has_usable_password():
            invitation_send(agreement=agreement, person=person, by=by)


def invitation_send(*, agreement: Agreement, person, by) -> None:
    """Email `person` a magic link to the agreement (renewable: each call sends a new one)."""
    from balise.agreements.tasks import send_invitation

    if person.pk not in {
        agreement.tutor_id,
        agreement.signatory_id,
        agreement.intern_id,
        agreement.referent_id,
    }:
        raise ValidationError(_("Only a party of the agreement can be invited."))
    _record(agreement, EventKind.INVITED, by=by, person=person.pk)
    agreement_id, person_id = agreement.pk, person.pk
    transaction.on_commit(lambda: send_invitation.enqueue(agreement_id, person_id))
