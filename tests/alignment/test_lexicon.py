"""The curated lexicons: unrelated tasks of any field, programme-level work, neutralisers."""

from __future__ import annotations

import pytest

from balise.alignment.lexicon import Lexicon, strength
from balise.alignment.text import normalise

# A field that none of the cues belongs to.
OFFICE = Lexicon(normalise("Développer une application web de gestion des stocks"))


def _unrelated(text: str, lexicon: Lexicon = OFFICE) -> set[str]:
    return {match.key for match in lexicon.unrelated_matches(normalise(text))}


def _program(text: str, lexicon: Lexicon = OFFICE) -> set[str]:
    return {match.key for match in lexicon.program_matches(normalise(text), text)}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Récupération du costume du directeur au pressing", "personal"),
        ("Garde des enfants de la gérante mercredi après-midi", "personal"),
        ("Lavage de la voiture du patron", "personal"),
        ("Achat du cadeau d'anniversaire de la fille du PDG", "personal"),
        ("Courses chez Metro pour le pot de départ", "errands"),
        ("Commande des plateaux-repas pour le CODIR", "errands"),
        ("Préparation du café et des viennoiseries pour la réunion", "coffee"),
        ("Photocopies des dossiers pour la compta", "copies"),
        ("Impression de 40 exemplaires du rapport annuel", "copies"),
        ("Mise sous pli des invitations et affranchissement", "mailing"),
        ("Dépôt des recommandés à La Poste", "mailing"),
        ("Tenue du standard téléphonique toute la journée", "switchboard"),
        ("Remplacement de la secrétaire à l'accueil", "front_desk"),
        ("Déménagement des bureaux du 2e étage", "moving"),
        ("Montage des meubles de la nouvelle salle", "moving"),
        ("Ménage de la salle de pause, vidage des poubelles", "cleaning"),
        ("Nettoyage du frigo commun", "cleaning"),
        ("Nettoyage de la base vie du chantier", "cleaning"),
        ("Inventaire des fournitures de bureau et commande de ramettes", "supplies"),
        ("Archivage des dossiers du service juridique", "archiving"),
        ("Tri et classement des factures papier dans des classeurs", "archiving"),
        ("Saisie des fiches adhérents du club dans un tableur", "data_entry"),
        ("Renfort entrepôt : préparation des commandes et emballage des colis", "warehouse"),
        ("Mise en rayon et réassort du magasin", "shop"),
        ("Tenue de la caisse au stand du salon", "shop"),
        ("Mardi matin au guichet d'accueil de la mairie", "front_desk"),
        ("Installation de la salle du conseil : tables en U, chaises, micros", "moving"),
        ("Bionettoyage des chambres libérées", "cleaning"),
        ("Chambres de sortie à refaire, l'ASH n'est toujours pas remplacée", "cleaning"),
        ("Nettoyage des toilettes du 2e étage", "cleaning"),
        ("Course à la pharmacie pour la cadre de santé", "errands"),
        ("Récupération du traitement personnel de la cadre", "personal"),
        ("Conduire le directeur à la gare", "driving"),
    ],
)
def test_unrelated_tasks_of_any_field(text, key):
    assert key in _unrelated(text)


@pytest.mark.parametrize(
    "text",
    [
        "Développement de l'écran de gestion des stocks",
        "Nettoyage des données clients avant import",
        "Nettoyage de la base de données des contacts",
        "Réunion avec le responsable du stock sur les besoins",
        "Rédaction de la documentation utilisateur",
        "Standardisation des formats de date",
        "Présentation au comité de pilotage",
        # Care, communication and events wording that looked like chores.
        "Toilettes au lit et réfection des lits avec l'aide-soignante",
        "Séance d'éducation avec Mme L. et sa fille : prise du comprimé",
        "Repérages du tournage à l'arrêt de la gare",
        "Stand d'information sur le nouveau service à la gare routière",
        "Recherche documentaire dans le cadre du projet",
    ],
)
def test_field_work_is_not_marked(text):
    assert _unrelated(text) == set()


