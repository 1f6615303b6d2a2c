"""Presence hours, public holidays and age, against hand-counted calendars."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from balise.law import check
from balise.law.presence import (
    age_on,
    count_weekdays,
    is_minor_on,
    public_holidays,
    working_days_in_range,
)

D = dt.date


def _presence(draft, **changes) -> float:
    draft.update(changes)
    return check(draft).computed.presence_hours


def test_the_eleven_public_holidays_of_2026():
    assert public_holidays(2026, 2026) == (
        D(2026, 1, 1),
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 1),
        D(2026, 5, 8),
        D(2026, 5, 14),  # Ascension Day
        D(2026, 5, 25),  # Whit Monday
        D(2026, 7, 14),
        D(2026, 8, 15),
        D(2026, 11, 1),
        D(2026, 11, 11),
        D(2026, 12, 25),
    )


@pytest.mark.parametrize("year", range(2009, 2041))
def test_eleven_holidays_a_year_and_no_sunday_feasts(year):
    days = public_holidays(year, year)
    easter_monday = next(day for day in days if day.month in (3, 4))
    easter_sunday = easter_monday - dt.timedelta(days=1)

    assert len(days) == 11
    assert easter_monday.weekday() == 0
    assert easter_sunday not in days
    assert easter_sunday + dt.timedelta(days=49) not in days  # Whit Sunday
    assert D(year, 12, 26) not in days  # Alsace-Moselle only
    assert D(year, 11, 2) not in days
    assert all(day.year == year for day in days)


def test_two_holidays_on_one_day_count_once():
    # In 2008 Ascension Day fell on 1 May.
    assert len(public_holidays(2008, 2008)) == 10
    assert D(2008, 5, 1) in public_holidays(2008, 2008)


def test_holidays_across_years():
    days = public_holidays(2025, 2026)

    assert len(days) == 22
    assert days == tuple(sorted(days))


def test_valid_draft_counts_80_days(draft):
    # 13 April to 7 August 2026: 17 weeks of 5 days, minus 1 and 8 May, Ascension, Whit Monday
    # and 14 July.
    assert _presence(draft) == 560


def test_public_holidays_worked_are_counted(draft):
    assert _presence(draft, public_holiday_work=True) == 85 * 7


def test_holiday_monday_removes_one_day(draft):
    assert _presence(draft, start_date="2026-05-25", end_date="2026-05-29") == 28


def test_holiday_on_a_non_working_day_removes_nothing(draft):
    # 15 August 2026 is a Saturday.
    assert _presence(draft, start_date="2026-08-10", end_date="2026-08-16") == 35


def test_holiday_on_a_working_saturday_is_removed(draft):
    draft["working_days"] = ["mon", "tue", "wed", "thu", "fri", "sat"]

    # Six working days, one of them a holiday: 5 days of 35 / 6 hours.
    report = check(draft | {"start_date": "2026-08-10", "end_date": "2026-08-16"})

    assert report.to_dict()["computed"]["presence_hours"] == 29.17


def test_christmas_week_across_the_new_year(draft):
    # 21 December 2026 to 8 January 2027: 15 weekdays minus 25 December and 1 January.
    assert _presence(draft, start_date="2026-12-21", end_date="2027-01-08") == 13 * 7


def test_single_day(draft):
    assert _presence(draft, start_date="2026-04-14", end_date="2026-04-14") == 7


def test_weekend_only_range_has_no_presence(draft):
    assert _presence(draft, start_date="2026-04-18", end_date="2026-04-19") == 0


def test_end_before_start_has_no_presence(draft):
    assert _presence(draft, start_date="2026-04-14", end_date="2026-04-13") == 0


def test_part_time_days(draft):
    draft["working_days"] = ["mon", "wed"]

    # Two days a week of 7 hours, for two weeks.
    assert _presence(draft, weekly_hours=14, start_date="2026-04-13", end_date="2026-04-26") == 28


def test_uneven_daily_hours_are_exact(draft):
    draft["working_days"] = ["mon", "tue", "wed"]

    # 9 days of 35 / 3 hours: exactly 105, not 104.99999.
    report = check(draft | {"start_date": "2026-04-13", "end_date": "2026-05-03"})

    assert report.computed.presence_hours == 105
    assert report.computed.presence_days == 15


def test_declared_presence_hours_win(draft):
    report = check(draft | {"presence_hours": 123.45})

    assert report.computed.presence_hours == Decimal("123.45")
    assert report.computed.presence_days == 17


def test_computed_block_rounding(draft):
    report = check(draft | {"presence_hours": 700})

    computed = report.to_dict()["computed"]
    assert computed == {
        "presence_hours": 700.0,
        "presence_days": 100,
        "presence_months": 4.55,
        "gratification_required": True,
        "minimum_hourly_rate": 4.5,
        "minimum_total_gratification": 3150.0,
    }


def test_presence_days_are_floored(draft):
    report = check(draft | {"presence_hours": 13.99})

    assert report.computed.presence_days == 1
    assert report.to_dict()["computed"]["presence_months"] == 0.05


def test_minimum_total_uses_this_agreements_hours_only(draft):
    report = check(draft | {"presence_hours": 100, "prior_hours_same_host_same_year": 250})

    computed = report.to_dict()["computed"]
    assert computed["gratification_required"] is True
    assert computed["presence_hours"] == 100
    assert computed["minimum_total_gratification"] == 450.0


def test_minimum_total_is_zero_when_not_required(draft):
    report = check(draft | {"presence_hours": 300})

    assert report.to_dict()["computed"]["minimum_total_gratification"] == 0


def test_minimum_total_rounds_to_the_cent(draft):
    report = check(
        draft | {"presence_hours": 333.33, "start_date": "2025-03-03", "end_date": "2025-06-30"}
    )

    # 333.33 × 4.35 = 1449.9855
    assert report.to_dict()["computed"]["minimum_total_gratification"] == 1449.99


def test_count_weekdays_by_arithmetic():
    # 1 January 2026 is a Thursday.
    assert count_weekdays(D(2026, 1, 1), D(2026, 1, 31), (0, 1, 2, 3, 4)) == 22
    assert count_weekdays(D(2026, 1, 1), D(2026, 1, 31), (5, 6)) == 9
    assert count_weekdays(D(2026, 1, 1), D(2026, 1, 1), (3,)) == 1
    assert count_weekdays(D(2026, 1, 2), D(2026, 1, 1), (3,)) == 0


def test_whole_calendar_range_is_fast():
    days = working_days_in_range(
        D(1, 1, 1), D(9999, 12, 31), (0, 1, 2, 3, 4), skip_public_holidays=True
    )

    # 9999 years of about 261 weekdays, minus the holidays the `holidays` package knows.
    assert 2_600_000 < days < 2_610_000


# -- age ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "day", "minor"),
    [
        (D(2008, 4, 13), D(2026, 4, 13), False),  # 18 on the first day
        (D(2008, 4, 14), D(2026, 4, 13), True),  # 18 the next day
        (D(2008, 4, 12), D(2026, 4, 13), False),
        (D(2008, 2, 29), D(2026, 2, 28), True),  # born 29 February: 18 on 1 March
        (D(2008, 2, 29), D(2026, 3, 1), False),
        (D(2007, 12, 31), D(2026, 1, 1), False),
        (D(2008, 1, 1), D(2025, 12, 31), True),
        (D(2030, 1, 1), D(2026, 1, 1), True),  # not born yet: certainly not 18
        (D(9990, 1, 1), D(2026, 1, 1), True),  # 18th birthday after year 9999
    ],
)
def test_minor_on(birth, day, minor):
    assert is_minor_on(birth, day) is minor


def test_age_on():
    assert age_on(D(2008, 2, 29), D(2026, 2, 28)) == 17
    assert age_on(D(2008, 2, 29), D(2026, 3, 1)) == 18
    assert age_on(D(2008, 2, 29), D(2028, 2, 29)) == 20
    assert age_on(D(2005, 4, 1), D(2026, 4, 13)) == 21


def test_days_beyond_the_eleven_are_dropped(monkeypatch):
    from dateutil.easter import easter

    from balise.law import presence

    sunday = easter(2031)
    listed = {
        D(2031, 1, 1): "Jour de l'an",
        sunday: "Pâques",
        sunday + dt.timedelta(days=1): "Lundi de Pâques",
        sunday + dt.timedelta(days=49): "Pentecôte",
        D(2031, 12, 26): "Saint-Étienne",
    }
    monkeypatch.setattr(presence.holidays, "France", lambda years: listed)
    presence.public_holidays.cache_clear()
    try:
        days = presence.public_holidays(2031, 2031)
    finally:
        presence.public_holidays.cache_clear()

    assert days == (D(2031, 1, 1), sunday + dt.timedelta(days=1))
