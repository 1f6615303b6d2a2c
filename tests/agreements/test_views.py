import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from balise.agreements.models import Agreement, AgreementStatus, ObjectiveKind
from balise.competencies.models import Competency
from tests import factories


def agreement_form_data(host, program, **overrides):
    data = {
        "title": "Refonte du site vitrine",
        "program": program.pk,
        "host": host.pk,
        "start_date": "2026-04-13",
        "end_date": "2026-08-07",
        "weekly_hours": "35",
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "gratification_hourly_rate": "",
        "leave_provided": "on",
        "prior_hours_same_host_same_year": "0",
        "tutor_email": "marc.petit@acme.example.com",
        "tutor_first_name": "Marc",
        "tutor_last_name": "Petit",
    }
    data.update(overrides)
    return data


def test_home_lists_only_the_persons_agreements(personas, client):
    mine = personas.agreement
    elsewhere = Agreement.objects.exclude(pk=mine.pk).get()
    for persona in ("intern", "tutor", "referent", "staff", "signatory"):
        client.force_login(personas.by_name(persona))
        page = client.get(reverse("home")).content.decode()
        assert escape(mine.title) in page, persona
        assert escape(elsewhere.title) not in page, persona
    client.force_login(personas.other_intern)
    page = client.get(reverse("home")).content.decode()
    assert escape(elsewhere.title) in page and escape(mine.title) not in page


def test_intern_creates_a_draft_and_sees_the_missing_gratification(personas, client):
    host = factories.HostFactory(name="Acme SAS")
    client.force_login(personas.intern)
    response = client.post(
        reverse("agreements:create"), agreement_form_data(host, personas.program)
    )
    agreement = Agreement.objects.get(title="Refonte du site vitrine")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert agreement.intern == personas.intern
    assert agreement.tutor.email == "marc.petit@acme.example.com"
    assert not agreement.tutor.has_usable_password()
    page = client.get(response["Location"]).content.decode()
    assert 'data-code="gratification.missing"' in page
    assert "gratification" in page.lower()


