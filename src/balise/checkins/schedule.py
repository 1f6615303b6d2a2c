"""The dates of a check-in plan. Pure: dates in, dates out.

    first_monday = the Monday of the week the internship starts
    check-in k   = first_monday + (k × cadence − 1) weeks + weekday      (k = 1, 2, ...)

so the first check-in closes the first cadence period (every two weeks: on the chosen day of
the second week), then one every `cadence` weeks while it falls within the internship. A date
on a public holiday moves to the next day that is not one (and stays within the internship,
or is dropped).

The mid-internship check-in (with the referent) is the planned date nearest to the middle of
the internship (the earlier one on a tie), provided it lies within half a cadence of it; when
the internship is shorter than one cadence, it is the chosen weekday of the middle week.
Making one of the regular dates the mid-internship one, rather than adding another, keeps the
rhythm: no week gets two meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedDate:
    day: dt.date
    mid: bool = False


def _off_holidays(day: dt.date, closed: Container[dt.date], end: dt.date) -> dt.date | None:
    while day in closed:
        day += dt.timedelta(days=1)
    return day if day <= end else None


def plan_dates(
    *,
    start: dt.date,
    end: dt.date,
    cadence_weeks: int,
    weekday: int,
    closed: Container[dt.date] = frozenset(),
) -> list[PlannedDate]:
    """Every check-in date of the internship [start, end], the mid-internship one marked."""
    if cadence_weeks < 1:
        raise ValueError("cadence_weeks must be at least 1")
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be from 0 (Monday) to 6 (Sunday)")
    if end < start:
        raise ValueError("the internship ends before it starts")
    first_monday = start - dt.timedelta(days=start.weekday())
    days: list[dt.date] = []
    k = 1
    while True:
        day = first_monday + dt.timedelta(weeks=k * cadence_weeks - 1, days=weekday)
        if day > end:
            break
        moved = _off_holidays(day, closed, end) if day >= start else None
        if moved is not None and (not days or moved > days[-1]):
            days.append(moved)
        k += 1

    middle = start + (end - start) / 2
    if days:
        nearest = min(days, key=lambda day: (abs((day - middle).days), day))
        mid = nearest if abs((nearest - middle).days) * 2 <= cadence_weeks * 7 else None
    else:
        mid = middle - dt.timedelta(days=middle.weekday()) + dt.timedelta(days=weekday)
        mid = mid if start <= mid <= end else middle
        mid = _off_holidays(mid, closed, end)
        if mid is not None:
            days.append(mid)
    return [PlannedDate(day=day, mid=day == mid) for day in days]
