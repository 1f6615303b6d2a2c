"""An objective library for Léa's school (and one for another school)."""

from __future__ import annotations

import pytest
from tests import factories

from balise.competencies.models import Competency
from balise.library import services


def transversal(code):
    return Competency.objects.get(framework__is_default_transversal=True, code=code)


@pytest.fixture
def example(personas):
    return services.example_create(
        by=personas.staff,
        school=personas.school,
        program=personas.program,
        title_fr="Rédiger la documentation technique d'installation",
        title_en="Write the technical installation guide",
        description_fr="Pour l'équipe d'exploitation.",
        indicators_fr="Guide publié sur le wiki\nInstallation réussie par un collègue",
        indicators_en="Guide published on the wiki",
        competencies=[transversal("T1")],
        typical_weeks=3,
        typical_hours=50,
    )


@pytest.fixture
def other_school_example(personas):
    school = factories.SchoolFactory(slug="rennes")
    return services.example_create(
        by=personas.other_staff, school=school, title_fr="Réaliser un audit de sécurité"
    )
