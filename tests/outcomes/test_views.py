"""Every outcomes view for every persona: allowed 200 (or the redirect of a write), outsiders
404, people who read the agreement but not this 403, anonymous to the login page, wrong
method 405."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from balise.outcomes.models import Contact, Payment, PresenceMonth, Recommendation
from tests.outcomes.conftest import PERSONAS, READERS, RECORDERS, SCHOOL_SIDE, expect

INTERN = {"intern"}


def _competency(agreement):
    return agreement.objectives.get(kind="main").competencies.get()


AGREEMENT_VIEWS = [
    ("overview", "get", None, READERS, 200),
    ("presence", "get", None, READERS, 200),
    (
        "presence_record",
        "post",
        {"presence-month": "2025-04-01", "presence-hours": "150", "presence-absence_days": ""},
        RECORDERS,
        302,
    ),
    (
        "payment_record",
        "post",
        {
            "payment-month": "2025-06-01",
            "payment-amount": "20,02",
            "payment-paid_on": "2025-07-15",
        },
        RECORDERS,
        302,
    ),
    ("attestation", "get", None, READERS, 200),
    ("report_docx", "get", None, SCHOOL_SIDE, 200),
    ("report_markdown", "get", None, SCHOOL_SIDE, 200),
    ("defence_docx", "get", None, SCHOOL_SIDE, 200),
    ("defence_markdown", "get", None, SCHOOL_SIDE, 200),
    ("cv", "get", None, SCHOOL_SIDE, 200),
    ("json_resume", "get", None, SCHOOL_SIDE, 200),
    ("contacts", "get", None, INTERN, 200),
    ("contacts", "post", {"name": "Zoé Dupont"}, INTERN, 302),
    ("vcard", "get", None, INTERN, 200),
    ("recommendation_request", "post", {"message": "Pour un master"}, INTERN, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "allowed", "ok"),
    AGREEMENT_VIEWS,
    ids=[f"{v[0]}-{v[1]}" for v in AGREEMENT_VIEWS],
)
def test_agreement_views_per_persona(
    personas, ended, client, persona, name, method, data, allowed, ok
):
    client.force_login(personas.by_name(persona))
    url = reverse(f"outcomes:{name}", args=[ended.pk])
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expect(persona, allowed, ok), persona


@pytest.mark.parametrize("persona", PERSONAS)
def test_badge_per_persona(personas, ended, client, persona):
    client.force_login(personas.by_name(persona))
    url = reverse("outcomes:badge", args=[ended.pk, _competency(ended).pk])
    assert client.get(url).status_code == expect(persona, SCHOOL_SIDE, 200)


def _rows(agreement, personas):
    contact = Contact.objects.create(agreement=agreement, name="Zoé Dupont")
    written = Recommendation.objects.create(
        agreement=agreement,
        tutor=personas.tutor,
        requested_by=personas.intern,
        requested_at=timezone.now(),
        text="Léa a été remarquable.",
        written_at=timezone.now(),
    )
    pending = Recommendation.objects.create(
        agreement=agreement,
        tutor=personas.tutor,
        requested_by=personas.intern,
        requested_at=timezone.now(),
    )
    return {
        "presence": PresenceMonth.objects.filter(agreement=agreement).first(),
        "payment": Payment.objects.filter(agreement=agreement).first(),
        "contact": contact,
        "written": written,
        "pending": pending,
    }


OBJECT_VIEWS = [
    ("presence_delete", "post", "presence", None, RECORDERS, 302),
    ("payment_delete", "post", "payment", None, RECORDERS, 302),
    ("contact_edit", "get", "contact", None, INTERN, 200),
    ("contact_edit", "post", "contact", {"name": "Zoé Martin"}, INTERN, 302),
    ("contact_delete", "post", "contact", None, INTERN, 302),
    ("recommendation_write", "get", "pending", None, {"tutor"}, 200),
    ("recommendation_write", "post", "pending", {"text": "Très bien."}, {"tutor"}, 302),
    ("recommendation_pdf", "get", "written", None, {"intern", "tutor"}, 200),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "row", "data", "allowed", "ok"),
    OBJECT_VIEWS,
    ids=[f"{v[0]}-{v[1]}" for v in OBJECT_VIEWS],
)
def test_object_views_per_persona(
    personas, ended, client, persona, name, method, row, data, allowed, ok
):
    rows = _rows(ended, personas)
    client.force_login(personas.by_name(persona))
    url = reverse(f"outcomes:{name}", args=[rows[row].pk])
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expect(persona, allowed, ok), persona


def test_objects_that_do_not_exist_are_404(personas, ended, client):
    client.force_login(personas.staff)
    for name in ("presence_delete", "payment_delete", "contact_delete"):
        assert client.post(reverse(f"outcomes:{name}", args=[999999])).status_code == 404
    client.force_login(personas.intern)
    assert client.get(reverse("outcomes:recommendation_pdf", args=[999999])).status_code == 404
    assert client.get(reverse("outcomes:overview", args=[999999])).status_code == 404


ANONYMOUS_AND_METHOD = [
    ("overview", "put"),
    ("presence", "post"),
    ("presence_record", "get"),
    ("payment_record", "get"),
    ("attestation", "post"),
    ("report_docx", "post"),
    ("report_markdown", "post"),
    ("defence_docx", "post"),
    ("defence_markdown", "post"),
    ("cv", "post"),
    ("json_resume", "post"),
    ("contacts", "put"),
    ("vcard", "post"),
    ("recommendation_request", "get"),
]


@pytest.mark.parametrize(("name", "wrong"), ANONYMOUS_AND_METHOD)
def test_anonymous_goes_to_login_and_wrong_method_is_405(personas, ended, client, name, wrong):
    url = reverse(f"outcomes:{name}", args=[ended.pk])
    response = client.get(url)
    if response.status_code == 405:  # POST-only views refuse GET before anything else
        response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(personas.intern)
    assert getattr(client, wrong)(url).status_code == 405


def test_presence_and_payments_need_a_started_internship(personas, client):
    """A draft agreement: nothing to record yet, even for the host."""
    client.force_login(personas.tutor)
    agreement = personas.agreement
    assert client.get(reverse("outcomes:presence", args=[agreement.pk])).status_code == 200
    response = client.post(
        reverse("outcomes:presence_record", args=[agreement.pk]),
        {"presence-month": "2026-04-01", "presence-hours": "10"},
    )
    assert response.status_code == 403
    client.force_login(personas.intern)
    response = client.post(reverse("outcomes:recommendation_request", args=[agreement.pk]))
    assert response.status_code == 403


def test_attestation_waits_for_presence(personas, running, client):
    client.force_login(personas.intern)
    assert client.get(reverse("outcomes:attestation", args=[running.pk])).status_code == 404
    page = client.get(reverse("outcomes:overview", args=[running.pk])).content.decode()
    assert reverse("outcomes:attestation", args=[running.pk]) not in page


def test_public_achievement_and_issuer(personas, ended, client):
    competency = _competency(ended)
    response = client.get(reverse("outcomes:achievement", args=[competency.pk]) + "?lang=en")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == ["Achievement"] and body["name"] == "Develop an application"
    assert body["id"].endswith(reverse("outcomes:achievement", args=[competency.pk]))
    issuer = client.get(reverse("outcomes:issuer", args=[ended.school.pk])).json()
    assert issuer["type"] == ["Profile"] and issuer["name"] == "IUT de Lyon"
    assert client.get(reverse("outcomes:achievement", args=[999999])).status_code == 404
    assert client.post(reverse("outcomes:issuer", args=[ended.school.pk])).status_code == 405


@pytest.mark.parametrize("months", [1, 4])
def test_presence_page_query_count_does_not_grow(
    personas, running, client, months, django_assert_max_num_queries
):
    start = running.start_date.replace(day=1)
    for index in range(months):
        month = (start - dt.timedelta(days=31 * index)).replace(day=1)
        PresenceMonth.objects.create(agreement=running, month=month, hours=Decimal("140"))
        Payment.objects.create(
            agreement=running, month=month, amount=Decimal("600"), paid_on=running.start_date
        )
    client.force_login(personas.tutor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("outcomes:presence", args=[running.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_overview_and_contacts_query_counts_do_not_grow(
    personas, ended, client, count, django_assert_max_num_queries
):
    for index in range(count):
        Contact.objects.create(agreement=ended, name=f"Contact {index}")
        Recommendation.objects.create(
            agreement=ended,
            tutor=personas.tutor,
            requested_by=personas.intern,
            requested_at=timezone.now(),
            text="Bien.",
            written_at=timezone.now(),
        )
    client.force_login(personas.intern)
    with django_assert_max_num_queries(24):
        assert client.get(reverse("outcomes:overview", args=[ended.pk])).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("outcomes:contacts", args=[ended.pk])).status_code == 200
