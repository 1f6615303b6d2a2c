"""Project-wide checks: migrations, translations, the `balise` command."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO

from django.core.management import call_command
from django.utils import translation


def test_no_missing_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_french_is_the_default_and_translated():
    with translation.override("fr"):
        assert translation.gettext("My agreements") == "Mes conventions"
        assert translation.gettext("Legal check") == "Vérification juridique"
    with translation.override("en"):
        assert translation.gettext("My agreements") == "My agreements"


def test_every_french_message_is_translated():
    from pathlib import Path

    import balise

    po = Path(balise.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    entries = po.read_text().split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""' in e and e.rstrip().endswith('msgstr ""')]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []


def _balise(*args, env=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "balise.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def _local_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY"}
    }
    env.update({"DEBUG": "1", "BALISE_DATA_DIR": str(tmp_path)})
    return env


def test_django_check_passes_through_balise_manage(tmp_path):
    result = _balise("manage", "check", env=_local_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_unknown_subcommand_is_one_clear_line(tmp_path):
    result = _balise("frobnicate", env=_local_env(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "invalid choice" in result.stderr


def test_serve_migrates_then_serves(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "balise.cli", "serve", f"127.0.0.1:{port}"],
        env=_local_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as r:
                    assert r.status == 200
                    assert "Se connecter" in r.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()
                assert time.monotonic() < deadline, "the server did not answer in 60 s"
                time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (tmp_path / "balise.sqlite3").exists()
