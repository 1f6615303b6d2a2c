"""Curating the library: who may, what an example may link to, its key and its use count."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests import factories
from tests.library.conftest import transversal

from balise.competencies.models import Competency, Framework
from balise.library import services
from balise.library.models import ObjectiveExample


def test_staff_creates_an_example_with_a_key_made_from_its_title(personas, example):
    assert example.key == "rediger-la-documentation-technique-dinstallation"
    assert example.created_by == personas.staff
    again = services.example_create(
        by=personas.staff, school=personas.school, title_fr=example.title_fr
    )
    assert again.key == f"{example.key}-2"


@pytest.mark.parametrize("persona", ["intern", "tutor", "referent", "other_staff"])
def test_only_the_schools_staff_curates(personas, example, persona):
    person = personas.by_name(persona)
    with pytest.raises(PermissionDenied):
        services.example_create(by=person, school=personas.school, title_fr="Rédiger un guide")
    with pytest.raises(PermissionDenied):
        services.example_update(example=example, by=person, title_fr="Autre")
    with pytest.raises(PermissionDenied):
        services.example_delete(example=example, by=person)
    assert ObjectiveExample.objects.filter(pk=example.pk, title_fr=example.title_fr).exists()


def test_an_example_needs_a_title_in_one_language(personas):
    with pytest.raises(ValidationError):
        services.example_create(by=personas.staff, school=personas.school, title_fr="  ")
    english = services.example_create(
        by=personas.staff, school=personas.school, title_en="Write a guide"
    )
    assert english.title == "Write a guide"


def test_links_stay_in_the_school(personas):
    other_program = factories.ProgramFactory()
    with pytest.raises(ValidationError):
        services.example_create(
            by=personas.staff, school=personas.school, program=other_program, title_fr="Rédiger"
        )
    foreign = Framework.objects.create(school=other_program.school, slug="ailleurs", name_fr="A")
    competency = Competency.objects.create(framework=foreign, code="A1", name_fr="Ailleurs")
    with pytest.raises(ValidationError):
        services.example_create(
            by=personas.staff, school=personas.school, competencies=[competency], title_fr="R"
        )


def test_update_and_delete(personas, example):
    services.example_update(
        example=example, by=personas.staff, title_en="", competencies=[transversal("T2")]
    )
    example.refresh_from_db()
    assert example.title_en == ""
    assert [c.code for c in example.competencies.all()] == ["T2"]
    services.example_delete(example=example, by=personas.staff)
    assert not ObjectiveExample.objects.filter(pk=example.pk).exists()


def test_use_is_counted(example):
    services.example_record_use(example=example)
    services.example_record_use(example=example)
    example.refresh_from_db()
    assert example.usage_count == 2


def test_the_example_is_shown_in_one_language_as_a_whole(example):
    assert example.text("title", "en") == "Write the technical installation guide"
    assert example.indicator_list("en") == ["Guide published on the wiki"]
    assert example.indicator_list("fr") == [
        "Guide publié sur le wiki",
        "Installation réussie par un collègue",
    ]
    example.title_en = ""
    # Without an English title, the English reader sees the French example, not a mix.
    assert example.language_of("en") == "fr"
    assert example.text("description", "en") == "Pour l'équipe d'exploitation."
