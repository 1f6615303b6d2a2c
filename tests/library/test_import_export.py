"""The library as JSON: export, import (all or nothing, every problem named), commands."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from balise.library import services
from balise.library.models import ObjectiveExample


@pytest.fixture(autouse=True)
def english():
    """The messages below are asserted in English; French is the default language."""
    with translation.override("en"):
        yield


def item(**changes):
    data = {
        "key": "guide-installation",
        "program": None,
        "competencies": [{"framework": "transversal", "code": "T1"}],
        "title": {"fr": "Rédiger le guide d'installation", "en": "Write the installation guide"},
        "description": {"fr": "Pour l'exploitation.", "en": ""},
        "indicators": {"fr": ["Guide publié", "Testé par un collègue"], "en": ["Guide published"]},
        "typical_weeks": 3,
        "typical_hours": 50,
    }
    return data | changes


def document(*items):
    return {"format": "balise-objective-library", "version": 1, "examples": list(items)}


def test_export_then_import_elsewhere_gives_the_same_library(personas, example):
    services.example_record_use(example=example)
    data = services.library_export(school=personas.school)

    assert data["format"] == "balise-objective-library"
    (exported,) = data["examples"]
    assert exported == {
        "key": example.key,
        "program": personas.program.name,
        "competencies": [{"framework": "transversal", "code": "T1"}],
        "title": {"fr": example.title_fr, "en": example.title_en},
        "description": {"fr": "Pour l'équipe d'exploitation.", "en": ""},
        "indicators": {
            "fr": ["Guide publié sur le wiki", "Installation réussie par un collègue"],
            "en": ["Guide published on the wiki"],
        },
        "typical_weeks": 3,
        "typical_hours": 50,
        "usage_count": 1,
    }

    from tests import factories

    other = factories.SchoolFactory(slug="ailleurs")
    factories.ProgramFactory(school=other, name=personas.program.name)
    result = services.library_import(school=other, data=data)
    assert result.created == [example.key]
    copy = ObjectiveExample.objects.get(school=other)
    assert copy.usage_count == 0  # uses are this school's, not the file's
    assert services.library_export(school=other)["examples"][0] | {"usage_count": 1} == exported


def test_import_is_idempotent_and_updates_by_key(personas):
    first = services.library_import(school=personas.school, data=document(item()))
    assert first.created == ["guide-installation"]
    again = services.library_import(school=personas.school, data=document(item()))
    assert again.unchanged == ["guide-installation"] and not again.created
    changed = item(typical_weeks=4, competencies=[])
    updated = services.library_import(school=personas.school, data=document(changed))
    assert updated.updated == ["guide-installation"]
    example = ObjectiveExample.objects.get(school=personas.school)
    assert example.typical_weeks == 4
    assert example.competencies.count() == 0


def test_dry_run_writes_nothing(personas):
    result = services.library_import(school=personas.school, data=document(item()), dry_run=True)
    assert result.created == ["guide-installation"] and result.dry_run
    assert not ObjectiveExample.objects.exists()


def test_every_problem_is_named_and_nothing_is_written(personas):
    data = document(
        item(key="bon"),
        item(key="sans-titre", title={"fr": "", "en": ""}),
        item(key="mauvais", program="Inconnue", competencies=[{"framework": "x", "code": "Z9"}]),
        item(key="bon"),
        "pas un objet",
        item(key="durée", typical_weeks=0),
    )

    with pytest.raises(services.LibraryImportError) as refused:
        services.library_import(school=personas.school, data=data)

    lines = refused.value.lines
    assert lines == [
        "examples[1] “sans-titre”: title: give the title in French, in English or in both.",
        "examples[2] “mauvais”: program: no programme “Inconnue” in this school.",
        "examples[2] “mauvais”: competencies[0]: no competency “Z9” in a framework “x” of this "
        "school.",
        "examples[3] “bon”: key: already used by examples[0].",
        "examples[4]: expected an object.",
        "examples[5] “Rédiger le guide d'installation”: key: letters, digits, hyphens and "
        "underscores only (80 at most).",
        "examples[5] “Rédiger le guide d'installation”: typical_weeks: a whole number from 1 to "
        "52, or null.",
    ]
    assert not ObjectiveExample.objects.exists()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"format": "autre", "examples": []}, "format: expected"),
        ({"examples": {}}, "examples: expected a list"),
        (document(item(title="Rédiger")), "title: expected an object"),
        (document(item(indicators={"fr": [1]})), "indicators.fr: expected a list of texts"),
        (document(item(typical_hours=True)), "typical_hours: a whole number"),
    ],
)
def test_malformed_documents(personas, data, problem):
    with pytest.raises(services.LibraryImportError) as refused:
        services.library_import(school=personas.school, data=data)
    assert any(problem in line for line in refused.value.lines), refused.value.lines


def test_a_bare_list_is_accepted_and_keys_come_from_titles(personas):
    result = services.library_import(school=personas.school, data=[item(key=None)])
    assert result.created == ["rediger-le-guide-dinstallation"]


# -- the commands ---------------------------------------------------------------------------------


def write(tmp_path, data, name="library.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_import_command(personas, tmp_path):
    path = write(tmp_path, document(item()))
    out = io.StringIO()

    call_command("library_import", path, school="iut-lyon", dry_run=True, stdout=out)
    assert "1 example(s) would be created, 0 updated, 0 unchanged." in out.getvalue()
    assert not ObjectiveExample.objects.exists()

    out = io.StringIO()
    call_command("library_import", path, school="iut-lyon", stdout=out, verbosity=2)
    assert "1 example(s) were created" in out.getvalue()
    assert "  created: guide-installation" in out.getvalue()
    assert ObjectiveExample.objects.count() == 1


def test_import_command_reads_standard_input(personas, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(document(item()))))
    call_command("library_import", "-", school="iut-lyon", stdout=io.StringIO())
    assert ObjectiveExample.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "school", "message"),
    [
        (document(item()), "nowhere", "no school with the short name “nowhere”"),
        ("{not json", "iut-lyon", "not valid JSON"),
        (document(item(title={})), "iut-lyon", "nothing imported, 1 problem(s):\nexamples[0]"),
    ],
)
def test_import_command_errors(personas, tmp_path, content, school, message):
    with pytest.raises(CommandError) as refused:
        call_command("library_import", write(tmp_path, content), school=school)
    assert message in str(refused.value)
    assert not ObjectiveExample.objects.exists()


def test_import_command_missing_file(personas, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("library_import", str(tmp_path / "absent.json"), school="iut-lyon")


def test_export_command(personas, example, other_school_example, tmp_path):
    out = io.StringIO()
    call_command("library_export", school="iut-lyon", stdout=out)
    data = json.loads(out.getvalue())
    assert [e["key"] for e in data["examples"]] == [example.key]

    target = tmp_path / "out.json"
    out = io.StringIO()
    call_command("library_export", school="iut-lyon", output=str(target), dry_run=True, stdout=out)
    assert "1 example(s) would be written" in out.getvalue()
    assert not target.exists()

    call_command("library_export", school="iut-lyon", output=str(target), stderr=io.StringIO())
    assert json.loads(target.read_text(encoding="utf-8")) == data

    with pytest.raises(CommandError, match="no programme"):
        call_command("library_export", school="iut-lyon", program="Inconnue")
    out = io.StringIO()
    call_command("library_export", school="iut-lyon", program=personas.program.name, stdout=out)
    assert len(json.loads(out.getvalue())["examples"]) == 1
