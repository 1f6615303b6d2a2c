"""`balise check` reports the assistant's advice as warnings, and the law's verdict is unchanged."""

from __future__ import annotations

import copy
import json

import pytest

from balise.cli import main
from tests.law.helpers import CHECK_DATA, VALID_DRAFT


@pytest.fixture
def draft():
    return copy.deepcopy(VALID_DRAFT)


def run(tmp_path, capsys, data, *args):
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main(["check", str(path), "--format", "json", *args])
    captured = capsys.readouterr()
    assert captured.err == ""
    return code, json.loads(captured.out)


def test_a_good_draft_gets_no_advice(tmp_path, capsys, draft):
    code, report = run(tmp_path, capsys, draft)
    assert code == 0
    assert report["findings"] == []


def test_a_vague_objective_is_a_warning_with_its_rewrite(tmp_path, capsys, draft):
    draft["objectives"][0]["title"] = "Découvrir le service marketing"

    code, report = run(tmp_path, capsys, draft)

    assert code == 0 and report["valid"] is True
    assert report["findings"] == [
        {
            "code": "objectives.vague_verb",
            "severity": "warning",
            "field": "objectives[0].title",
            "message": (
                "L'objectif 1 « Découvrir le service marketing » commence par « Découvrir », qui "
                "décrit une attitude plutôt qu'un résultat : dites ce que le ou la stagiaire "
                "produira, avec un verbe d'action et un livrable (un rapport, un outil, une "
                "campagne…). Par exemple : « Réaliser une synthèse écrite du service marketing, "
                "présentée à l'équipe »."
            ),
        }
    ]


def test_the_optional_fields_of_objectives_are_read(tmp_path, capsys, draft):
    draft["program"]["competencies"] = ["Développer une application", {"name": "Communiquer"}]
    draft["objectives"] = [
        {
            "title": "Concevoir l'API de facturation",
            "kind": "specific",
            "competencies": ["Souder des pièces"],
            "indicators": ["Bonne compréhension"],
            "target_date": "2026-09-30",
            "planned_hours": 400,
        },
        {
            "title": "Rédiger la documentation de l'API",
            "main": False,
            "competencies": ["Communiquer"],
            "indicators": ["Documentation publiée"],
            "target_date": "2026-08-07",
            "planned_hours": 200.5,
        },
    ]

    code, report = run(tmp_path, capsys, draft, "--lang", "en")

    assert code == 0
    assert [(f["code"], f["severity"], f["field"]) for f in report["findings"]] == [
        ("objectives.hours_exceed_presence", "warning", "objectives"),
        ("objectives.no_main", "warning", "objectives"),
        ("objectives.not_relevant", "warning", "objectives[0].competencies"),
        ("objectives.target_outside", "warning", "objectives[0].target_date"),
        ("objectives.vague_indicator", "warning", "objectives[0].indicators"),
    ]
    hours = report["findings"][0]["message"]
    assert "600.5 hours of work, more than the internship's 560 hours" in hours


def test_unusable_extras_are_left_unchecked_not_fatal(tmp_path, capsys, draft):
    objective = draft["objectives"][0]
    objective |= {"target_date": "30/09/2026", "planned_hours": "many", "kind": 3, "main": "yes"}
    draft["program"]["competencies"] = "all of them"

    code, report = run(tmp_path, capsys, draft)

    assert code == 0
    assert report["findings"] == []


def test_the_law_findings_stay_what_the_spec_says(tmp_path, capsys, draft):
    draft["gratification"] = None
    draft["objectives"][0] |= {"title": "Aider l'équipe", "indicators": []}

    code, report = run(tmp_path, capsys, draft)

    assert code == 1
    errors = [f["code"] for f in report["findings"] if f["severity"] == "error"]
    assert errors == ["gratification.missing"]
    codes = [f["code"] for f in report["findings"]]
    assert codes == sorted(codes)
    # The law already says the indicators are missing; the assistant does not repeat it.
    assert "objectives.not_measurable" in codes and "objectives.no_indicator" not in codes
    assert "objectives.vague_verb" in codes


def test_text_format_shows_the_advice(tmp_path, capsys, draft):
    draft["objectives"][0]["title"] = "Take part in the product launch"
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft), encoding="utf-8")

    assert main(["check", str(path), "--format", "text", "--lang", "en"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("Agreement compliant: no error.\n1 warning to review.\n")
    assert "WARNING objectives.vague_verb (field objectives[0].title)" in out
    assert "For example: “Deliver an identified part of the product launch" in out


def test_the_vague_sample_gets_the_assistant_warning_too(capsys):
    code = main(["check", str(CHECK_DATA / "objective_vague.json")])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    warnings = {f["code"] for f in report["findings"] if f["severity"] == "warning"}
    assert {"objectives.not_measurable", "objectives.vague_verb"} <= warnings


def test_dates_in_the_wrong_order_leave_the_hours_unchecked(tmp_path, capsys, draft):
    draft["end_date"] = "2026-04-01"
    draft["objectives"][0]["planned_hours"] = 100

    code, report = run(tmp_path, capsys, draft)

    assert code == 1
    assert "dates.order" in [f["code"] for f in report["findings"]]
    assert "objectives.hours_exceed_presence" not in [f["code"] for f in report["findings"]]
