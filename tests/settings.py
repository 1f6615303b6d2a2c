"""Test settings: the real settings module, with test-only switches.

SQLite by default; PostgreSQL when BALISE_TEST_POSTGRES is set (see tests/conftest.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("EMAIL_URL", "locmem:")

from balise.settings import *  # noqa: E402,F403

if os.environ.get("BALISE_TEST_POSTGRES"):
    import dj_database_url  # noqa: E402

    DATABASES = {  # noqa: F811
        "default": dj_database_url.parse(
            os.environ.get(
                "BALISE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/balise_test"
            )
        )
    }
    DATABASES["default"]["TEST"] = {"NAME": DATABASES["default"]["NAME"]}
else:
    DATABASES = {  # noqa: F811
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "TEST": {"NAME": ":memory:"},
        }
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
