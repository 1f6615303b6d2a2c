"""The objective form and the writing assistant (`balise.assistant`): advice and library
suggestions while a party drafts an objective, and the advice on an agreement's objectives.

The form is read leniently: a field that does not validate yet (a date half typed) counts as
empty, so advice follows the typing without waiting for a valid form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from balise import assistant
from balise.agreements.models import Agreement, Objective, ObjectiveKind
from balise.law.draft import DAY_NAMES
from balise.law.formatting import to_decimal
from balise.law.presence import computed_presence_hours

# The fields of the form a rewrite can fill, by advice code.
_SUGGESTION_FIELD = {
    assistant.codes.VAGUE_VERB: "title",
    assistant.codes.NO_ACTION_VERB: "title",
    assistant.codes.VAGUE_INDICATOR: "indicators",
}
SUGGESTION_FIELDS = frozenset(_SUGGESTION_FIELD.values())


@dataclass(frozen=True)
class ShownAdvice:
    code: str
    severity: str
    field: str
    message: str
    suggestion: str | None
    suggestion_field: str | None

    @property
    def is_warning(self) -> bool:
        return self.severity == assistant.WARNING


def _lang() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def shown(advice: list[assistant.Advice]) -> list[ShownAdvice]:
    lang = _lang()
    return [
        ShownAdvice(
            code=item.code,
            severity=item.severity,
            field=item.field,
            message=item.message(lang),
            suggestion=item.suggestion,
            suggestion_field=_SUGGESTION_FIELD.get(item.code) if item.suggestion else None,
        )
        for item in advice
    ]


def internship_of(agreement: Agreement) -> assistant.Internship:
    """The dates and presence hours of the agreement, as the assistant reads them."""
    weekdays = tuple(
        sorted(DAY_NAMES.index(day) for day in agreement.working_days if day in DAY_NAMES)
    )
    presence = None
    if (
        weekdays
        and agreement.weekly_hours is not None
        and agreement.start_date <= agreement.end_date
    ):
        hours = computed_presence_hours(
            agreement.start_date,
            agreement.end_date,
            Fraction(agreement.weekly_hours),
            weekdays,
            public_holiday_work=agreement.public_holiday_work,
        )
        presence = to_decimal(hours)
    return assistant.Internship(
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        presence_hours=presence,
        # The form offers only the programme's competencies: none can be outside it.
        programme_competencies=None,
        complete=True,
        lang=_lang(),
    )


def objective_draft(objective: Objective) -> assistant.ObjectiveDraft:
    """A saved objective, as the assistant reads it (uses prefetched competencies)."""
    return assistant.ObjectiveDraft(
        title=objective.title,
        description=objective.description,
        indicators=tuple(objective.indicator_list),
        competencies=tuple(str(competency.pk) for competency in objective.competencies.all()),
        target_date=objective.target_date,
        planned_hours=objective.planned_hours,
        main=objective.kind == ObjectiveKind.MAIN,
    )


def _value(form, name):
    """The cleaned value of one field of a bound or unbound form, None when it does not
    validate yet."""
    if name not in form.fields:
        return None
    try:
        return form.fields[name].clean(form[name].value())
    except ValidationError:
        return None


def form_draft(form) -> assistant.ObjectiveDraft:
    """What the objective form holds now, valid or not."""
    competencies = _value(form, "competencies")
    indicators = _value(form, "indicators") or ""
    hours = _value(form, "planned_hours")
    target = _value(form, "target_date")
    return assistant.ObjectiveDraft(
        title=str(form["title"].value() or ""),
        description=str(form["description"].value() or ""),
        indicators=tuple(line.strip() for line in indicators.splitlines() if line.strip()),
        competencies=tuple(str(c.pk) for c in competencies) if competencies else (),
        target_date=target if isinstance(target, dt.date) else None,
        planned_hours=Decimal(hours) if hours is not None else None,
        main=_value(form, "kind") == ObjectiveKind.MAIN,
    )


def draft_advice(
    agreement: Agreement, draft: assistant.ObjectiveDraft, *, objective: Objective | None = None
):
    """The advice on `draft` (from `form_draft`), with the agreement's other objectives
    (`objective` is the one being edited, if any)."""
    others = [
        objective_draft(other)
        for other in agreement.objectives.prefetch_related("competencies")
        if objective is None or other.pk != objective.pk
    ]
    return shown(assistant.check_draft(draft, others, internship_of(agreement)))


@dataclass(frozen=True)
class AgreementAdvice:
    by_objective: dict[int, list[ShownAdvice]]
    on_set: list[ShownAdvice]


def agreement_advice(agreement: Agreement) -> AgreementAdvice:
    """The advice on every objective of the agreement and on the set. No query when the
    objectives and their competencies are prefetched."""
    objectives = list(agreement.objectives.all())
    advice = assistant.check_objectives(
        [objective_draft(objective) for objective in objectives], internship_of(agreement)
    )
    by_objective: dict[int, list[assistant.Advice]] = {o.pk: [] for o in objectives}
    on_set = []
    for item in advice:
        if item.field.startswith("objectives["):
            index = int(item.field[len("objectives[") : item.field.index("]")])
            by_objective[objectives[index].pk].append(item)
        else:
            on_set.append(item)
    return AgreementAdvice(
        by_objective={pk: shown(items) for pk, items in by_objective.items()},
        on_set=shown(on_set),
    )


def example_values(example, agreement: Agreement, allowed_competencies) -> dict:
    """The objective form's values for a library example, in the active language: its text,
    its competencies that the programme offers, a target date after its typical duration
    (within the internship) and its typical hours."""
    lang = _lang()
    values = {
        "title": example.text("title", lang),
        "description": example.text("description", lang),
        "indicators": "\n".join(example.indicator_list(lang)),
        "competencies": [c.pk for c in example.competencies.all() if c.pk in allowed_competencies],
    }
    if example.typical_weeks:
        target = agreement.start_date + dt.timedelta(weeks=example.typical_weeks, days=-3)
        values["target_date"] = min(max(target, agreement.start_date), agreement.end_date)
    if example.typical_hours:
        values["planned_hours"] = Decimal(example.typical_hours)
    return values


def with_suggestion(values: dict, field: str, suggestion: str, current: str) -> dict:
    """`values` with a rewrite in `field`: the title replaced, or the first indicator."""
    if field == "title":
        return values | {"title": suggestion}
    lines = [line for line in current.splitlines() if line.strip()]
    lines[:1] = [suggestion]
    return values | {"indicators": "\n".join(lines)}
