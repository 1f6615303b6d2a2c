"""The table of minimum rates and the legal constants."""

from __future__ import annotations

from decimal import Decimal

from balise.law import check, rates
from tests.law.helpers import codes


def test_legal_thresholds():
    assert rates.GRATIFICATION_THRESHOLD_HOURS == 44 * 7 == 308
    assert rates.MAX_PRESENCE_HOURS == 132 * 7 == 924


def test_known_years():
    assert rates.minimum_hourly_rate(2024) == (Decimal("4.35"), 2024)
    assert rates.minimum_hourly_rate(2025) == (Decimal("4.35"), 2025)
    assert rates.minimum_hourly_rate(2026) == (Decimal("4.50"), 2026)


def test_unknown_years_take_the_nearest_known_rate():
    assert rates.minimum_hourly_rate(2027) == (Decimal("4.50"), 2026)
    assert rates.minimum_hourly_rate(2040) == (Decimal("4.50"), 2026)
    assert rates.minimum_hourly_rate(2023) == (Decimal("4.35"), 2024)
    assert rates.minimum_hourly_rate(1990) == (Decimal("4.35"), 2024)


def test_a_gap_in_the_table_takes_the_later_year_on_a_tie(monkeypatch):
    monkeypatch.delitem(rates.MINIMUM_HOURLY_RATES, 2025)

    assert rates.minimum_hourly_rate(2025) == (Decimal("4.50"), 2026)


def test_adding_a_year_to_the_table_is_enough(draft, monkeypatch):
    draft.update(start_date="2027-02-01", end_date="2027-06-30", signed_on=None)
    assert codes(check(draft)) == ["gratification.rate_unknown_year"]

    monkeypatch.setitem(rates.MINIMUM_HOURLY_RATES, 2027, Decimal("4.62"))

    report = check(draft)
    assert codes(report) == ["gratification.below_minimum"]
    assert report.computed.minimum_hourly_rate == Decimal("4.62")
    assert report.findings[0].message() == (
        "La gratification horaire (4,50 €) est inférieure au minimum légal de 4,62 € en 2027."
    )
