"""Shared drafts and helpers for the law engine's tests.

`VALID_DRAFT` is a valid, complete agreement draft (a full-time BUT internship in spring 2026 at a
45-person company); each test changes the one field it is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHECK_DATA = Path(__file__).resolve().parent.parent / "data" / "check"

VALID_DRAFT: dict[str, Any] = {
    "level": "higher_education",
    "program": {
        "name": "BUT Informatique",
        "teaching_hours_per_year": 600,
        "in_person_hours_per_year": 500,
    },
    "intern": {"name": "Léa Martin", "birth_date": "2005-04-01"},
    "host": {
        "name": "Acme SAS",
        "siret": "73282932000074",
        "headcount": 45,
        "interns_same_week": 2,
    },
    "tutor": {"name": "Paul Durand", "ongoing_internships": 1},
    "referent": {"name": "Anne Roux", "ongoing_internships": 10},
    "start_date": "2026-04-13",
    "end_date": "2026-08-07",
    "weekly_hours": 35,
    "working_days": ["mon", "tue", "wed", "thu", "fri"],
    "presence_hours": None,
    "night_work": False,
    "sunday_work": False,
    "public_holiday_work": False,
    "gratification": {"hourly_rate": 4.50},
    "leave_provided": True,
    "prior_hours_same_host_same_year": 0,
    "previous_intern_on_post": {
        "start_date": "2025-09-01",
        "end_date": "2025-12-19",
        "ended_early_by_intern": False,
    },
    "purpose": {
        "permanent_post": False,
        "temporary_increase": False,
        "seasonal_job": False,
        "replaces_employee": False,
        "dangerous_tasks": False,
    },
    "objectives": [
        {
            "title": "Concevoir l'API de facturation",
            "competencies": ["Développer une application"],
            "indicators": ["API documentée et testée à 80 %"],
        }
    ],
    "activities": ["Développement du module de facturation"],
    "signed_on": "2026-03-30",
}


def codes(report: Any, severity: str | None = None) -> list[str]:
    """The codes of a report's findings, optionally of one severity, in report order."""
    return [f.code for f in report.findings if severity is None or f.severity == severity]


def only(report: Any, code: str) -> Any:
    """The single finding with `code`."""
    matches = [finding for finding in report.findings if finding.code == code]
    assert len(matches) == 1, [f.code for f in report.findings]
    return matches[0]
