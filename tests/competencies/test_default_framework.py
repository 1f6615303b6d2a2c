"""The shared default transversal framework, as loaded by migration 0003."""

import importlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

import balise.competencies
from balise.competencies.models import Competency, Framework
from balise.competencies.services import default_transversal_framework, framework_export

DATA_FILE = Path(balise.competencies.__file__).parent / "data" / "transversal.json"

pytestmark = pytest.mark.django_db


def test_migration_loads_the_seven_transversal_competencies_in_order():
    framework = default_transversal_framework()

    assert framework.school is None
    assert framework.slug == "transversal"
    assert framework.name_fr == "Compétences transversales"
    assert framework.name_en == "Transversal skills"
    assert list(framework.competencies.values_list("code", flat=True)) == [
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
    ]
    assert list(framework.competencies.values_list("name_en", flat=True)) == [
        "Communication",
        "Teamwork and professional relationships",
        "Project management",
        "Analysis and problem solving",
        "Autonomy and initiative",
        "Adaptability",
        "Public speaking and self-confidence",
    ]


def test_every_default_competency_is_complete_in_both_languages():
    competencies = list(default_transversal_framework().competencies.all())

    assert len(competencies) == 7
    for competency in competencies:
        assert competency.kind == "transversal"
        assert competency.parent is None
        assert competency.name_fr and competency.name_en
        assert competency.description_fr and competency.description_en
        assert competency.description_fr != competency.description_en
        assert len(competency.levels) == 4
        for level in competency.levels:
            assert set(level) == {"fr", "en"}
            assert level["fr"].strip() and level["en"].strip()
            assert level["fr"] != level["en"]
        # Four distinct steps, not one text repeated.
        assert len({level["fr"] for level in competency.levels}) == 4
        assert len({level["en"] for level in competency.levels}) == 4


def test_there_is_exactly_one_shared_default_framework():
    assert Framework.objects.filter(school=None, is_default_transversal=True).count() == 1


def test_localized_names_follow_the_active_language():
    framework = default_transversal_framework()
    teamwork = Competency.objects.get(framework=framework, code="T2")

    with translation.override("fr"):
        assert framework.name == "Compétences transversales"
        assert teamwork.name == "Travail en équipe et relations professionnelles"
        assert teamwork.description.startswith("Coopérer")
        assert teamwork.level_labels()[0].startswith("Réalise les tâches")
    with translation.override("en"):
        assert framework.name == "Transversal skills"
        assert teamwork.name == "Teamwork and professional relationships"
        assert teamwork.description.startswith("Cooperate")
        assert teamwork.level_labels()[0].startswith("Carries out the tasks")


def test_database_matches_the_data_file():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))

    exported = framework_export(framework=default_transversal_framework())

    assert exported == {**data, "is_default_transversal": True}


def _migration_0003():
    """The migration module, and the historical models it runs against."""
    module = importlib.import_module(
        "balise.competencies.migrations.0003_default_transversal_framework"
    )
    state = MigrationLoader(connection).project_state(
        ("competencies", "0003_default_transversal_framework")
    )
    return module, state.apps


def test_migration_reverse_deletes_the_default_framework_and_forward_is_rerunnable():
    module, historical_apps = _migration_0003()
    schema_editor = SimpleNamespace(connection=connection)

    module.delete_default_transversal_framework(historical_apps, schema_editor)
    assert not Framework.objects.filter(slug="transversal").exists()
    assert not Competency.objects.exists()

    module.load_default_transversal_framework(historical_apps, schema_editor)
    module.load_default_transversal_framework(historical_apps, schema_editor)
    assert Framework.objects.filter(slug="transversal").count() == 1
    assert default_transversal_framework().competencies.count() == 7


def test_the_default_framework_comes_back_if_deleted(db):
    from balise.competencies.models import Framework
    from balise.competencies.services import default_transversal_framework

    Framework.objects.filter(is_default_transversal=True).delete()
    framework = default_transversal_framework()
    assert framework.is_default_transversal and framework.school is None
    assert framework.competencies.count() == 7
