"""The input of an analysis, checked: typed dataclasses, or an `InputError` naming the field."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class InputError(ValueError):
    """The input cannot be analysed; `field` is the dotted path of the culprit.

    `field` is empty when the whole document is at fault (not JSON, not an object). The message
    is English; `localized("fr")` gives the French one when it was provided.
    """

    def __init__(self, field: str, message: str, message_fr: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
        self.message_fr = message_fr or message

    def localized(self, lang: str = "fr") -> str:
        message = self.message_fr if lang == "fr" else self.message
        return f"{self.field}: {message}" if self.field else message


@dataclass(frozen=True)
class Competency:
    id: str
    label: str


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    description: str
    indicators: tuple[str, ...]
    competencies: tuple[str, ...]


@dataclass(frozen=True)
class Activity:
    id: str
    date: dt.date
    hours: float
    text: str


@dataclass(frozen=True)
class Internship:
    program_name: str
    competencies: tuple[Competency, ...]
    objectives: tuple[Objective, ...]
    activities: tuple[Activity, ...]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_internship(data: Any) -> Internship:
    """The whole input document of `balise align`."""
    if not isinstance(data, Mapping):
        raise InputError("", "the input is not a JSON object", "l'entrée n'est pas un objet JSON")
    program = _require(data, "program", Mapping, "")
    name = program.get("name", "")
    if name is None:
        name = ""
    if not isinstance(name, str):
        raise _type_error("program.name", "a string", "une chaîne")
    competencies = parse_competencies(_require(program, "competencies", list, "program"))
    objectives = parse_objectives(_require(data, "objectives", list, ""), competencies)
    activities = parse_activities(_require(data, "activities", list, ""))
    return Internship(name, competencies, objectives, activities)


def parse_competencies(items: Any, path: str = "program.competencies") -> tuple[Competency, ...]:
    items = _sequence(items, path)
    seen: set[str] = set()
    result = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        item = _mapping(item, where)
        ident = _identifier(item, where, seen)
        label = _string(item, "label", where)
        result.append(Competency(ident, label))
    return tuple(result)


def parse_objectives(
    items: Any, competencies: Sequence[Competency], path: str = "objectives"
) -> tuple[Objective, ...]:
    items = _sequence(items, path)
    known = {competency.id for competency in competencies}
    seen: set[str] = set()
    result = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        item = _mapping(item, where)
        ident = _identifier(item, where, seen)
        if ident in ("program", "unrelated"):
            raise InputError(
                f"{where}.id",
                f"{ident!r} is reserved for the labels",
                f"« {ident} » est réservé aux libellés",
            )
        title = _string(item, "title", where)
        description = _optional_string(item, "description", where)
        indicators = _string_list(item, "indicators", where)
        linked = _string_list(item, "competencies", where)
        for position, competency in enumerate(linked):
            if competency not in known:
                raise InputError(
                    f"{where}.competencies[{position}]",
                    f"unknown competency {competency!r}",
                    f"compétence inconnue « {competency} »",
                )
        result.append(Objective(ident, title, description, indicators, linked))
    return tuple(result)


def parse_activities(items: Any, path: str = "activities") -> tuple[Activity, ...]:
    items = _sequence(items, path)
    seen: set[str] = set()
    result = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        item = _mapping(item, where)
        ident = _identifier(item, where, seen)
        date = _date(item, where)
        hours = _hours(item, where)
        text = _string(item, "text", where)
        result.append(Activity(ident, date, hours, text))
    return tuple(result)


# -- helpers ------------------------------------------------------------------------------------


def _require(container: Mapping[str, Any], key: str, kind: type, parent: str) -> Any:
    where = f"{parent}.{key}" if parent else key
    if key not in container:
        raise InputError(where, "is required", "est obligatoire")
    value = container[key]
    if kind is Mapping:
        return _mapping(value, where)
    if kind is list:
        return _sequence(value, where)
    return value


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _type_error(where, "an object", "un objet")
    return value


def _sequence(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise _type_error(where, "a list", "une liste")
    return list(value)


def _identifier(item: Mapping[str, Any], where: str, seen: set[str]) -> str:
    if "id" not in item:
        raise InputError(f"{where}.id", "is required", "est obligatoire")
    ident = item["id"]
    if not isinstance(ident, str):
        raise _type_error(f"{where}.id", "a string", "une chaîne")
    if not ident.strip():
        raise InputError(f"{where}.id", "is empty", "est vide")
    if ident in seen:
        raise InputError(
            f"{where}.id", f"duplicate id {ident!r}", f"identifiant « {ident} » en double"
        )
    seen.add(ident)
    return ident


def _string(item: Mapping[str, Any], key: str, where: str) -> str:
    if key not in item:
        raise InputError(f"{where}.{key}", "is required", "est obligatoire")
    value = item[key]
    if not isinstance(value, str):
        raise _type_error(f"{where}.{key}", "a string", "une chaîne")
    return value


def _optional_string(item: Mapping[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _type_error(f"{where}.{key}", "a string", "une chaîne")
    return value


def _string_list(item: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise _type_error(f"{where}.{key}", "a list of strings", "une liste de chaînes")
    for position, element in enumerate(value):
        if not isinstance(element, str):
            raise _type_error(f"{where}.{key}[{position}]", "a string", "une chaîne")
    return tuple(value)


def _date(item: Mapping[str, Any], where: str) -> dt.date:
    field = f"{where}.date"
    if "date" not in item:
        raise InputError(field, "is required", "est obligatoire")
    value = item["date"]
    if not isinstance(value, str):
        raise _type_error(field, "a date YYYY-MM-DD", "une date AAAA-MM-JJ")
    if not _DATE.match(value):
        raise InputError(
            field,
            f"{value!r} is not a date YYYY-MM-DD",
            f"« {value} » n'est pas une date AAAA-MM-JJ",
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            field, f"{value} is not a day of the calendar", f"le {value} n'existe pas"
        ) from None


def _hours(item: Mapping[str, Any], where: str) -> float:
    field = f"{where}.hours"
    if "hours" not in item:
        raise InputError(field, "is required", "est obligatoire")
    value = item["hours"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _type_error(field, "a number", "un nombre")
    hours = float(value)
    if not math.isfinite(hours):
        raise InputError(field, "is not a finite number", "n'est pas un nombre fini")
    if hours < 0:
        raise InputError(
            field,
            f"negative hours ({_number(hours)})",
            f"nombre d'heures négatif ({_number(hours)})",
        )
    if hours > 24:
        raise InputError(
            field,
            f"{_number(hours)} hours in one day is impossible",
            f"{_number(hours)} heures en une journée, c'est impossible",
        )
    return hours


def _number(value: float) -> str:
    return f"{value:g}"


def _type_error(where: str, expected_en: str, expected_fr: str) -> InputError:
    return InputError(where, f"must be {expected_en}", f"doit être {expected_fr}")
