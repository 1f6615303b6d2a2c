"""The browser fixtures of every test directory: Playwright driving Debian's Chromium against
a live server. Loaded once from tests/conftest.py (`pytest_plugins`), so the whole run shares
one Chromium, whichever directory its browser tests live in.

Skipped when Chromium is absent, unless BALISE_TEST_BROWSER=required (then they fail).
Never downloads a browser.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BALISE_CHROMIUM", "/usr/bin/chromium"))
# Flags for a closed network and a root sandbox (see docs/development.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("BALISE_TEST_BROWSER") == "required":
            pytest.fail(f"{message} and BALISE_TEST_BROWSER=required", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
