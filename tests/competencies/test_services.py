"""framework_import / framework_export: idempotence, round trip, trees and bad data."""

import copy

import pytest
from django.core.exceptions import ValidationError

from balise.competencies.models import Competency, Framework
from balise.competencies.services import (
    default_transversal_framework,
    framework_export,
    framework_import,
)
from balise.organizations.models import School

pytestmark = pytest.mark.django_db


def _levels(prefix):
    return [{"fr": f"{prefix} niveau {n}", "en": f"{prefix} level {n}"} for n in range(1, 5)]


def _competency(code, **extra):
    return {
        "code": code,
        "kind": "technical",
        "name": {"fr": f"Compétence {code}", "en": f"Competency {code}"},
        "description": {"fr": f"Décrit {code}.", "en": f"Describes {code}."},
        "levels": _levels(code),
        **extra,
    }


def _framework(*competencies, slug="web"):
    return {
        "slug": slug,
        "name": {"fr": "Développement web", "en": "Web development"},
        "competencies": list(competencies),
    }


@pytest.fixture
def school():
    return School.objects.create(name="IUT de Lannion", slug="iut-lannion")


def _messages(excinfo):
    return " | ".join(excinfo.value.messages)


def test_import_creates_the_framework_and_its_competencies(school):
    framework = framework_import(
        data=_framework(_competency("C1"), _competency("C2", kind="transversal")), school=school
    )

    assert framework.school == school
    assert framework.slug == "web"
    assert framework.name_fr == "Développement web"
    assert framework.name_en == "Web development"
    assert framework.is_default_transversal is False
    c1, c2 = framework.competencies.order_by("position")
    assert (c1.code, c1.kind, c1.position) == ("C1", "technical", 0)
    assert (c2.code, c2.kind, c2.position) == ("C2", "transversal", 1)
    assert c1.name_fr == "Compétence C1"
    assert c1.description_en == "Describes C1."
    assert c1.levels == _levels("C1")


def test_import_is_idempotent_and_updates_text(school):
    data = _framework(_competency("C1"), _competency("C2"))
    first = framework_import(data=data, school=school)
    framework_import(data=data, school=school)

    edited = copy.deepcopy(data)
    edited["name"]["en"] = "Web engineering"
    edited["competencies"][1]["name"]["fr"] = "Concevoir une interface"
    edited["competencies"][1]["levels"][3]["en"] = "Designs interfaces for others"
    second = framework_import(data=edited, school=school)

    assert second.pk == first.pk
    assert Framework.objects.filter(school=school).count() == 1
    assert Competency.objects.filter(framework=first).count() == 2
    second.refresh_from_db()
    assert second.name_en == "Web engineering"
    c2 = Competency.objects.get(framework=first, code="C2")
    assert c2.name_fr == "Concevoir une interface"
    assert c2.levels[3] == {"fr": "C2 niveau 4", "en": "Designs interfaces for others"}


def test_same_slug_in_another_scope_is_another_framework(school):
    other_school = School.objects.create(name="INSA Rennes", slug="insa-rennes")
    data = _framework(_competency("C1"))

    mine = framework_import(data=data, school=school)
    theirs = framework_import(data=data, school=other_school)
    shared = framework_import(data=data)

    assert len({mine.pk, theirs.pk, shared.pk}) == 3
    assert shared.school is None
    # Re-importing into the shared scope finds the shared one again.
    assert framework_import(data=data).pk == shared.pk


def test_competencies_missing_from_the_file_are_kept(school):
    framework_import(data=_framework(_competency("C1"), _competency("C2")), school=school)

    framework = framework_import(data=_framework(_competency("C2")), school=school)

    assert sorted(framework.competencies.values_list("code", flat=True)) == ["C1", "C2"]
    assert framework.competencies.get(code="C2").position == 0


def test_export_then_import_round_trips(school):
    data = _framework(
        _competency("B1", levels=[]),
        _competency("B1.1", parent="B1"),
        _competency("B1.2", parent="B1", kind="transversal"),
    )
    framework = framework_import(data=data, school=school)

    exported = framework_export(framework=framework)

    assert exported == data
    other_school = School.objects.create(name="INSA Rennes", slug="insa-rennes")
    copy_ = framework_import(data=exported, school=other_school)
    assert copy_.pk != framework.pk
    assert framework_export(framework=copy_) == data


def test_export_of_the_default_framework_reimports_onto_itself():
    default = default_transversal_framework()
    exported = framework_export(framework=default)
    assert exported["is_default_transversal"] is True

    reimported = framework_import(data=exported)

    assert reimported.pk == default.pk
    assert reimported.competencies.count() == 7
    assert framework_export(framework=reimported) == exported


def test_importing_a_new_shared_default_replaces_the_previous_one():
    data = {**_framework(_competency("X1"), slug="soft-skills"), "is_default_transversal": True}

    framework = framework_import(data=data)

    assert default_transversal_framework().pk == framework.pk
    assert Framework.objects.filter(school=None, is_default_transversal=True).count() == 1


def test_import_without_the_default_flag_keeps_it():
    data = framework_export(framework=default_transversal_framework())
    del data["is_default_transversal"]

    framework = framework_import(data=data)

    framework.refresh_from_db()
    assert framework.is_default_transversal is True


