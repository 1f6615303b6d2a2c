"""The outcomes page and the panel the agreement page includes: each persona sees what
concerns them."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests.outcomes.conftest import OUTSIDERS, PERSONAS

SECTIONS = {
    "presence": "outcomes:presence",
    "report": "outcomes:report_docx",
    "cv": "outcomes:cv",
    "network": "outcomes:contacts",
}
SEES = {
    "intern": {"presence", "report", "cv", "network"},
    "tutor": {"presence"},
    "signatory": {"presence"},
    "referent": {"presence", "report", "cv"},
    "staff": {"presence", "report", "cv"},
}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_persona_sees_its_sections(personas, ended, client, persona):
    client.force_login(personas.by_name(persona))
    page = client.get(reverse("outcomes:overview", args=[ended.pk])).content.decode()
    shown = {name for name, url in SECTIONS.items() if reverse(url, args=[ended.pk]) in page}
    assert shown == SEES[persona]
    assert reverse("outcomes:attestation", args=[ended.pk]) in page
    asks = reverse("outcomes:recommendation_request", args=[ended.pk]) in page
    assert asks is (persona == "intern")


def test_documents_follow_the_intern_language_unless_asked(personas, ended, client):
    personas.intern.language = "en"
    personas.intern.save()
    client.force_login(personas.referent)
    page = client.get(reverse("outcomes:overview", args=[ended.pk])).content.decode()
    assert f"{reverse('outcomes:report_docx', args=[ended.pk])}?lang=en" in page
    page = client.get(reverse("outcomes:overview", args=[ended.pk]) + "?lang=fr").content.decode()
    assert f"{reverse('outcomes:report_docx', args=[ended.pk])}?lang=fr" in page


def _panel(user, agreement):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "outcomes/_agreement_panel.html", {"agreement": agreement, "user": user}, request=request
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_agreement_panel_links_to_the_outcomes(personas, ended, persona):
    html = _panel(personas.by_name(persona), ended)
    link = reverse("outcomes:overview", args=[ended.pk])
    assert (link in html) is (persona not in OUTSIDERS)
    records = reverse("outcomes:presence", args=[ended.pk]) in html
    assert records is (persona in {"tutor", "signatory", "staff"})


def test_the_panel_waits_for_the_internship_to_start(personas):
    assert _panel(personas.intern, personas.agreement).strip() == ""
