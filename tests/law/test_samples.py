"""The shared sample cases, run through the real `balise check` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from balise.cli import main
from tests.law.helpers import CHECK_DATA

SAMPLES = sorted(CHECK_DATA.glob("*.json"))
SRC = Path(__file__).resolve().parents[2] / "src"


def _case(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    case = json.loads(path.read_text(encoding="utf-8"))
    return case["input"], case["expect"]


def _assert_matches(expect: dict[str, Any], code: int, stdout: str, stderr: str) -> None:
    assert code == expect["exit"], stderr
    if expect["exit"] == 2:
        assert stdout == ""
        assert len(stderr.splitlines()) == 1
        assert "Traceback" not in stderr
        return
    assert stderr == ""
    report = json.loads(stdout)
    assert report["valid"] is (expect["exit"] == 0)
    errors = [f["code"] for f in report["findings"] if f["severity"] == "error"]
    warnings = [f["code"] for f in report["findings"] if f["severity"] == "warning"]
    assert sorted(errors) == expect.get("errors", [])
    assert set(expect.get("warnings", [])) <= set(warnings)
    for key, value in expect.get("computed", {}).items():
        if isinstance(value, bool):
            assert report["computed"][key] is value, key
        else:
            assert report["computed"][key] == pytest.approx(value, abs=0.01), key


def test_there_are_samples():
    assert len(SAMPLES) >= 9


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_sample_through_the_cli(path, tmp_path, capsys):
    draft, expect = _case(path)
    draft_file = tmp_path / "draft.json"
    draft_file.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")

    code = main(["check", str(draft_file), "--format", "json"])

    captured = capsys.readouterr()
    _assert_matches(expect, code, captured.out, captured.err)


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_sample_file_checked_as_is(path, capsys):
    # A test-case file ({"input": ..., "expect": ...}) is checked as its input.
    _, expect = _case(path)

    code = main(["check", str(path)])

    captured = capsys.readouterr()
    _assert_matches(expect, code, captured.out, captured.err)


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "balise.cli", "check", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "name", ["valid_full_time", "no_gratification", "objective_vague", "missing_end_date"]
)
def test_sample_through_a_real_process(name, tmp_path):
    draft, expect = _case(CHECK_DATA / f"{name}.json")
    draft_file = tmp_path / "draft.json"
    draft_file.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")

    result = _run(str(draft_file))

    _assert_matches(
        expect, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


def test_standard_input_through_a_real_process():
    draft, expect = _case(CHECK_DATA / "no_gratification.json")

    result = _run("-", stdin=json.dumps(draft).encode("utf-8"))

    _assert_matches(
        expect, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


def test_unusable_input_through_a_real_process_is_one_line_without_traceback():
    draft, _ = _case(CHECK_DATA / "valid_full_time.json")
    draft["weekly_hours"] = "35"

    result = _run("-", stdin=json.dumps(draft).encode("utf-8"))

    assert result.returncode == 2
    assert result.stdout == b""
    stderr = result.stderr.decode("utf-8")
    assert len(stderr.splitlines()) == 1
    assert "weekly_hours" in stderr
    assert "Traceback" not in stderr


def test_json_output_of_a_real_process_is_utf8_not_escaped():
    draft, _ = _case(CHECK_DATA / "no_gratification.json")

    result = _run("-", "--format", "json", stdin=json.dumps(draft).encode("utf-8"))

    stdout = result.stdout.decode("utf-8")
    assert "présence" in stdout
    assert "\\u00e9" not in stdout
    assert stdout.startswith('{\n  "valid": false,')
