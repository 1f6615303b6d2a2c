"""`balise align`: arguments, exit statuses, output formats, unusable files."""

from __future__ import annotations

import io
import json
import sys

import pytest

from balise.cli import main
from tests.alignment.helpers import ALIGN_DATA, activity, internship, load_case


@pytest.fixture
def write(tmp_path):
    def write(content: object, name: str = "internship.json") -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return str(path)

    return write


def _stdin(monkeypatch, content: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(content), encoding="utf-8"))


def _unusable(capsys) -> str:
    """Assert the exit-2 contract and return the error line."""
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert lines[0].startswith("balise align: ")
    return lines[0]


def test_sample_exits_0_with_indented_utf8_json(capsys):
    assert main(["align", str(ALIGN_DATA / "dev_marketing.json")]) == 0

    out = capsys.readouterr().out
    assert out.startswith('{\n  "activities": [\n    {\n      "id": "a1",\n')
    assert "\\u" not in out
    report = json.loads(out)
    assert set(report) == {"activities", "summary"}
    assert "du temps déclaré" in out


def test_stdin_is_read_with_a_dash(monkeypatch, capsys):
    data, _ = load_case("dev_informatique")
    _stdin(monkeypatch, json.dumps(data).encode())

    assert main(["align", "-", "--format", "json"]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["neglected_objectives"] == ["o4"]


def test_lang_en_gives_english_messages(capsys):
    assert main(["align", str(ALIGN_DATA / "dev_marketing.json"), "--lang", "en"]) == 0

    alerts = json.loads(capsys.readouterr().out)["summary"]["alerts"]
    message = alerts[0]["message"]
    assert message.startswith("32% of the logged time")
    assert "has nothing to do with the training" in message


def test_text_format_for_a_person(capsys):
    assert main(["align", str(ALIGN_DATA / "dev_informatique.json"), "--format", "text"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("Activités\n  a1 ")
    assert "Objectifs délaissés : o4" in out
    assert "alignment.objective_neglected" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "JSON invalide"),
        ("[1, 2]", "le JSON n'est pas un objet"),
        (b"\xff\xfe{}", "pas du texte UTF-8"),
        ('{"program": {"competencies": []}, "objectives": [], "activities": NaN}', "JSON"),
        ("{}", "program: est obligatoire"),
    ],
)
def test_unusable_files_exit_2_with_one_line(write, capsys, content, expected):
    assert main(["align", write(content)]) == 2

    assert expected in _unusable(capsys)


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["align", str(tmp_path / "nowhere.json")]) == 2

    assert "ce fichier n'existe pas" in _unusable(capsys)


def test_a_directory_exits_2(tmp_path, capsys):
    assert main(["align", str(tmp_path)]) == 2

    assert "dossier" in _unusable(capsys)


def test_bad_field_is_named_in_french_and_in_english(write, capsys):
    data = internship([activity("a1", "2026-03-02", "x"), activity("a2", "2026-03-03", "y")])
    data["activities"][1]["hours"] = -1.5
    path = write(data)

    assert main(["align", path]) == 2
    assert _unusable(capsys) == (
        "balise align: activities[1].hours: nombre d'heures négatif (-1.5)"
    )
    assert main(["align", path, "--lang", "en"]) == 2
    assert _unusable(capsys) == "balise align: activities[1].hours: negative hours (-1.5)"


def test_impossible_date_exits_2(write, capsys):
    data = internship([activity("a1", "2026-02-30", "x")])

    assert main(["align", write(data)]) == 2

    assert "activities[0].date" in _unusable(capsys)


def test_multiline_message_stays_on_one_line(write, capsys):
    data = internship([activity("a1", "2026-03-02", "x")])
    data["objectives"][0]["id"] = "program"

    assert main(["align", write(data)]) == 2

    assert "objectives[0].id" in _unusable(capsys)


def test_json_is_the_default_when_not_a_terminal(capsys):
    # capsys' stdout is not a terminal.
    assert main(["align", str(ALIGN_DATA / "dev_informatique.json")]) == 0

    json.loads(capsys.readouterr().out)
