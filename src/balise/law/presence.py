"""Calendar arithmetic: presence hours, public holidays, the intern's age.

Everything here is exact (`Fraction`, date ordinals) and works for any date the parser accepts,
from year 1 to 9999, without building `date` objects that could overflow.
"""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction
from functools import lru_cache

import holidays
from dateutil.easter import easter  # a dependency of `holidays`

from balise.law.rates import MINOR_AGE

# The eleven public holidays of metropolitan France (Code du travail L3133-1): fixed days, and
# Easter Monday, Ascension Day and Whit Monday counted from Easter Sunday. `holidays.France` may
# list other days in some versions or subdivisions; only these are kept.
_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)})
_EASTER_OFFSETS = frozenset({1, 39, 50})  # Easter Monday, Ascension Day, Whit Monday


def _is_metropolitan_holiday(day: dt.date) -> bool:
    if (day.month, day.day) in _FIXED_HOLIDAYS:
        return True
    return (day - easter(day.year)).days in _EASTER_OFFSETS


@lru_cache(maxsize=64)
def public_holidays(first_year: int, last_year: int) -> tuple[dt.date, ...]:
    """The public holidays of metropolitan France from `first_year` to `last_year`, sorted.

    They come from the `holidays` package, which knows the years 1803 to 2100; outside those
    years it lists none, and neither does this function.
    """
    listed = holidays.France(years=range(first_year, last_year + 1))
    return tuple(sorted(day for day in listed if _is_metropolitan_holiday(day)))


def count_weekdays(start: dt.date, end: dt.date, weekdays: tuple[int, ...]) -> int:
    """How many days from `start` to `end` inclusive fall on one of `weekdays` (Monday = 0)."""
    if end < start:
        return 0
    total_days = end.toordinal() - start.toordinal() + 1
    full_weeks, remainder = divmod(total_days, 7)
    first = start.weekday()
    tail = sum(1 for offset in range(remainder) if (first + offset) % 7 in weekdays)
    return full_weeks * len(weekdays) + tail


def working_days_in_range(
    start: dt.date, end: dt.date, weekdays: tuple[int, ...], *, skip_public_holidays: bool
) -> int:
    """The days of presence between `start` and `end` inclusive."""
    if end < start:
        return 0
    days = count_weekdays(start, end, weekdays)
    if skip_public_holidays:
        days -= sum(
            1
            for holiday in public_holidays(start.year, end.year)
            if start <= holiday <= end and holiday.weekday() in weekdays
        )
    return days


def computed_presence_hours(
    start: dt.date,
    end: dt.date,
    weekly_hours: Fraction,
    weekdays: tuple[int, ...],
    *,
    public_holiday_work: bool,
) -> Fraction:
    """Working days in the range, public holidays removed unless worked, times daily hours."""
    days = working_days_in_range(start, end, weekdays, skip_public_holidays=not public_holiday_work)
    return days * weekly_hours / len(weekdays)


def birthday_key(birth: dt.date, age: int) -> tuple[int, int, int]:
    """The (year, month, day) of the `age`-th birthday; 29 February becomes 1 March.

    A tuple rather than a `date`, so that a birthday after year 9999 compares without error.
    """
    year = birth.year + age
    if (birth.month, birth.day) == (2, 29) and not calendar.isleap(year):
        return (year, 3, 1)
    return (year, birth.month, birth.day)


def is_minor_on(birth: dt.date, day: dt.date) -> bool:
    """True when the 18th birthday falls after `day`."""
    return birthday_key(birth, MINOR_AGE) > (day.year, day.month, day.day)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years on `day` (negative when `day` precedes the birth)."""
    age = day.year - birth.year
    if birthday_key(birth, age) > (day.year, day.month, day.day):
        age -= 1
    return age
