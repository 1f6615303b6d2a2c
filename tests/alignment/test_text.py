"""The normaliser: accents, abbreviations, stop words, stems."""

from __future__ import annotations

from balise.alignment.text import fold, indicator_content, normalise, stems


def test_accents_and_ligatures_are_folded():
    assert fold("Réunion d’équipe : Œuvre, Ça") == "reunion d'equipe : oeuvre, ca"


def test_punctuation_becomes_single_spaces():
    assert (
        normalise("Accueil RH : signature / badge...  (J1)")
        == "accueil ressources humaines signature badge j1"
    )


def test_usual_abbreviations_are_written_out():
    assert normalise("Réu PO, maj doc") == "reunion po mise a jour documentation"
    assert normalise("RDV client + dev du back") == "rendez vous client developpement du back"
    assert (
        normalise("TU et relecture de la PR") == "tests unitaires et relecture de la pull request"
    )
    assert normalise("Prépa des cdes, résa salle, compta") == (
        "preparation des commandes reservation salle comptabilite"
    )


def test_stems_drop_stop_words_and_numbers_and_share_roots():
    assert stems("Rédaction de la documentation des 3 routes") == ("redact", "document", "rout")
    assert stems("documentation") == stems("Documenter")[:1] or stems("documentation") == (
        "document",
    )
    assert stems("Développement")[0] == stems("développer")[0]
    assert stems("réunions")[0] == stems("réunion")[0]


def test_empty_and_symbol_only_texts_have_no_stems():
    assert stems("") == ()
    assert stems("— / + 42 !") == ()


def test_folded_participles_share_their_stem():
    # Snowball strips "-ée" only with its accent; folded text keeps "valide", "normalise".
    assert stems("validée")[0] == stems("validé")[0] == stems("validation")[0] == "valid"
    assert stems("normalisées")[0] == stems("normalisation")[0]
    assert stems("préparée")[0] == stems("préparation")[0]


def test_indicator_wording_is_not_content():
    assert indicator_content("Documentation OpenAPI à jour, relue et validée par le tuteur") == (
        "documentation openapi a jour et par le"
    )
    assert indicator_content("Planning recalé chaque semaine") == "planning recale"
    # The work itself stays: presentation, writing, delivery are other words.
    assert indicator_content("Présentation au comité") == "presentation au comite"
