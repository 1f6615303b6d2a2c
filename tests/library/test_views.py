"""The library pages, for every persona: the school's internship office curates, nobody else."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from tests.library.conftest import transversal

from balise.library.models import ObjectiveExample

PERSONAS = [
    "intern",
    "tutor",
    "referent",
    "staff",
    "signatory",
    "other_intern",
    "other_tutor",
    "other_staff",
]


def form_data(personas, **changes):
    data = {
        "program": str(personas.program.pk),
        "title_fr": "Rédiger le cahier des charges de l'intranet",
        "description_fr": "",
        "indicators_fr": "Cahier des charges validé\r\n\r\n  par la direction",
        "title_en": "",
        "description_en": "",
        "indicators_en": "",
        "competencies": [str(transversal("T1").pk)],
        "typical_weeks": "4",
        "typical_hours": "",
        "key": "",
    }
    return data | changes


# (url name, needs the example, method, allowed personas → status)
LIST_VIEWS = [
    ("library:list", "get", 200),
    ("library:create", "get", 200),
    ("library:export", "get", 200),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "ok"), LIST_VIEWS, ids=[v[0] for v in LIST_VIEWS])
def test_library_pages_are_for_staff(personas, client, example, persona, name, method, ok):
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(reverse(name))
    # Staff of another school has a library of their own (empty here).
    expected = ok if persona in {"staff", "other_staff"} else 403
    assert response.status_code == expected


EXAMPLE_VIEWS = [
    ("library:edit", "get", None, 200),
    ("library:edit", "post", "valid", 302),
    ("library:delete", "get", None, 200),
    ("library:delete", "post", {}, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "ok"),
    EXAMPLE_VIEWS,
    ids=[f"{v[0]}-{v[1]}" for v in EXAMPLE_VIEWS],
)
def test_an_example_is_its_schools_staffs_only(
    personas, client, example, persona, name, method, data, ok
):
    client.force_login(personas.by_name(persona))
    if data == "valid":
        data = form_data(personas)
    response = getattr(client, method)(reverse(name, args=[example.pk]), data or {})
    # Nobody else may even learn that the example exists.
    assert response.status_code == (ok if persona == "staff" else 404)


@pytest.mark.parametrize("name", ["library:list", "library:create", "library:export"])
def test_anonymous_and_wrong_method(client, personas, name):
    assert "/accounts/login/" in client.get(reverse(name))["Location"]
    client.force_login(personas.staff)
    assert client.put(reverse(name)).status_code == 405


def test_example_pages_anonymous_and_wrong_method(client, personas, example):
    for name in ("library:edit", "library:delete"):
        url = reverse(name, args=[example.pk])
        assert "/accounts/login/" in client.get(url)["Location"]
        client.force_login(personas.staff)
        assert client.put(url).status_code == 405
        client.logout()


def test_staff_adds_an_example(personas, client):
    client.force_login(personas.staff)
    response = client.post(reverse("library:create"), form_data(personas))
    assert response.status_code == 302
    example = ObjectiveExample.objects.get()
    assert example.school == personas.school
    assert example.indicators_fr == "Cahier des charges validé\npar la direction"
    assert example.key == "rediger-le-cahier-des-charges-de-lintranet"
    assert [c.code for c in example.competencies.all()] == ["T1"]


def test_a_title_is_required_and_what_was_typed_stays(personas, client):
    client.force_login(personas.staff)
    response = client.post(
        reverse("library:create"), form_data(personas, title_fr="", description_fr="Garde-moi")
    )
    assert response.status_code == 200
    assert not ObjectiveExample.objects.exists()
    assert "Garde-moi" in response.content.decode()


def test_staff_cannot_post_another_schools_programme(personas, client):
    from tests import factories

    other = factories.ProgramFactory()
    client.force_login(personas.staff)
    client.post(reverse("library:create"), form_data(personas, program=str(other.pk)))
    assert not ObjectiveExample.objects.exists()


def test_the_list_filters_by_programme_and_text(personas, client, example, other_school_example):
    client.force_login(personas.staff)
    page = client.get(reverse("library:list")).content.decode()
    assert example.title_fr.replace("'", "&#x27;") in page
    assert other_school_example.title_fr not in page
    page = client.get(reverse("library:list"), {"q": "installation"}).content.decode()
    assert f'id="example-{example.pk}"' in page
    page = client.get(reverse("library:list"), {"q": "rien de tel"}).content.decode()
    assert f'id="example-{example.pk}"' not in page
    page = client.get(reverse("library:list"), {"program": "999999"}).content.decode()
    assert f'id="example-{example.pk}"' in page


def test_the_download_is_the_schools_library_as_json(personas, client, example):
    client.force_login(personas.staff)
    response = client.get(reverse("library:export"))
    assert response["Content-Disposition"].startswith('attachment; filename="library-iut-lyon-')
    data = json.loads(response.content)
    assert [e["key"] for e in data["examples"]] == [example.key]
    assert client.get(reverse("library:export"), {"school": "rennes"}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_does_not_grow(personas, client, django_assert_max_num_queries, size):
    from balise.library import services

    for number in range(size):
        services.example_create(
            by=personas.staff,
            school=personas.school,
            program=personas.program if number % 2 else None,
            title_fr=f"Rédiger le guide {number}",
            competencies=[transversal("T1"), transversal("T2")],
        )
    client.force_login(personas.staff)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("library:list")).status_code == 200


def test_the_home_page_leads_staff_to_the_library(personas, client):
    client.force_login(personas.staff)
    assert reverse("library:list") in client.get(reverse("home")).content.decode()
    client.force_login(personas.intern)
    assert reverse("library:list") not in client.get(reverse("home")).content.decode()


def test_staff_of_two_schools_chooses_the_school(personas, client):
    from tests import factories

    second = factories.SchoolFactory(slug="second")
    program = factories.ProgramFactory(school=second, name="Licence pro")
    factories.MembershipFactory(user=personas.staff, school=second, role="staff")
    client.force_login(personas.staff)
    assert 'name="school"' in client.get(reverse("library:create")).content.decode()

    data = form_data(personas, school=str(second.pk), program=str(personas.program.pk))
    client.post(reverse("library:create"), data)
    assert not ObjectiveExample.objects.exists()  # the programme is of the other school

    data = form_data(personas, school=str(second.pk), program=str(program.pk))
    assert client.post(reverse("library:create"), data).status_code == 302
    assert ObjectiveExample.objects.get().school == second
