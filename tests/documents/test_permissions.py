"""The PDF downloads for every persona: readers → 200, outsiders → 404, anonymous → login,
wrong method → 405."""

import pytest
from django.conf import settings
from django.urls import reverse

from balise.agreements.models import Amendment, AmendmentStatus
from tests.documents.conftest import freeze, pdf_text

READERS = ["intern", "tutor", "referent", "staff", "signatory"]
OUTSIDERS = ["other_intern", "other_tutor", "other_staff"]


@pytest.fixture
def urls(version, amendment):
    return {
        "version": reverse("documents:version_pdf", args=[version.agreement_id, 1]),
        "amendment": reverse("documents:amendment_pdf", args=[amendment.pk]),
    }


def test_the_urls(version, amendment):
    assert reverse("documents:version_pdf", args=[version.agreement_id, 1]) == (
        f"/documents/agreements/{version.agreement_id}/versions/1/pdf/"
    )
    assert reverse("documents:amendment_pdf", args=[amendment.pk]) == (
        f"/documents/amendments/{amendment.pk}/pdf/"
    )


@pytest.mark.parametrize("kind", ["version", "amendment"])
@pytest.mark.parametrize("persona", READERS + OUTSIDERS)
def test_each_persona(client, personas, urls, kind, persona):
    client.force_login(personas.by_name(persona))
    response = client.get(urls[kind])
    if persona in OUTSIDERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF-")


@pytest.mark.parametrize("kind", ["version", "amendment"])
def test_anonymous_is_sent_to_login(client, urls, kind):
    response = client.get(urls[kind])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("kind", ["version", "amendment"])
def test_wrong_method(client, personas, urls, kind):
    client.force_login(personas.intern)
    assert client.post(urls[kind]).status_code == 405


def test_the_pdf_is_in_the_request_language_unless_asked(client, personas, version, urls):
    client.force_login(personas.intern)
    response = client.get(urls["version"])
    assert "CONVENTION DE STAGE" in pdf_text(response.getvalue())
    assert response["Content-Disposition"] == (
        f'inline; filename="convention-de-stage-{version.agreement_id}-v1-lea-martin.pdf"'
    )
    assert response["Content-Language"] == "fr"

    response = client.get(urls["version"], {"lang": "en"})
    assert "INTERNSHIP AGREEMENT" in pdf_text(response.getvalue())
    assert "internship-agreement-" in response["Content-Disposition"]

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "INTERNSHIP AGREEMENT" in pdf_text(client.get(urls["version"]).getvalue())
    response = client.get(urls["amendment"], {"lang": "fr"})
    assert "AVENANT À LA CONVENTION DE STAGE" in pdf_text(response.getvalue())
    assert "avenant-1-convention-" in response["Content-Disposition"]
    # An unknown language falls back to the request's.
    assert "INTERNSHIP AGREEMENT" in pdf_text(
        client.get(urls["version"], {"lang": "xx"}).getvalue()
    )


def test_an_unknown_version_is_404(client, personas, version):
    client.force_login(personas.intern)
    url = reverse("documents:version_pdf", args=[version.agreement_id, 2])
    assert client.get(url).status_code == 404


def test_a_version_of_another_agreement_is_404(client, personas, version):
    """The version number is looked up within the agreement of the URL."""
    other = personas.other_intern.agreements_as_intern.get()
    freeze(other, number=2)
    client.force_login(personas.intern)
    url = reverse("documents:version_pdf", args=[version.agreement_id, 2])
    assert client.get(url).status_code == 404


def test_an_amendment_without_a_version_yet_is_404(client, personas, version):
    amendment = Amendment.objects.create(
        agreement=version.agreement,
        number=1,
        status=AmendmentStatus.DRAFT,
        reason="Prolongation",
        base_version=version,
        created_by=personas.intern,
    )
    client.force_login(personas.intern)
    assert client.get(reverse("documents:amendment_pdf", args=[amendment.pk])).status_code == 404
    client.force_login(personas.other_intern)
    assert client.get(reverse("documents:amendment_pdf", args=[amendment.pk])).status_code == 404


def test_an_unknown_amendment_is_404(client, personas, db):
    client.force_login(personas.intern)
    assert client.get(reverse("documents:amendment_pdf", args=[999999])).status_code == 404


def test_the_download_costs_a_fixed_number_of_queries(
    client, personas, urls, django_assert_max_num_queries
):
    client.force_login(personas.staff)
    with django_assert_max_num_queries(8):
        assert client.get(urls["version"]).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(urls["amendment"]).status_code == 200