def test_tree_with_parent_codes_in_any_order(school):
    data = _framework(
        _competency("B1.1", parent="B1"),
        _competency("B1.1.a", parent="B1.1"),
        _competency("B1", levels=[]),
        _competency("B2", levels=[]),
    )

    framework = framework_import(data=data, school=school)

    by_code = {c.code: c for c in framework.competencies.select_related("parent")}
    assert by_code["B1"].parent is None
    assert by_code["B1.1"].parent == by_code["B1"]
    assert by_code["B1.1.a"].parent == by_code["B1.1"]
    assert by_code["B2"].parent is None
    assert list(by_code["B1"].children.values_list("code", flat=True)) == ["B1.1"]
    # The order of the file is kept, not the order in which parents had to be saved.
    assert [c["code"] for c in framework_export(framework=framework)["competencies"]] == [
        "B1.1",
        "B1.1.a",
        "B1",
        "B2",
    ]


def test_reimport_can_move_a_competency_to_the_top_level(school):
    framework_import(
        data=_framework(_competency("B1", levels=[]), _competency("C1", parent="B1")),
        school=school,
    )

    framework = framework_import(
        data=_framework(_competency("B1", levels=[]), _competency("C1")), school=school
    )

    assert framework.competencies.get(code="C1").parent is None


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda c: c["name"].pop("fr"), "index 1: the field “name.fr” is required"),
        (lambda c: c["name"].update(fr="   "), "index 1: the field “name.fr” is required"),
        (lambda c: c.pop("name"), "index 1: the field “name.fr” is required"),
        (lambda c: c["name"].update(en=3), "index 1: the field “name.en” must be text"),
        (lambda c: c.pop("code"), "index 1: the field “code” is required"),
        (lambda c: c.update(kind="soft"), "index 1: the field “kind” must be one of"),
        (lambda c: c.update(levels="débutant"), "index 1: the field “levels” must be a list of 4"),
        (lambda c: c["levels"].pop(), "index 1: the field “levels” must be a list of 4"),
        (lambda c: c["levels"].append({"fr": "x"}), "the field “levels” must be a list of 4"),
        (
            lambda c: c["levels"].__setitem__(2, "x"),
            "index 1: the field “levels[2].fr” is required",
        ),
        (lambda c: c["levels"][0].pop("fr"), "index 1: the field “levels[0].fr” is required"),
        (lambda c: c.update(parent="NOPE"), "index 1: the field “parent” names the code “NOPE”"),
        (lambda c: c.update(parent="C2"), "index 1: the field “parent” makes a loop"),
        (lambda c: c.update(code="C1"), "index 1: the code “C1” (field “code”) is already used"),
        (lambda c: c.update(code="X" * 41), "index 1: the field “code” is invalid"),
    ],
)
def test_bad_competency_data_names_the_index_and_the_field(school, mutate, expected):
    data = _framework(_competency("C1"), _competency("C2"))
    mutate(data["competencies"][1])

    with pytest.raises(ValidationError) as excinfo:
        framework_import(data=data, school=school)

    assert expected in _messages(excinfo)
    assert not Framework.objects.filter(school=school).exists()


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("slug"), "the field “slug” is required"),
        (lambda d: d.update(slug="pas un slug"), "the field “slug” is invalid"),
        (lambda d: d["name"].pop("fr"), "the field “name.fr” is required"),
        (lambda d: d.update(competencies={}), "the field “competencies” must be a list"),
        (lambda d: d.update(is_default_transversal="yes"), "“is_default_transversal” must be"),
        (lambda d: d["competencies"].append("C3"), "index 1: must be a JSON object"),
    ],
)
def test_bad_framework_data_names_the_field(school, mutate, expected):
    data = _framework(_competency("C1"))
    mutate(data)

    with pytest.raises(ValidationError) as excinfo:
        framework_import(data=data, school=school)

    assert expected.lower() in _messages(excinfo).lower()
    assert not Framework.objects.filter(school=school).exists()


def test_every_problem_is_reported_at_once(school):
    data = _framework(_competency("C1"), _competency("C2"), _competency("C3"))
    data["competencies"][0]["name"]["fr"] = ""
    data["competencies"][2]["kind"] = "soft"

    with pytest.raises(ValidationError) as excinfo:
        framework_import(data=data, school=school)

    messages = excinfo.value.messages
    assert len(messages) == 2
    assert "index 0" in messages[0] and "name.fr" in messages[0]
    assert "index 2" in messages[1] and "kind" in messages[1]


def test_a_failing_update_changes_nothing(school):
    framework = framework_import(data=_framework(_competency("C1")), school=school)
    data = _framework(_competency("C1"), _competency("C2"))
    data["competencies"][0]["name"]["fr"] = "Nouveau nom"
    data["competencies"][1]["code"] = "X" * 41  # only full_clean() catches this one

    with pytest.raises(ValidationError):
        framework_import(data=data, school=school)

    assert framework.competencies.get().name_fr == "Compétence C1"


def test_import_rejects_something_that_is_not_an_object():
    with pytest.raises(ValidationError) as excinfo:
        framework_import(data=["T1"])

    assert "JSON object" in _messages(excinfo)