def test_invalid_form_keeps_what_was_typed_and_says_what_is_wrong(personas, client):
    host = factories.HostFactory()
    client.force_login(personas.intern)
    data = agreement_form_data(host, personas.program, end_date="2026-03-01", weekly_hours="abc")
    response = client.post(reverse("agreements:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Agreement.objects.filter(title=data["title"]).exists()
    assert 'value="Refonte du site vitrine"' in page
    assert 'value="marc.petit@acme.example.com"' in page
    assert "La date de fin doit être égale ou postérieure à la date de début." in page


def test_live_check_places_findings_next_to_their_fields(personas, client):
    host = factories.HostFactory()
    client.force_login(personas.intern)
    url = reverse("agreements:check", args=[personas.agreement.pk])
    response = client.post(url, agreement_form_data(host, personas.program))
    page = response.content.decode()
    assert response.status_code == 200
    start = page.index('id="findings-gratification_hourly_rate"')
    slot = page[start : page.index("</div>", start)]
    assert 'hx-swap-oob="true"' in slot and "gratification.missing" in slot
    response = client.post(
        url, agreement_form_data(host, personas.program, gratification_hourly_rate="4.50")
    )
    assert "gratification.missing" not in response.content.decode()


def test_live_check_for_a_new_agreement(personas, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("agreements:check_new"),
        agreement_form_data(factories.HostFactory(), personas.program, weekly_hours="50"),
    )
    page = response.content.decode()
    assert "hours.weekly_max" in page and "objectives.missing" in page


def test_objective_added_with_competencies_and_edited(personas, client):
    client.force_login(personas.tutor)
    competency = Competency.objects.filter(framework__is_default_transversal=True).first()
    url = reverse("agreements:objective_create", args=[personas.agreement.pk])
    response = client.post(
        url,
        {
            "new-kind": ObjectiveKind.MAIN,
            "new-title": "Livrer l'API de facturation",
            "new-indicators": "API documentée\nTests à 80 %",
            "new-weight": "3",
            "new-target_date": "2026-07-31",
            "new-competencies": [competency.pk],
        },
    )
    assert response.status_code == 302
    objective = personas.agreement.objectives.get()
    assert objective.is_main and objective.indicator_list == ["API documentée", "Tests à 80 %"]
    page = client.get(reverse("agreements:detail", args=[personas.agreement.pk])).content
    assert "Livrer l&#x27;API de facturation" in page.decode()
    response = client.post(
        reverse("agreements:objective_edit", args=[objective.pk]),
        {
            "kind": ObjectiveKind.MAIN,
            "title": "Livrer l'API",
            "weight": "3",
            "competencies": [competency.pk],
        },
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Livrer l'API"


def test_objective_form_errors_are_shown_and_kept(personas, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("agreements:objective_create", args=[personas.agreement.pk]),
        {"new-kind": "specific", "new-title": "", "new-description": "Garde", "new-weight": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Garde" in page and "Ce champ est obligatoire." in page


def test_submit_moves_a_valid_draft_to_negotiation(personas, client):
    agreement = personas.agreement
    competency = Competency.objects.filter(framework__is_default_transversal=True).first()
    factories.ObjectiveFactory(agreement=agreement, competencies=[competency])
    factories.MissionFactory(agreement=agreement)
    client.force_login(personas.intern)
    client.post(reverse("agreements:submit", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NEGOTIATION


def test_submit_refuses_a_draft_with_errors_and_says_why(personas, client):
    client.force_login(personas.intern)
    response = client.post(reverse("agreements:submit", args=[personas.agreement.pk]), follow=True)
    personas.agreement.refresh_from_db()
    assert personas.agreement.status == AgreementStatus.DRAFT
    assert "erreur" in response.content.decode()


def test_host_search_by_name_and_siret(personas, client):
    factories.HostFactory(name="Boulangerie Dupont", siret="73282932000074")
    client.force_login(personas.intern)
    by_name = client.get(reverse("organizations:host_search"), {"q": "boulang"})
    by_siret = client.get(reverse("organizations:host_search"), {"q": "732 829"})
    assert "Boulangerie Dupont" in by_name.content.decode()
    assert "Boulangerie Dupont" in by_siret.content.decode()


def test_host_creation_validates_the_siret(personas, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("organizations:host_create"),
        {"name": "Acme", "siret": "73282932000075", "country": "France"},
    )
    assert response.status_code == 200
    assert "SIRET" in response.content.decode()
    response = client.post(
        reverse("organizations:host_create"),
        {
            "name": "Acme",
            "siret": "73282932000074",
            "country": "France",
            "next": reverse("agreements:create"),
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("agreements:create") + "?host=")


def _make_agreements(count, personas):
    competencies = list(Competency.objects.filter(framework__is_default_transversal=True)[:2])
    for index in range(count):
        agreement = factories.AgreementFactory(
            program=personas.program,
            intern=personas.intern,
            tutor=personas.tutor,
            referent=personas.referent,
            start_date=dt.date(2026, 1, 5) + dt.timedelta(days=index),
        )
        objective = factories.ObjectiveFactory(agreement=agreement, competencies=competencies)
        factories.MilestoneFactory(objective=objective)
        factories.MissionFactory(agreement=agreement)


@pytest.mark.parametrize("size", [2, 25])
def test_home_page_query_count_does_not_grow(personas, client, django_assert_max_num_queries, size):
    _make_agreements(size, personas)
    client.force_login(personas.staff)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("objectives", [1, 12])
def test_detail_page_query_count_does_not_grow(
    personas, client, django_assert_max_num_queries, objectives
):
    competencies = list(Competency.objects.filter(framework__is_default_transversal=True)[:3])
    for _ in range(objectives):
        objective = factories.ObjectiveFactory(
            agreement=personas.agreement, competencies=competencies
        )
        factories.MilestoneFactory(objective=objective)
        factories.MilestoneFactory(objective=objective)
    client.force_login(personas.referent)
    # The page gathers the agreement with its check-ins, evaluations and outcomes panels: a
    # fixed number of queries, the same with 1 or 12 objectives.
    with django_assert_max_num_queries(28):
        response = client.get(reverse("agreements:detail", args=[personas.agreement.pk]))
    assert response.status_code == 200


def test_decimals_are_typed_the_french_way(personas, client):
    client.force_login(personas.intern)
    data = agreement_form_data(
        factories.HostFactory(),
        personas.program,
        gratification_hourly_rate="4,75",
        weekly_hours="35,5",
    )
    assert client.post(reverse("agreements:create"), data).status_code == 302
    agreement = Agreement.objects.get(title=data["title"])
    assert str(agreement.gratification_hourly_rate) == "4.75"
    assert str(agreement.weekly_hours) == "35.50"
    page = client.get(reverse("agreements:edit", args=[agreement.pk])).content.decode()
    assert 'value="4,75"' in page
