"""In a browser: the tutor records a month of presence and its payment, the intern downloads
her attestation and copies her CV lines with the keyboard."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from balise.outcomes.models import Payment, PresenceMonth
from tests.factories import PASSWORD
from tests.outcomes.conftest import pdf_text

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):  # noqa: F811
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        permissions=["clipboard-read", "clipboard-write"],
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    page.wait_for_url("**/")


def test_presence_to_attestation_and_cv_lines(
    page, personas, ended, tmp_path: Path, django_db_serialized_rollback
):
    PresenceMonth.objects.filter(agreement=ended, month=dt.date(2025, 6, 1)).delete()
    Payment.objects.filter(agreement=ended, month=dt.date(2025, 6, 1)).delete()

    # The tutor records June: its presence, then its payment.
    log_in(page, personas.tutor.email)
    page.goto(f"/outcomes/agreements/{ended.pk}/presence/")
    page.locator("#id_presence-month").select_option("2025-06-01")
    page.locator("#id_presence-hours").fill("133,5")
    page.locator("#record-presence-title ~ form button[type=submit]").click()
    expect(page.locator("#month-2025-06")).to_contain_text("133,5")
    page.locator("#id_payment-month").select_option("2025-06-01")
    page.locator("#id_payment-amount").fill("600,75")
    page.locator("#id_payment-paid_on").fill("2025-07-01")
    page.locator("#record-payment-title ~ form button[type=submit]").click()
    expect(page.locator("#month-2025-06")).to_contain_text("600,75")
    assert Payment.objects.filter(agreement=ended).count() == 4

    # The intern downloads her attestation: its figures are those recorded.
    log_in(page, personas.intern.email)
    page.goto(f"/outcomes/agreements/{ended.pk}/")
    with page.expect_download() as download:
        page.locator(f"a[href^='/outcomes/agreements/{ended.pk}/attestation.pdf']").click()
    target = tmp_path / "attestation.pdf"
    download.value.save_as(target)
    text = pdf_text(target.read_bytes())
    hours = sum(PresenceMonth.objects.filter(agreement=ended).values_list("hours", flat=True))
    paid = sum(Payment.objects.filter(agreement=ended).values_list("amount", flat=True))
    assert (hours, paid) == (Decimal("546.5"), Decimal("2392.25"))
    assert "546,5 heures de présence effective" in text
    assert "Montant total de la gratification versée 2 392,25 €" in text

    # Her CV lines, copied with the keyboard only.
    page.goto(f"/outcomes/agreements/{ended.pk}/cv/?lang=fr")
    page.locator("#cv-achievements").focus()
    page.keyboard.press("Tab")
    button = page.locator("button[data-copy='cv-achievements']")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).not_to_be_empty()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (
        "– Livrer l'API de facturation : API documentée ; Tests automatisés à 80 %\n"
        "– Animer une démonstration client"
    )


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def _violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize(
    ("persona", "pages"),
    [
        ("intern", ["", "presence/", "cv/", "contacts/"]),
        ("tutor", ["", "presence/"]),
    ],
)
def test_outcome_pages_pass_axe_and_fit_a_phone(
    page, personas, ended, persona, pages, django_db_serialized_rollback
):
    from balise.outcomes import services

    services.contact_create(agreement=ended, by=personas.intern, name="Zoé Dupont")
    services.recommendation_request(agreement=ended, by=personas.intern)
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, personas.by_name(persona).email)
    problems = {}
    for suffix in pages:
        url = f"/outcomes/agreements/{ended.pk}/{suffix}"
        page.goto(url)
        found = _violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            found.append(f"page is {overflow}px wider than the screen")
        if found:
            problems[url] = found
    assert problems == {}
