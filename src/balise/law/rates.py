"""Legal figures of French internship law, in one place.

Every figure the engine compares against lives here, named and tied to its article, so that a
change of law is a one-line edit. Articles are those of the Code de l'éducation unless the
Code du travail is named.
"""

from __future__ import annotations

from decimal import Decimal

# Minimum hourly gratification per calendar year, in euros: 15 % of the hourly social security
# ceiling (D124-8). Add a line each January when the ceiling is published; a year missing from
# this table is priced at the nearest known year's rate, with a warning.
MINIMUM_HOURLY_RATES: dict[int, Decimal] = {
    2024: Decimal("4.35"),
    2025: Decimal("4.35"),
    2026: Decimal("4.50"),
}

# D124-6: seven hours of presence, consecutive or not, count as one day; 22 days as one month.
HOURS_PER_DAY = 7
DAYS_PER_MONTH = 22

# L124-6: a gratification is due when the presence exceeds two months (44 days of 7 hours).
GRATIFICATION_THRESHOLD_HOURS = 2 * DAYS_PER_MONTH * HOURS_PER_DAY  # 308

# L124-5: at most six months (132 days of 7 hours) per intern and host per teaching year.
MAX_PRESENCE_HOURS = 6 * DAYS_PER_MONTH * HOURS_PER_DAY  # 924

# Code du travail L3121-18 and L3121-20: at most 10 hours a day and 48 hours a week (L124-14
# applies them to interns).
MAX_DAILY_HOURS = 10
MAX_WEEKLY_HOURS = 48

# Code du travail L3162-1: under 18, at most 8 hours a day and 35 hours a week; L3163-2 forbids
# night work.
MINOR_AGE = 18
MINOR_MAX_DAILY_HOURS = 8
MINOR_MAX_WEEKLY_HOURS = 35

# R124-13: a tutor supervises at most three interns at once.
TUTOR_MAX_INTERNS = 3

# D124-3: a teaching referent follows at most 24 interns at once in higher education; 16 is the
# limit for secondary education.
REFERENT_MAX_INTERNS_HIGHER_EDUCATION = 24
REFERENT_MAX_INTERNS_SECONDARY = 16

# R124-10: interns present during the same calendar week: three when the headcount is below
# twenty, otherwise 15 % of the headcount rounded up.
QUOTA_SMALL_HOST_HEADCOUNT = 20
QUOTA_SMALL_HOST_INTERNS = 3
QUOTA_PERCENT = 15

# L124-11: before taking a new intern on the same post, wait a third of the previous
# internship's length (unless the previous intern ended it early).
WAITING_PERIOD_DIVISOR = 3

# D124-2: the programme provides at least 200 hours of teaching per teaching year, 50 of them in
# person in higher education.
MIN_TEACHING_HOURS_PER_YEAR = 200
MIN_IN_PERSON_HOURS_PER_YEAR = 50


def minimum_hourly_rate(year: int) -> tuple[Decimal, int]:
    """Return the minimum hourly rate for `year` and the year of the table it comes from.

    A year missing from the table takes the rate of the nearest known year (the later one when
    two are equally near); the caller tells the two cases apart by comparing the years.
    """
    if year in MINIMUM_HOURLY_RATES:
        return MINIMUM_HOURLY_RATES[year], year
    source = min(MINIMUM_HOURLY_RATES, key=lambda known: (abs(known - year), -known))
    return MINIMUM_HOURLY_RATES[source], source
