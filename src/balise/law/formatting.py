"""Numbers, amounts and dates written the French or the English way.

French: `4,50 €`, `1 232 heures`, `1er mars 2026`. English: `€4.50`, `1,232 hours`,
`1 March 2026`. The French thousands separator is a no-break space, so that a figure never
breaks across lines.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

NBSP = "\u00a0"

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def to_decimal(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round half up to `places` decimals, exactly (no binary float, no context precision)."""
    scaled = Fraction(value) * 10**places
    digits = math.floor(abs(scaled) + Fraction(1, 2))
    return Decimal(f"{'-' if scaled < 0 else ''}{digits}E-{places}")


def number(value: Fraction | Decimal | int, lang: str, *, places: int | None = None) -> str:
    """A number with its locale's separators.

    With `places=None`, up to two decimals and no trailing zeros (`924`, `10,5`); with
    `places=2`, always two decimals (`4,00`).
    """
    rounded = to_decimal(value, 2 if places is None else places)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if places is None:
        fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}"
    if lang == "fr":
        grouped = grouped.replace(",", NBSP)
        return sign + grouped + ("," + fraction if fraction else "")
    return sign + grouped + ("." + fraction if fraction else "")


def euros(value: Fraction | Decimal | int, lang: str) -> str:
    """An amount in euros: `4,50 €` in French, `€4.50` in English."""
    if lang == "fr":
        return f"{number(value, lang, places=2)} €"
    return f"€{number(value, lang, places=2)}"


def hours(value: Fraction | Decimal | int, lang: str) -> str:
    """A duration in hours: `924 heures`, `1 heure`, `7,5 heures`; `924 hours`, `1 hour`."""
    text = number(value, lang)
    if lang == "fr":
        # French takes the singular below 2.
        return f"{text} heure" if abs(to_decimal(value)) < 2 else f"{text} heures"
    return f"{text} hour" if to_decimal(value) == 1 else f"{text} hours"


def plural(count: int, singular: str, plural_form: str, lang: str) -> str:
    """`1 stagiaire`, `0 stagiaire`, `3 stagiaires` (French singular below 2)."""
    one = abs(count) < 2 if lang == "fr" else count == 1
    return f"{number(count, lang)} {singular if one else plural_form}"


def date(value: dt.date | tuple[int, int, int], lang: str) -> str:
    """`1er mars 2026` / `1 March 2026`; also takes a `(year, month, day)` tuple."""
    year, month, day = (value.year, value.month, value.day) if isinstance(value, dt.date) else value
    if lang == "fr":
        return f"{'1er' if day == 1 else day} {MONTHS_FR[month - 1]} {year}"
    return f"{day} {MONTHS_EN[month - 1]} {year}"


def join(items: list[str], lang: str) -> str:
    """`a, b et c` / `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    conjunction = " et " if lang == "fr" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]
