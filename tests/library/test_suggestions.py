"""Suggestions while drafting: ranked by what is written and by the programme's competencies."""

from __future__ import annotations

import json

import pytest
from tests import factories
from tests.library.conftest import transversal

from balise.assistant import Internship, ObjectiveDraft, check_objective
from balise.competencies.models import Competency, Framework
from balise.library import ranking, selectors, services
from balise.library.models import ObjectiveExample
from balise.library.services import DEMO_FILE


def candidate(text, competencies=(), *, for_programme=True, share=0.0, used=0):
    return ranking.Candidate(
        text=text,
        competencies=frozenset(competencies),
        for_programme=for_programme,
        programme_framework_share=share,
        usage_count=used,
    )


CANDIDATES = [
    candidate("Réaliser un audit de sécurité de l'application web", [5]),
    candidate("Rédiger la documentation technique d'installation", [1]),
    candidate("Réaliser la cartographie du système d'information de l'entreprise", [3]),
    candidate("Animer une démonstration du produit devant les clients", [7], used=40),
]


def test_what_is_written_decides_first():
    ranked = ranking.rank(CANDIDATES, draft_text="Découvrir l'entreprise", limit=2)
    assert [index for index, _ in ranked] == [2]
    ranked = ranking.rank(CANDIDATES, draft_text="documentation d'installation", limit=4)
    assert ranked[0][0] == 1


def test_typos_and_inflections_still_match():
    ranked = ranking.rank(CANDIDATES, draft_text="auditer la securite de l'appli", limit=1)
    assert ranked[0][0] == 0


def test_before_anything_is_written_competencies_then_popularity_decide():
    ranked = ranking.rank(CANDIDATES, draft_text="", chosen_competencies=frozenset({1}), limit=4)
    assert [index for index, _ in ranked][:2] == [1, 3]


def test_the_programmes_own_examples_come_before_the_schools_general_ones():
    general = candidate("Rédiger un guide", for_programme=False)
    own = candidate("Rédiger un guide", for_programme=True, share=1.0)
    ranked = ranking.rank([general, own], draft_text="", limit=2)
    assert [index for index, _ in ranked] == [1, 0]


def test_nothing_to_rank():
    assert ranking.rank([], draft_text="x") == []
    assert ranking.rank(CANDIDATES, draft_text="x", limit=0) == []
    # Nothing in common with any example: the competencies and popularity decide, as before
    # anything is written.
    ranked = ranking.rank(CANDIDATES, draft_text="zzz qqq", limit=3)
    assert ranked[0][0] == 3


def test_suggestions_for_an_agreement_stay_in_its_school_and_programme(
    personas, example, other_school_example
):
    other_program = factories.ProgramFactory(school=personas.school, name="BTS MCO")
    elsewhere = services.example_create(
        by=personas.staff,
        school=personas.school,
        program=other_program,
        title_fr="Rédiger la documentation du rayon",
    )
    general = services.example_create(
        by=personas.staff, school=personas.school, title_fr="Rédiger un rapport d'étonnement"
    )

    found = selectors.suggestions_for(
        personas.agreement, draft_text="Rédiger la documentation", limit=5
    )

    assert example in found and general in found
    assert elsewhere not in found and other_school_example not in found
    assert found[0] == example


def test_suggestions_cost_two_queries(personas, example, django_assert_num_queries):
    agreement, chosen = personas.agreement, frozenset({transversal("T1").pk})
    with django_assert_num_queries(2):
        selectors.suggestions_for(agreement, draft_text="documentation", chosen_competencies=chosen)


# -- the demo library ----------------------------------------------------------------------------

DEMO = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def test_the_demo_library_has_a_dozen_examples_per_programme_in_both_languages():
    by_program = {}
    for item in DEMO["examples"]:
        by_program.setdefault(item["program"], []).append(item)
        for field in ("title", "description", "indicators"):
            assert item[field]["fr"] and item[field]["en"], (item["key"], field)
    assert sorted(len(items) for items in by_program.values()) == [12, 12, 12]


@pytest.mark.parametrize("item", DEMO["examples"], ids=[item["key"] for item in DEMO["examples"]])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_demo_example_is_an_objective_worth_the_name(item, lang):
    draft = ObjectiveDraft(
        title=item["title"][lang],
        description=item["description"][lang],
        indicators=tuple(item["indicators"][lang]),
        competencies=("linked",),
        main=True,
    )
    advice = check_objective(draft, Internship(complete=False))
    assert advice == [], [a.code for a in advice]
    assert item["competencies"]


def test_the_demo_library_loads_into_the_demo_programmes(personas):
    school = personas.school
    for key, slug, codes_ in (
        ("BUT Informatique", "but-informatique", "INFO1 INFO2 INFO3 INFO4 INFO5"),
        (
            "Licence professionnelle Marketing digital",
            "lp-marketing-digital",
            "MKT1 MKT2 MKT3 MKT4 MKT5",
        ),
        ("BTS Management commercial opérationnel", "bts-mco", "MCO1 MCO2 MCO3 MCO4"),
    ):
        framework = Framework.objects.create(school=school, slug=slug, name_fr=slug)
        for code in codes_.split():
            Competency.objects.create(framework=framework, code=code, name_fr=code)
        factories.ProgramFactory(school=school, name=key, framework=framework)

    result = services.library_load_demo(school=school)

    assert len(result.created) == 36
    assert (
        ObjectiveExample.objects.filter(
            school=school, program__name="BTS Management commercial opérationnel"
        ).count()
        == 12
    )
    assert services.library_load_demo(school=school).unchanged == result.created