def test_the_field_switches_its_own_tasks_off():
    hotel = Lexicon(normalise("Améliorer l'accueil des clients à la réception et le standard"))
    logistics = Lexicon(normalise("Optimiser la préparation de commandes et le picking"))

    assert "switchboard" in _unrelated("Tenue du standard téléphonique")
    assert "switchboard" not in _unrelated("Tenue du standard téléphonique", hotel)
    assert "warehouse" in _unrelated("Renfort préparation de commandes")
    assert "warehouse" not in _unrelated("Renfort préparation de commandes", logistics)
    # Personal errands stay unrelated in every field.
    assert "personal" in _unrelated("Pressing du directeur", hotel)
    assert "personal" in _unrelated("Pressing du directeur", logistics)


def test_daily_life_with_the_people_served_is_not_an_errand():
    assert _unrelated("Courses au supermarché avec deux jeunes pour le repas") == set()
    assert _unrelated("Rangement des chambres avec les résidents") == set()
    assert "errands" in _unrelated("Courses au supermarché pour le repas du directeur")


def test_staff_and_personal_data_are_not_personal_errands():
    assert "personal" not in _unrelated("Photocopies des dossiers du personnel pour les RH")
    assert _unrelated("Sensibilisation à la protection des données personnelles") == set()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Accueil RH, visite des locaux, remise du badge", "onboarding"),
        ("Installation du poste et création des accès", "onboarding"),
        ("Formation interne sécurité incendie", "training"),
        ("Webinaire sur les nouveautés de la loi de finances", "training"),
        ("Veille techno sur PHP 8.3", "training"),
        ("Rédaction du rapport de stage", "internship"),
        ("Bilan de mi-stage avec la tutrice", "internship"),
        ("Réunion d'équipe hebdomadaire", "team"),
        ("Sprint review de l'équipe produit", "team"),
        ("Aide à Karim pour débugger une requête", "helping"),
        ("Coup de main sur la newsletter", "helping"),
        ("Correction d'un bug sur un autre module", "other_project"),
        ("Aide au métreur pour le quantitatif d'un autre appel d'offres", "other_project"),
        ("Quart d'heure sécurité sur les risques de chute", "safety_ritual"),
        ("Staff pluridisciplinaire du mercredi avec le chirurgien", "team"),
    ],
)
def test_programme_level_work(text, key):
    assert key in _program(text)


def test_training_others_is_not_a_course():
    assert "training" not in _program("Formation de deux réceptionnistes au nouvel outil")


def test_strength_grows_with_agreeing_cues_and_stays_in_bounds():
    one = OFFICE.unrelated_matches(normalise("Photocopies pour le secrétariat"))
    two = OFFICE.unrelated_matches(normalise("Photocopies et mise sous pli des courriers"))
    assert 0 < strength(one) < strength(two) <= 1.0
    assert strength([]) == 0.0


def test_a_field_word_switches_a_programme_cue_off():
    tender = Lexicon(normalise("Rédiger le mémoire technique de la réponse à l'appel d'offres"))

    assert "internship" in _program("Rédaction du mémoire de fin d'études")
    assert "internship" not in _program("Rédaction du mémoire technique")
    assert "internship" not in _program("Relecture du mémoire", tender)
    # The other internship cues stay on.
    assert "internship" in _program("Rédaction du rapport de stage", tender)


def test_a_manager_makes_a_family_member_an_errand():
    assert "personal" in _unrelated("Achat du cadeau pour sa fille, à la demande du directeur")
    assert "personal" not in _unrelated("Entretien avec la patiente et sa fille")


def test_a_phrase_the_objectives_use_is_not_programme_work():
    # "Charte" marks onboarding ("signature de la charte informatique") unless writing a
    # charter is an objective.
    editorial = Lexicon(normalise("Rédiger une charte éditoriale pour les réseaux sociaux"))

    assert "onboarding" in _program("Rédaction de la charte éditoriale")
    assert "onboarding" not in _program("Rédaction de la charte éditoriale", editorial)
    # The other onboarding phrases stay on.
    assert "onboarding" in _program("Remise du badge et visite des locaux", editorial)
