"""The dates of a plan (pure)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balise.checkins.schedule import plan_dates

MONDAY = dt.date(2026, 3, 2)


def days(planned):
    return [p.day for p in planned]


def test_every_two_weeks_on_thursday_from_the_second_week():
    planned = plan_dates(
        start=MONDAY, end=MONDAY + dt.timedelta(weeks=10, days=-3), cadence_weeks=2, weekday=3
    )
    assert days(planned) == [MONDAY + dt.timedelta(weeks=w, days=3) for w in (1, 3, 5, 7, 9)]
    # Ten weeks: the middle is in the sixth week; the nearest date is the third one.
    assert [p.mid for p in planned] == [False, False, True, False, False]


def test_weekly_cadence_starts_in_the_first_week_but_never_before_the_start():
    wednesday = MONDAY + dt.timedelta(days=2)
    planned = plan_dates(
        start=wednesday, end=wednesday + dt.timedelta(days=20), cadence_weeks=1, weekday=1
    )
    # Tuesday of the first week is before the start: skipped.
    assert days(planned) == [MONDAY + dt.timedelta(weeks=w, days=1) for w in (1, 2, 3)]


def test_a_public_holiday_moves_the_check_in_to_the_next_day():
    ascension = dt.date(2026, 5, 14)  # a Thursday
    planned = plan_dates(
        start=dt.date(2026, 5, 4),
        end=dt.date(2026, 5, 29),
        cadence_weeks=2,
        weekday=3,
        closed={ascension},
    )
    assert days(planned) == [dt.date(2026, 5, 15), dt.date(2026, 5, 28)]


def test_an_internship_shorter_than_the_cadence_gets_its_mid_check_in_alone():
    planned = plan_dates(
        start=MONDAY, end=MONDAY + dt.timedelta(days=11), cadence_weeks=3, weekday=3
    )
    assert len(planned) == 1 and planned[0].mid
    assert MONDAY <= planned[0].day <= MONDAY + dt.timedelta(days=11)


@pytest.mark.parametrize(
    ("cadence", "weekday", "problem"), [(0, 3, "cadence"), (2, 7, "weekday"), (2, -1, "weekday")]
)
def test_bad_plans_are_refused(cadence, weekday, problem):
    with pytest.raises(ValueError, match=problem):
        plan_dates(
            start=MONDAY, end=MONDAY + dt.timedelta(weeks=4), cadence_weeks=cadence, weekday=weekday
        )


@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
    length=st.integers(min_value=0, max_value=200),
    cadence=st.integers(min_value=1, max_value=8),
    weekday=st.integers(min_value=0, max_value=6),
)
def test_dates_are_within_the_internship_increasing_with_at_most_one_mid(
    start, length, cadence, weekday
):
    end = start + dt.timedelta(days=length)
    planned = plan_dates(start=start, end=end, cadence_weeks=cadence, weekday=weekday)
    found = days(planned)
    assert all(start <= day <= end for day in found)
    assert found == sorted(set(found))
    assert sum(p.mid for p in planned) <= 1
    # Never two check-ins in the same week.
    weeks = [day - dt.timedelta(days=day.weekday()) for day in found]
    assert len(weeks) == len(set(weeks))
    if length >= 7 * cadence:
        assert any(p.mid for p in planned)
