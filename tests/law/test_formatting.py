"""Figures written the French and the English way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from balise.law import formatting as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (924, "924", "924"),
        (Fraction(21, 2), "10,5", "10.5"),
        (Fraction(35, 3), "11,67", "11.67"),
        (Decimal("4.50"), "4,5", "4.5"),
        (1232, f"1{NBSP}232", "1,232"),
        (Fraction(1234567891, 1000), f"1{NBSP}234{NBSP}567,89", "1,234,567.89"),
        (0, "0", "0"),
        (Fraction(-5, 2), "-2,5", "-2.5"),
    ],
)
def test_number(value, fr, en):
    assert fmt.number(value, "fr") == fr
    assert fmt.number(value, "en") == en


def test_rounding_is_half_up_and_exact():
    # 2.675 is below 2.675 as a binary float; as the decimal it is written as, it rounds up.
    assert fmt.to_decimal(Fraction("2.675")) == Decimal("2.68")
    assert fmt.to_decimal(Fraction("0.125")) == Decimal("0.13")
    assert fmt.to_decimal(Fraction("-0.125")) == Decimal("-0.13")
    assert fmt.to_decimal(Fraction(10**30, 3)) == Decimal("333333333333333333333333333333.33")


def test_euros():
    assert fmt.euros(4, "fr") == "4,00 €"
    assert fmt.euros(Decimal("4.5"), "fr") == "4,50 €"
    assert fmt.euros(3024, "fr") == f"3{NBSP}024,00 €"
    assert fmt.euros(Decimal("4.5"), "en") == "€4.50"


def test_hours_agree_in_number():
    assert fmt.hours(924, "fr") == "924 heures"
    assert fmt.hours(1, "fr") == "1 heure"
    assert fmt.hours(Fraction(3, 2), "fr") == "1,5 heure"
    assert fmt.hours(2, "fr") == "2 heures"
    assert fmt.hours(1, "en") == "1 hour"
    assert fmt.hours(Fraction(3, 2), "en") == "1.5 hours"


def test_dates():
    assert fmt.date(dt.date(2026, 3, 1), "fr") == "1er mars 2026"
    assert fmt.date(dt.date(2026, 8, 15), "fr") == "15 août 2026"
    assert fmt.date(dt.date(2026, 3, 1), "en") == "1 March 2026"
    assert fmt.date((10008, 3, 1), "fr") == "1er mars 10008"


def test_join():
    assert fmt.join(["a"], "fr") == "a"
    assert fmt.join(["a", "b"], "fr") == "a et b"
    assert fmt.join(["a", "b", "c"], "en") == "a, b and c"
