"""The progress core is pure: importing and running it loads nothing from Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_progress_package_does_not_import_django():
    script = (
        "import sys, datetime as dt\n"
        "import balise.progress\n"
        "from balise.progress import *\n"
        "o = ObjectiveInput('o', milestones=[Milestone(dt.date(2025, 3, 1), dt.date(2025, 3, 1))])\n"
        "objective_progress(o, today=dt.date(2025, 3, 2), internship_start=dt.date(2025, 2, 1),\n"
        "                   internship_end=dt.date(2025, 4, 1)).to_dict()\n"
        "competency_status([CompetencyRating(dt.date(2025, 3, 1), 2, 'tutor')],\n"
        "                  target_level=3).to_dict()\n"
        "attention(open_alerts=1).to_dict()\n"
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


def test_the_progress_package_has_no_django_import_statement():
    for module in (SRC / "balise" / "progress").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import django" not in text, module
        assert "from django" not in text, module
