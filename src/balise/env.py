"""Strict parsing of settings taken from the environment.

A value that cannot be parsed is an error at start-up, never a silent default:
`DEBUG=ture` must not quietly mean "off".
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_email_url(url: str) -> dict[str, object]:
    """Turn `EMAIL_URL` into Django email settings.

    Schemes: `smtp://user:password@host:port` (plain, STARTTLS with `?tls=1`),
    `smtps://...` (implicit TLS), `console:`, `file:///path`, `locmem:`, `dummy:`.
    A `from` query parameter sets DEFAULT_FROM_EMAIL.
    """
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    settings: dict[str, object] = {}
    scheme = parts.scheme.lower()
    if scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL {url!r} names no SMTP host.")
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
        settings["EMAIL_HOST"] = parts.hostname
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"EMAIL_URL {url!r} has an invalid port.") from exc
        settings["EMAIL_PORT"] = port or (465 if scheme == "smtps" else 25)
        settings["EMAIL_HOST_USER"] = unquote(parts.username or "")
        settings["EMAIL_HOST_PASSWORD"] = unquote(parts.password or "")
        settings["EMAIL_USE_SSL"] = scheme == "smtps"
        tls = query.get("tls", "0").lower()
        if tls not in _TRUE | _FALSE:
            raise ImproperlyConfigured(f"EMAIL_URL {url!r}: tls must be a boolean.")
        settings["EMAIL_USE_TLS"] = tls in _TRUE
    elif scheme == "console":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    elif scheme == "file":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        settings["EMAIL_FILE_PATH"] = unquote(parts.path) or "."
    elif scheme == "locmem":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    elif scheme == "dummy":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    else:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not supported "
            "(smtp, smtps, console, file, locmem, dummy)."
        )
    if "from" in query:
        settings["DEFAULT_FROM_EMAIL"] = query["from"]
    return settings
