"""The assistant's checks on good and bad objectives, in French and in English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from balise.assistant import (
    ADVICE,
    WARNING,
    Internship,
    ObjectiveDraft,
    check_draft,
    check_objective,
    check_objectives,
    codes,
)

START, END = dt.date(2026, 4, 13), dt.date(2026, 8, 7)
INTERNSHIP = Internship(start_date=START, end_date=END, presence_hours=Decimal(560))


def good(**changes) -> ObjectiveDraft:
    """A SMART objective: action verb and deliverable, a figure, a competency, a date."""
    fields = {
        "title": "Concevoir l'API de facturation",
        "description": "Endpoints REST de création et d'envoi des factures.",
        "indicators": ("API documentée et testée à 80 %",),
        "competencies": ("Développer une application",),
        "target_date": dt.date(2026, 7, 15),
        "planned_hours": Decimal(200),
        "main": True,
    }
    return ObjectiveDraft(**(fields | changes))


def codes_of(advice) -> list[str]:
    return [item.code for item in advice]


def only(advice, code):
    matches = [item for item in advice if item.code == code]
    assert len(matches) == 1, codes_of(advice)
    return matches[0]


# -- good objectives say nothing --------------------------------------------------------------------

GOOD_FRENCH = [
    good(),
    good(
        title="Rédiger le cahier des charges du nouvel intranet",
        indicators=("Cahier des charges validé par la direction",),
    ),
    good(
        title="Réduire de 20 % le délai de traitement des commandes",
        description="",
        indicators=("Délai moyen inférieur à 48 heures",),
    ),
    good(
        title="Animer deux ateliers de prise en main",
        indicators=("Au moins 15 participants par atelier",),
    ),
    good(
        title="Être capable de mettre en place une campagne d'emailing",
        indicators=("Taux d'ouverture supérieur à 25 %",),
    ),
]
GOOD_ENGLISH = [
    good(
        title="Design the onboarding flow of the mobile app",
        description="Screens and copy for the first launch.",
        indicators=("Prototype tested with 5 users",),
    ),
    good(
        title="Write the user guide of the billing module",
        indicators=("Guide published on the intranet",),
    ),
    good(
        title="Reduce the average response time of the support team",
        description="",
        indicators=("Average first answer within 4 hours",),
    ),
    good(title="Set up a weekly sales dashboard", indicators=("Dashboard updated every Monday",)),
]


@pytest.mark.parametrize("objective", GOOD_FRENCH + GOOD_ENGLISH, ids=lambda o: o.title)
def test_a_smart_objective_gets_no_advice(objective):
    assert check_objective(objective, INTERNSHIP) == []
    assert check_draft(objective, [], INTERNSHIP) == []


# -- specific -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "verb", "suggestion"),
    [
        (
            "Découvrir l'entreprise",
            "Découvrir",
            "Réaliser une synthèse écrite de l'entreprise, présentée à l'équipe",
        ),
        (
            "Découvrir le service marketing",
            "Découvrir",
            "Réaliser une synthèse écrite du service marketing, présentée à l'équipe",
        ),
        (
            "Participer au lancement du produit",
            "Participer",
            "Réaliser une partie identifiée du lancement du produit et en livrer le compte rendu",
        ),
        (
            "Aider l'équipe commerciale",
            "Aider",
            "Réaliser pour l'équipe commerciale un livrable identifié (rapport, outil ou "
            "procédure à préciser)",
        ),
        (
            "Assister aux réunions d'équipe",
            "Assister",
            "Réaliser une partie identifiée des réunions d'équipe et en livrer le compte rendu",
        ),
        (
            "Se familiariser avec les outils internes",
            "Se familiariser",
            "Réaliser une synthèse écrite des outils internes, présentée à l'équipe",
        ),
        (
            "Observer le travail des développeurs",
            "Observer",
            "Réaliser une synthèse écrite du travail des développeurs, présentée à l'équipe",
        ),
        (
            "Comprendre comment fonctionne le service",
            "Comprendre",
            "Réaliser une synthèse écrite expliquant comment fonctionne le service, présentée "
            "à l'équipe",
        ),
        ("Apprendre à rédiger des spécifications", "Apprendre", "Rédiger des spécifications"),
    ],
)
def test_french_vague_verbs_are_flagged_with_a_rewrite(title, verb, suggestion):
    advice = only(check_objective(good(title=title), INTERNSHIP), codes.VAGUE_VERB)

    assert advice.severity == WARNING
    assert advice.field == "title"
    assert advice.params["verb"] == verb
    assert advice.suggestion == suggestion
    assert f"« {verb} »" in advice.message("fr")
    assert f"“{verb}”" in advice.message("en")


@pytest.mark.parametrize(
    ("title", "verb", "suggestion"),
    [
        (
            "Discover the company",
            "Discover",
            "Write a summary of the company, presented to the team",
        ),
        (
            "Take part in the product launch",
            "Take part in",
            "Deliver an identified part of the product launch, with a written report",
        ),
        (
            "Help the sales team",
            "Help",
            "Deliver an identified piece of work for the sales team (a report, tool or procedure "
            "to name)",
        ),
        (
            "Assist the project manager",
            "Assist",
            "Deliver an identified piece of work for the project manager (a report, tool or "
            "procedure to name)",
        ),
        ("Learn to write user stories", "Learn", "Write user stories"),
        (
            "Get familiar with the internal tools",
            "Get familiar with",
            "Write a summary of the internal tools, presented to the team",
        ),
    ],
)
def test_english_vague_verbs_are_flagged_with_a_rewrite(title, verb, suggestion):
    advice = only(check_objective(good(title=title), INTERNSHIP), codes.VAGUE_VERB)

    assert advice.params["verb"] == verb
    assert advice.suggestion == suggestion


def test_the_rewrite_of_a_vague_objective_is_itself_specific():
    for title in ["Découvrir le service marketing", "Aider l'équipe", "Take part in the launch"]:
        advice = only(check_objective(good(title=title), INTERNSHIP), codes.VAGUE_VERB)
        rewritten = good(title=advice.suggestion, description="")
        assert check_objective(rewritten, INTERNSHIP) == [], advice.suggestion


def test_a_vague_verb_alone_gets_advice_but_no_rewrite():
    advice = only(check_objective(good(title="Découvrir"), INTERNSHIP), codes.VAGUE_VERB)
    assert advice.suggestion is None


def test_a_vague_word_later_in_the_title_is_not_the_verb():
    objective = good(title="Concevoir un outil pour aider l'équipe à découvrir les clients")
    assert codes.VAGUE_VERB not in codes_of(check_objective(objective, INTERNSHIP))


@pytest.mark.parametrize(
    ("title", "suggestion"),
    [
        ("Mise en place du CRM", "Mettre en place le CRM"),
        ("Rédaction de la documentation technique", "Rédiger la documentation technique"),
        ("Conception de l'application mobile", "Concevoir l'application mobile"),
        ("Development of the billing API", "Develop the billing API"),
        ("Le marketing digital", None),
    ],
)
def test_a_title_without_an_action_verb(title, suggestion):
    advice = only(check_objective(good(title=title), INTERNSHIP), codes.NO_ACTION_VERB)

    assert advice.severity == ADVICE
    assert advice.suggestion == suggestion


@pytest.mark.parametrize(
    "title", ["Travailler sur le projet de l'équipe", "Work on the team's priorities"]
)
def test_an_objective_without_a_deliverable(title):
    objective = good(title=title, description="", indicators=("Au moins 3 retours positifs",))
    advice = only(check_objective(objective, INTERNSHIP), codes.NO_DELIVERABLE)
    assert advice.severity == ADVICE


def test_a_deliverable_named_in_the_indicators_is_enough():
    objective = good(
        title="Former les utilisateurs",
        description="",
        indicators=("Deux sessions de prise en main animées",),
    )
    assert check_objective(objective, INTERNSHIP) == []


# -- measurable -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "indicator",
    [
        "Au moins 3 articles publiés",
        "Couverture de tests ≥ 80 %",
        "Maquettes validées par le client",
        "Aucune vulnérabilité critique ouverte",
        "Tableau tenu à jour chaque semaine",
        "Three articles published",
        "Mock-ups approved by the client",
        "Response time below one second",
    ],
)
def test_measurable_indicators(indicator):
    objective = good(indicators=(indicator,))
    assert not {codes.NO_INDICATOR, codes.VAGUE_INDICATOR} & set(
        codes_of(check_objective(objective, INTERNSHIP))
    )


@pytest.mark.parametrize(
    ("indicators", "lang", "suggestion"),
    [
        (
            ("Bonne compréhension de l'entreprise",),
            "fr",
            "Bonne compréhension de l'entreprise : résultat validé par le tuteur au plus tard "
            "le 15 juillet 2026",
        ),
        (
            ("Good knowledge of the tools", "Autonomy"),
            "en",
            "Good knowledge of the tools: result approved by the tutor by 15 July 2026",
        ),
    ],
)
def test_indicators_without_figure_or_observable_result(indicators, lang, suggestion):
    advice = only(check_objective(good(indicators=indicators), INTERNSHIP), codes.VAGUE_INDICATOR)

    assert advice.severity == ADVICE
    assert advice.field == "indicators"
    assert advice.suggestion == suggestion
    assert advice.params["count"] == len(indicators)
    # The rewrite is measurable itself.
    rewritten = good(indicators=(advice.suggestion,))
    assert codes.VAGUE_INDICATOR not in codes_of(check_objective(rewritten, INTERNSHIP))


def test_no_indicator_at_all():
    advice = only(check_objective(good(indicators=(" ",)), INTERNSHIP), codes.NO_INDICATOR)
    assert advice.severity == WARNING


# -- relevant and time-bound --------------------------------------------------------------------


def test_an_objective_linked_to_no_competency():
    advice = only(check_objective(good(competencies=()), INTERNSHIP), codes.NOT_RELEVANT)
    assert advice.field == "competencies"
    assert "aucune compétence" in advice.message("fr")


def test_competencies_outside_the_programme():
    internship = Internship(
        start_date=START,
        end_date=END,
        programme_competencies=frozenset({"Développer une application", "Communiquer"}),
    )
    assert check_objective(good(competencies=("developper une APPLICATION",)), internship) == []

    advice = only(
        check_objective(good(competencies=("Souder des pièces",)), internship), codes.NOT_RELEVANT
    )
    assert "« Souder des pièces » n'appartient pas" in advice.message("fr")
    assert "“Souder des pièces” is not in its framework" in advice.message("en")


def test_an_objective_without_target_date():
    advice = only(check_objective(good(target_date=None), INTERNSHIP), codes.NO_TARGET_DATE)
    assert advice.severity == ADVICE
    assert "du 13 avril 2026 au 7 août 2026" in advice.message("fr")


@pytest.mark.parametrize(
    ("target", "where"),
    [(dt.date(2026, 4, 1), "avant le début"), (dt.date(2026, 9, 1), "après la fin")],
)
def test_a_target_date_outside_the_internship(target, where):
    advice = only(check_objective(good(target_date=target), INTERNSHIP), codes.TARGET_OUTSIDE)
    assert advice.severity == WARNING
    assert where in advice.message("fr")


def test_the_last_day_of_the_internship_is_inside():
    assert check_objective(good(target_date=END), INTERNSHIP) == []


# -- the set: main objective and achievability --------------------------------------------------


def specific(number: int, **changes) -> ObjectiveDraft:
    return good(**({"title": f"Concevoir le module {number}", "main": False} | changes))


def test_exactly_one_main_objective():
    assert check_objectives([good(), specific(1)], INTERNSHIP) == []

    assert codes_of(check_objectives([specific(1), specific(2)], INTERNSHIP)) == [codes.NO_MAIN]

    advice = check_objectives([good(), good(title="Livrer l'application mobile")], INTERNSHIP)
    assert codes_of(advice) == [codes.SEVERAL_MAIN]
    assert advice[0].params["count"] == 2


def test_more_than_five_specific_objectives():
    objectives = [good(planned_hours=None)] + [specific(n, planned_hours=None) for n in range(6)]
    advice = only(check_objectives(objectives, INTERNSHIP), codes.TOO_MANY)
    assert advice.field == "objectives"
    assert "6 objectifs spécifiques" in advice.message("fr")

    assert check_objectives(objectives[:-1], INTERNSHIP) == []


def test_planned_hours_must_fit_in_the_presence():
    objectives = [good(planned_hours=Decimal(300)), specific(1, planned_hours=Decimal("260.5"))]
    advice = only(check_objectives(objectives, INTERNSHIP), codes.HOURS_EXCEED_PRESENCE)
    assert advice.severity == WARNING
    assert "560,5 heures de travail, plus que les 560 heures" in advice.message("fr")
    assert "560.5 hours of work, more than the internship's 560 hours" in advice.message("en")

    objectives[1] = specific(1, planned_hours=Decimal(260))
    assert check_objectives(objectives, INTERNSHIP) == []


def test_list_fields_are_placed_and_sorted():
    objectives = [good(target_date=None), specific(1, title="Découvrir l'entreprise")]
    advice = check_objectives(objectives, INTERNSHIP)
    assert [(item.code, item.field) for item in advice] == [
        (codes.NO_TARGET_DATE, "objectives[0].target_date"),
        (codes.VAGUE_VERB, "objectives[1].title"),
    ]
    assert advice[1].message("fr").startswith("L'objectif 2 « Découvrir l'entreprise »")
    assert advice[1].message("en").startswith('Objective 2 "Découvrir l\'entreprise"')


def test_a_draft_is_checked_with_the_set_it_joins():
    others = [good(planned_hours=None), *(specific(n, planned_hours=None) for n in range(5))]
    draft = specific(9, title="Découvrir l'entreprise", planned_hours=None)
    advice = check_draft(draft, others, INTERNSHIP)
    assert codes_of(advice) == [codes.VAGUE_VERB, codes.TOO_MANY]
    assert advice[0].field == "title"
    assert advice[0].message("fr").startswith("Cet objectif")
    assert advice[0].message("en").startswith("This objective")


# -- what is unknown is not checked ----------------------------------------------------------------


def test_an_incomplete_draft_checks_only_what_it_says():
    internship = Internship(start_date=START, end_date=END, complete=False)
    bare = ObjectiveDraft(title="Concevoir l'API de facturation")
    assert check_objectives([bare, bare], internship) == []
    assert check_objectives([], INTERNSHIP) == []


def test_a_blank_title_gets_no_title_advice():
    advice = check_objective(good(title="   "), INTERNSHIP)
    assert not any(item.field == "title" for item in advice)


def test_to_dict_has_the_law_findings_shape():
    advice = only(check_objective(good(title="Discover the company"), INTERNSHIP), codes.VAGUE_VERB)
    assert advice.to_dict("en") == {
        "code": "objectives.vague_verb",
        "severity": "warning",
        "field": "title",
        "message": advice.message("en"),
        "suggestion": "Write a summary of the company, presented to the team",
    }
    assert set(check_objective(good(target_date=None), INTERNSHIP)[0].to_dict()) == {
        "code",
        "severity",
        "field",
        "message",
    }
