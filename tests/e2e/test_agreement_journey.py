"""The first journey of the foundation issue, as the demo intern lives it."""

import re

import pytest
from playwright.sync_api import expect

from balise.agreements.models import Agreement
from balise.organizations.models import HostOrganization

pytestmark = pytest.mark.browser

MISSING = '[data-code="gratification.missing"]'


def test_intern_creates_an_agreement_fixes_a_legal_finding(page, demo):
    host = HostOrganization.objects.filter(is_demo=True).order_by("name").first()

    page.goto("/accounts/login/")
    page.get_by_label("Adresse électronique").fill("stagiaire@demo.balise.fr")
    page.get_by_label("Mot de passe").fill("demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mes conventions")).to_be_visible()

    page.get_by_role("link", name="Nouvelle convention").click()
    page.locator("#host-search").fill(host.name[:6])
    page.locator("#host-results").get_by_label(re.compile(re.escape(host.name))).check()
    page.locator("#id_title").fill("Refonte de l'application mobile")
    page.locator("#id_program").select_option(index=1)
    page.locator("#id_start_date").fill("2027-02-01")
    page.locator("#id_end_date").fill("2027-06-25")
    page.locator("#id_weekly_hours").fill("35")
    page.locator("#id_tutor_email").fill("nina.lopez@exemple-entreprise.fr")
    page.locator("#id_tutor_first_name").fill("Nina")
    page.locator("#id_tutor_last_name").fill("Lopez")

    # The law engine answers as she types: five months need a gratification.
    finding = page.locator("#findings-gratification_hourly_rate " + MISSING)
    expect(finding).to_be_visible()
    page.get_by_role("button", name="Créer le brouillon").click()

    expect(page.get_by_role("heading", name="Refonte de l'application mobile")).to_be_visible()
    expect(page.locator("#legal " + MISSING)).to_be_visible()

    for title, indicator in [
        ("Concevoir l'écran de paiement", "Maquettes validées par le client"),
        ("Mettre en place les tests automatisés", "Couverture de tests ≥ 70 %"),
    ]:
        summary = page.locator("#objectives details.add summary").last
        if summary.get_attribute("open") is None and not page.locator("#id_new-title").is_visible():
            summary.click()
        page.locator("#id_new-title").fill(title)
        page.locator("#id_new-indicators").fill(indicator)
        page.locator("#id_new-competencies input[type=checkbox]").first.check()
        page.get_by_role("button", name="Ajouter l’objectif").click()
        expect(page.locator("#objectives h3", has_text=title)).to_be_visible()

    page.get_by_role("link", name="Modifier les conditions").click()
    field_finding = page.locator("#findings-gratification_hourly_rate " + MISSING)
    expect(field_finding).to_be_visible()
    page.locator("#id_gratification_hourly_rate").fill("4.50")
    expect(field_finding).to_have_count(0)
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator("#legal")).to_be_visible()
    expect(page.locator("#legal " + MISSING)).to_have_count(0)
    agreement = Agreement.objects.get(title="Refonte de l'application mobile")
    assert agreement.objectives.count() == 2
    assert str(agreement.gratification_hourly_rate) == "4.50"
