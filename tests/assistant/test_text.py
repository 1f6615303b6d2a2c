"""Reading the words of an objective: language, verbs, figures, rewrites."""

from __future__ import annotations

import datetime as dt

import pytest

from balise.assistant import rewrite, text


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Concevoir l'API de facturation", "fr"),
        ("Découvrir l'entreprise", "fr"),
        ("Rédiger le guide", "fr"),
        ("Design the onboarding flow of the app", "en"),
        ("Discover the company", "en"),
        ("Write a summary", "en"),
    ],
)
def test_language(sentence, lang):
    assert text.language(sentence) == lang


def test_language_falls_back_to_the_default_when_it_cannot_tell():
    assert text.language("API", default="en") == "en"
    assert text.language("", default="fr") == "fr"


@pytest.mark.parametrize(
    "word",
    ["concevoir", "rediger", "etablir", "produire", "mettre", "verifier", "etudier", "ecrire"],
)
def test_french_infinitives(word):
    assert text.is_french_infinitive(word)


@pytest.mark.parametrize(
    "word", ["dossier", "cahier", "newsletter", "loisir", "miroir", "livre", "cadre", "maitre"]
)
def test_french_nouns_with_an_infinitive_ending(word):
    assert not text.is_french_infinitive(word)


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Être capable de concevoir une API", True),
        ("S'approprier les outils", True),
        ("To design the API", True),
        ("Standardize the naming", True),
        ("Le marketing", False),
        ("3 articles", False),
    ],
)
def test_opens_with_verb(sentence, verb):
    assert text.opens_with_verb(text.words(sentence)) is verb


def test_accents_are_folded_and_positions_kept():
    (first, second) = text.tokens("Réunion d’équipe")[:2]
    assert first.folded == "reunion" and first.text == "Réunion"
    assert second.folded == "d"
    assert text.fold("Mise en Œuvre") == "mise en oeuvre"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("le service", "du service"),
        ("les outils", "des outils"),
        ("la démarche", "de la démarche"),
        ("l'entreprise", "de l'entreprise"),
        ("des outils", "d'outils"),
        ("des réunions", "de réunions"),
        ("un projet", "d'un projet"),
        ("ce projet", "de ce projet"),
        ("outils internes", "d'outils internes"),
        ("Numérisia", "de Numérisia"),
    ],
)
def test_french_of(phrase, expected):
    assert rewrite.french_of(phrase) == expected


def test_indicator_rewrite_without_date():
    assert (
        rewrite.indicator("Autonomie.", "fr", None) == "Autonomie : résultat validé par le tuteur"
    )
    assert rewrite.indicator("Autonomy", "en", dt.date(2026, 3, 1)) == (
        "Autonomy: result approved by the tutor by 1 March 2026"
    )
