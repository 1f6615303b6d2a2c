"""Unusable input raises `InputError` naming the field, never anything else."""

from __future__ import annotations

import copy

import pytest

from balise.alignment import InputError, analyse
from tests.alignment.helpers import activity, internship

VALID = internship([activity("a1", "2026-03-02", "Développement des routes de l'API")])


def _broken(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_delete(["program"]), "program"),
        (_delete(["objectives"]), "objectives"),
        (_delete(["activities"]), "activities"),
        (_delete(["program", "competencies"]), "program.competencies"),
        (_set(["program"], []), "program"),
        (_set(["program", "name"], 3), "program.name"),
        (_set(["program", "competencies", 0, "label"], None), "program.competencies[0].label"),
        (_set(["program", "competencies", 1, "id"], "c1"), "program.competencies[1].id"),
        (_set(["objectives"], {}), "objectives"),
        (_delete(["objectives", 1, "title"]), "objectives[1].title"),
        (_set(["objectives", 0, "indicators"], "fast"), "objectives[0].indicators"),
        (_set(["objectives", 0, "indicators"], ["ok", 3]), "objectives[0].indicators[1]"),
        (_set(["objectives", 1, "competencies"], ["c9"]), "objectives[1].competencies[0]"),
        (_set(["objectives", 1, "id"], "o1"), "objectives[1].id"),
        (_set(["objectives", 0, "id"], "unrelated"), "objectives[0].id"),
        (_set(["objectives", 0, "description"], ["x"]), "objectives[0].description"),
        (_set(["activities", 0], "x"), "activities[0]"),
        (_delete(["activities", 0, "id"]), "activities[0].id"),
        (_set(["activities", 0, "id"], 7), "activities[0].id"),
        (_set(["activities", 0, "id"], " "), "activities[0].id"),
        (_delete(["activities", 0, "date"]), "activities[0].date"),
        (_set(["activities", 0, "date"], "02/03/2026"), "activities[0].date"),
        (_set(["activities", 0, "date"], "2026-13-01"), "activities[0].date"),
        (_set(["activities", 0, "date"], "2025-02-29"), "activities[0].date"),
        (_set(["activities", 0, "date"], 20260302), "activities[0].date"),
        (_delete(["activities", 0, "hours"]), "activities[0].hours"),
        (_set(["activities", 0, "hours"], -1), "activities[0].hours"),
        (_set(["activities", 0, "hours"], True), "activities[0].hours"),
        (_set(["activities", 0, "hours"], "3"), "activities[0].hours"),
        (_set(["activities", 0, "hours"], float("inf")), "activities[0].hours"),
        (_set(["activities", 0, "hours"], 25), "activities[0].hours"),
        (_delete(["activities", 0, "text"]), "activities[0].text"),
        (_set(["activities", 0, "text"], None), "activities[0].text"),
    ],
)
def test_the_field_is_named(change, field):
    with pytest.raises(InputError) as error:
        analyse(_broken(change))

    assert error.value.field == field
    assert error.value.message
    assert error.value.localized("fr").startswith(f"{field}: ")


def test_the_document_must_be_an_object():
    with pytest.raises(InputError) as error:
        analyse(["not", "an", "object"])
    assert error.value.field == ""


def test_duplicate_activity_ids_are_refused():
    data = internship([activity("a1", "2026-03-02", "x"), activity("a1", "2026-03-03", "y")])
    with pytest.raises(InputError) as error:
        analyse(data)
    assert error.value.field == "activities[1].id"


def test_optional_fields_may_be_absent_or_null():
    data = internship([activity("a1", "2026-03-02", "x", hours=0)])
    data["program"].pop("name")
    data["objectives"][0]["description"] = None
    data["objectives"][0].pop("indicators")
    data["objectives"][1]["competencies"] = None

    report = analyse(data)

    assert report["summary"]["total_hours"] == 0.0
