"""The assistant in `balise check`: its advice as warnings of the law report.

The law spec's input has no room for what the assistant reads beyond titles, competencies and
indicators, and ignores unknown fields; so the assistant reads these optional extras of each
objective leniently, and a value it cannot use is left unchecked, never an unusable input:

    {"title": "...", "description": "...", "indicators": [...], "competencies": [...],
     "kind": "main" | "specific", "target_date": "2026-06-30", "planned_hours": 120}

and `program.competencies` (names, or objects with a `name`) for the relevance check. Every
piece of advice becomes a `warning` of the report, under its `objectives.` code; the rewrite,
when there is one, ends the message.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from balise.assistant.advice import Advice
from balise.assistant.checks import Internship, ObjectiveDraft, check_objectives
from balise.assistant.messages import with_suggestion


@dataclass(frozen=True)
class ReportWarning:
    """An advice shaped as a finding of the law report: `code`, `severity` (always `warning`),
    `field`, `message`."""

    advice: Advice
    severity: str = "warning"

    @property
    def code(self) -> str:
        return self.advice.code

    @property
    def field(self) -> str:
        return self.advice.field

    @property
    def sort_key(self) -> tuple[str, tuple[Any, ...]]:
        return self.advice.sort_key

    def message(self, lang: str = "fr") -> str:
        return with_suggestion(self.advice.message(lang), self.advice.suggestion, lang)

    def to_dict(self, lang: str = "fr") -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "field": self.field,
            "message": self.message(lang),
        }


def report_warnings(data: Mapping[str, Any], *, presence_hours: Decimal) -> list[ReportWarning]:
    """The assistant's advice on a draft the law engine accepted, as report warnings."""
    objectives = [_objective(item) for item in _list(data.get("objectives"))]
    if not objectives:
        return []
    start, end = _date(data.get("start_date")), _date(data.get("end_date"))
    internship = Internship(
        start_date=start,
        end_date=end,
        # Dates in the wrong order leave no presence: the law's `dates.order` says what to fix.
        presence_hours=presence_hours if start and end and start <= end else None,
        programme_competencies=_programme_competencies(data.get("program")),
        complete=False,
    )
    return [ReportWarning(advice) for advice in check_objectives(objectives, internship)]


def _objective(item: Any) -> ObjectiveDraft:
    if not isinstance(item, Mapping):
        return ObjectiveDraft()
    kind = item.get("kind")
    main = {"main": True, "specific": False}.get(kind) if isinstance(kind, str) else None
    if main is None and isinstance(item.get("main"), bool):
        main = item["main"]
    return ObjectiveDraft(
        title=_string(item.get("title")),
        description=_string(item.get("description")),
        indicators=_strings(item.get("indicators")),
        competencies=_strings(item.get("competencies")),
        target_date=_date(item.get("target_date")),
        planned_hours=_hours(item.get("planned_hours")),
        main=main,
    )


def _programme_competencies(program: Any) -> frozenset[str] | None:
    if not isinstance(program, Mapping) or not isinstance(program.get("competencies"), list):
        return None
    names = set()
    for item in program["competencies"]:
        if isinstance(item, str):
            names.add(item)
        elif isinstance(item, Mapping) and isinstance(item.get("name"), str):
            names.add(item["name"])
    return frozenset(names)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(item for item in _list(value) if isinstance(item, str) and item.strip())


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _hours(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value < 0 or value > 10**9:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
