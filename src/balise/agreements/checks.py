"""The bridge between agreements and the pure law engine (`balise.law`).

One code path: the web form, the submit transition and `balise check` all run
`balise.law.check` on the same JSON-ready shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from balise import law
from balise.agreements.models import Agreement
from balise.agreements.selectors import supervision_counts


def _number(value) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def law_input(
    *,
    fields: Mapping,
    program,
    host,
    intern,
    tutor,
    referent,
    objectives: Iterable[Mapping],
    missions: Iterable[str],
    exclude_pk: int | None = None,
) -> dict:
    """Build the engine's input from agreement field values and the people around it."""
    start, end = fields["start_date"], fields["end_date"]
    counts = supervision_counts(
        start=min(start, end),
        end=max(start, end),
        host_id=getattr(host, "pk", None),
        tutor_id=getattr(tutor, "pk", None),
        referent_id=getattr(referent, "pk", None),
        exclude_pk=exclude_pk,
    )
    data: dict = {
        "start_date": _iso(start),
        "end_date": _iso(end),
        "weekly_hours": _number(fields["weekly_hours"]),
        "working_days": list(fields.get("working_days") or []),
        "night_work": bool(fields.get("night_work")),
        "sunday_work": bool(fields.get("sunday_work")),
        "public_holiday_work": bool(fields.get("public_holiday_work")),
        "leave_provided": bool(fields.get("leave_provided")),
        "prior_hours_same_host_same_year": _number(
            fields.get("prior_hours_same_host_same_year") or 0
        ),
        "purpose": {
            "permanent_post": bool(fields.get("purpose_permanent_post")),
            "temporary_increase": bool(fields.get("purpose_temporary_increase")),
            "seasonal_job": bool(fields.get("purpose_seasonal_job")),
            "replaces_employee": bool(fields.get("purpose_replaces_employee")),
            "dangerous_tasks": bool(fields.get("dangerous_tasks")),
        },
        "objectives": [
            {
                "title": objective["title"],
                "competencies": list(objective["competencies"]),
                "indicators": list(objective["indicators"]),
            }
            for objective in objectives
        ],
        "activities": list(missions),
        "signed_on": _iso(fields.get("signed_on")),
    }
    if fields.get("daily_hours_max") is not None:
        data["daily_hours_max"] = _number(fields["daily_hours_max"])
    rate = fields.get("gratification_hourly_rate")
    data["gratification"] = {"hourly_rate": _number(rate)} if rate else None
    if program is not None:
        data["level"] = program.level
        data["program"] = {
            "name": program.name,
            "teaching_hours_per_year": program.teaching_hours_per_year,
            "in_person_hours_per_year": program.in_person_hours_per_year,
        }
    if intern is not None:
        data["intern"] = {"name": str(intern)}
        if intern.birth_date:
            data["intern"]["birth_date"] = intern.birth_date.isoformat()
    if host is not None:
        data["host"] = {"name": host.name, "interns_same_week": counts["host"] or 0}
        if host.siret:
            data["host"]["siret"] = host.siret
        if host.headcount is not None:
            data["host"]["headcount"] = host.headcount
    if tutor is not None:
        data["tutor"] = {"name": str(tutor), "ongoing_internships": counts["tutor"]}
    if referent is not None:
        data["referent"] = {"name": str(referent), "ongoing_internships": counts["referent"]}
    if fields.get("previous_intern_end"):
        data["previous_intern_on_post"] = {
            "start_date": _iso(
                fields.get("previous_intern_start") or fields["previous_intern_end"]
            ),
            "end_date": _iso(fields["previous_intern_end"]),
            "ended_early_by_intern": bool(fields.get("previous_intern_ended_early")),
        }
    return data


LAW_FIELDS = (
    "start_date",
    "end_date",
    "weekly_hours",
    "working_days",
    "daily_hours_max",
    "night_work",
    "sunday_work",
    "public_holiday_work",
    "gratification_hourly_rate",
    "leave_provided",
    "prior_hours_same_host_same_year",
    "previous_intern_start",
    "previous_intern_end",
    "previous_intern_ended_early",
    "purpose_permanent_post",
    "purpose_temporary_increase",
    "purpose_seasonal_job",
    "purpose_replaces_employee",
    "dangerous_tasks",
    "signed_on",
)


def objective_inputs(agreement: Agreement) -> list[dict]:
    """The objectives as the engine reads them (uses prefetched competencies if loaded)."""
    return [
        {
            "title": objective.title,
            "competencies": [competency.name for competency in objective.competencies.all()],
            "indicators": objective.indicator_list,
        }
        for objective in agreement.objectives.all()
    ]


def agreement_law_input(agreement: Agreement) -> dict:
    return law_input(
        fields={name: getattr(agreement, name) for name in LAW_FIELDS},
        program=agreement.program,
        host=agreement.host,
        intern=agreement.intern,
        tutor=agreement.tutor,
        referent=agreement.referent,
        objectives=objective_inputs(agreement),
        missions=[mission.description for mission in agreement.missions.all()],
        exclude_pk=agreement.pk,
    )


def agreement_law_report(agreement: Agreement) -> law.Report:
    return law.check(agreement_law_input(agreement))
