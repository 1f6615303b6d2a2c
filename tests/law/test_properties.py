"""Properties of the arithmetic and of reports, on generated drafts."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balise.law import InputError, check
from balise.law.presence import count_weekdays
from tests.law.helpers import VALID_DRAFT

DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
working_days = st.lists(st.sampled_from(DAY_NAMES), min_size=1, max_size=7, unique=True)
weekly_hours = st.decimals(min_value=0, max_value=60, places=2).map(float)
hours = st.decimals(min_value=0, max_value=1500, places=2).map(float)

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _draft(**changes):
    draft = copy.deepcopy(VALID_DRAFT)
    draft.update(changes)
    return draft


@PROFILE
@given(start=dates, length=st.integers(0, 400), days=working_days, weekly=weekly_hours)
def test_presence_never_exceeds_calendar_days_times_daily_hours(start, length, days, weekly):
    end = start + dt.timedelta(days=length)
    report = check(
        _draft(
            start_date=start.isoformat(),
            end_date=end.isoformat(),
            working_days=days,
            weekly_hours=weekly,
        )
    )

    presence = report.computed.presence_hours
    assert presence >= 0
    assert presence <= Decimal(length + 1) * Decimal(str(weekly)) / len(days) + Decimal("0.01")


@PROFILE
@given(start=dates, length=st.integers(0, 200), days=working_days, holidays_worked=st.booleans())
def test_presence_grows_with_the_end_date(start, length, days, holidays_worked):
    end = start + dt.timedelta(days=length)

    def presence(last):
        return check(
            _draft(
                start_date=start.isoformat(),
                end_date=last.isoformat(),
                working_days=days,
                public_holiday_work=holidays_worked,
            )
        ).computed.presence_hours

    assert presence(end) <= presence(end + dt.timedelta(days=1))


@PROFILE
@given(start=dates, length=st.integers(-30, 300), days=working_days)
def test_working_public_holidays_never_reduces_presence(start, length, days):
    end = (start + dt.timedelta(days=length)).isoformat()
    common = {"start_date": start.isoformat(), "end_date": end, "working_days": days}

    off = check(_draft(**common, public_holiday_work=False)).computed.presence_hours
    worked = check(_draft(**common, public_holiday_work=True)).computed.presence_hours

    assert off <= worked
    if length < 0:
        assert off == worked == 0


@PROFILE
@given(start=dates, length=st.integers(-10, 3 * 366), days=st.sets(st.integers(0, 6), min_size=1))
def test_count_weekdays_matches_counting_one_by_one(start, length, days):
    end = start + dt.timedelta(days=length)
    weekdays = tuple(sorted(days))
    expected = sum(
        1
        for offset in range(max(0, length + 1))
        if (start + dt.timedelta(days=offset)).weekday() in weekdays
    )

    assert count_weekdays(start, end, weekdays) == expected


@PROFILE
@given(
    presence=hours,
    prior=hours,
    rate=st.decimals(0, 10, places=2).map(float),
    year=st.integers(2022, 2028),
)
def test_computed_block_is_consistent(presence, prior, rate, year):
    report = check(
        _draft(
            start_date=f"{year}-03-02",
            end_date=f"{year}-08-28",
            presence_hours=presence,
            prior_hours_same_host_same_year=prior,
            gratification={"hourly_rate": rate},
            signed_on=None,
            previous_intern_on_post=None,
        )
    )
    computed = report.to_dict()["computed"]
    exact = Decimal(str(presence))

    assert computed["presence_hours"] == float(exact)
    assert computed["presence_days"] == math.floor(exact / 7)
    assert computed["presence_months"] == round(computed["presence_days"] / 22, 2)
    required = exact + Decimal(str(prior)) > 308
    assert computed["gratification_required"] is required
    expected_total = (
        (exact * Decimal(str(computed["minimum_hourly_rate"]))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        if required
        else Decimal(0)
    )
    assert computed["minimum_total_gratification"] == float(expected_total)
    codes = {f.code for f in report.findings}
    below = required and 0 < rate < computed["minimum_hourly_rate"]
    assert ("gratification.below_minimum" in codes) is below
    assert ("gratification.missing" in codes) is (required and rate == 0)


# -- any draft: sorted, unique findings, a JSON report, or a clean InputError ------------------

json_scalars = (
    st.none() | st.booleans() | st.integers(-5, 2000) | st.floats(-5, 2000) | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
date_strings = dates.map(dt.date.isoformat)

plausible_changes = st.fixed_dictionaries(
    {},
    optional={
        "start_date": date_strings,
        "end_date": date_strings,
        "weekly_hours": weekly_hours,
        "daily_hours_max": st.none() | weekly_hours,
        "working_days": working_days,
        "presence_hours": st.none() | hours,
        "prior_hours_same_host_same_year": hours,
        "night_work": st.booleans(),
        "public_holiday_work": st.booleans(),
        "leave_provided": st.none() | st.booleans(),
        "gratification": st.none()
        | st.fixed_dictionaries({"hourly_rate": st.sampled_from([0, 3, 4.35, 4.5, 5])}),
        "level": st.sampled_from(["higher_education", "secondary"]),
        "signed_on": st.none() | date_strings,
        "intern": st.fixed_dictionaries({"birth_date": st.none() | date_strings}),
        "host": st.fixed_dictionaries(
            {}, optional={"headcount": st.integers(0, 200), "interns_same_week": st.integers(0, 40)}
        ),
        "tutor": st.fixed_dictionaries({"ongoing_internships": st.integers(0, 6)}),
        "referent": st.fixed_dictionaries({"ongoing_internships": st.integers(0, 30)}),
        "program": st.fixed_dictionaries(
            {},
            optional={
                "teaching_hours_per_year": st.integers(0, 400),
                "in_person_hours_per_year": st.integers(0, 100),
            },
        ),
        "purpose": st.dictionaries(
            st.sampled_from(
                [
                    "permanent_post",
                    "temporary_increase",
                    "seasonal_job",
                    "replaces_employee",
                    "dangerous_tasks",
                ]
            ),
            st.booleans(),
        ),
        "objectives": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "title": st.text(max_size=10),
                    "competencies": st.lists(st.text(max_size=5), max_size=2),
                    "indicators": st.lists(st.text(max_size=5), max_size=2),
                },
            ),
            max_size=12,
        ),
        "activities": st.lists(st.text(max_size=5), max_size=2),
        "previous_intern_on_post": st.none()
        | st.fixed_dictionaries(
            {"start_date": date_strings, "end_date": date_strings},
            optional={"ended_early_by_intern": st.booleans()},
        ),
    },
)


def _natural(field):
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", field)]


@PROFILE
@given(changes=plausible_changes)
def test_findings_are_sorted_unique_and_rendered(changes):
    try:
        report = check(_draft(**changes))
    except InputError as error:
        # Only a previous internship ending before it starts is refused among these drafts.
        assert error.field == "previous_intern_on_post.end_date"
        return

    keys = [(f.code, _natural(f.field)) for f in report.findings]
    assert keys == sorted(keys)
    assert len({(f.code, f.field) for f in report.findings}) == len(report.findings)
    assert report.valid is all(f.severity == "warning" for f in report.findings)
    for lang in ("fr", "en"):
        output = report.to_dict(lang)
        json.dumps(output, allow_nan=False)
        assert all(finding["message"].endswith(".") for finding in output["findings"])


FIELDS = [
    "start_date",
    "end_date",
    "weekly_hours",
    "objectives",
    "activities",
    "level",
    "program",
    "intern",
    "host",
    "tutor",
    "referent",
    "daily_hours_max",
    "working_days",
    "presence_hours",
    "night_work",
    "sunday_work",
    "public_holiday_work",
    "gratification",
    "leave_provided",
    "prior_hours_same_host_same_year",
    "previous_intern_on_post",
    "purpose",
    "signed_on",
]


@PROFILE
@given(field=st.sampled_from(FIELDS), value=json_values, data=st.data())
def test_any_value_anywhere_gives_a_report_or_an_input_error(field, value, data):
    draft = _draft()
    target = draft.get(field)
    if isinstance(target, dict) and target and data.draw(st.booleans(), label="nested"):
        key = data.draw(st.sampled_from(sorted(target)), label="key")
        target[key] = value
    else:
        draft[field] = value

    try:
        report = check(draft)
    except InputError as error:
        assert error.field.startswith(field)
        assert error.localized("fr")
        assert error.localized("en")
    else:
        json.dumps(report.to_dict(), allow_nan=False)
