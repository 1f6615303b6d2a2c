"""Place the law engine's findings next to the form fields they concern."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

# Engine field (dotted path, see spec/check.md) → agreement form field. Matched by prefix.
_FIELD_MAP = [
    ("gratification", "gratification_hourly_rate"),
    ("purpose.dangerous_tasks", "dangerous_tasks"),
    ("purpose.permanent_post", "purpose_permanent_post"),
    ("purpose.temporary_increase", "purpose_temporary_increase"),
    ("purpose.seasonal_job", "purpose_seasonal_job"),
    ("purpose.replaces_employee", "purpose_replaces_employee"),
    ("purpose", "purpose_replaces_employee"),
    ("host", "host"),
    ("tutor", "tutor_email"),
    ("referent", "referent"),
    ("program", "program"),
    ("previous_intern_on_post", "previous_intern_end"),
    ("presence_hours", "end_date"),
    ("prior_hours_same_host_same_year", "prior_hours_same_host_same_year"),
    ("objectives", "objectives"),
    ("activities", "missions"),
]
_DIRECT = {
    "start_date",
    "end_date",
    "weekly_hours",
    "daily_hours_max",
    "working_days",
    "night_work",
    "sunday_work",
    "public_holiday_work",
    "leave_provided",
    "dangerous_tasks",
}


def form_field_for(engine_field: str | None) -> str:
    """The form field a finding belongs to; `general` when none fits."""
    if not engine_field:
        return "general"
    if engine_field in _DIRECT:
        return engine_field
    for prefix, form_field in _FIELD_MAP:
        if engine_field == prefix or engine_field.startswith((prefix + ".", prefix + "[")):
            return form_field
    return "general"


@dataclass(frozen=True)
class ShownFinding:
    code: str
    severity: str
    field: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def findings_by_field(report, lang: str) -> dict[str, list[ShownFinding]]:
    grouped: dict[str, list[ShownFinding]] = defaultdict(list)
    for finding in report.findings:
        grouped[form_field_for(finding.field)].append(
            ShownFinding(finding.code, finding.severity, finding.field, finding.message(lang))
        )
    return dict(grouped)


FINDING_SLOTS = [
    "general",
    "program",
    "host",
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
    "previous_intern_end",
    "purpose_permanent_post",
    "purpose_temporary_increase",
    "purpose_seasonal_job",
    "purpose_replaces_employee",
    "dangerous_tasks",
    "tutor_email",
    "referent",
    "objectives",
    "missions",
]
