import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from balise.env import env_bool, env_list, parse_email_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("TRUE", True), ("yes", True), ("off", False), ("0", False), ("", False)],
)
def test_booleans_are_parsed(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_a_bad_boolean_is_an_error_not_false(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_lists(monkeypatch):
    monkeypatch.setenv("HOSTS", "balise.example.org, www.balise.example.org,")
    assert env_list("HOSTS", []) == ["balise.example.org", "www.balise.example.org"]
    assert env_list("UNSET_LIST_FOR_TEST", ["x"]) == ["x"]


def test_email_urls():
    smtp = parse_email_url("smtp://user%40x:p%2Fw@mail.example.org:587?tls=1&from=a@b.fr")
    assert smtp == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "user@x",
        "EMAIL_HOST_PASSWORD": "p/w",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "a@b.fr",
    }
    assert parse_email_url("smtps://mail.example.org")["EMAIL_PORT"] == 465
    assert parse_email_url("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    for bad in ("pigeon://x", "smtp://", "smtp://h?tls=maybe"):
        with pytest.raises(ImproperlyConfigured):
            parse_email_url(bad)


def _import_settings(env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import balise.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = _import_settings({"DEBUG": "false", "BALISE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_local_use_generates_and_keeps_a_secret_key_and_uses_sqlite_wal(tmp_path):
    result = _import_settings({"DEBUG": "true", "BALISE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    assert _import_settings({"DEBUG": "true", "BALISE_DATA_DIR": str(tmp_path)}).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_database_url_selects_postgresql(tmp_path):
    result = _import_settings(
        {
            "DEBUG": "1",
            "BALISE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://u@db.example.org:5432/balise",
        }
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_default_sqlite_database_runs_in_wal_mode(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'balise.settings'; "
        "django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "print(cursor.fetchone()[0])"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"DEBUG": "1", "BALISE_DATA_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    assert (tmp_path / "balise.sqlite3").exists()
