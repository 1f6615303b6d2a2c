"""The Python API the web app calls: `analyse`, `Aligner`, `InputError`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from balise.alignment import Aligner, InputError, analyse
from tests.alignment.helpers import OBJECTIVES, PROGRAM, activity, internship, load_case, weekly

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = Path(__file__).resolve().parents[2]


def test_report_shape_on_a_sample():
    data, _ = load_case("dev_marketing")

    report = analyse(data)

    assert [e["id"] for e in report["activities"]] == [a["id"] for a in data["activities"]]
    for entry in report["activities"]:
        assert set(entry) == {"id", "label", "score", "suggestions"}
        assert [s["objective"] for s in entry["suggestions"]] != []
        assert all(set(s) == {"objective", "score"} for s in entry["suggestions"])
    summary = report["summary"]
    assert list(summary["hours_by_label"]) == ["o1", "o2", "o3", "o4", "program", "unrelated"]
    assert summary["total_hours"] == pytest.approx(sum(a["hours"] for a in data["activities"]))
    assert summary["unrelated_share"] == round(
        summary["hours_by_label"]["unrelated"] / summary["total_hours"], 2
    )
    assert summary["alerts"][0] == {
        "code": "alignment.unrelated_share_high",
        "severity": "warning",
        "message": "32 % du temps déclaré (89,5 h sur 279,5 h) est sans rapport avec la formation.",
    }


def test_an_objective_label_is_the_first_suggestion_with_the_same_score():
    data, _ = load_case("dev_informatique")

    for entry in analyse(data)["activities"]:
        if entry["label"] not in ("program", "unrelated"):
            assert entry["suggestions"][0] == {"objective": entry["label"], "score": entry["score"]}


def test_neglected_objective_alert_names_the_objective():
    data, _ = load_case("dev_informatique")

    alerts = analyse(data, lang="en")["summary"]["alerts"]

    assert alerts == [
        {
            "code": "alignment.objective_neglected",
            "severity": "warning",
            "message": "None of the 58 logged activities serves objective o4 “Mettre en place "
            "les tests automatisés et l'intégration continue du module”.",
        }
    ]


def test_routine_alert_names_the_figures():
    data, _ = load_case("dev_marketing")

    alerts = analyse(data)["summary"]["alerts"]

    routine = [a for a in alerts if a["code"] == "alignment.repetitive_routine"]
    assert len(routine) == 1
    assert routine[0]["message"].startswith(
        "La même tâche revient 10 fois sur 6 semaines sans progression (40 h, activités a6, a11"
    )


def test_same_output_twice_and_across_processes():
    data, _ = load_case("dev_marketing")
    first = analyse(data)
    assert analyse(data) == first

    script = (
        "import json, sys; from balise.alignment import analyse; "
        "print(json.dumps(analyse(json.load(sys.stdin)), ensure_ascii=False))"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC), PYTHONHASHSEED="12345")
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(result.stdout) == first


def test_the_engine_imports_no_django():
    script = (
        "import json, sys; from balise.alignment import analyse; "
        "from balise.alignment import cli; "
        f"analyse(json.load(open({str(ROOT / 'tests/data/align/dev_marketing.json')!r}))); "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(SRC)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_empty_logbook():
    report = analyse(internship([]))

    assert report["activities"] == []
    summary = report["summary"]
    assert summary["total_hours"] == 0.0
    assert summary["hours_by_label"] == {"o1": 0.0, "o2": 0.0, "program": 0.0, "unrelated": 0.0}
    assert summary["unrelated_share"] == 0.0
    assert summary["neglected_objectives"] == ["o1", "o2"]
    assert [a["code"] for a in summary["alerts"]] == ["alignment.objective_neglected"] * 2
    assert "Aucune activité n'est déclarée" in summary["alerts"][0]["message"]


def test_one_objective():
    objectives = [OBJECTIVES[0]]
    activities = [
        activity("a1", "2026-03-02", "Spécification des routes de l'API de facturation"),
        activity("a2", "2026-03-03", "Développement des routes factures et avoirs de l'API"),
        activity("a3", "2026-03-04", "Photocopies des contrats pour la comptabilité"),
        activity("a4", "2026-03-05", "Documentation OpenAPI des routes de facturation"),
    ]

    report = analyse(internship(activities, objectives))

    labels = [e["label"] for e in report["activities"]]
    assert labels == ["o1", "o1", "unrelated", "o1"]
    assert report["summary"]["neglected_objectives"] == []
    assert all(len(e["suggestions"]) == 1 for e in report["activities"])


def test_no_objective_at_all():
    activities = [
        activity("a1", "2026-03-02", "Formation interne Docker"),
        activity("a2", "2026-03-03", "Courses pour le pot de départ du directeur"),
    ]

    report = analyse(internship(activities, objectives=[]))

    assert [e["label"] for e in report["activities"]] == ["program", "unrelated"]
    assert all(e["suggestions"] == [] for e in report["activities"])
    assert report["summary"]["hours_by_label"] == {"program": 3.0, "unrelated": 3.0}


def test_aligner_analyse_is_the_same_as_analyse():
    data, _ = load_case("heldout_hotellerie")
    aligner = Aligner(data["program"]["competencies"], data["objectives"])

    assert aligner.analyse(data["activities"]) == analyse(data)


def test_suggest_ranks_the_objective_named_first():
    aligner = Aligner(PROGRAM["competencies"], OBJECTIVES)

    suggestions = aligner.suggest("script de migration des fiches clients vers PostgreSQL")

    assert suggestions[0][0] == "o2"
    assert [score for _, score in suggestions] == sorted(
        (score for _, score in suggestions), reverse=True
    )
    assert all(0.0 <= score <= 1.0 for _, score in suggestions)
    assert aligner.suggest("documentation des routes de l'API", limit=1)[0][0] == "o1"
    assert len(aligner.suggest("routes API facturation migration clients", limit=1)) == 1
    assert aligner.suggest("   ") == []
    assert aligner.suggest("routes de l'API", limit=0) == []


def test_aligner_validates_its_input():
    with pytest.raises(InputError) as error:
        Aligner([{"id": "c1"}], OBJECTIVES)
    assert error.value.field == "program_competencies[0].label"

    aligner = Aligner(PROGRAM["competencies"], OBJECTIVES)
    with pytest.raises(InputError) as error:
        aligner.analyse([{"id": "a1", "date": "2026-03-02", "hours": "3", "text": "x"}])
    assert error.value.field == "activities[0].hours"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        analyse(internship(weekly(["x"])), lang="de")


def test_suggest_gives_nothing_for_a_chore():
    aligner = Aligner(PROGRAM["competencies"], OBJECTIVES)

    assert aligner.suggest("Courses pour le pot de départ de la comptable") == []
    assert aligner.suggest("Photocopies des factures pour la direction") == []


def test_words_the_objectives_never_use_weaken_a_suggestion():
    aligner = Aligner(PROGRAM["competencies"], OBJECTIVES)

    precise = dict(aligner.suggest("routes de l'API de facturation"))
    diluted = dict(aligner.suggest("routes du back, hooks, payloads, sérialiseurs, middlewares"))

    assert precise["o1"] > diluted.get("o1", 0.0)
