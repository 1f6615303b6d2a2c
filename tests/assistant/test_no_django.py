"""The assistant is a pure core: importing and running it loads nothing from Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_assistant_does_not_import_django_nor_the_alignment_engine():
    script = (
        "import sys\n"
        "from balise.assistant import ObjectiveDraft, Internship, check_draft\n"
        "from balise.assistant.for_check import report_warnings\n"
        'advice = check_draft(ObjectiveDraft(title="Découvrir l\'entreprise"), [], Internship())\n'
        "assert advice and advice[0].message('en')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'sklearn'})\n"
        "assert not loaded, loaded\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.pop("DJANGO_SETTINGS_MODULE", None)

    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=env, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr.decode()


def test_no_django_import_statement():
    for module in (SRC / "balise" / "assistant").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import django" not in text, module
        assert "from django" not in text, module
