"""The whole path of an agreement, played in a browser by its five parties.

The intern drafts two objectives; the tutor, through the magic link of his invitation,
proposes a change; the intern accepts it; everyone agrees; the referent and the office
validate; the five sign; the PDF is downloaded and its hash verified; then an amendment
extends the end date and is signed again.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from balise.accounts.services import person_get_or_invite
from balise.agreements import services
from balise.agreements.models import Agreement, AgreementStatus
from balise.competencies.services import default_transversal_framework
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+/accounts/magic/\?\S+")


@pytest.fixture
def immediate_tasks(settings, live_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BALISE_BASE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def magic_link_for(email):
    links = [LINK.search(m.body) for m in mail.outbox if email in m.to]
    links = [link.group(0) for link in links if link]
    assert links, f"no invitation for {email}"
    return links[-1]


def test_five_parties_negotiate_sign_verify_and_amend(
    browser, live_server, personas, immediate_tasks, django_db_serialized_rollback, tmp_path
):
    start = timezone.localdate() + dt.timedelta(days=40)
    tutor = person_get_or_invite(
        email="nina.lopez@exemple-entreprise.fr", first_name="Nina", last_name="Lopez"
    )
    signatory = person_get_or_invite(
        email="rh@exemple-entreprise.fr", first_name="Claire", last_name="Robin"
    )
    agreement = services.agreement_create(
        by=personas.intern,
        intern=personas.intern,
        program=personas.program,
        host=factories.HostFactory(name="Exemple Entreprise"),
        title="Application mobile",
        start_date=start,
        end_date=start + dt.timedelta(weeks=16),
        weekly_hours=Decimal("35"),
        gratification_hourly_rate=Decimal("4.50"),
        tutor=tutor,
        referent=personas.referent,
        signatory=signatory,
    )
    factories.MissionFactory(agreement=agreement, description="Développer l'écran de paiement")
    # The framework comes back if an earlier browser test's flush removed it.
    competency = default_transversal_framework().competencies.first()

    def open_as(person):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        context.set_default_timeout(10_000)
        page = context.new_page()
        if person.has_usable_password():
            page.goto("/accounts/login/")
            page.locator("#id_username").fill(person.email)
            page.locator("#id_password").fill(PASSWORD)
            page.locator("button.primary").click()
            page.wait_for_url("**/")
        else:
            page.goto(magic_link_for(person.email))
        page.goto(f"/agreements/{agreement.pk}/")
        return page

    # The intern drafts two objectives and opens the negotiation.
    intern = open_as(personas.intern)
    for kind, title in (
        ("main", "Concevoir l'écran de paiement"),
        ("specific", "Automatiser les tests"),
    ):
        if not intern.locator("#id_new-title").is_visible():
            intern.locator("#objectives summary", has_text="Ajouter un objectif").click()
        intern.locator("#id_new-kind").select_option(kind)
        intern.locator("#id_new-title").fill(title)
        intern.locator("#id_new-indicators").fill("Livré et validé par le client")
        intern.locator(f"#id_new-competencies input[value='{competency.pk}']").check()
        intern.locator("#objectives button.primary").click()
        expect(intern.locator("#objectives h3", has_text=title)).to_be_visible()
    intern.get_by_role("button", name="Envoyer en négociation").click()
    expect(intern.locator(".status")).to_have_text(re.compile("négociation", re.I))

    # The tutor comes in through the link of his invitation and proposes a change.
    tutor_page = open_as(tutor)
    objective = agreement.objectives.get(kind="main")
    tutor_page.goto(f"/agreements/{agreement.pk}/proposals/new/?objective={objective.pk}")
    tutor_page.locator("#id_title").fill("Concevoir et livrer l'écran de paiement")
    tutor_page.locator("#id_rationale").fill("La livraison fait partie de l'objectif.")
    tutor_page.get_by_role("button", name="Envoyer la proposition").click()
    expect(tutor_page.locator(".proposal")).to_be_visible()

    # The intern accepts it; then the four parties agree.
    intern.reload()
    intern.locator(".proposal").get_by_role("button", name="Accepter").click()
    expect(intern.locator("#objectives h3", has_text="Concevoir et livrer")).to_be_visible()
    referent = open_as(personas.referent)
    staff = open_as(personas.staff)
    for page in (intern, tutor_page, referent, staff):
        page.goto(f"/agreements/{agreement.pk}/")
        page.get_by_role("button", name="Je suis d’accord avec ces objectifs").click()
        expect(page.locator(".messages")).to_be_visible()

    # Validations, in the school's order, then the intern sends it for signature.
    referent.get_by_role("button", name="Valider pédagogiquement les objectifs").click()
    staff.reload()
    staff.get_by_role("button", name="Valider administrativement").click()
    intern.reload()
    intern.get_by_role("button", name="Envoyer pour signature").click()
    expect(intern.locator("#signatures")).to_be_visible()

    # The five sign (the host signatory through the link of her invitation).
    signatory_page = open_as(signatory)

    def sign_all():
        for page in (intern, tutor_page, referent, staff, signatory_page):
            page.goto(f"/agreements/{agreement.pk}/sign/")
            page.locator("#id_read").check()
            page.locator("form button.primary").click()
            expect(page.locator(".messages")).to_contain_text("signature")

    sign_all()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    version = agreement.versions.get()

    # The PDF is downloaded and recognised by the verification page.
    intern.goto(f"/agreements/{agreement.pk}/")
    href = intern.locator("#signatures a", has_text="PDF").first.get_attribute("href")
    response = intern.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "convention.pdf"
    pdf.write_bytes(response.body())
    anonymous = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    anonymous.goto("/documents/verify/")
    anonymous.locator("input[type=file]").set_input_files(str(pdf))
    anonymous.locator("form button.primary").click()
    expect(anonymous.locator("main")).to_contain_text(version.sha256[:16])
    expect(anonymous.locator("main")).to_contain_text("Application mobile")

    # An amendment extends the end date and is signed again.
    new_end = agreement.end_date + dt.timedelta(weeks=2)
    intern.goto(f"/agreements/{agreement.pk}/")
    intern.locator("#amendments summary").click()
    intern.locator("#id_amendment_reason").fill("Le projet est prolongé de deux semaines.")
    intern.get_by_role("button", name="Ouvrir un avenant").click()
    intern.locator("#id_end_date").fill(new_end.isoformat())
    intern.get_by_role("button", name="Enregistrer").click()
    expect(intern.locator("table.diff")).to_contain_text(new_end.isoformat())
    intern.get_by_role("button", name="Envoyer l’avenant pour signature").click()
    sign_all()
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.end_date == new_end
    assert agreement.versions.count() == 2
    assert agreement.amendments.get().status == "signed"
