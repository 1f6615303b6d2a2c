"""The public verification page: a hash or a PDF in, which version of which agreement out."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balise.agreements import documents
from balise.agreements.models import Party
from tests.documents.conftest import freeze, sign

URL = "/documents/verify/"


def signature_row(party, name, signature):
    return f'<tr><th scope="row">{party}</th><td>{name}</td><td>{signature}</td></tr>'


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_url():
    assert reverse("documents:verify") == URL


def test_anyone_may_open_the_page(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert b'name="sha256"' in response.content
    assert (
        b'type="file"' in response.content and b'enctype="multipart/form-data"' in response.content
    )


def test_other_methods_are_refused(client, db):
    assert client.put(URL).status_code == 405


def test_a_hash_tells_which_version_and_who_signed(client, version, personas):
    page = english(client).post(URL, {"sha256": version.sha256}).content.decode()
    assert (
        "This is version 1 of the agreement “Développement d&#x27;une API de facturation” "
        "between Léa Martin and Acme SAS" in page
    )
    assert "Every party has signed it; the last signature was on April 10, 2026, 9:20 a.m." in page
    for person in (personas.staff, personas.signatory, personas.intern, personas.tutor):
        assert person.get_full_name() in page
    assert signature_row("Intern", "Léa Martin", "signed on April 10, 2026, 9:10 a.m.") in page
    assert (
        signature_row("Referent teacher", "Anne Roux", "signed on April 10, 2026, 9:20 a.m.")
        in page
    )
    # Nothing more than that: no email address, no IP address, no browser.
    for person in (personas.staff, personas.signatory, personas.intern, personas.tutor):
        assert person.email not in page
    assert "192.0.2.10" not in page
    assert "Firefox" not in page


def test_the_page_speaks_french_by_default(client, version):
    page = client.post(URL, {"sha256": version.sha256}).content.decode()
    assert '<html lang="fr">' in page
    assert "10 avril 2026" in page
    assert "Léa Martin" in page


def test_a_hash_is_accepted_with_spaces_and_capitals(client, version):
    typed = " ".join(version.sha256[i : i + 8].upper() for i in range(0, 64, 8))
    page = english(client).post(URL, {"sha256": typed}).content.decode()
    assert "This is version 1 of the agreement" in page


def test_a_pdf_tells_which_version(client, version):
    upload = SimpleUploadedFile(
        "convention.pdf", documents.version_pdf(version=version), "application/pdf"
    )
    page = english(client).post(URL, {"document": upload}).content.decode()
    assert "This is version 1 of the agreement" in page
    assert version.sha256 in page


def test_an_amendment_pdf_tells_its_version(client, amendment):
    upload = SimpleUploadedFile(
        "avenant.pdf", documents.amendment_pdf(amendment=amendment), "application/pdf"
    )
    page = english(client).post(URL, {"document": upload}).content.decode()
    assert "This is version 2 of the agreement" in page
    assert "It was made by amendment No. 1." in page
    assert "It is not signed by every party yet." in page
    assert signature_row("Tutor", "Paul Durand", "not signed yet") in page
    assert signature_row("Internship office", "IUT de Lyon", "not signed yet") in page


def test_an_unknown_hash_matches_nothing(client, version):
    page = english(client).post(URL, {"sha256": "0" * 64}).content.decode()
    assert "This document matches no agreement known to Balise." in page
    assert "Léa Martin" not in page


def test_a_pdf_not_made_by_balise_matches_nothing(client, db):
    import typst

    upload = SimpleUploadedFile("autre.pdf", typst.compile(b"= Facture", format="pdf"))
    page = english(client).post(URL, {"document": upload}).content.decode()
    assert "This document matches no agreement known to Balise." in page


def test_a_modified_version_matches_nothing(client, version):
    typed = version.sha256[:-1] + ("0" if version.sha256[-1] != "0" else "1")
    page = english(client).post(URL, {"sha256": typed}).content.decode()
    assert "matches no agreement" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"sha256": "not a hash"}, "A fingerprint is 64 characters, digits and letters a to f."),
        ({"sha256": "ab" * 31}, "A fingerprint is 64 characters"),
        ({}, "Enter the fingerprint or choose the PDF file to verify."),
    ],
)
def test_errors_are_shown_on_the_form_with_the_input_kept(client, db, data, error):
    response = english(client).post(URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert "matches no agreement" not in page
    if data:
        assert f'value="{data["sha256"]}"' in page


def test_a_file_that_is_not_a_pdf_is_refused(client, db):
    upload = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 JFIF", "image/jpeg")
    page = english(client).post(URL, {"document": upload}).content.decode()
    assert "This file is not a PDF." in page
    assert "matches no agreement" not in page


def test_a_damaged_pdf_is_refused(client, db):
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n\x00garbage", "application/pdf")
    page = english(client).post(URL, {"document": upload}).content.decode()
    assert "This PDF cannot be read: it may be damaged." in page


def test_a_file_over_the_limit_is_refused(client, db, monkeypatch):
    monkeypatch.setattr(documents, "MAX_PDF_BYTES", 1000)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2000, "application/pdf")
    page = english(client).post(URL, {"document": upload}).content.decode()
    assert "The file is larger than 10 MB" in page


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, db, monkeypatch):
    monkeypatch.setattr(documents, "MAX_PDF_BYTES", 1000)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 200_000, "application/pdf")
    response = english(client).post(URL, {"document": upload})
    assert response.status_code == 413
    assert "The file is larger than 10 MB" in response.content.decode()


def test_the_form_is_protected_against_cross_site_posts(version, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"sha256": version.sha256}).status_code == 403
    client.get(URL)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(URL, {"sha256": version.sha256, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert b"Acme SAS" in response.content


def test_a_hash_and_a_file_together_are_refused(client, version):
    upload = SimpleUploadedFile("c.pdf", documents.version_pdf(version=version))
    page = english(client).post(URL, {"sha256": version.sha256, "document": upload})
    assert "not both" in page.content.decode()


def test_a_signer_without_a_name_is_not_shown_by_email(client, agreement, personas):
    personas.intern.first_name = personas.intern.last_name = ""
    personas.intern.save()
    version = freeze(agreement)
    sign(version, Party.INTERN, personas.intern, dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC))
    page = english(client).post(URL, {"sha256": version.sha256}).content.decode()
    assert "between an intern and Acme SAS" in page
    assert signature_row("Intern", "name not given", "signed on April 10, 2026, 11 a.m.") in page
    assert "lea.martin" not in page


def test_the_page_costs_a_fixed_number_of_queries(client, version, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.post(URL, {"sha256": version.sha256})
