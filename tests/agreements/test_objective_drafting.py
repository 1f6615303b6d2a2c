"""Drafting an objective with the writing assistant: live advice, library suggestions, filling
the form from an example or a rewrite, usage counts, and exactly one main objective."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from balise.agreements import services
from balise.agreements.models import AgreementStatus, ObjectiveKind
from balise.competencies.models import Competency
from balise.library import services as library_services
from tests import factories

WRITERS = ["intern", "tutor", "referent", "staff"]
OUTSIDERS = ["other_intern", "other_tutor", "other_staff"]
EVERYONE = [*WRITERS, "signatory", *OUTSIDERS]


def expected(persona, ok):
    if persona in OUTSIDERS:
        return 404
    return ok if persona in WRITERS else 403


def transversal(code):
    return Competency.objects.get(framework__is_default_transversal=True, code=code)


@pytest.fixture
def example(personas):
    """A library example of Léa's school, for every programme."""
    return library_services.example_create(
        by=personas.staff,
        school=personas.school,
        title_fr="Réaliser la cartographie du système d'information de l'entreprise",
        title_en="Map the company's information system",
        description_fr="Recenser les applications et les flux de l'entreprise.",
        indicators_fr="Cartographie validée par le responsable informatique\nSynthèse de 10 pages",
        indicators_en="Map approved by the IT manager",
        competencies=[transversal("T1"), transversal("T4")],
        typical_weeks=3,
        typical_hours=60,
    )


@pytest.fixture
def other_example(personas):
    """An example of another school: never offered to Léa."""
    other_school = factories.SchoolFactory(slug="rennes")
    return library_services.example_create(
        by=personas.other_staff,
        school=other_school,
        title_fr="Réaliser un inventaire de l'entreprise",
    )


def advice_data(**fields):
    data = {"drafting_prefix": "new", "drafting_objective": "", "new-kind": "specific"}
    return data | {f"new-{name}": value for name, value in fields.items()}


