"""The checks: is each objective specific, measurable, achievable, relevant and time-bound, and
does the set have exactly one main objective?

- `check_objective(objective, internship)`: the advice on one objective (fields `title`,
  `indicators`...).
- `check_objectives(objectives, internship)`: the advice on every objective of a list (fields
  `objectives[i].title`...) and on the set (field `objectives`).
- `check_draft(draft, others, internship)`: what a party drafting one objective needs to see:
  the advice on it, and the advice on the set it would join.

A value the caller does not know is not checked: with `Internship(complete=False)` (a JSON
draft whose fields are optional) a missing target date, competency or indicator says nothing,
and the law engine reports the missing competencies and indicators itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from balise.assistant import codes, rewrite
from balise.assistant.advice import ADVICE, WARNING, Advice
from balise.assistant.text import (
    fold,
    is_measurable,
    is_quantified,
    language,
    names_a_deliverable,
    opens_with_outcome_verb,
    opens_with_verb,
    vague_opening,
    words,
)

# "Not more than about five specific objectives."
MAX_SPECIFIC_OBJECTIVES = 5


@dataclass(frozen=True)
class ObjectiveDraft:
    """An objective as written so far. `main` is None when the kind is not said."""

    title: str = ""
    description: str = ""
    indicators: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()  # names (or any identifiers the caller compares)
    target_date: dt.date | None = None
    planned_hours: Decimal | None = None
    main: bool | None = None


@dataclass(frozen=True)
class Internship:
    """What the checks know of the internship. Unknown values leave their rules unchecked."""

    start_date: dt.date | None = None
    end_date: dt.date | None = None
    presence_hours: Decimal | None = None
    # The programme's competencies, compared with the objectives' (folded); None: unknown.
    programme_competencies: frozenset[str] | None = None
    # True when every field of the objectives is given (a form): an empty one is missing.
    complete: bool = True
    # The language to assume for a text too short to tell.
    lang: str = "fr"


def check_objective(
    objective: ObjectiveDraft, internship: Internship = Internship(), *, index: int | None = None
) -> list[Advice]:
    """The advice on one objective, in the order of the SMART qualities."""
    params = {"index": index, "title": objective.title}
    return [
        *_specific(objective, internship, params),
        *_measurable(objective, internship, params),
        *_relevant(objective, internship, params),
        *_time_bound(objective, internship, params),
    ]


def check_objectives(
    objectives: Sequence[ObjectiveDraft], internship: Internship = Internship()
) -> list[Advice]:
    """The advice on every objective of the list and on the set, sorted by code and field."""
    found: list[Advice] = []
    for index, objective in enumerate(objectives):
        found.extend(
            advice.placed(index) for advice in check_objective(objective, internship, index=index)
        )
    found.extend(_set(objectives, internship))
    found.sort(key=lambda advice: advice.sort_key)
    return found


def check_draft(
    draft: ObjectiveDraft,
    others: Sequence[ObjectiveDraft] = (),
    internship: Internship = Internship(),
) -> list[Advice]:
    """The advice on `draft`, then on the set it would form with `others`; warnings first."""
    found = check_objective(draft, internship) + list(_set([*others, draft], internship))
    return sorted(found, key=lambda advice: advice.severity != WARNING)


# -- specific: an action verb and a deliverable ---------------------------------------------------


def _specific(objective: ObjectiveDraft, internship: Internship, params: dict) -> Iterator[Advice]:
    title = objective.title.strip()
    if not words(title):
        return
    opening = vague_opening(title)
    if opening is not None:
        yield Advice(
            codes.VAGUE_VERB,
            WARNING,
            "title",
            params | {"verb": opening.verb},
            rewrite.vague_title(title, opening),
        )
        # The rewrite names a deliverable: asking for one as well would say the same twice.
        return
    if not opens_with_verb(words(title)):
        yield Advice(codes.NO_ACTION_VERB, ADVICE, "title", params, rewrite.nominal_title(title))
    everything = "\n".join([title, objective.description, *objective.indicators])
    if names_a_deliverable(everything):
        return
    # "Réduire de 20 % le délai de traitement": the result to reach is the deliverable.
    if opens_with_outcome_verb(title) and any(
        is_quantified(text) for text in [title, *objective.indicators]
    ):
        return
    yield Advice(codes.NO_DELIVERABLE, ADVICE, "title", params)


# -- measurable: an indicator with a figure, a threshold or an observable result ------------------


def _measurable(
    objective: ObjectiveDraft, internship: Internship, params: dict
) -> Iterator[Advice]:
    indicators = [text.strip() for text in objective.indicators if words(text)]
    if not indicators:
        if internship.complete:
            yield Advice(codes.NO_INDICATOR, WARNING, "indicators", params)
        return
    if any(is_measurable(text) for text in indicators):
        return
    first = indicators[0]
    lang = language(first, default=language(objective.title, default=internship.lang))
    yield Advice(
        codes.VAGUE_INDICATOR,
        ADVICE,
        "indicators",
        params | {"first": first, "count": len(indicators)},
        rewrite.indicator(first, lang, _inside(objective.target_date, internship)),
    )


def _inside(day: dt.date | None, internship: Internship) -> dt.date | None:
    """`day` when it falls within the internship (or the internship's dates are unknown)."""
    if day is None:
        return None
    if internship.start_date and day < internship.start_date:
        return None
    if internship.end_date and day > internship.end_date:
        return None
    return day


# -- relevant: linked to a competency of the programme --------------------------------------------


def _relevant(objective: ObjectiveDraft, internship: Internship, params: dict) -> Iterator[Advice]:
    linked = [name.strip() for name in objective.competencies if name.strip()]
    if not linked:
        if internship.complete:
            yield Advice(codes.NOT_RELEVANT, WARNING, "competencies", params | {"competencies": ()})
        return
    programme = internship.programme_competencies
    if programme is None:
        return
    known = {fold(name).strip() for name in programme}
    if not any(fold(name) in known for name in linked):
        yield Advice(
            codes.NOT_RELEVANT, WARNING, "competencies", params | {"competencies": tuple(linked)}
        )


# -- time-bound: a target date within the internship ----------------------------------------------


def _time_bound(
    objective: ObjectiveDraft, internship: Internship, params: dict
) -> Iterator[Advice]:
    start, end = internship.start_date, internship.end_date
    period = {"start_date": start, "end_date": end} if start and end and start <= end else {}
    target = objective.target_date
    if target is None:
        if internship.complete:
            yield Advice(codes.NO_TARGET_DATE, ADVICE, "target_date", params | period)
        return
    if period and not start <= target <= end:
        yield Advice(
            codes.TARGET_OUTSIDE, WARNING, "target_date", params | period | {"target_date": target}
        )


# -- the set: achievable, and exactly one main objective ------------------------------------------


def _set(objectives: Sequence[ObjectiveDraft], internship: Internship) -> Iterator[Advice]:
    yield from _main(objectives, internship)
    specific = [objective for objective in objectives if not objective.main]
    if len(specific) > MAX_SPECIFIC_OBJECTIVES:
        yield Advice(
            codes.TOO_MANY,
            ADVICE,
            "objectives",
            {"count": len(specific), "limit": MAX_SPECIFIC_OBJECTIVES},
        )
    planned = [o.planned_hours for o in objectives if o.planned_hours is not None]
    presence = internship.presence_hours
    if planned and presence is not None and sum(planned, Decimal(0)) > presence:
        params: dict[str, Any] = {
            "planned_hours": sum(planned, Decimal(0)),
            "presence_hours": presence,
        }
        yield Advice(codes.HOURS_EXCEED_PRESENCE, WARNING, "objectives", params)


def _main(objectives: Sequence[ObjectiveDraft], internship: Internship) -> Iterator[Advice]:
    """Exactly one main objective, when the objectives say which is which."""
    said = internship.complete or any(objective.main is not None for objective in objectives)
    if not objectives or not said:
        return
    count = sum(1 for objective in objectives if objective.main)
    if count == 0:
        yield Advice(codes.NO_MAIN, WARNING, "objectives", {})
    elif count > 1:
        yield Advice(codes.SEVERAL_MAIN, WARNING, "objectives", {"count": count})
