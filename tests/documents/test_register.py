"""The host's register of interns (Code du travail, D1221-23-1), as CSV."""

import csv
import datetime as dt
import io

import pytest

from balise.agreements import documents
from balise.agreements.models import AgreementStatus
from tests import factories


def url(host):
    return f"/documents/hosts/{host.pk}/register.csv"


@pytest.fixture
def register(agreement, personas):
    """At the personas' host: their signed agreement (13 April), and others in every state,
    some from another school."""
    host = agreement.host
    other_school_program = factories.ProgramFactory(
        school=factories.SchoolFactory(name="Lycée Ampère", slug="ampere")
    )

    def make(status, start, last_name, program=personas.program, **fields):
        return factories.AgreementFactory(
            host=host,
            program=program,
            status=status,
            start_date=start,
            end_date=start + dt.timedelta(days=60),
            intern=factories.UserFactory(first_name="Jean", last_name=last_name),
            tutor=personas.tutor,
            **fields,
        )

    return {
        "first": make(AgreementStatus.COMPLETED, dt.date(2026, 1, 5), "Arnaud"),
        "same_day_1": make(AgreementStatus.IN_PROGRESS, dt.date(2026, 4, 13), "Bernard"),
        "interrupted": make(
            AgreementStatus.INTERRUPTED,
            dt.date(2026, 2, 2),
            "Caron",
            interrupted_on=dt.date(2026, 2, 20),
        ),
        "other_school": make(
            AgreementStatus.SIGNED, dt.date(2026, 3, 2), "Dubois", program=other_school_program
        ),
        "draft": make(AgreementStatus.DRAFT, dt.date(2026, 3, 9), "Etienne"),
        "awaiting": make(AgreementStatus.AWAITING_SIGNATURES, dt.date(2026, 3, 9), "Faure"),
        "cancelled": make(AgreementStatus.CANCELLED, dt.date(2026, 3, 9), "Garnier"),
        "formula": make(AgreementStatus.ARCHIVED, dt.date(2025, 9, 1), "=HYPERLINK(1)"),
    }


def read_csv(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_the_register_lists_signed_internships_in_order_of_arrival(agreement, register):
    agreements = documents.host_register_agreements(host=agreement.host)
    rows = documents.host_register_rows(host=agreement.host, agreements=agreements)
    assert [row["last_name"] for row in rows] == [
        "=HYPERLINK(1)",
        "Arnaud",
        "Caron",
        "Dubois",
        "Martin",  # 13 April, created before Bernard
        "Bernard",  # 13 April too
    ]
    assert [row["order"] for row in rows] == [1, 2, 3, 4, 5, 6]
    martin = rows[4]
    assert martin["first_name"] == "Léa"
    assert martin["start_date"] == dt.date(2026, 4, 13)
    assert martin["end_date"] == dt.date(2026, 8, 7)
    assert martin["tutor"] == "Paul Durand"
    assert martin["place"] == "Site de Villeurbanne, 3 avenue Einstein"
    assert martin["school"] == "IUT de Lyon"
    # An interrupted internship ends the day it was interrupted; no place: the host's address.
    caron = rows[2]
    assert caron["end_date"] == dt.date(2026, 2, 20)
    assert caron["place"] == "12 rue de la République, 69002 Lyon"


def test_the_csv_is_for_a_french_spreadsheet(agreement, register):
    agreements = documents.host_register_agreements(host=agreement.host)
    text = documents.host_register_csv(host=agreement.host, agreements=agreements)
    rows = read_csv(text)
    assert rows[0] == [
        "Ordre d'arrivée",
        "Nom",
        "Prénom",
        "Date d'entrée",
        "Date de départ",
        "Tuteur",
        "Lieu de présence",
        "Établissement d'enseignement",
        "Formation",
        "Convention",
    ]
    assert rows[5][:8] == [
        "5",
        "Martin",
        "Léa",
        "13/04/2026",
        "07/08/2026",
        "Paul Durand",
        "Site de Villeurbanne, 3 avenue Einstein",
        "IUT de Lyon",
    ]
    assert "\r\n" in text
    # A name that looks like a formula is not run as one.
    assert rows[1][1] == "'=HYPERLINK(1)"


# The register is the host's: its signatory and the school's office; not the tutor, who
# does not sign for the host, nor the school's teachers and interns.
REGISTER_ACCESS = {
    "signatory": 200,
    "staff": 200,
    "intern": 404,
    "tutor": 404,
    "referent": 404,
    "other_intern": 404,
    "other_tutor": 404,
    "other_staff": 404,
}


@pytest.mark.parametrize(("persona", "expected"), REGISTER_ACCESS.items())
def test_who_may_download_the_register(client, agreement, register, personas, persona, expected):
    client.force_login(personas.by_name(persona))
    response = client.get(url(agreement.host))
    assert response.status_code == expected


def test_the_signatory_sees_every_school_the_staff_only_theirs(
    client, agreement, register, personas
):
    client.force_login(personas.signatory)
    response = client.get(url(agreement.host))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="registre-stagiaires-acme-sas.csv"'
    )
    names = [row[1] for row in read_csv(response.content.decode())[1:]]
    assert "Dubois" in names and "Martin" in names and len(names) == 6

    client.force_login(personas.staff)
    names = [row[1] for row in read_csv(client.get(url(agreement.host)).content.decode())[1:]]
    assert "Dubois" not in names and "Martin" in names and len(names) == 5


def test_naming_someone_signatory_of_a_draft_does_not_open_the_register(client, personas, register):
    host = personas.agreement.host
    stranger = factories.UserFactory(email="curieux@example.com")
    factories.AgreementFactory(host=host, signatory=stranger, status=AgreementStatus.DRAFT)
    client.force_login(stranger)
    assert client.get(url(host)).status_code == 404


def test_an_unknown_host_is_404(client, personas):
    client.force_login(personas.staff)
    assert client.get("/documents/hosts/999999/register.csv").status_code == 404


def test_anonymous_is_sent_to_login(client, agreement):
    response = client.get(url(agreement.host))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_wrong_method(client, agreement, personas):
    client.force_login(personas.signatory)
    assert client.post(url(agreement.host)).status_code == 405


def test_the_register_costs_a_fixed_number_of_queries(
    client, agreement, register, personas, django_assert_max_num_queries
):
    client.force_login(personas.signatory)
    with django_assert_max_num_queries(8):
        client.get(url(agreement.host))