def codes(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-code="([a-z_.]+)"', html))


# -- live advice ---------------------------------------------------------------------------------


def test_a_vague_objective_gets_advice_and_suggestions_as_it_is_typed(
    personas, client, example, other_example
):
    client.force_login(personas.intern)
    url = reverse("agreements:objective_advice", args=[personas.agreement.pk])

    response = client.post(url, advice_data(title="Découvrir l'entreprise"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "objectives.vague_verb" in codes(page)
    assert "Réaliser une synthèse écrite de l&#x27;entreprise" in page
    assert f'data-example="{example.pk}"' in page
    assert f'data-example="{other_example.pk}"' not in page


def test_nothing_is_said_before_the_title_is_written(personas, client):
    client.force_login(personas.intern)
    url = reverse("agreements:objective_advice", args=[personas.agreement.pk])
    page = client.post(url, advice_data(title="")).content.decode()
    assert codes(page) == set()


def test_a_smart_objective_gets_no_advice(personas, client):
    factories.ObjectiveFactory(agreement=personas.agreement, kind=ObjectiveKind.MAIN)
    client.force_login(personas.tutor)
    url = reverse("agreements:objective_advice", args=[personas.agreement.pk])
    data = advice_data(
        title="Rédiger le guide d'installation de l'application",
        indicators="Guide publié sur le wiki",
        target_date="2026-06-15",
        competencies=str(transversal("T1").pk),
    )
    page = client.post(url, data).content.decode()
    assert codes(page) == set()
    assert "advice-clear" in page


def test_the_set_is_checked_with_the_draft(personas, client):
    # No main objective yet, and the new one is specific: the assistant says so.
    client.force_login(personas.intern)
    url = reverse("agreements:objective_advice", args=[personas.agreement.pk])
    page = client.post(url, advice_data(title="Concevoir l'API")).content.decode()
    assert "objectives.no_main" in codes(page)
    data = advice_data(title="Concevoir l'API") | {"new-kind": "main"}
    assert "objectives.no_main" not in codes(client.post(url, data).content.decode())


def test_editing_an_objective_is_advised_without_counting_it_twice(personas, client):
    objective = factories.ObjectiveFactory(
        agreement=personas.agreement, kind=ObjectiveKind.MAIN, title="Découvrir l'entreprise"
    )
    client.force_login(personas.intern)
    page = client.get(reverse("agreements:objective_edit", args=[objective.pk])).content.decode()
    assert "objectives.vague_verb" in codes(page)
    url = reverse("agreements:objective_advice", args=[personas.agreement.pk])
    data = {
        "drafting_prefix": "",
        "drafting_objective": str(objective.pk),
        "kind": "main",
        "title": "Concevoir l'API",
    }
    page = client.post(url, data).content.decode()
    # The edited objective is the only main one: no "several main objectives".
    assert "objectives.several_main" not in codes(page)
    assert "objectives.vague_verb" not in codes(page)


def test_an_objective_of_another_agreement_cannot_be_named(personas, client):
    elsewhere = factories.ObjectiveFactory()
    client.force_login(personas.intern)
    url = reverse("agreements:objective_advice", args=[personas.agreement.pk])
    response = client.post(url, {"drafting_objective": str(elsewhere.pk), "title": "x"})
    assert response.status_code == 404
    assert client.post(url, {"drafting_objective": "evil"}).status_code == 404


# -- filling the form ----------------------------------------------------------------------------


def test_picking_an_example_fills_the_form(personas, client, example):
    client.force_login(personas.intern)
    url = reverse("agreements:objective_fill", args=[personas.agreement.pk])

    response = client.post(
        url, advice_data(title="Découvrir l'entreprise", weight="3") | {"example": example.pk}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Réaliser la cartographie du système d&#x27;information' in page
    assert "Cartographie validée par le responsable informatique" in page
    # Three weeks after the start (13 April 2026), on a Friday.
    assert 'value="2026-05-01"' in page
    assert f'name="new-library_example" value="{example.pk}"' in page
    assert f'value="{transversal("T1").pk}"' in page and "checked" in page
    # What she had typed elsewhere stays.
    assert 'name="new-weight" value="3"' in page
    # The advice is refreshed out of band for the filled form.
    assert 'hx-swap-oob="innerHTML"' in page
    assert "objectives.vague_verb" not in codes(page)


def test_the_example_shows_in_the_language_of_the_page(personas, client, example):
    client.force_login(personas.intern)
    client.cookies["django_language"] = "en"
    url = reverse("agreements:objective_fill", args=[personas.agreement.pk])
    page = client.post(
        url, advice_data(title="x") | {"example": example.pk}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Map the company&#x27;s information system" in page


def test_an_example_of_another_school_cannot_be_picked(personas, client, other_example):
    client.force_login(personas.intern)
    url = reverse("agreements:objective_fill", args=[personas.agreement.pk])
    assert (
        client.post(url, advice_data(title="x") | {"example": other_example.pk}).status_code == 404
    )


def test_a_rewrite_replaces_the_title_or_the_first_indicator(personas, client):
    client.force_login(personas.intern)
    url = reverse("agreements:objective_fill", args=[personas.agreement.pk])
    data = advice_data(title="Découvrir l'entreprise", indicators="Bonne compréhension\nAutre")
    page = client.post(
        url, data | {"use_field": "title", "use_value": "Réaliser une synthèse écrite"}
    ).content.decode()
    assert 'value="Réaliser une synthèse écrite"' in page

    page = client.post(
        url, data | {"use_field": "indicators", "use_value": "Synthèse validée"}
    ).content.decode()
    assert "Synthèse validée\nAutre</textarea>" in page
    assert 'value="Découvrir l&#x27;entreprise"' in page

    # Only the title and the indicators can be rewritten this way.
    page = client.post(url, data | {"use_field": "kind", "use_value": "main"}).content.decode()
    assert '<option value="specific" selected>' in page


def test_saving_an_objective_from_an_example_counts_its_use(personas, client, example):
    client.force_login(personas.intern)
    url = reverse("agreements:objective_create", args=[personas.agreement.pk])
    data = advice_data(
        kind="main",
        title="Réaliser la cartographie du SI",
        weight="1",
        competencies=str(transversal("T1").pk),
        library_example=str(example.pk),
    )
    assert client.post(url, data).status_code == 302
    example.refresh_from_db()
    assert example.usage_count == 1

    # A refused objective (a second main one) counts nothing.
    assert client.post(url, data).status_code == 400
    example.refresh_from_db()
    assert example.usage_count == 1


def test_editing_from_an_example_counts_its_use(personas, client, example):
    objective = factories.ObjectiveFactory(agreement=personas.agreement)
    client.force_login(personas.tutor)
    data = {
        "kind": "specific",
        "title": "Réaliser la cartographie du SI",
        "weight": "1",
        "library_example": str(example.pk),
    }
    response = client.post(reverse("agreements:objective_edit", args=[objective.pk]), data)
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.usage_count == 1


# -- every view, every persona -------------------------------------------------------------------


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", ["objective_advice", "objective_fill"])
def test_drafting_views_per_persona(personas, client, example, persona, name):
    client.force_login(personas.by_name(persona))
    url = reverse(f"agreements:{name}", args=[personas.agreement.pk])
    response = client.post(url, advice_data(title="Découvrir l'entreprise"))
    assert response.status_code == expected(persona, 200)


@pytest.mark.parametrize("name", ["objective_advice", "objective_fill"])
def test_drafting_views_anonymous_wrong_method_and_closed_agreements(personas, client, name):
    url = reverse(f"agreements:{name}", args=[personas.agreement.pk])
    assert "/accounts/login/" in client.post(url, {})["Location"]
    client.force_login(personas.intern)
    assert client.get(url).status_code == 405
    personas.agreement.status = AgreementStatus.SIGNED
    personas.agreement.save()
    assert client.post(url, advice_data(title="x")).status_code == 403


# -- the agreement page and the main objective ---------------------------------------------------


def test_the_agreement_page_leads_with_the_main_objective_and_shows_advice(personas, client):
    specific = factories.ObjectiveFactory(
        agreement=personas.agreement, title="Découvrir l'entreprise", position=1
    )
    client.force_login(personas.referent)
    page = client.get(reverse("agreements:detail", args=[personas.agreement.pk])).content.decode()
    assert "objectives.no_main" in codes(page)
    assert "objectives.vague_verb" in codes(page)

    main = factories.ObjectiveFactory(
        agreement=personas.agreement,
        kind=ObjectiveKind.MAIN,
        title="Livrer le nouveau portail client",
        position=5,
    )
    page = client.get(reverse("agreements:detail", args=[personas.agreement.pk])).content.decode()
    assert "objectives.no_main" not in codes(page)
    assert page.index(f'id="objective-{main.pk}"') < page.index(f'id="objective-{specific.pk}"')


def test_the_new_objective_form_proposes_main_until_there_is_one(personas, client):
    client.force_login(personas.intern)
    url = reverse("agreements:detail", args=[personas.agreement.pk])
    assert '<option value="main" selected>' in client.get(url).content.decode()
    factories.ObjectiveFactory(agreement=personas.agreement, kind=ObjectiveKind.MAIN)
    assert '<option value="main" selected>' not in client.get(url).content.decode()


def test_no_signatures_nor_validation_without_a_main_objective(personas, negotiation):
    main = negotiation.objectives.get(kind=ObjectiveKind.MAIN)
    main.kind = ObjectiveKind.SPECIFIC
    main.save()
    problems = services.signature_blockers(negotiation)
    assert any("main objective" in p or "objectif principal" in p for p in problems)
    for person in (personas.intern, personas.tutor, personas.referent, personas.staff):
        services.objectives_agree(agreement=negotiation, by=person)
    with pytest.raises(ValidationError) as refused:
        services.agreement_validate(agreement=negotiation, by=personas.referent, kind="pedagogical")
    assert refused.value.code == "no_main"


def test_making_an_objective_main_moves_it_first_and_the_main_one_never_moves(personas):
    agreement = personas.agreement
    first = services.objective_create(agreement=agreement, by=personas.intern, title="Premier")
    second = services.objective_create(agreement=agreement, by=personas.intern, title="Second")
    services.objective_update(objective=second, by=personas.intern, kind=ObjectiveKind.MAIN)
    titles = lambda: [o.title for o in agreement.objectives.all()]  # noqa: E731
    assert titles() == ["Second", "Premier"]
    services.objective_move(objective=first, by=personas.intern, direction="up")
    assert titles() == ["Second", "Premier"]
    services.objective_move(objective=second, by=personas.intern, direction="down")
    assert titles() == ["Second", "Premier"]


def test_planned_hours_are_typed_the_french_way_and_checked(personas, client):
    factories.ObjectiveFactory(agreement=personas.agreement, kind=ObjectiveKind.MAIN)
    client.force_login(personas.intern)
    url = reverse("agreements:objective_create", args=[personas.agreement.pk])
    data = advice_data(title="Rédiger le guide", weight="1", planned_hours="12,5")
    assert client.post(url, data).status_code == 302
    assert personas.agreement.objectives.get(title="Rédiger le guide").planned_hours == 12.5

    advice = reverse("agreements:objective_advice", args=[personas.agreement.pk])
    page = client.post(advice, advice_data(title="Rédiger le guide", planned_hours="900")).content
    assert "objectives.hours_exceed_presence" in codes(page.decode())


@pytest.mark.parametrize("objectives", [1, 10])
def test_the_advice_costs_the_same_whatever_the_objectives(
    personas, client, example, django_assert_max_num_queries, objectives
):
    for _ in range(objectives):
        factories.ObjectiveFactory(agreement=personas.agreement, competencies=[transversal("T1")])
    client.force_login(personas.intern)
    url = reverse("agreements:objective_advice", args=[personas.agreement.pk])
    with django_assert_max_num_queries(12):
        response = client.post(url, advice_data(title="Découvrir l'entreprise"))
    assert response.status_code == 200


def test_target_date_of_an_example_stays_inside_a_short_internship(personas, client, example):
    personas.agreement.end_date = personas.agreement.start_date + dt.timedelta(days=10)
    personas.agreement.save()
    client.force_login(personas.intern)
    url = reverse("agreements:objective_fill", args=[personas.agreement.pk])
    page = client.post(url, advice_data(title="x") | {"example": example.pk}).content.decode()
    assert f'value="{personas.agreement.end_date.isoformat()}"' in page
