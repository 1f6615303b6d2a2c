"""Jargon glosses and the internship's own acronyms: what bridges the logbook's words."""

from __future__ import annotations

from balise.alignment.synonyms import GLOSSARY, Acronyms, enrich
from balise.alignment.text import normalise, stems


def test_jargon_keeps_its_word_and_gains_the_plain_one():
    assert enrich(normalise("Refacto du front")) == "refactorisation du front interface"
    assert "interfac" in stems("Refacto du front en hooks")
    assert "tableau" in stems("MAJ du dashboard") and "bord" in stems("MAJ du dashboard")


def test_the_longest_term_wins():
    # The hotel's front office is its reception, not a web interface.
    assert enrich(normalise("Remplacement au front office")) == (
        "remplacement au front office reception"
    )
    assert enrich(normalise("Check-in des groupes")).startswith("check in enregistrement arrivee")


def test_words_inside_other_words_are_not_glossed():
    assert enrich("frontiere backup calling") == "frontiere backup calling"


def test_glossary_keys_are_normalised_text():
    for key, gloss in GLOSSARY.items():
        assert normalise(key) == key, key
        assert gloss and normalise(gloss) == gloss, key


def test_the_lexicon_still_reads_the_interns_own_words():
    # `normalise` (what the lexicon reads) does not gloss; only the similarity does.
    assert normalise("Call avec le client") == "call avec le client"


def test_an_acronym_is_spelled_out_from_the_objectives():
    acronyms = Acronyms(
        [
            "Concevoir la campagne de lancement du service de transport à la demande",
            "Préparer les OPR : opérations préalables à la réception du bâtiment B",
            "Bon à tirer signé dans les délais",
        ]
    )

    assert acronyms.spelled("TAD") == "transport a la demande"
    assert acronyms.spelled("OPR") == "operations prealables a la reception"
    assert acronyms.spelled("BAT") == "bon a tirer"
    assert acronyms.expand("Relecture du BAT, visuels TAD") == (
        "Relecture du BAT, visuels TAD bon a tirer transport a la demande"
    )


def test_acronyms_the_objectives_do_not_spell_are_left_alone():
    acronyms = Acronyms(["Soins de suite : recueil des besoins", "Emailing de relance des paniers"])

    assert acronyms.spelled("SSR") == ""  # the colon ends the run
    assert acronyms.spelled("ERP") == ""  # small words skipped in two places: a coincidence
    assert acronyms.spelled("PHP") == ""
    assert acronyms.expand("Export ERP et SSR") == "Export ERP et SSR"


def test_an_ambiguous_acronym_is_left_alone():
    acronyms = Acronyms(["Plan de prévention", "Projet pédagogique"])

    assert acronyms.spelled("PDP") == "plan de prevention"
    assert Acronyms(["Plan de prévention", "Prise de poste"]).spelled("PDP") == ""


def test_known_abbreviations_keep_their_usual_meaning():
    # "CEO" is written out by the abbreviations, whatever the objectives' initials.
    assert Acronyms(["Concevoir et optimiser le parcours"]).spelled("CEO") == ""
