"""`balise check`: arguments, exit statuses, output formats, unusable files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from balise.cli import main
from tests.law.helpers import VALID_DRAFT

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def write(tmp_path):
    def write(content: object, name: str = "draft.json") -> str:
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
    return lines[0]


# -- exit statuses and JSON -------------------------------------------------------------------


def test_valid_draft_exits_0_with_the_json_report(draft, write, capsys):
    assert main(["check", write(draft)]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report == {
        "valid": True,
        "findings": [],
        "computed": {
            "presence_hours": 560.0,
            "presence_days": 80,
            "presence_months": 3.64,
            "gratification_required": True,
            "minimum_hourly_rate": 4.5,
            "minimum_total_gratification": 2520.0,
        },
    }


def test_error_exits_1_and_lists_the_finding(draft, write, capsys):
    draft["gratification"] = {"hourly_rate": 4.0}

    assert main(["check", write(draft)]) == 1

    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["findings"] == [
        {
            "code": "gratification.below_minimum",
            "severity": "error",
            "field": "gratification.hourly_rate",
            "message": (
                "La gratification horaire (4,00 €) est inférieure au minimum légal de 4,50 € "
                "en 2026."
            ),
        }
    ]


def test_warning_alone_exits_0(draft, write, capsys):
    draft["objectives"][0]["indicators"] = []

    assert main(["check", write(draft)]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert [f["severity"] for f in report["findings"]] == ["warning"]


def test_json_is_indented_utf8(draft, write, capsys):
    draft["gratification"] = None

    main(["check", write(draft), "--format", "json"])

    out = capsys.readouterr().out
    assert out.startswith('{\n  "valid": false,\n  "findings": [\n    {\n')
    assert "présence" in out
    assert "\\u" not in out


def test_messages_in_english_with_lang_en(draft, write, capsys):
    draft["gratification"] = {"hourly_rate": 4}

    main(["check", write(draft), "--lang", "en"])

    message = json.loads(capsys.readouterr().out)["findings"][0]["message"]
    assert (
        message == "The hourly gratification (€4.00) is below the legal minimum of €4.50 in 2026."
    )


def test_reads_standard_input_with_a_dash(draft, monkeypatch, capsys):
    draft["tutor"]["ongoing_internships"] = 3
    _stdin(monkeypatch, json.dumps(draft).encode("utf-8"))

    assert main(["check", "-"]) == 1

    report = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in report["findings"]] == ["supervision.tutor_capacity"]


def test_default_format_is_text_on_a_terminal(draft, write, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)

    main(["check", write(draft)])

    assert capsys.readouterr().out.startswith("Convention conforme")


def test_default_format_is_json_when_piped(draft, write, capsys):
    main(["check", write(draft)])

    json.loads(capsys.readouterr().out)


# -- text format -------------------------------------------------------------------------------


def _text_draft(draft):
    draft["gratification"] = {"hourly_rate": 4}
    draft["objectives"][0]["indicators"] = []
    return draft


def test_text_report_in_french(draft, write, capsys):
    assert main(["check", write(_text_draft(draft)), "--format", "text"]) == 1

    out = capsys.readouterr().out
    assert out.startswith("Convention non conforme : 1 erreur.\n1 avertissement à vérifier.\n")
    assert "ERREUR gratification.below_minimum (champ gratification.hourly_rate)" in out
    assert "  La gratification horaire (4,00 €) est inférieure au minimum légal" in out
    assert "AVERTISSEMENT objectives.not_measurable (champ objectives[0].indicators)" in out
    assert "Heures de présence : 560 heures" in out
    assert "Mois de présence (22 jours) : 3,64" in out
    assert "Gratification obligatoire : oui" in out
    assert "Minimum horaire légal : 4,50 €" in out
    assert "Gratification minimale totale : 2\u00a0520,00 €" in out


def test_text_report_in_english(draft, write, capsys):
    assert main(["check", write(_text_draft(draft)), "--format", "text", "--lang", "en"]) == 1

    out = capsys.readouterr().out
    assert out.startswith("Agreement not compliant: 1 error.\n1 warning to review.\n")
    assert "ERROR gratification.below_minimum (field gratification.hourly_rate)" in out
    assert "  The hourly gratification (€4.00) is below the legal minimum of €4.50 in 2026." in out
    assert "WARNING objectives.not_measurable (field objectives[0].indicators)" in out
    assert "Hours of presence: 560 hours" in out
    assert "Months of presence (22 days): 3.64" in out
    assert "Gratification required: yes" in out
    assert "Minimum total gratification: €2,520.00" in out


def test_text_report_of_a_valid_draft(draft, write, capsys):
    main(["check", write(draft), "--format", "text"])

    out = capsys.readouterr().out
    assert out.startswith("Convention conforme : aucune erreur.\n\nChiffres calculés\n")
    assert "ERREUR" not in out
    assert "AVERTISSEMENT" not in out


def test_text_report_counts_errors_in_the_plural(draft, write, capsys):
    draft["gratification"] = None
    draft["tutor"]["ongoing_internships"] = 5

    main(["check", write(draft), "--format", "text"])

    assert capsys.readouterr().out.startswith("Convention non conforme : 2 erreurs.\n\n")


# -- unusable input: exit 2, one line on stderr, nothing on stdout ---------------------------


def test_missing_required_field_names_it(draft, write, capsys):
    del draft["weekly_hours"]

    assert main(["check", write(draft)]) == 2

    line = _unusable(capsys)
    assert line == "balise check: weekly_hours : champ obligatoire manquant"


def test_input_error_in_english(draft, write, capsys):
    draft["host"]["headcount"] = "45"

    assert main(["check", write(draft), "--lang", "en"]) == 2

    assert _unusable(capsys) == "balise check: host.headcount: must be a number, not a string"


def test_impossible_date_names_the_field(draft, write, capsys):
    draft["intern"]["birth_date"] = "2005-02-30"

    assert main(["check", write(draft)]) == 2

    assert "intern.birth_date" in _unusable(capsys)


def test_missing_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere.json")]) == 2

    line = _unusable(capsys)
    assert "nowhere.json" in line
    assert "n'existe pas" in line


def test_directory_instead_of_a_file(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2

    _unusable(capsys)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{",
        "not json",
        '{"start_date": NaN}',
        "[]",
        '"a string"',
        "42",
        "null",
        b"\xff\xfe\x00{",
        "[" * 100_000,
    ],
    ids=[
        "empty",
        "truncated",
        "text",
        "nan",
        "array",
        "string",
        "number",
        "null",
        "not-utf8",
        "too-deep",
    ],
)
def test_not_a_json_object(content, write, capsys):
    assert main(["check", write(content)]) == 2

    _unusable(capsys)


def test_not_json_says_so(write, capsys):
    main(["check", write("{"), "--lang", "en"])

    assert "not valid JSON" in _unusable(capsys)


def test_array_says_it_is_not_an_object(write, capsys):
    main(["check", write("[1]"), "--lang", "en"])

    assert "not an object" in _unusable(capsys)


def test_nan_in_a_field_is_refused(draft, write, capsys):
    text = json.dumps(draft).replace('"weekly_hours": 35', '"weekly_hours": NaN')

    assert main(["check", write(text)]) == 2

    _unusable(capsys)


def test_byte_order_mark_is_accepted(draft, write, capsys):
    assert main(["check", write(b"\xef\xbb\xbf" + json.dumps(draft).encode("utf-8"))]) == 0


def test_unusable_standard_input(monkeypatch, capsys):
    _stdin(monkeypatch, b"nope")

    assert main(["check", "-"]) == 2

    assert "<stdin>" in _unusable(capsys)


def test_error_message_spanning_lines_stays_on_one(draft, write, capsys):
    draft["working_days"] = ["mon", "jour\nférié"]

    assert main(["check", write(draft)]) == 2

    assert "working_days[1]" in _unusable(capsys)


def test_bad_arguments_are_refused_by_argparse(draft, write, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", write(draft), "--format", "xml"])

    assert exit_info.value.code == 2


# -- no Django in the engine ------------------------------------------------------------------


def test_the_engine_and_the_command_do_not_import_django(tmp_path):
    draft_file = tmp_path / "draft.json"
    draft_file.write_text(json.dumps(VALID_DRAFT), encoding="utf-8")
    script = (
        "import sys, contextlib, io\n"
        "import balise.law, balise.law.cli\n"
        "from balise.law import check, parse, InputError, Report, Finding\n"
        "from balise.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['check', {str(draft_file)!r}]) == 0\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.pop("DJANGO_SETTINGS_MODULE", None)

    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=env, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr.decode()


def test_the_law_package_has_no_django_import_statement():
    law = SRC / "balise" / "law"
    for module in law.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import django" not in text, module
        assert "from django" not in text, module
