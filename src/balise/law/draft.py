"""The agreement draft the engine checks, and its strict parser.

`parse()` turns the JSON-ready dict of `balise check` into an `AgreementDraft`, or raises
`InputError` naming the first unusable field by its dotted path (`host.headcount`,
`objectives[0].title`). The rules then work on typed values only.

Parsing rules, beyond the spec's own:

- `null` for an optional field means "absent" (its default applies, and rules that need it are
  not checked). `null` for a required field is an error, as is a missing one.
- Numbers are JSON numbers: `true`/`false` are not numbers, an integer is accepted where a
  decimal is expected; NaN, infinities and magnitudes above a billion are refused. Hours and
  rates must not be negative. Counts (`headcount`, `interns_same_week`, `ongoing_internships`) are whole numbers, not
  negative; `12.0` is accepted as 12.
- Dates are strict ISO `YYYY-MM-DD` strings of a real calendar day.
- `level` is `"higher_education"` or `"secondary"`.
- `working_days` lists distinct day names: `mon` ... `sun` (full English names such as
  `monday` and any letter case are accepted). An empty list, an unknown name or a repeated day
  is an error: the daily hours are `weekly_hours / len(working_days)`, which such lists would
  make meaningless.
- `gratification` is `null` or an object; its `hourly_rate` may be absent, `null` or `0`,
  which all mean "no gratification".
- `objectives` is a list of objects; `title` is an optional string, `competencies` and
  `indicators` optional lists of strings (absent means none). `activities` is a list of
  strings. Blank strings do not count as a competency, indicator or activity.
- `previous_intern_on_post` is `null` or an object; an `end_date` before its `start_date` is an
  error (an internship cannot end before it starts).
- Unknown fields are ignored.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

LEVELS = ("higher_education", "secondary")

# Monday is 0, as in `date.weekday()`.
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS = {name: number for number, name in enumerate(DAY_NAMES)} | {
    name: number for number, name in enumerate(_FULL_DAY_NAMES)
}
DEFAULT_WORKING_DAYS = (0, 1, 2, 3, 4)

# No hour count, rate or headcount of a real agreement comes near; the bound keeps absurd
# figures from overflowing the float output.
MAX_NUMBER = 10**9

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MISSING = object()


class InputError(ValueError):
    """The draft cannot be checked: `field` (a dotted path) is missing, mistyped or impossible.

    `message` is in English and `message_fr` in French; `localized(lang)` picks one.
    """

    def __init__(self, field: str, message: str, message_fr: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
        self.message_fr = message_fr or message

    def localized(self, lang: str = "fr") -> str:
        message = self.message_fr if lang == "fr" else self.message
        if not self.field:
            return message
        separator = " : " if lang == "fr" else ": "
        return f"{self.field}{separator}{message}"


@dataclass(frozen=True)
class Program:
    name: str | None = None
    teaching_hours_per_year: Fraction | None = None
    in_person_hours_per_year: Fraction | None = None


@dataclass(frozen=True)
class Intern:
    name: str | None = None
    birth_date: dt.date | None = None


@dataclass(frozen=True)
class Host:
    name: str | None = None
    siret: str | None = None
    headcount: int | None = None
    interns_same_week: int = 0


@dataclass(frozen=True)
class Supervisor:
    """A tutor (host side) or a teaching referent (school side)."""

    name: str | None = None
    ongoing_internships: int | None = None


@dataclass(frozen=True)
class PreviousInternship:
    """The previous internship on the same post, for the waiting period of L124-11."""

    start_date: dt.date | None = None
    end_date: dt.date | None = None
    ended_early_by_intern: bool = False


@dataclass(frozen=True)
class Purpose:
    permanent_post: bool = False
    temporary_increase: bool = False
    seasonal_job: bool = False
    replaces_employee: bool = False
    dangerous_tasks: bool = False


@dataclass(frozen=True)
class Objective:
    title: str = ""
    competencies: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgreementDraft:
    """An internship agreement draft, typed. Hours and rates are exact `Fraction`s."""

    start_date: dt.date
    end_date: dt.date
    weekly_hours: Fraction
    objectives: tuple[Objective, ...]
    activities: tuple[str, ...]
    level: str = "higher_education"
    program: Program = field(default_factory=Program)
    intern: Intern = field(default_factory=Intern)
    host: Host = field(default_factory=Host)
    tutor: Supervisor = field(default_factory=Supervisor)
    referent: Supervisor = field(default_factory=Supervisor)
    # None: weekly_hours / len(working_days), see `daily_hours`.
    daily_hours_max: Fraction | None = None
    # Weekday numbers, Monday = 0.
    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    # None: computed from the calendar.
    presence_hours: Fraction | None = None
    night_work: bool = False
    sunday_work: bool = False
    public_holiday_work: bool = False
    # The rate declared, or None when the draft provides no gratification (`null`, `0`).
    hourly_rate: Fraction | None = None
    # True when `gratification` is an object (even with a zero rate), for precise findings.
    gratification_given: bool = False
    # None: the draft does not say.
    leave_provided: bool | None = None
    prior_hours_same_host_same_year: Fraction = Fraction(0)
    previous_intern_on_post: PreviousInternship | None = None
    purpose: Purpose = field(default_factory=Purpose)
    signed_on: dt.date | None = None

    @property
    def daily_hours(self) -> Fraction:
        """The daily hours the rules compare with the legal maximum."""
        if self.daily_hours_max is not None:
            return self.daily_hours_max
        return self.weekly_hours / len(self.working_days)


def parse(data: Any) -> AgreementDraft:
    """Validate a JSON-ready dict and return the typed draft, or raise `InputError`."""
    if not isinstance(data, Mapping):
        raise InputError("", "the input is not a JSON object", "l'entrée n'est pas un objet JSON")
    root = _Reader(data, "")

    # Required fields first, in the order of the spec, so the first problem reported is the
    # most fundamental one.
    start_date = root.date("start_date", required=True)
    end_date = root.date("end_date", required=True)
    weekly_hours = root.hours("weekly_hours", required=True)
    objectives = tuple(
        _objective(item) for item in root.list_of("objectives", _Reader.object_item, required=True)
    )
    activities = root.list_of("activities", _Reader.string_item, required=True)

    level = root.string("level")
    if level is not None and level not in LEVELS:
        raise InputError(
            "level",
            'must be "higher_education" or "secondary"',
            "doit valoir « higher_education » ou « secondary »",
        )

    previous = root.child("previous_intern_on_post")
    # The spec's rules table reads "`gratification` null or 0": a bare number 0 means
    # "none", like null; any other non-object value is unusable.
    raw_gratification = root.raw("gratification")
    if type(raw_gratification) in (int, float) and raw_gratification == 0:
        gratification = None
    else:
        gratification = root.child("gratification")

    return AgreementDraft(
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        objectives=objectives,
        activities=tuple(activity for activity in activities if activity.strip()),
        level=level or "higher_education",
        program=_program(root.child("program")),
        intern=_intern(root.child("intern")),
        host=_host(root.child("host")),
        tutor=_supervisor(root.child("tutor")),
        referent=_supervisor(root.child("referent")),
        daily_hours_max=root.hours("daily_hours_max"),
        working_days=_working_days(root),
        presence_hours=root.hours("presence_hours"),
        night_work=root.boolean("night_work") or False,
        sunday_work=root.boolean("sunday_work") or False,
        public_holiday_work=root.boolean("public_holiday_work") or False,
        # A zero rate means no gratification, as `null` does.
        hourly_rate=(gratification.rate("hourly_rate") or None)
        if gratification is not None
        else None,
        gratification_given=gratification is not None,
        leave_provided=root.boolean("leave_provided"),
        prior_hours_same_host_same_year=root.hours("prior_hours_same_host_same_year")
        or Fraction(0),
        previous_intern_on_post=_previous_internship(previous) if previous is not None else None,
        purpose=_purpose(root.child("purpose")),
        signed_on=root.date("signed_on"),
    )


def _program(reader: _Reader | None) -> Program:
    if reader is None:
        return Program()
    return Program(
        name=reader.string("name"),
        teaching_hours_per_year=reader.hours("teaching_hours_per_year"),
        in_person_hours_per_year=reader.hours("in_person_hours_per_year"),
    )


def _intern(reader: _Reader | None) -> Intern:
    if reader is None:
        return Intern()
    return Intern(name=reader.string("name"), birth_date=reader.date("birth_date"))


def _host(reader: _Reader | None) -> Host:
    if reader is None:
        return Host()
    return Host(
        name=reader.string("name"),
        siret=reader.string("siret"),
        headcount=reader.count("headcount"),
        interns_same_week=reader.count("interns_same_week") or 0,
    )


def _purpose(reader: _Reader | None) -> Purpose:
    if reader is None:
        return Purpose()
    return Purpose(
        permanent_post=reader.boolean("permanent_post") or False,
        temporary_increase=reader.boolean("temporary_increase") or False,
        seasonal_job=reader.boolean("seasonal_job") or False,
        replaces_employee=reader.boolean("replaces_employee") or False,
        dangerous_tasks=reader.boolean("dangerous_tasks") or False,
    )


def _previous_internship(reader: _Reader) -> PreviousInternship:
    previous = PreviousInternship(
        start_date=reader.date("start_date"),
        end_date=reader.date("end_date"),
        ended_early_by_intern=reader.boolean("ended_early_by_intern") or False,
    )
    if (
        previous.start_date is not None
        and previous.end_date is not None
        and previous.end_date < previous.start_date
    ):
        raise InputError(
            reader.path("end_date"),
            "the previous internship cannot end before it starts",
            "le stage précédent ne peut pas finir avant d'avoir commencé",
        )
    return previous


def _supervisor(reader: _Reader | None) -> Supervisor:
    if reader is None:
        return Supervisor()
    return Supervisor(
        name=reader.string("name"), ongoing_internships=reader.count("ongoing_internships")
    )


def _objective(reader: _Reader) -> Objective:
    return Objective(
        title=reader.string("title") or "",
        competencies=tuple(
            text
            for text in reader.list_of("competencies", _Reader.string_item) or ()
            if text.strip()
        ),
        indicators=tuple(
            text for text in reader.list_of("indicators", _Reader.string_item) or () if text.strip()
        ),
    )


def _working_days(root: _Reader) -> tuple[int, ...]:
    names = root.list_of("working_days", _Reader.string_item)
    if names is None:
        return DEFAULT_WORKING_DAYS
    if not names:
        raise InputError(
            "working_days",
            "must list at least one working day",
            "doit indiquer au moins un jour travaillé",
        )
    days: list[int] = []
    for index, name in enumerate(names):
        path = f"working_days[{index}]"
        number = _DAY_NUMBERS.get(name.strip().lower())
        if number is None:
            raise InputError(
                path,
                f"unknown day {name!r}; expected one of {', '.join(DAY_NAMES)}",
                f"jour inconnu « {name} » ; valeurs possibles : {', '.join(DAY_NAMES)}",
            )
        if number in days:
            raise InputError(
                path,
                f"day {name!r} is listed twice",
                f"le jour « {name} » figure deux fois",
            )
        days.append(number)
    return tuple(sorted(days))


class _Reader:
    """Reads typed values out of one JSON object, knowing its dotted path for errors."""

    def __init__(self, data: Mapping[str, Any], prefix: str) -> None:
        self.data = data
        self.prefix = prefix

    def path(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                if value is None:
                    raise InputError(
                        self.path(key), "required field is null", "champ obligatoire nul"
                    )
                raise InputError(
                    self.path(key), "required field is missing", "champ obligatoire manquant"
                )
            return None
        return value

    # -- scalars ---------------------------------------------------------------------------

    def string(self, key: str) -> str | None:
        value = self._get(key, required=False)
        if value is None:
            return None
        return _as_string(value, self.path(key))

    def boolean(self, key: str) -> bool | None:
        value = self._get(key, required=False)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise _wrong_type(self.path(key), "true or false", "true ou false", value)
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self._get(key, required)
        if value is None:
            return None
        return _as_date(value, self.path(key))

    def hours(self, key: str, *, required: bool = False) -> Fraction | None:
        """A non-negative number of hours."""
        return self._non_negative(key, required, "a number of hours", "un nombre d'heures")

    def rate(self, key: str) -> Fraction | None:
        """A non-negative amount of euros."""
        return self._non_negative(key, False, "a rate", "un taux")

    def count(self, key: str) -> int | None:
        """A non-negative whole number."""
        value = self._get(key, required=False)
        if value is None:
            return None
        number = _as_number(value, self.path(key))
        if number.denominator != 1:
            raise InputError(
                self.path(key),
                f"must be a whole number, not {value}",
                f"doit être un nombre entier, pas {value}",
            )
        if number < 0:
            raise InputError(
                self.path(key),
                f"must not be negative (got {value})",
                f"ne doit pas être négatif (reçu {value})",
            )
        return int(number)

    def _non_negative(self, key: str, required: bool, en: str, fr: str) -> Fraction | None:
        value = self._get(key, required)
        if value is None:
            return None
        number = _as_number(value, self.path(key))
        if number < 0:
            raise InputError(
                self.path(key),
                f"{en} must not be negative (got {value})",
                f"{fr} ne doit pas être négatif (reçu {value})",
            )
        return number

    # -- containers ------------------------------------------------------------------------

    def raw(self, key: str) -> Any:
        return self._get(key, required=False)

    def child(self, key: str) -> _Reader | None:
        value = self._get(key, required=False)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise _wrong_type(self.path(key), "an object", "un objet", value)
        return _Reader(value, self.path(key))

    def list_of(self, key: str, read_item: Any, *, required: bool = False) -> list[Any] | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, list):
            raise _wrong_type(self.path(key), "a list", "une liste", value)
        return [read_item(item, f"{self.path(key)}[{index}]") for index, item in enumerate(value)]

    @staticmethod
    def string_item(value: Any, path: str) -> str:
        if value is None:
            raise _wrong_type(path, "a string", "une chaîne de caractères", value)
        return _as_string(value, path)

    @staticmethod
    def object_item(value: Any, path: str) -> _Reader:
        if not isinstance(value, Mapping):
            raise _wrong_type(path, "an object", "un objet", value)
        return _Reader(value, path)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


_JSON_TYPES_FR = {
    "null": "null",
    "a boolean": "un booléen",
    "a number": "un nombre",
    "a string": "une chaîne de caractères",
    "a list": "une liste",
    "an object": "un objet",
}


def _wrong_type(path: str, expected_en: str, expected_fr: str, value: Any) -> InputError:
    got = _json_type(value)
    return InputError(
        path,
        f"must be {expected_en}, not {got}",
        f"doit être {expected_fr}, pas {_JSON_TYPES_FR.get(got, got)}",
    )


def _as_string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _wrong_type(path, "a string", "une chaîne de caractères", value)
    return value


def _as_number(value: Any, path: str) -> Fraction:
    # bool is a subclass of int in Python, but `true` is not a number in JSON.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type(path, "a number", "un nombre", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(path, "must be a finite number", "doit être un nombre fini")
    if abs(value) > MAX_NUMBER:
        raise InputError(
            path,
            f"{value} is too large to be a real figure",
            f"{value} est trop grand pour être un chiffre réel",
        )
    if isinstance(value, float):
        # The shortest decimal that round-trips: 4.35 is 435/100, not its binary neighbour.
        return Fraction(repr(value))
    return Fraction(value)


def _as_date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str):
        raise _wrong_type(path, "a date (YYYY-MM-DD)", "une date (AAAA-MM-JJ)", value)
    if not _ISO_DATE.fullmatch(value):
        raise InputError(
            path,
            f"{value!r} is not a date in the YYYY-MM-DD format",
            f"« {value} » n'est pas une date au format AAAA-MM-JJ",
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            path, f"{value} is not a real date", f"{value} n'est pas une date qui existe"
        ) from None
