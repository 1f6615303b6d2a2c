"""Gratification due against gratification paid, month by month. Pure: no Django here.

For each month of the internship:

    minimum due = hours of effective presence × the legal minimum hourly rate of that year
                  (D124-8; `balise.law.rates`), when a gratification is due at all (L124-6)
    agreed due  = hours × the hourly rate written in the agreement, if any
    due         = the larger of the two
    balance     = paid − due

A gratification is due, from the first day, when the presence at the host over the
teaching year exceeds two months (308 hours, `GRATIFICATION_THRESHOLD_HOURS`): the presence
planned by the agreement, or the presence recorded if it is larger; for an interrupted
internship, the presence recorded only (it ended before what was planned). Without one, a
rate written in the agreement is still owed ("agreed due").

The law lets the host smooth the gratification over the months (the same amount each
month): a month paid below its due is flagged, but what decides is the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from balise.law.formatting import to_decimal
from balise.law.presence import computed_presence_hours
from balise.law.rates import GRATIFICATION_THRESHOLD_HOURS, minimum_hourly_rate

ZERO = Decimal("0.00")
WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


class MonthStatus(StrEnum):
    NOT_RECORDED = "not_recorded"  # no presence recorded for the month
    NOTHING_DUE = "nothing_due"
    PAID = "paid"  # paid at least what is due
    BELOW_AGREEMENT = "below_agreement"  # at least the legal minimum, below the agreed rate
    BELOW_MINIMUM = "below_minimum"  # below the legal minimum


@dataclass(frozen=True)
class MonthInput:
    month: dt.date  # first day of the month
    hours: Decimal | None  # None: not recorded
    absence_days: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass(frozen=True)
class MonthLine:
    month: dt.date
    recorded: bool
    hours: Decimal
    absence_days: Decimal
    minimum_rate: Decimal
    rate_year: int  # the year of the rate table used; differs from the month's when unknown
    minimum_due: Decimal
    agreed_due: Decimal
    due: Decimal
    paid: Decimal
    status: MonthStatus

    @property
    def balance(self) -> Decimal:
        return self.paid - self.due

    @property
    def shortfall(self) -> Decimal:
        return max(self.due - self.paid, ZERO)

    @property
    def rate_estimated(self) -> bool:
        return self.rate_year != self.month.year

    @property
    def underpaid(self) -> bool:
        return self.status in (MonthStatus.BELOW_AGREEMENT, MonthStatus.BELOW_MINIMUM)


@dataclass(frozen=True)
class Ledger:
    lines: tuple[MonthLine, ...]
    gratification_required: bool
    agreed_rate: Decimal | None
    total_hours: Decimal = ZERO
    total_absence_days: Decimal = ZERO
    total_minimum_due: Decimal = ZERO
    total_due: Decimal = ZERO
    total_paid: Decimal = ZERO
    underpaid_months: tuple[dt.date, ...] = field(default=())

    @property
    def balance(self) -> Decimal:
        return self.total_paid - self.total_due

    @property
    def shortfall(self) -> Decimal:
        return max(self.total_due - self.total_paid, ZERO)

    @property
    def minimum_shortfall(self) -> Decimal:
        """What is missing to reach the legal minimum."""
        return max(self.total_minimum_due - self.total_paid, ZERO)

    @property
    def below_minimum(self) -> bool:
        """The total paid is below the legal minimum for the presence recorded."""
        return self.total_paid < self.total_minimum_due

    @property
    def underpaid(self) -> bool:
        return self.total_paid < self.total_due

    @property
    def recorded_months(self) -> int:
        return sum(1 for line in self.lines if line.recorded)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of every month from `start`'s to `end`'s, inclusive."""
    months, current = [], first_of_month(start)
    while current <= end:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def planned_presence_hours(
    start: dt.date,
    end: dt.date,
    weekly_hours: Decimal,
    working_days: Iterable[str],
    *,
    public_holiday_work: bool,
) -> Decimal:
    """The presence the agreement plans, counted as the law engine counts it."""
    weekdays = tuple(
        sorted({WEEKDAY_NUMBERS[day] for day in working_days if day in WEEKDAY_NUMBERS})
    )
    if not weekdays:
        return ZERO
    hours = computed_presence_hours(
        start, end, Fraction(weekly_hours), weekdays, public_holiday_work=public_holiday_work
    )
    return to_decimal(hours)


def gratification_required(
    *, planned_hours: Decimal, recorded_hours: Decimal, prior_hours: Decimal, interrupted: bool
) -> bool:
    """L124-6: more than two months of presence at the host over the teaching year."""
    presence = recorded_hours if interrupted else max(planned_hours, recorded_hours)
    return presence + prior_hours > GRATIFICATION_THRESHOLD_HOURS


def _status(*, recorded: bool, due: Decimal, minimum: Decimal, paid: Decimal) -> MonthStatus:
    if not recorded:
        return MonthStatus.NOT_RECORDED
    if due == ZERO:
        return MonthStatus.NOTHING_DUE
    if paid >= due:
        return MonthStatus.PAID
    if paid >= minimum:
        return MonthStatus.BELOW_AGREEMENT
    return MonthStatus.BELOW_MINIMUM


def ledger(months: Iterable[MonthInput], *, agreed_rate: Decimal | None, required: bool) -> Ledger:
    """Due against paid for each month given (sorted by month), and the totals."""
    agreed = agreed_rate if agreed_rate and agreed_rate > 0 else None
    lines = []
    for item in sorted(months, key=lambda m: m.month):
        hours = item.hours if item.hours is not None else ZERO
        rate, rate_year = minimum_hourly_rate(item.month.year)
        minimum = to_decimal(hours * rate) if required else ZERO
        agreed_due = to_decimal(hours * agreed) if agreed else ZERO
        due = max(minimum, agreed_due)
        recorded = item.hours is not None
        lines.append(
            MonthLine(
                month=item.month,
                recorded=recorded,
                hours=hours,
                absence_days=item.absence_days,
                minimum_rate=rate,
                rate_year=rate_year,
                minimum_due=minimum,
                agreed_due=agreed_due,
                due=due,
                paid=item.paid,
                status=_status(recorded=recorded, due=due, minimum=minimum, paid=item.paid),
            )
        )
    return Ledger(
        lines=tuple(lines),
        gratification_required=required,
        agreed_rate=agreed,
        total_hours=sum((line.hours for line in lines), ZERO),
        total_absence_days=sum((line.absence_days for line in lines), Decimal("0")),
        total_minimum_due=sum((line.minimum_due for line in lines), ZERO),
        total_due=sum((line.due for line in lines), ZERO),
        total_paid=sum((line.paid for line in lines), ZERO),
        underpaid_months=tuple(line.month for line in lines if line.underpaid),
    )
