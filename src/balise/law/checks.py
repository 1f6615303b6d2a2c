"""The rules of French internship law, applied to a typed draft.

`check(data)` parses and checks a JSON-ready dict; `check_draft(draft)` checks an
`AgreementDraft` the caller already holds. Each `_rule_*` function yields the findings of one
concern; a rule whose input field is absent is not checked.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from balise.law import rates
from balise.law.draft import AgreementDraft, parse
from balise.law.formatting import to_decimal
from balise.law.presence import birthday_key, computed_presence_hours, is_minor_on
from balise.law.report import ERROR, WARNING, Computed, Finding, Report


@dataclass(frozen=True)
class _Facts:
    """Figures several rules share, computed once."""

    presence_hours: Fraction
    total_hours: Fraction  # with the earlier hours at the same host this teaching year
    gratification_required: bool
    minimum_rate: Decimal
    minimum_rate_year: int  # the year whose minimum is the highest (the latest on a tie)
    unknown_years: list[tuple[int, int, Decimal]]  # (year, year priced instead, rate)
    minor: bool

    def presence_params(self, draft: AgreementDraft) -> dict[str, Any]:
        return {
            "presence_hours": self.presence_hours,
            "prior_hours": draft.prior_hours_same_host_same_year,
            "total_hours": self.total_hours,
        }


def check(data: Any) -> Report:
    """Check a JSON-ready agreement draft; raise `InputError` when it is unusable."""
    return check_draft(parse(data))


def check_draft(draft: AgreementDraft) -> Report:
    """Check a parsed draft against every rule."""
    facts = _facts(draft)
    findings: list[Finding] = []
    for rule in _RULES:
        findings.extend(rule(draft, facts))
    findings.sort(key=lambda finding: finding.sort_key)
    return Report(findings=findings, computed=_computed(facts))


def _facts(draft: AgreementDraft) -> _Facts:
    if draft.presence_hours is not None:
        presence = draft.presence_hours
    else:
        presence = computed_presence_hours(
            draft.start_date,
            draft.end_date,
            draft.weekly_hours,
            draft.working_days,
            public_holiday_work=draft.public_holiday_work,
        )
    total = presence + draft.prior_hours_same_host_same_year

    # The calendar years the internship covers; just the start year when the dates are in the
    # wrong order (the internship then covers no day, but a rate is still needed).
    last = max(draft.start_date, draft.end_date)
    minimum_rate, minimum_rate_year = Decimal(0), draft.start_date.year
    unknown: list[tuple[int, int, Decimal]] = []
    for year in range(draft.start_date.year, last.year + 1):
        rate, source = rates.minimum_hourly_rate(year)
        if source != year:
            unknown.append((year, source, rate))
        if rate >= minimum_rate:
            minimum_rate, minimum_rate_year = rate, year

    birth = draft.intern.birth_date
    return _Facts(
        presence_hours=presence,
        total_hours=total,
        gratification_required=total > rates.GRATIFICATION_THRESHOLD_HOURS,
        minimum_rate=minimum_rate,
        minimum_rate_year=minimum_rate_year,
        unknown_years=unknown,
        minor=birth is not None and is_minor_on(birth, draft.start_date),
    )


def _computed(facts: _Facts) -> Computed:
    days = math.floor(facts.presence_hours / rates.HOURS_PER_DAY)
    total_gratification = (
        facts.presence_hours * Fraction(facts.minimum_rate)
        if facts.gratification_required
        else Fraction(0)
    )
    return Computed(
        presence_hours=to_decimal(facts.presence_hours),
        presence_days=days,
        presence_months=to_decimal(Fraction(days, rates.DAYS_PER_MONTH)),
        gratification_required=facts.gratification_required,
        minimum_hourly_rate=facts.minimum_rate,
        minimum_total_gratification=to_decimal(total_gratification),
    )


# -- the rules, in the order of the spec's table ----------------------------------------------

Findings = Iterator[Finding]


def _rule_dates(draft: AgreementDraft, facts: _Facts) -> Findings:
    if draft.end_date < draft.start_date:
        yield Finding(
            "dates.order",
            ERROR,
            "end_date",
            {"start_date": draft.start_date, "end_date": draft.end_date},
        )


def _rule_duration(draft: AgreementDraft, facts: _Facts) -> Findings:
    if facts.total_hours > rates.MAX_PRESENCE_HOURS:
        # The planned presence is what the parties can change: the end date, or the hours
        # when they were given outright.
        field = "presence_hours" if draft.presence_hours is not None else "end_date"
        yield Finding(
            "duration.max_exceeded",
            ERROR,
            field,
            facts.presence_params(draft) | {"limit": rates.MAX_PRESENCE_HOURS},
        )


def _rule_gratification(draft: AgreementDraft, facts: _Facts) -> Findings:
    if not facts.gratification_required:
        return
    presence = facts.presence_params(draft) | {
        "threshold": rates.GRATIFICATION_THRESHOLD_HOURS,
        "minimum_rate": facts.minimum_rate,
    }
    if draft.hourly_rate is None:
        yield Finding(
            "gratification.missing",
            ERROR,
            "gratification.hourly_rate" if draft.gratification_given else "gratification",
            presence,
        )
    elif draft.hourly_rate < Fraction(facts.minimum_rate):
        yield Finding(
            "gratification.below_minimum",
            ERROR,
            "gratification.hourly_rate",
            {
                "rate": draft.hourly_rate,
                "minimum_rate": facts.minimum_rate,
                "year": facts.minimum_rate_year,
            },
        )
    if facts.unknown_years:
        # Attributed to the date that brings the unknown year in: the start for a year before
        # the table, otherwise the end.
        year, source, _ = facts.unknown_years[0]
        field = "start_date" if year < source else "end_date"
        yield Finding(
            "gratification.rate_unknown_year",
            WARNING,
            field,
            {"unknown": facts.unknown_years},
        )
    if draft.leave_provided is False:
        yield Finding(
            "leave.missing",
            ERROR,
            "leave_provided",
            facts.presence_params(draft) | {"threshold": rates.GRATIFICATION_THRESHOLD_HOURS},
        )


def _rule_hours(draft: AgreementDraft, facts: _Facts) -> Findings:
    daily_limit = rates.MINOR_MAX_DAILY_HOURS if facts.minor else rates.MAX_DAILY_HOURS
    if draft.daily_hours > daily_limit:
        yield Finding(
            "hours.daily_max",
            ERROR,
            "daily_hours_max",
            {"hours": draft.daily_hours, "limit": daily_limit, "minor": facts.minor},
        )
    weekly_limit = rates.MINOR_MAX_WEEKLY_HOURS if facts.minor else rates.MAX_WEEKLY_HOURS
    if draft.weekly_hours > weekly_limit:
        yield Finding(
            "hours.weekly_max",
            ERROR,
            "weekly_hours",
            {"hours": draft.weekly_hours, "limit": weekly_limit, "minor": facts.minor},
        )


def _rule_minor(draft: AgreementDraft, facts: _Facts) -> Findings:
    birth = draft.intern.birth_date
    if facts.minor and draft.night_work and birth is not None:
        yield Finding(
            "minor.night_work",
            ERROR,
            "night_work",
            {
                "adult_on": birthday_key(birth, rates.MINOR_AGE),
                "start_date": draft.start_date,
            },
        )


def _rule_supervision(draft: AgreementDraft, facts: _Facts) -> Findings:
    tutor = draft.tutor.ongoing_internships
    if tutor is not None and tutor >= rates.TUTOR_MAX_INTERNS:
        yield Finding(
            "supervision.tutor_capacity",
            ERROR,
            "tutor.ongoing_internships",
            {"ongoing": tutor, "limit": rates.TUTOR_MAX_INTERNS},
        )
    referent = draft.referent.ongoing_internships
    limit = (
        rates.REFERENT_MAX_INTERNS_SECONDARY
        if draft.level == "secondary"
        else rates.REFERENT_MAX_INTERNS_HIGHER_EDUCATION
    )
    if referent is not None and referent >= limit:
        yield Finding(
            "supervision.referent_capacity",
            ERROR,
            "referent.ongoing_internships",
            {"ongoing": referent, "limit": limit, "level": draft.level},
        )


def _rule_host(draft: AgreementDraft, facts: _Facts) -> Findings:
    headcount = draft.host.headcount
    if headcount is not None:
        small_host = headcount < rates.QUOTA_SMALL_HOST_HEADCOUNT
        if small_host:
            quota = rates.QUOTA_SMALL_HOST_INTERNS
        else:
            # Integer ceiling: no float ever decides whether 20 × 15 % is 3 or 3.0000001.
            quota = -(-headcount * rates.QUOTA_PERCENT // 100)
        interns = draft.host.interns_same_week + 1
        if interns > quota:
            yield Finding(
                "host.quota",
                ERROR,
                "host.interns_same_week",
                {
                    "interns": interns,
                    "quota": quota,
                    "headcount": headcount,
                    "small_host": small_host,
                    "small_host_headcount": rates.QUOTA_SMALL_HOST_HEADCOUNT,
                    "percent": rates.QUOTA_PERCENT,
                },
            )

    previous = draft.previous_intern_on_post
    if (
        previous is not None
        and previous.start_date is not None
        and previous.end_date is not None
        and not previous.ended_early_by_intern
    ):
        previous_days = previous.end_date.toordinal() - previous.start_date.toordinal() + 1
        waiting_days = -(-previous_days // rates.WAITING_PERIOD_DIVISOR)
        earliest = previous.end_date.toordinal() + waiting_days
        if draft.start_date.toordinal() < earliest:
            yield Finding(
                "host.waiting_period",
                ERROR,
                "start_date",
                {
                    "previous_end": previous.end_date,
                    "previous_days": previous_days,
                    "waiting_days": waiting_days,
                    "earliest_start": _date_from_ordinal(earliest),
                    "start_date": draft.start_date,
                },
            )


def _date_from_ordinal(ordinal: int) -> dt.date:
    # Past 31 December 9999 only when the previous internship ends in the last days of year
    # 9999; that last representable day is then as good an answer as any.
    return dt.date.fromordinal(min(ordinal, dt.date.max.toordinal()))


def _rule_program(draft: AgreementDraft, facts: _Facts) -> Findings:
    teaching = draft.program.teaching_hours_per_year
    if teaching is not None and teaching < rates.MIN_TEACHING_HOURS_PER_YEAR:
        yield Finding(
            "program.training_volume",
            ERROR,
            "program.teaching_hours_per_year",
            {"hours": teaching, "limit": rates.MIN_TEACHING_HOURS_PER_YEAR},
        )
    in_person = draft.program.in_person_hours_per_year
    if (
        draft.level == "higher_education"
        and in_person is not None
        and in_person < rates.MIN_IN_PERSON_HOURS_PER_YEAR
    ):
        yield Finding(
            "program.in_person_hours",
            ERROR,
            "program.in_person_hours_per_year",
            {"hours": in_person, "limit": rates.MIN_IN_PERSON_HOURS_PER_YEAR},
        )


_PROHIBITED_PURPOSES = ("permanent_post", "temporary_increase", "seasonal_job", "replaces_employee")


def _rule_purpose(draft: AgreementDraft, facts: _Facts) -> Findings:
    purposes = [name for name in _PROHIBITED_PURPOSES if getattr(draft.purpose, name)]
    if purposes:
        # One finding naming every prohibited purpose; its field is the flag when only one is
        # set, the whole `purpose` object otherwise.
        field = f"purpose.{purposes[0]}" if len(purposes) == 1 else "purpose"
        yield Finding("purpose.prohibited", ERROR, field, {"purposes": purposes})
    if draft.purpose.dangerous_tasks:
        yield Finding("tasks.dangerous", ERROR, "purpose.dangerous_tasks", {})


def _rule_objectives(draft: AgreementDraft, facts: _Facts) -> Findings:
    if not draft.objectives:
        yield Finding("objectives.missing", ERROR, "objectives", {})
    for index, objective in enumerate(draft.objectives):
        params = {"index": index, "title": objective.title}
        if not objective.competencies:
            yield Finding(
                "objectives.no_competency", ERROR, f"objectives[{index}].competencies", params
            )
        if not objective.indicators:
            yield Finding(
                "objectives.not_measurable", WARNING, f"objectives[{index}].indicators", params
            )
    if not draft.activities:
        yield Finding("activities.missing", ERROR, "activities", {})


def _rule_signature(draft: AgreementDraft, facts: _Facts) -> Findings:
    if draft.signed_on is not None and draft.signed_on > draft.start_date:
        yield Finding(
            "signature.late",
            ERROR,
            "signed_on",
            {"signed_on": draft.signed_on, "start_date": draft.start_date},
        )


_RULES = (
    _rule_dates,
    _rule_duration,
    _rule_gratification,
    _rule_hours,
    _rule_minor,
    _rule_supervision,
    _rule_host,
    _rule_program,
    _rule_purpose,
    _rule_objectives,
    _rule_signature,
)
