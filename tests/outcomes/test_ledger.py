"""Gratification due against paid, month by month: the pure core."""

import datetime as dt
from decimal import Decimal

import pytest

from balise.outcomes import ledger
from balise.outcomes.ledger import MonthInput, MonthStatus


def month(year, number):
    return dt.date(year, number, 1)


def test_months_between_spans_every_calendar_month_inclusive():
    assert ledger.months_between(dt.date(2025, 11, 17), dt.date(2026, 2, 3)) == [
        month(2025, 11),
        month(2025, 12),
        month(2026, 1),
        month(2026, 2),
    ]
    assert ledger.months_between(dt.date(2025, 3, 31), dt.date(2025, 3, 31)) == [month(2025, 3)]


def test_minimum_due_is_hours_times_the_rate_of_the_month_year():
    book = ledger.ledger(
        [
            MonthInput(month(2025, 12), Decimal("140"), paid=Decimal("609.00")),
            MonthInput(month(2026, 1), Decimal("140"), paid=Decimal("630.00")),
        ],
        agreed_rate=None,
        required=True,
    )
    december, january = book.lines
    assert december.minimum_rate == Decimal("4.35") and december.minimum_due == Decimal("609.00")
    assert january.minimum_rate == Decimal("4.50") and january.minimum_due == Decimal("630.00")
    assert december.status == january.status == MonthStatus.PAID
    assert book.total_minimum_due == book.total_due == book.total_paid == Decimal("1239.00")
    assert not book.underpaid and not book.underpaid_months


def test_amounts_are_rounded_half_up_to_the_cent():
    (line,) = ledger.ledger(
        [MonthInput(month(2025, 6), Decimal("133.5"))], agreed_rate=None, required=True
    ).lines
    assert line.minimum_due == Decimal("580.73")  # 133.5 × 4.35 = 580.725


def test_the_agreed_rate_wins_when_higher_and_each_shortfall_is_told_apart():
    book = ledger.ledger(
        [
            MonthInput(month(2025, 5), Decimal("126"), paid=Decimal("500.00")),
            MonthInput(month(2025, 6), Decimal("133.5"), paid=Decimal("580.73")),
            MonthInput(month(2025, 7), Decimal("100"), paid=Decimal("500.00")),
        ],
        agreed_rate=Decimal("4.50"),
        required=True,
    )
    may, june, july = book.lines
    assert may.due == Decimal("567.00") and may.status == MonthStatus.BELOW_MINIMUM
    assert may.shortfall == Decimal("67.00")
    assert june.due == Decimal("600.75") and june.status == MonthStatus.BELOW_AGREEMENT
    assert july.status == MonthStatus.PAID and july.balance == Decimal("50.00")
    assert book.underpaid_months == (month(2025, 5), month(2025, 6))
    assert book.total_due == Decimal("1617.75") and book.shortfall == Decimal("37.02")
    assert book.below_minimum is False  # overpaid July makes up the legal minimum overall
    assert book.underpaid is True


def test_no_gratification_required_leaves_only_the_agreed_rate():
    lines = ledger.ledger(
        [MonthInput(month(2025, 5), Decimal("100"))], agreed_rate=None, required=False
    ).lines
    assert lines[0].due == Decimal("0.00") and lines[0].status == MonthStatus.NOTHING_DUE
    lines = ledger.ledger(
        [MonthInput(month(2025, 5), Decimal("100"))], agreed_rate=Decimal("3"), required=False
    ).lines
    assert lines[0].minimum_due == Decimal("0.00") and lines[0].due == Decimal("300.00")
    assert lines[0].status == MonthStatus.BELOW_AGREEMENT


def test_a_month_without_presence_is_not_recorded_and_owes_nothing():
    (line,) = ledger.ledger(
        [MonthInput(month(2025, 5), None, paid=Decimal("100"))], agreed_rate=None, required=True
    ).lines
    assert not line.recorded and line.status == MonthStatus.NOT_RECORDED
    assert line.due == Decimal("0.00") and line.paid == Decimal("100")


def test_a_year_missing_from_the_rate_table_takes_the_nearest_and_says_so():
    (line,) = ledger.ledger(
        [MonthInput(month(2031, 1), Decimal("10"))], agreed_rate=None, required=True
    ).lines
    assert line.rate_estimated and line.rate_year == 2026


@pytest.mark.parametrize(
    ("planned", "recorded", "prior", "interrupted", "required"),
    [
        ("308", "0", "0", False, False),  # exactly two months: not more than two
        ("308.5", "0", "0", False, True),
        ("200", "320", "0", False, True),  # more was recorded than planned
        ("200", "0", "110", False, True),  # earlier internship at the host this year
        ("600", "250", "0", True, False),  # interrupted: what was recorded counts
    ],
)
def test_gratification_is_required_above_two_months(
    planned, recorded, prior, interrupted, required
):
    assert (
        ledger.gratification_required(
            planned_hours=Decimal(planned),
            recorded_hours=Decimal(recorded),
            prior_hours=Decimal(prior),
            interrupted=interrupted,
        )
        is required
    )


def test_planned_presence_counts_working_days_without_public_holidays():
    # 1-31 May 2025, Monday to Friday, 35 hours: 22 weekdays, 1 and 8 May and Ascension
    # Day (29 May) are holidays: 19 days of 7 hours.
    hours = ledger.planned_presence_hours(
        dt.date(2025, 5, 1),
        dt.date(2025, 5, 31),
        Decimal("35"),
        ["mon", "tue", "wed", "thu", "fri"],
        public_holiday_work=False,
    )
    assert hours == Decimal("133.00")
    assert ledger.planned_presence_hours(
        dt.date(2025, 5, 1), dt.date(2025, 5, 31), Decimal("35"), [], public_holiday_work=False
    ) == Decimal("0.00")
