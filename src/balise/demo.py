"""The demo data behind `balise demo`: one school, its programmes, hosts and agreements.

Everything is written through the services, as a person would through the web pages, so the
demo shows what the application really produces. Names come from Faker (`fr_FR`) with a fixed
seed, and dates are placed around today, so two runs on the same day build the same demo.

Most agreements respect the law (`balise.agreements.checks.agreement_law_report`); two drafts
deliberately do not, so that the checks have something to show.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import holidays
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker
from stdnum import luhn

from balise.accounts.models import SchoolRole, User
from balise.accounts.services import membership_add, person_get_or_invite
from balise.agreements.models import (
    ACTIVE_STATUSES,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    ObjectiveKind,
    Party,
    Signature,
    ValidationKind,
)
from balise.agreements.services import (
    agreement_cancel,
    agreement_create,
    agreement_request_signatures,
    agreement_submit_for_negotiation,
    agreement_validate,
    agreements_advance,
    milestone_create,
    milestone_update,
    mission_create,
    objective_create,
    objectives_agree,
    version_sign,
)
from balise.checkins.demo import demo_checkins
from balise.competencies.services import default_transversal_framework, framework_import
from balise.evaluations.demo import demo_evaluations
from balise.journal.alerts import alerts_compute
from balise.journal.models import PROGRAM
from balise.journal.services import (
    activities_log,
    activity_explain,
    activity_review,
    reflection_save,
)
from balise.law.rates import TUTOR_MAX_INTERNS, minimum_hourly_rate
from balise.library.services import library_load_demo
from balise.organizations.models import HostOrganization, ProgramLevel, School
from balise.organizations.services import host_create, program_create, school_create
from balise.outcomes.demo import demo_outcomes

DEMO_SCHOOL_SLUG = "balise-demo"
DEMO_URL = "http://127.0.0.1:8000/"
FAKER_SEED = 2026
FRAMEWORK_DIR = Path(__file__).resolve().parent / "competencies" / "data"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: str  # in French: the demo is shown to French schools first


DEMO_ACCOUNTS = (
    DemoAccount("stagiaire@demo.balise.fr", "Léa", "Martin", "stagiaire"),
    DemoAccount("tuteur@demo.balise.fr", "Paul", "Durand", "tuteur / maître de stage"),
    DemoAccount("referent@demo.balise.fr", "Julien", "Mercier", "enseignant référent"),
    DemoAccount(
        "gestionnaire@demo.balise.fr", "Nathalie", "Lefèvre", "gestionnaire (service des stages)"
    ),
    DemoAccount(
        "signataire@demo.balise.fr", "Sophie", "Lambert", "signataire (organisme d'accueil)"
    ),
)
INTERN, TUTOR, REFERENT, STAFF, SIGNATORY = (account.email for account in DEMO_ACCOUNTS)


@dataclass(frozen=True)
class DemoResult:
    school: School
    created: bool  # False when the demo was already there and nothing was written
    accounts: tuple[DemoAccount, ...]
    password: str


class DemoRefused(Exception):
    """The database holds data that is not demo data; the demo would mix with it."""


def non_demo_data() -> dict[str, int]:
    """How many schools, people and agreements are not demo data, by French noun (zero counts
    left out)."""
    counts = {
        "établissement": School.objects.filter(is_demo=False).count(),
        "personne": User.objects.filter(is_demo=False).count(),
        "convention": Agreement.objects.filter(is_demo=False).count(),
    }
    return {name: count for name, count in counts.items() if count}


@transaction.atomic
def demo_load(*, force: bool = False) -> DemoResult:
    """Build the demo, or return the one already there.

    Raises `DemoRefused` when the database holds non-demo data, unless `force`.
    """
    password = settings.BALISE_DEMO_PASSWORD
    school = School.objects.filter(slug=DEMO_SCHOOL_SLUG, is_demo=True).first()
    if school is not None:
        return DemoResult(school=school, created=False, accounts=DEMO_ACCOUNTS, password=password)
    found = non_demo_data()
    if found and not force:
        summary = ", ".join(
            f"{count} {noun}{'s' if count > 1 else ''}" for noun, count in found.items()
        )
        raise DemoRefused(
            f"la base contient déjà des données qui ne sont pas de démonstration ({summary}) ; "
            "relancez avec --force pour y ajouter la démo quand même."
        )
    school = _Builder(today=timezone.localdate(), password=password).build()
    return DemoResult(school=school, created=True, accounts=DEMO_ACCOUNTS, password=password)


# The content ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Goal:
    """An objective: `at` places its target date as a fraction of the internship."""

    title: str
    description: str
    indicators: tuple[str, ...]
    competencies: tuple[str, ...]  # codes in the programme's framework or the transversal one
    weight: int = 1
    at: float = 1.0
    milestones: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class _Subject:
    title: str
    main: _Goal
    goals: tuple[_Goal, ...]
    missions: tuple[str, ...]


@dataclass(frozen=True)
class _Program:
    name: str
    framework_file: str
    teaching_hours_per_year: int
    in_person_hours_per_year: int


@dataclass(frozen=True)
class _Host:
    name: str
    siren_base: str  # eight digits; the check digits are computed
    address: str
    postal_code: str
    city: str
    headcount: int
    hourly_rate: Decimal  # what the host pays, raised to the legal minimum if need be
    domain: str  # e-mail domain of its people
    retail_week: bool = False  # open Tuesday to Saturday

    @property
    def siret(self) -> str:
        siren = self.siren_base + luhn.calc_check_digit(self.siren_base)
        establishment = siren + "0001"
        return establishment + luhn.calc_check_digit(establishment)


PROGRAMS = {
    "info": _Program("BUT Informatique", "demo_but_informatique.json", 650, 600),
    "marketing": _Program(
        "Licence professionnelle Marketing digital", "demo_lp_marketing_digital.json", 450, 400
    ),
    "mco": _Program("BTS Management commercial opérationnel", "demo_bts_mco.json", 900, 850),
}

HOSTS = {
    "numerisia": _Host(
        name="Numérisia",
        siren_base="84217395",
        address="27 rue de la Villette",
        postal_code="69003",
        city="Lyon",
        headcount=85,
        hourly_rate=Decimal("6.50"),
        domain="numerisia.demo.balise.fr",
    ),
    "mutuelle": _Host(
        name="Mutuelle Santé Horizon",
        siren_base="77564210",
        address="45 boulevard Vivier-Merle",
        postal_code="69003",
        city="Lyon",
        headcount=320,
        hourly_rate=Decimal("5.20"),
        domain="mutuelle-horizon.demo.balise.fr",
    ),
    "pixel": _Host(
        name="Agence Pixel & Plume",
        siren_base="89031246",
        address="8 rue Mercière",
        postal_code="69002",
        city="Lyon",
        headcount=35,
        hourly_rate=Decimal("4.50"),
        domain="pixel-plume.demo.balise.fr",
    ),
    "sporteo": _Host(
        name="Sportéo Distribution",
        siren_base="51238904",
        address="112 cours Charlemagne",
        postal_code="69002",
        city="Lyon",
        headcount=140,
        hourly_rate=Decimal("4.50"),
        domain="sporteo.demo.balise.fr",
        retail_week=True,
    ),
    "coop": _Host(
        name="Coopérative agricole Val de Saône",
        siren_base="38849127",
        address="310 route de Villefranche",
        postal_code="01090",
        city="Montmerle-sur-Saône",
        headcount=210,
        hourly_rate=Decimal("4.80"),
        domain="valdesaone.demo.balise.fr",
        retail_week=True,
    ),
}

SUBJECTS = {
    "I1": _Subject(
        "Développement d’un module de prise de rendez-vous en ligne",
        _Goal(
            "Concevoir et livrer un module de prise de rendez-vous en ligne utilisé par les "
            "clients",
            "Permettre aux clients de réserver, déplacer et annuler un rendez-vous sans passer "
            "par le standard, avec un module intégré à l’application existante.",
            (
                "Module en production avant la fin du stage",
                "Au moins 50 réservations en ligne pendant les deux dernières semaines",
            ),
            ("INFO1", "T3"),
        ),
        (
            _Goal(
                "Recueillir et formaliser le besoin",
                "Rencontrer le service client et deux utilisateurs pour écrire les récits "
                "utilisateurs et les critères d’acceptation du module.",
                (
                    "Cahier des charges validé par le tuteur",
                    "Entre 8 et 12 récits utilisateurs rédigés avec leurs critères d’acceptation",
                ),
                ("INFO1", "T1"),
                20,
                0.2,
                (
                    ("Ateliers de recueil du besoin terminés", 0.12),
                    ("Cahier des charges validé", 0.2),
                ),
            ),
            _Goal(
                "Développer la réservation et l’annulation de rendez-vous",
                "Écrire les écrans, l’API et le modèle de données du module, avec leurs tests.",
                (
                    "Fonctionnalités déployées en préproduction",
                    "Couverture de tests d’au moins 80 % sur le module",
                ),
                ("INFO1", "INFO4"),
                50,
                0.75,
                (("Première version en préproduction", 0.5), ("Recette utilisateur réussie", 0.75)),
            ),
            _Goal(
                "Documenter et transmettre le module à l’équipe",
                "Laisser à l’équipe de quoi maintenir le module après le stage.",
                (
                    "Documentation technique relue par un développeur de l’équipe",
                    "Présentation de 30 minutes à l’équipe",
                ),
                ("INFO1", "T1"),
                30,
                0.95,
                (("Documentation relue", 0.9),),
            ),
        ),
        (
            "Participer aux rituels agiles de l’équipe (mêlée quotidienne, revue de sprint)",
            "Développer les écrans et l’API de réservation",
            "Écrire les tests automatisés du module",
            "Rédiger la documentation technique et le guide utilisateur",
        ),
    ),
    "I2": _Subject(
        "Conteneurisation et intégration continue des applications internes",
        _Goal(
            "Fiabiliser et accélérer le déploiement des applications internes",
            "Passer de déploiements manuels à une chaîne automatisée, reproductible et supervisée.",
            (
                "Plus aucun déploiement manuel en préproduction",
                "Temps de déploiement divisé par trois",
            ),
            ("INFO3", "T3"),
        ),
        (
            _Goal(
                "Conteneuriser trois applications internes",
                "Écrire les images et la configuration qui permettent de lancer chaque "
                "application à l’identique sur un poste et sur un serveur.",
                (
                    "Trois applications livrées sous forme d’images Docker",
                    "Lancement local en une commande, documenté",
                ),
                ("INFO3", "INFO1"),
                40,
                0.45,
                (
                    ("Première application conteneurisée", 0.25),
                    ("Trois applications conteneurisées", 0.45),
                ),
            ),
            _Goal(
                "Automatiser les tests et le déploiement en préproduction",
                "Une chaîne d’intégration continue qui teste et déploie à chaque fusion.",
                (
                    "Chaîne exécutée à chaque fusion sur la branche principale",
                    "Durée de la chaîne inférieure à 10 minutes",
                ),
                ("INFO3", "T4"),
                40,
                0.8,
                (
                    ("Chaîne de tests en service", 0.6),
                    ("Déploiement automatique en préproduction", 0.8),
                ),
            ),
            _Goal(
                "Mettre en place la supervision des applications",
                "Savoir avant les utilisateurs qu’une application ne répond plus.",
                (
                    "Tableau de bord des erreurs et des temps de réponse en service",
                    "Alerte vérifiée sur un incident simulé",
                ),
                ("INFO3", "T5"),
                20,
                0.95,
            ),
        ),
        (
            "Inventorier les applications internes et leurs dépendances",
            "Écrire les Dockerfile et la configuration de la chaîne d’intégration continue",
            "Configurer la supervision et les alertes",
            "Rédiger les procédures d’exploitation",
        ),
    ),
    "I3": _Subject(
        "Optimisation des performances de l’application de gestion des adhérents",
        _Goal(
            "Réduire les temps de réponse de l’application de gestion des adhérents",
            "Les conseillers attendent plusieurs secondes à chaque recherche d’adhérent ; le "
            "stage vise à mesurer, comprendre et corriger ces lenteurs.",
            ("Temps de réponse médian des pages ciblées sous une seconde",),
            ("INFO2", "T4"),
        ),
        (
            _Goal(
                "Mesurer les performances actuelles",
                "Établir une mesure de référence fiable avant toute optimisation.",
                (
                    "Rapport de mesure des 10 pages les plus consultées",
                    "Scénario de charge reproductible versé au dépôt",
                ),
                ("INFO2", "T4"),
                25,
                0.3,
                (("Scénario de charge écrit", 0.2), ("Rapport de mesure remis", 0.3)),
            ),
            _Goal(
                "Optimiser les requêtes et les index de la base de données",
                "Corriger les causes mesurées : requêtes répétées, index manquants, "
                "traitements inutiles.",
                (
                    "Temps de réponse médian divisé par deux sur les pages ciblées",
                    "Aucune requête de plus de 500 ms en préproduction",
                ),
                ("INFO4", "INFO2"),
                50,
                0.75,
                (("Premières corrections en préproduction", 0.55),),
            ),
            _Goal(
                "Présenter les résultats à l’équipe technique",
                "Partager la démarche et les gains pour que l’équipe la reprenne.",
                (
                    "Présentation avant / après à l’équipe technique",
                    "Recommandations classées par priorité remises au tuteur",
                ),
                ("T1", "T7"),
                25,
                0.95,
            ),
        ),
        (
            "Écrire des scénarios de charge et mesurer les temps de réponse",
            "Analyser les requêtes lentes et proposer des corrections",
            "Corriger le code et les index en suivant la revue de code de l’équipe",
            "Présenter les résultats en réunion technique",
        ),
    ),
    "I4": _Subject(
        "Tableau de bord de suivi de l’activité commerciale",
        _Goal(
            "Mettre à la disposition des responsables d’agence un tableau de bord de leur activité",
            "Remplacer les extractions Excel envoyées chaque lundi par un tableau de bord web "
            "mis à jour chaque nuit.",
            ("Tableau de bord utilisé par tous les responsables d’agence à la fin du stage",),
            ("INFO4", "INFO1"),
        ),
        (
            _Goal(
                "Modéliser les données d’activité",
                "Concevoir le schéma et l’import quotidien des données d’activité.",
                (
                    "Schéma de données validé par le service informatique",
                    "Import quotidien automatisé et surveillé",
                ),
                ("INFO4",),
                35,
                0.4,
                (("Schéma validé", 0.25), ("Import quotidien en service", 0.4)),
            ),
            _Goal(
                "Développer le tableau de bord web",
                "Des indicateurs lisibles, filtrables par agence et par période.",
                (
                    "Tableau de bord ouvert à toutes les agences",
                    "Chargement de la page en moins de 2 secondes",
                ),
                ("INFO1", "INFO2"),
                45,
                0.8,
                (("Maquette validée par deux responsables d’agence", 0.5),),
            ),
            _Goal(
                "Former les utilisateurs",
                "Accompagner la prise en main par les responsables d’agence.",
                (
                    "Deux sessions de prise en main animées",
                    "Satisfaction moyenne d’au moins 4 sur 5 au questionnaire",
                ),
                ("T1", "T2"),
                20,
                0.95,
            ),
        ),
        (
            "Recueillir les besoins des responsables d’agence",
            "Concevoir le schéma de données et l’import quotidien",
            "Développer les pages et les graphiques du tableau de bord",
            "Animer les sessions de prise en main",
        ),
    ),
    "I5": _Subject(
        "Sécurisation de l’authentification de l’extranet partenaires",
        _Goal(
            "Renforcer la sécurité de l’accès à l’extranet partenaires",
            "Réduire le risque de compromission des comptes partenaires, sans dégrader leur "
            "expérience de connexion.",
            ("Aucune vulnérabilité critique ouverte à la fin du stage",),
            ("INFO5", "INFO1"),
        ),
        (
            _Goal(
                "Réaliser un audit de sécurité de l’extranet",
                "Passer en revue l’extranet à partir du Top 10 de l’OWASP.",
                (
                    "Rapport d’audit listant les vulnérabilités classées par gravité",
                    "Plan de correction validé par le responsable sécurité",
                ),
                ("INFO5", "T4"),
                30,
                0.35,
                (("Rapport d’audit remis", 0.35),),
            ),
            _Goal(
                "Mettre en place l’authentification à deux facteurs",
                "Proposer un second facteur (application ou clé) à tous les comptes partenaires.",
                (
                    "Double authentification disponible pour tous les comptes partenaires",
                    "Tests automatisés du parcours de connexion",
                ),
                ("INFO5", "INFO1"),
                45,
                0.8,
                (("Prototype validé par le tuteur", 0.55), ("Mise en production", 0.8)),
            ),
            _Goal(
                "Accompagner les utilisateurs",
                "Expliquer le changement aux partenaires et au support.",
                ("Guide de connexion publié", "Note d’information envoyée aux partenaires"),
                ("T1",),
                25,
                0.95,
            ),
        ),
        (
            "Auditer l’extranet et rédiger le rapport de vulnérabilités",
            "Développer la double authentification",
            "Corriger les vulnérabilités prioritaires",
            "Rédiger le guide de connexion pour les partenaires",
        ),
    ),
    "M1": _Subject(
        "Campagne d’acquisition pour la boutique en ligne",
        _Goal(
            "Augmenter le trafic qualifié de la boutique en ligne",
            "Faire venir sur la boutique des visiteurs qui achètent, par le référencement naturel "
            "et une campagne d’annonces.",
            ("Trafic issu des moteurs de recherche en hausse de 20 % sur la durée du stage",),
            ("MKT3", "MKT1"),
        ),
        (
            _Goal(
                "Réaliser l’audit de référencement naturel du site",
                "Relever ce qui freine le référencement des pages clés et proposer un plan de "
                "correction.",
                ("Audit des 50 pages clés remis", "Plan de correction priorisé validé"),
                ("MKT3", "T4"),
                30,
                0.3,
                (("Audit remis", 0.25),),
            ),
            _Goal(
                "Piloter une campagne d’annonces payantes",
                "Paramétrer, suivre et ajuster une campagne sur les moteurs de recherche.",
                (
                    "Campagne lancée avec un budget de 3 000 €",
                    "Coût par conversion inférieur à 15 €",
                ),
                ("MKT3", "MKT5"),
                45,
                0.75,
                (("Campagne lancée", 0.4), ("Premier bilan intermédiaire", 0.6)),
            ),
            _Goal(
                "Rendre compte des résultats à la direction marketing",
                "Présenter les résultats chiffrés et les suites à donner.",
                ("Bilan chiffré présenté à la direction marketing",),
                ("MKT5", "T1"),
                25,
                0.95,
            ),
        ),
        (
            "Auditer le référencement naturel des pages produits",
            "Paramétrer et suivre les campagnes d’annonces",
            "Rédiger les fiches produits optimisées",
            "Préparer le bilan de la campagne",
        ),
    ),
    "M2": _Subject(
        "Animation des réseaux sociaux de la marque",
        _Goal(
            "Développer l’engagement de la communauté sur les réseaux sociaux",
            "Faire des réseaux sociaux un lieu d’échange avec les clients plutôt qu’un simple "
            "catalogue.",
            ("Taux d’engagement moyen d’au moins 4 % sur la période",),
            ("MKT4", "MKT2"),
        ),
        (
            _Goal(
                "Construire un calendrier éditorial trimestriel",
                "Prévoir les publications du trimestre en lien avec les temps forts commerciaux.",
                (
                    "Calendrier validé par la responsable communication",
                    "Trois publications par semaine planifiées",
                ),
                ("MKT2", "T3"),
                30,
                0.25,
                (("Calendrier validé", 0.25),),
            ),
            _Goal(
                "Produire des vidéos courtes",
                "Tourner et monter des vidéos courtes adaptées à chaque réseau.",
                ("12 vidéos courtes publiées", "Taux d’engagement moyen d’au moins 4 %"),
                ("MKT2", "MKT4"),
                40,
                0.7,
                (("Six premières vidéos publiées", 0.45),),
            ),
            _Goal(
                "Organiser des partenariats avec des créateurs locaux",
                "Repérer, contacter et accompagner des créateurs de contenu de la région.",
                ("Deux partenariats signés", "1 000 nouveaux abonnés sur la période"),
                ("MKT4", "T2"),
                30,
                0.9,
                (("Créateurs sélectionnés", 0.5),),
            ),
        ),
        (
            "Planifier et publier les contenus sur les réseaux sociaux",
            "Tourner et monter des vidéos courtes",
            "Répondre aux commentaires et aux messages privés",
            "Contacter et suivre les créateurs partenaires",
        ),
    ),
    "M3": _Subject(
        "Refonte de la stratégie d’emailing",
        _Goal(
            "Améliorer l’efficacité des campagnes d’emailing",
            "Des messages mieux ciblés, lus et suivis d’effet, plutôt qu’un envoi unique à toute "
            "la base.",
            ("Taux de clic moyen doublé par rapport au trimestre précédent",),
            ("MKT1", "MKT5"),
        ),
        (
            _Goal(
                "Segmenter la base de contacts",
                "Nettoyer la base et définir des segments utiles aux campagnes.",
                ("Cinq segments définis et documentés", "Adresses invalides retirées de la base"),
                ("MKT5", "MKT1"),
                30,
                0.3,
                (("Base nettoyée", 0.15), ("Segments validés", 0.3)),
            ),
            _Goal(
                "Concevoir un programme de lettres d’information",
                "Un modèle réutilisable et un rythme d’envoi par segment.",
                ("Modèle de lettre responsive validé", "Quatre envois réalisés"),
                ("MKT2",),
                40,
                0.7,
                (("Modèle validé", 0.4),),
            ),
            _Goal(
                "Mesurer et optimiser les performances des envois",
                "Tester, mesurer et ajuster objet, contenu et horaire d’envoi.",
                ("Taux d’ouverture d’au moins 25 %", "Deux tests A/B menés et analysés"),
                ("MKT5", "T4"),
                30,
                0.95,
            ),
        ),
        (
            "Nettoyer et segmenter la base de contacts",
            "Rédiger et mettre en forme les lettres d’information",
            "Mener des tests A/B sur les objets des messages",
            "Suivre les statistiques d’envoi dans l’outil d’emailing",
        ),
    ),
    "M4": _Subject(
        "Tableau de bord de performance digitale",
        _Goal(
            "Doter l’équipe marketing d’un tableau de bord de performance digitale",
            "Réunir en un seul endroit les chiffres aujourd’hui dispersés entre cinq outils.",
            ("Tableau de bord consulté chaque semaine par l’équipe marketing",),
            ("MKT5",),
        ),
        (
            _Goal(
                "Définir les indicateurs clés",
                "Choisir avec la direction les indicateurs qui guident les décisions.",
                (
                    "Liste de 10 indicateurs validée avec la direction",
                    "Définition écrite de chaque indicateur",
                ),
                ("MKT1", "MKT5"),
                30,
                0.3,
                (("Atelier avec la direction", 0.2),),
            ),
            _Goal(
                "Paramétrer le suivi des conversions",
                "Mesurer de façon fiable les conversions du site, dans le respect du "
                "consentement des visiteurs.",
                ("Suivi des conversions actif sur le site", "Plan de marquage documenté"),
                ("MKT5", "T4"),
                40,
                0.65,
                (("Plan de marquage validé", 0.45),),
            ),
            _Goal(
                "Produire le reporting mensuel",
                "Publier chaque mois un point commenté des indicateurs.",
                ("Trois reportings mensuels livrés dans les délais",),
                ("MKT5", "T1"),
                30,
                0.95,
            ),
        ),
        (
            "Recenser les sources de données marketing",
            "Paramétrer l’outil d’analyse d’audience et le suivi des conversions",
            "Construire le tableau de bord",
            "Rédiger et présenter le reporting mensuel",
        ),
    ),
    "M5": _Subject(
        "Lancement numérique d’une nouvelle gamme",
        _Goal(
            "Préparer et réussir le lancement en ligne d’une nouvelle gamme de produits",
            "Coordonner les contenus et les actions numériques du lancement, de l’étude de la "
            "concurrence au bilan des ventes.",
            ("Objectif de ventes en ligne du premier mois atteint",),
            ("MKT1", "MKT2"),
        ),
        (
            _Goal(
                "Analyser la concurrence et définir les cibles",
                "Comprendre comment les concurrents communiquent et à qui s’adresse la gamme.",
                ("Étude concurrentielle de 8 marques", "Trois personas validés"),
                ("MKT1", "T4"),
                30,
                0.3,
                (("Étude concurrentielle remise", 0.25),),
            ),
            _Goal(
                "Produire le kit de contenus du lancement",
                "Fiches produits, visuels et page d’atterrissage, prêts à la date de lancement.",
                (
                    "Fiches produits, visuels et page d’atterrissage livrés",
                    "Contenus validés par le service juridique",
                ),
                ("MKT2",),
                40,
                0.65,
                (("Page d’atterrissage en ligne", 0.6),),
            ),
            _Goal(
                "Suivre les ventes en ligne de la gamme",
                "Mesurer le lancement et proposer des ajustements.",
                ("Bilan des ventes à quatre semaines", "Recommandations d’ajustement présentées"),
                ("MKT5", "T1"),
                30,
                0.95,
            ),
        ),
        (
            "Réaliser l’étude concurrentielle",
            "Rédiger les fiches produits et briefer le graphiste",
            "Mettre en ligne la page d’atterrissage",
            "Suivre les ventes et préparer le bilan du lancement",
        ),
    ),
    "C1": _Subject(
        "Développement des ventes du rayon cycles",
        _Goal(
            "Contribuer à la croissance du chiffre d’affaires du rayon cycles",
            "Prendre part à la vente conseil et à l’animation du rayon, avec des objectifs "
            "suivis chaque semaine.",
            ("Chiffre d’affaires du rayon en hausse sur la période du stage",),
            ("MCO1", "MCO3"),
        ),
        (
            _Goal(
                "Maîtriser la vente conseil de vélos",
                "Mener seul un entretien de vente, de la découverte du besoin à la conclusion.",
                (
                    "Dix ventes conseil conclues en autonomie",
                    "Note d’au moins 4 sur 5 aux avis clients recueillis",
                ),
                ("MCO1", "T1"),
                40,
                0.5,
                (("Première vente conclue en autonomie", 0.3),),
            ),
            _Goal(
                "Organiser l’opération commerciale « Semaine du vélo »",
                "Préparer et animer une opération commerciale en magasin.",
                (
                    "Opération réalisée à la date prévue",
                    "Ventes du rayon en hausse de 10 % pendant l’opération",
                ),
                ("MCO2", "T3"),
                35,
                0.8,
                (("Plan de l’opération validé", 0.5),),
            ),
            _Goal(
                "Suivre les indicateurs du rayon",
                "Tenir le tableau de bord du rayon et proposer des actions.",
                ("Tableau hebdomadaire du chiffre d’affaires et de la marge tenu à jour",),
                ("MCO3",),
                25,
                0.95,
            ),
        ),
        (
            "Accueillir et conseiller les clients du rayon cycles",
            "Mettre en rayon et baliser les produits",
            "Préparer et animer l’opération « Semaine du vélo »",
            "Tenir le tableau de bord hebdomadaire du rayon",
        ),
    ),
    "C2": _Subject(
        "Gestion des stocks et du réassort du rayon jardinage",
        _Goal(
            "Fiabiliser la gestion des stocks du rayon jardinage",
            "Moins de ruptures en pleine saison et un stock qui correspond à l’inventaire.",
            ("Taux de rupture du rayon sous 3 % à la fin du stage",),
            ("MCO3",),
        ),
        (
            _Goal(
                "Réaliser l’inventaire du rayon",
                "Compter, rapprocher et corriger les écarts de stock.",
                ("Inventaire terminé avec un écart inférieur à 2 %",),
                ("MCO3",),
                35,
                0.35,
                (("Inventaire terminé", 0.35),),
            ),
            _Goal(
                "Mettre en place un suivi des ruptures",
                "Repérer chaque semaine les produits en rupture et déclencher le réassort.",
                ("Taux de rupture ramené sous 3 %", "Commandes de réassort passées chaque semaine"),
                ("MCO3", "T5"),
                40,
                0.8,
            ),
            _Goal(
                "Proposer une mise en avant saisonnière",
                "Concevoir et installer une implantation adaptée à la saison.",
                (
                    "Implantation réalisée et photographiée",
                    "Validation par la responsable de rayon",
                ),
                ("MCO2",),
                25,
                0.9,
            ),
        ),
        (
            "Réceptionner et contrôler les livraisons",
            "Participer à l’inventaire du rayon",
            "Passer les commandes de réassort",
            "Installer la mise en avant saisonnière",
        ),
    ),
    "C3": _Subject(
        "Animation commerciale du magasin",
        _Goal(
            "Dynamiser la fréquentation du magasin par des animations commerciales",
            "Préparer, animer et évaluer des animations qui font venir de nouveaux clients.",
            ("Fréquentation en hausse les jours d’animation",),
            ("MCO2", "MCO1"),
        ),
        (
            _Goal(
                "Préparer le plan d’animation de la période",
                "Choisir les animations, leur calendrier et leur budget.",
                ("Plan d’animation validé par la direction du magasin",),
                ("MCO2", "T3"),
                30,
                0.3,
                (("Plan validé", 0.3),),
            ),
            _Goal(
                "Animer une journée découverte en magasin",
                "Organiser une journée d’essais et de conseils ouverte à tous.",
                ("Journée organisée avec au moins 80 participants",),
                ("MCO2", "T7"),
                40,
                0.7,
            ),
            _Goal(
                "Mesurer les retombées des animations",
                "Comparer fréquentation, ventes et adhésions au programme de fidélité.",
                ("Bilan chiffré remis à la direction du magasin",),
                ("MCO3", "T1"),
                30,
                0.95,
            ),
        ),
        (
            "Préparer le matériel et la communication locale des animations",
            "Accueillir et conseiller les clients pendant les animations",
            "Relever la fréquentation et les ventes",
        ),
    ),
    "C4": _Subject(
        "Amélioration de l’accueil et de la fidélisation des clients",
        _Goal(
            "Améliorer la satisfaction et la fidélité des clients du magasin",
            "Mieux connaître les attentes des clients et les faire adhérer au programme de "
            "fidélité.",
            ("Satisfaction client mesurée en hausse à la fin du stage",),
            ("MCO1",),
        ),
        (
            _Goal(
                "Mener une enquête de satisfaction",
                "Interroger les clients en magasin et synthétiser leurs réponses.",
                ("150 questionnaires recueillis", "Synthèse présentée au directeur du magasin"),
                ("MCO1", "T4"),
                35,
                0.5,
                (("100 questionnaires recueillis", 0.35),),
            ),
            _Goal(
                "Développer les adhésions au programme de fidélité",
                "Présenter le programme à chaque passage en caisse.",
                ("40 nouvelles adhésions par semaine",),
                ("MCO1", "T5"),
                40,
                0.85,
            ),
            _Goal(
                "Rédiger un guide d’accueil pour les nouveaux vendeurs",
                "Transmettre les bonnes pratiques d’accueil de l’équipe.",
                ("Guide validé et remis à deux nouveaux arrivants",),
                ("MCO4", "T1"),
                25,
                0.95,
            ),
        ),
        (
            "Accueillir et renseigner les clients",
            "Administrer le questionnaire de satisfaction",
            "Présenter le programme de fidélité en caisse",
        ),
    ),
    "C5": _Subject(
        "Organisation de l’équipe de vente en période de forte affluence",
        _Goal(
            "Participer à l’organisation de l’équipe de vente pendant la forte affluence",
            "Seconder la responsable de magasin dans les plannings, les briefs et le suivi des "
            "objectifs.",
            ("Aucune plage sans vendeur aux heures d’affluence pendant le stage",),
            ("MCO4", "MCO3"),
        ),
        (
            _Goal(
                "Construire les plannings hebdomadaires",
                "Tenir compte de l’affluence prévue et des contraintes de chacun.",
                ("Plannings publiés chaque jeudi pour la semaine suivante",),
                ("MCO4", "T3"),
                40,
                0.6,
                (("Premier planning publié", 0.25),),
            ),
            _Goal(
                "Animer les briefs du matin",
                "Annoncer les objectifs du jour et les opérations en cours.",
                ("Briefs animés deux fois par semaine",),
                ("MCO4", "T7"),
                30,
                0.8,
            ),
            _Goal(
                "Suivre les objectifs de vente de l’équipe",
                "Tenir le tableau des objectifs individuels et collectifs.",
                ("Tableau des objectifs tenu à jour chaque semaine",),
                ("MCO3", "MCO4"),
                30,
                0.95,
            ),
        ),
        (
            "Établir les plannings de l’équipe",
            "Animer les briefs du matin",
            "Vendre et conseiller en magasin",
            "Suivre les objectifs de vente",
        ),
    ),
}


# `pay`: "host" pays the host's rate (raised to the legal minimum); None pays nothing, which
# the law allows up to two months; a Decimal is paid as is (a deliberate error below).
@dataclass(frozen=True)
class _Line:
    status: str
    program: str
    host: str
    start_week: int  # weeks from the Monday of this week
    weeks: int
    subject: str
    intern: str | None = None  # a demo account's e-mail; None: a new Faker intern
    tutor: str | None = None  # a demo account's e-mail; None: chosen among the host's tutors
    pay: str | Decimal | None = "host"
    # In progress: how the logbook reads (see LOGBOOK_KINDS); None is a healthy one.
    logbook: str | None = None
    index: int = field(default=0, compare=False)


_S = AgreementStatus
PLAN = (
    # Finished.
    _Line(_S.COMPLETED, "info", "numerisia", -34, 10, "I1", intern=INTERN, tutor=TUTOR),
    _Line(_S.COMPLETED, "info", "mutuelle", -32, 12, "I3"),
    _Line(_S.COMPLETED, "marketing", "pixel", -30, 16, "M1"),
    _Line(_S.COMPLETED, "marketing", "sporteo", -28, 14, "M2"),
    _Line(_S.COMPLETED, "mco", "sporteo", -26, 6, "C1", pay=None),
    _Line(_S.COMPLETED, "mco", "coop", -24, 8, "C2", pay=None),
    _Line(_S.COMPLETED, "info", "numerisia", -30, 12, "I2", tutor=TUTOR),
    _Line(_S.COMPLETED, "marketing", "coop", -20, 12, "M5"),
    # Under way.
    # Under way, with their logbooks: the demo intern's is healthy; one host uses its intern
    # for errands, another for a daily routine, and one intern stopped writing.
    _Line(_S.IN_PROGRESS, "info", "numerisia", -4, 14, "I5", intern=INTERN, tutor=TUTOR),
    _Line(_S.IN_PROGRESS, "info", "pixel", -8, 16, "I1", logbook="abusive"),
    _Line(_S.IN_PROGRESS, "marketing", "mutuelle", -6, 20, "M3"),
    _Line(_S.IN_PROGRESS, "mco", "sporteo", -2, 8, "C3", pay=None, logbook="silent"),
    _Line(_S.IN_PROGRESS, "mco", "coop", -3, 7, "C4", pay=None),
    _Line(_S.IN_PROGRESS, "info", "numerisia", -6, 16, "I2", tutor=TUTOR, logbook="repetitive"),
    _Line(_S.IN_PROGRESS, "marketing", "pixel", -10, 22, "M4"),
    # Signed, starting soon.
    _Line(_S.SIGNED, "info", "mutuelle", 2, 12, "I5"),
    _Line(_S.SIGNED, "mco", "sporteo", 3, 6, "C5", pay=None),
    _Line(_S.SIGNED, "marketing", "coop", 4, 16, "M4"),
    # Being signed.
    _Line(_S.AWAITING_SIGNATURES, "info", "numerisia", 6, 16, "I3", tutor=TUTOR),
    _Line(_S.AWAITING_SIGNATURES, "marketing", "pixel", 5, 12, "M2"),
    _Line(_S.AWAITING_SIGNATURES, "mco", "coop", 8, 6, "C2", pay=None),
    # Objectives under discussion.
    _Line(_S.NEGOTIATION, "info", "coop", 10, 14, "I4"),
    _Line(_S.NEGOTIATION, "marketing", "sporteo", 9, 16, "M1"),
    _Line(_S.NEGOTIATION, "info", "pixel", 12, 12, "I1"),
    # Drafts: the intern's summer internship lacks its gratification (12 weeks need one), and
    # another draft pays less than the legal minimum.
    _Line(_S.DRAFT, "info", "mutuelle", 24, 12, "I4", intern=INTERN, pay=None),
    _Line(_S.DRAFT, "mco", "sporteo", 12, 12, "C1", pay=Decimal("3.90")),
    _Line(_S.DRAFT, "marketing", "coop", 16, 20, "M3"),
    _Line(_S.DRAFT, "info", "numerisia", 18, 20, "I4", tutor=TUTOR),
    # Side exits.
    _Line(_S.CANCELLED, "marketing", "pixel", -14, 12, "M5"),
    _Line(_S.CANCELLED, "mco", "coop", 6, 6, "C3", pay=None),
)

# Logbooks of the internships in progress ----------------------------------------------------

LOGBOOK_KINDS = ("healthy", "abusive", "repetitive", "silent")

# What the intern writes for each objective: the main one, then the specific ones in order.
# A task is written on two or three days running before the next one, as people do.
LOGBOOK_TASKS: dict[str, tuple[tuple[str, ...], ...]] = {
    "I5": (
        (
            "Point hebdomadaire avec mon tuteur sur la sécurisation de l’extranet partenaires",
            "Réunion avec le responsable sécurité sur les priorités de sécurisation de l’extranet",
            "Mise à jour du tableau de suivi des actions de sécurisation de l’extranet",
            "Présentation de l’avancement de la sécurisation de l’extranet à l’équipe",
        ),
        (
            "Cartographie des pages et des API de l’extranet partenaires pour l’audit",
            "Revue du parcours de connexion de l’extranet selon le Top 10 de l’OWASP",
            "Tests d’injection SQL et de failles XSS sur les formulaires de l’extranet",
            "Analyse de la gestion des sessions et des cookies de l’extranet",
            "Vérification de la politique de mots de passe et du verrouillage des comptes "
            "partenaires",
            "Scan de vulnérabilités de l’extranet avec OWASP ZAP et tri des résultats",
            "Rédaction du rapport d’audit : vulnérabilités classées par gravité",
            "Rédaction du plan de correction des vulnérabilités de l’extranet",
        ),
        (
            "Comparaison des solutions de double authentification (TOTP, WebAuthn) pour l’extranet",
            "Maquette de l’écran d’activation de la double authentification",
            "Développement de l’enrôlement TOTP des comptes partenaires",
            "Développement de la vérification du second facteur à la connexion",
            "Écriture des tests automatisés du parcours de connexion à deux facteurs",
            "Gestion des codes de secours de la double authentification",
        ),
        (
            "Premières notes pour le guide de connexion des partenaires",
            "Recueil des questions fréquentes du support sur la connexion à l’extranet",
            "Plan de la note d’information aux partenaires sur la double authentification",
        ),
    ),
    "I1": (
        (
            "Point avec mon tuteur sur l’avancement du module de prise de rendez-vous",
            "Réunion de suivi du projet de prise de rendez-vous en ligne",
            "Mise à jour du planning du module de rendez-vous",
        ),
        (
            "Entretien avec le service client sur la prise de rendez-vous par téléphone",
            "Atelier de recueil du besoin avec deux utilisateurs du module de rendez-vous",
            "Rédaction des récits utilisateurs de la réservation de rendez-vous",
            "Écriture des critères d’acceptation des récits utilisateurs",
            "Rédaction du cahier des charges du module de prise de rendez-vous",
        ),
        (
            "Conception du modèle de données des rendez-vous et des créneaux",
            "Développement de l’API de réservation de rendez-vous",
            "Développement de l’écran de choix du créneau",
            "Développement de l’annulation et du déplacement d’un rendez-vous",
            "Écriture des tests automatisés de l’API de réservation",
            "Envoi de l’e-mail de confirmation de rendez-vous",
            "Correction des anomalies remontées en recette sur la réservation",
        ),
        (
            "Premières notes de documentation technique du module de rendez-vous",
            "Rédaction de la documentation technique de l’API de réservation",
            "Préparation de la présentation du module de rendez-vous à l’équipe",
        ),
    ),
    "I2": (
        (
            "Point hebdomadaire avec mon tuteur sur la chaîne de déploiement",
            "Mesure du temps de déploiement actuel des applications internes",
            "Réunion avec l’équipe d’exploitation sur les déploiements manuels",
        ),
        (
            "Inventaire des applications internes et de leurs dépendances",
            "Écriture du Dockerfile de l’application de gestion des congés",
            "Écriture du fichier Docker Compose de l’intranet avec sa base de données",
            "Réduction de la taille de l’image Docker de l’intranet",
            "Conteneurisation de l’application de réservation de salles",
            "Documentation du lancement local des applications conteneurisées",
        ),
        (
            "Prise en main de GitLab CI pour l’automatisation des tests",
            "Écriture de la chaîne GitLab CI qui lance les tests unitaires à chaque fusion",
            "Configuration du déploiement automatique en préproduction",
        ),
        (
            "Comparaison des outils de supervision (Prometheus, Grafana)",
            "Premier tableau de bord des temps de réponse de l’intranet",
        ),
    ),
    "M3": (
        (
            "Point hebdomadaire de suivi du stage sur les campagnes d’emailing",
            "Analyse des résultats des campagnes d’emailing du dernier trimestre",
            "Réunion avec la direction marketing sur la stratégie d’emailing",
        ),
        (
            "Export de la base de contacts et repérage des doublons",
            "Suppression des adresses invalides et des doublons de la base de contacts",
            "Vérification du consentement des contacts avant la segmentation",
            "Définition des critères de segmentation des adhérents",
            "Création des segments dans l’outil d’emailing",
            "Documentation des cinq segments de la base de contacts",
        ),
        (
            "Maquette du modèle de lettre d’information responsive",
            "Rédaction des contenus de la prochaine lettre d’information",
            "Intégration du modèle de lettre dans l’outil d’emailing",
            "Tests d’affichage de la lettre d’information sur mobile",
        ),
        (
            "Mise en place du suivi des taux d’ouverture et de clic",
            "Préparation d’un test A/B sur l’objet de la lettre d’information",
        ),
    ),
    "M4": (
        (
            "Point hebdomadaire de suivi du tableau de bord de performance digitale",
            "Présentation de l’avancement du tableau de bord à l’équipe marketing",
            "Réunion avec la direction sur les décisions attendues du tableau de bord",
            "Bilan de mi-parcours du stage avec mon tuteur",
            "Rendez-vous avec la directrice marketing sur les premiers chiffres consolidés",
        ),
        (
            "Recensement des sources de données marketing (site, annonces, réseaux sociaux)",
            "Atelier avec la direction pour choisir les indicateurs clés",
            "Rédaction de la définition de chaque indicateur clé",
            "Validation de la liste des dix indicateurs avec la direction",
            "Entretiens avec trois chefs de produit sur les chiffres qu’ils consultent",
            "Comparaison des chiffres de fréquentation donnés par les cinq outils actuels",
            "Choix de l’outil de visualisation avec le service informatique",
        ),
        (
            "Rédaction du plan de marquage du site",
            "Paramétrage des conversions dans l’outil d’analyse d’audience",
            "Vérification du respect du consentement dans le suivi des conversions",
            "Tests du suivi des conversions sur la préproduction du site",
            "Construction des premières pages du tableau de bord de performance",
            "Ajout des filtres par canal et par période au tableau de bord",
            "Correction des balises de suivi sur les pages produits",
            "Contrôle des écarts entre ventes réelles et conversions mesurées",
        ),
        (
            "Maquette du reporting mensuel des indicateurs",
            "Rédaction du commentaire du premier reporting mensuel",
            "Présentation du reporting mensuel à l’équipe marketing",
        ),
    ),
    "C3": (
        ("Point avec la responsable du magasin sur les animations de la période",),
        (
            "Recensement des animations possibles pour la période",
            "Estimation du budget des animations commerciales",
        ),
        ("Premières idées pour la journée découverte en magasin",),
        ("Relevé de la fréquentation habituelle du magasin",),
    ),
    "C4": (
        (
            "Point hebdomadaire avec le directeur du magasin sur la satisfaction client",
            "Analyse des avis clients en ligne sur le magasin",
        ),
        (
            "Rédaction du questionnaire de satisfaction client",
            "Interrogation des clients à la sortie des caisses pour l’enquête de satisfaction",
            "Dépouillement des questionnaires de satisfaction recueillis",
            "Synthèse des réponses à l’enquête de satisfaction",
        ),
        (
            "Préparation d’un argumentaire sur le programme de fidélité",
            "Présentation du programme de fidélité aux clients en caisse",
            "Suivi du nombre d’adhésions au programme de fidélité",
        ),
        (
            "Observation des pratiques d’accueil de l’équipe pour le guide des nouveaux vendeurs",
            "Plan du guide d’accueil des nouveaux vendeurs",
        ),
    ),
}

# Work of the field that serves no objective: training, helping colleagues, the report.
PROGRAM_TASKS = {
    "info": (
        "Veille sur les failles de sécurité publiées concernant nos dépendances",
        "Formation interne au déploiement sur l’environnement de préproduction",
        "Aide à un collègue pour corriger un test instable de la chaîne d’intégration",
        "Revue de code d’une fonctionnalité développée par un collègue",
        "Atelier de l’équipe sur les bonnes pratiques Git",
        "Lecture de la documentation d’architecture du système d’information",
        "Revue de sprint de l’équipe de développement",
        "Rédaction du rapport de stage : présentation de l’entreprise",
    ),
    "marketing": (
        "Réunion hebdomadaire de l’équipe marketing",
        "Aide à la rédaction d’une publication pour les réseaux sociaux",
        "Formation interne à l’outil de gestion de la relation client",
        "Veille concurrentielle sur les communications du secteur",
        "Relecture d’une plaquette commerciale pour une collègue",
        "Rédaction du rapport de stage : présentation du service marketing",
    ),
    "mco": (
        "Découverte du magasin, des rayons et de l’équipe de vente",
        "Formation à l’encaissement et aux procédures du magasin",
        "Conseil aux clients en rayon",
        "Brief du matin avec l’équipe de vente",
        "Mise en rayon et balisage des produits de la semaine",
    ),
}

# What an intern should not be asked to do (and what the abusive host asks).
UNRELATED_TASKS = (
    "Photocopies des dossiers clients pour le responsable d’agence",
    "Accueil des visiteurs et tenue du standard téléphonique",
    "Préparation du café et rangement de la salle de réunion",
    "Courses au supermarché pour le pot du responsable",
    "Mise sous pli et affranchissement du courrier de l’agence",
    "Classement et archivage de factures papier",
    "Récupération du costume du responsable au pressing",
    "Nettoyage et rangement de la réserve",
    "Distribution de prospectus dans les boîtes aux lettres du quartier",
    "Saisie des cartes de visite dans le carnet d’adresses du directeur",
)
MOVING_DAY = "Déménagement des bureaux du deuxième étage : cartons et mobilier"
# Hours of errands on successive days at the abusive host: about 31 % of a 7-hour day.
ERRAND_HOURS = (2, 3, 2.5, 0, 3.5, 2, 1.5, 3)
ROUTINE_TASK = "Saisie des commandes clients dans l’ERP"
ERRAND_EXPLANATIONS = (
    "La secrétaire était absente : mon responsable m’a demandé de la remplacer à l’accueil.",
    "Mon responsable m’a dit que tout le monde met la main à la pâte dans une petite agence.",
)

REFLECTIONS = (
    (
        "J’ai découvert l’architecture de l’extranet et le Top 10 de l’OWASP ; je sais "
        "maintenant repérer une faille XSS dans un formulaire.",
        "L’environnement de préproduction a mis deux jours à m’être ouvert.",
        "Jusqu’où puis-je aller dans les tests d’intrusion sans prévenir l’hébergeur ?",
    ),
    (
        "J’ai appris à utiliser OWASP ZAP et à trier ses résultats par gravité réelle.",
        "Beaucoup de faux positifs dans le scan : le tri prend plus de temps que prévu.",
        "Le rapport d’audit doit-il proposer une date pour chaque correction ?",
    ),
    (
        "Rédiger le rapport d’audit m’a obligée à expliquer chaque faille simplement.",
        "Je ne suis pas sûre de bien estimer la gravité des failles de session.",
        "",
    ),
)


_WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _TaskList:
    """Tasks written in order, each on a few working days running. A task is written in two
    different weeks at most: the same line in three weeks is what a routine looks like, and
    a healthy logbook moves on. `next` returns None when every task has had its two weeks."""

    def __init__(
        self,
        tasks: tuple[str, ...],
        rng: random.Random,
        *,
        days: tuple[int, ...] = (2, 3, 4),
        max_weeks: int | None = 2,
    ) -> None:
        self.tasks, self.rng, self.days, self.max_weeks = tasks, rng, days, max_weeks
        self.weeks: dict[str, set] = {task: set() for task in tasks}
        self.position = 0
        self.left = rng.choice(days)

    def _fits(self, task: str, week) -> bool:
        return self.max_weeks is None or len(self.weeks[task] | {week}) <= self.max_weeks

    def next(self, day: date) -> str | None:
        week = day.isocalendar()[:2]
        if self.left <= 0 or not self._fits(self.tasks[self.position % len(self.tasks)], week):
            for step in range(1, len(self.tasks) + 1):
                if self._fits(self.tasks[(self.position + step) % len(self.tasks)], week):
                    self.position += step
                    self.left = self.rng.choice(self.days)
                    break
            else:
                return None
        task = self.tasks[self.position % len(self.tasks)]
        self.weeks[task].add(week)
        self.left -= 1
        return task


_SIGNED = frozenset({_S.SIGNED, _S.IN_PROGRESS, _S.COMPLETED})
TUTORS_PER_HOST = 2
# Faker's French first names span a century ("Odette", "Gérard"); students born around 2005
# are more likely to be called these.
STUDENT_FIRST_NAMES = (
    "Léa",
    "Manon",
    "Emma",
    "Chloé",
    "Camille",
    "Inès",
    "Jade",
    "Sarah",
    "Clara",
    "Lina",
    "Zoé",
    "Lola",
    "Anaïs",
    "Louise",
    "Juliette",
    "Maëlys",
    "Océane",
    "Yasmine",
    "Salomé",
    "Margaux",
    "Lucas",
    "Hugo",
    "Enzo",
    "Nathan",
    "Louis",
    "Théo",
    "Mathis",
    "Tom",
    "Noah",
    "Maël",
    "Yanis",
    "Rayan",
    "Adam",
    "Mehdi",
    "Baptiste",
    "Clément",
    "Maxime",
    "Antoine",
    "Quentin",
    "Alexandre",
    "Romain",
    "Axel",
    "Kylian",
    "Evan",
    "Sacha",
)


# The builder ---------------------------------------------------------------------------------


def _ascii_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", "", ascii_text.lower().replace(" ", "-"))


@dataclass
class _Slot:
    line: _Line
    start: date
    end: date

    def overlaps(self, other: _Slot) -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def active(self) -> bool:
        return self.line.status in ACTIVE_STATUSES


class _Builder:
    def __init__(self, *, today: date, password: str) -> None:
        self.today = today
        self.password = password
        self.monday = today - timedelta(days=today.weekday())
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(FAKER_SEED)
        self.emails: set[str] = set()
        self.people: list[User] = []

    # -- people ------------------------------------------------------------------------------

    def person(self, email: str, first_name: str, last_name: str) -> User:
        self.emails.add(email)
        user = person_get_or_invite(email=email, first_name=first_name, last_name=last_name)
        self.people.append(user)
        return user

    def fake_person(self, domain: str, *, first_names: tuple[str, ...] = ()) -> User:
        first_name = self.fake.random_element(first_names) if first_names else None
        first_name, last_name = first_name or self.fake.first_name(), self.fake.last_name()
        local = f"{_ascii_slug(first_name)}.{_ascii_slug(last_name)}"
        email, number = f"{local}@{domain}", 1
        while email in self.emails:
            number += 1
            email = f"{local}{number}@{domain}"
        return self.person(email, first_name, last_name)

    # -- the whole demo ------------------------------------------------------------------------

    def build(self) -> School:
        accounts = {
            account.email: self.person(account.email, account.first_name, account.last_name)
            for account in DEMO_ACCOUNTS
        }
        school = school_create(name="Campus Saône-Rhône", slug=DEMO_SCHOOL_SLUG, city="Lyon")
        staff = accounts[STAFF]
        membership_add(user=staff, school=school, role=SchoolRole.STAFF)
        self.staff = staff

        transversal = {c.code: c for c in default_transversal_framework().competencies.all()}
        programs, competencies, referents = {}, {}, {}
        for key, spec in PROGRAMS.items():
            data = json.loads((FRAMEWORK_DIR / spec.framework_file).read_text(encoding="utf-8"))
            framework = framework_import(data=data, school=school)
            programs[key] = program_create(
                school=school,
                name=spec.name,
                level=ProgramLevel.HIGHER_EDUCATION,
                teaching_hours_per_year=spec.teaching_hours_per_year,
                in_person_hours_per_year=spec.in_person_hours_per_year,
                framework=framework,
            )
            competencies[key] = transversal | {c.code: c for c in framework.competencies.all()}
            # One referent teacher per programme; the demo referent teaches computer science.
            referents[key] = (
                accounts[REFERENT] if key == "info" else self.fake_person("ecole.demo.balise.fr")
            )
            membership_add(user=referents[key], school=school, role=SchoolRole.REFERENT)
        # The objective library: a dozen examples per programme, offered while drafting.
        library_load_demo(school=school)

        hosts, tutors, signatories = {}, {}, {}
        for key, spec in HOSTS.items():
            hosts[key] = host_create(
                by=staff,
                name=spec.name,
                siret=spec.siret,
                address=spec.address,
                postal_code=spec.postal_code,
                city=spec.city,
                headcount=spec.headcount,
            )
            tutors[key] = [self.fake_person(spec.domain) for _ in range(TUTORS_PER_HOST)]
            # The demo tutor and signatory work at the first host.
            if key == "numerisia":
                tutors[key].insert(0, accounts[TUTOR])
                signatories[key] = accounts[SIGNATORY]
            else:
                signatories[key] = self.fake_person(spec.domain)

        slots = [self.slot(index, line) for index, line in enumerate(PLAN)]
        tutor_of = self.assign_tutors(slots, tutors, accounts)

        interns = {}
        born = []
        agreements = {}
        for slot in slots:
            line = slot.line
            if line.intern:
                intern = accounts[line.intern]
            else:
                intern = self.fake_person("etu.demo.balise.fr", first_names=STUDENT_FIRST_NAMES)
            if intern.pk not in interns:
                interns[intern.pk] = intern
                membership_add(user=intern, school=school, role=SchoolRole.INTERN)
                intern.birth_date = self.fake.date_of_birth(minimum_age=19, maximum_age=23)
                born.append(intern)
            agreements[line.index] = self.agreement(
                slot,
                program=programs[line.program],
                host=hosts[line.host],
                intern=intern,
                tutor=tutor_of[slot.line.index],
                referent=referents[line.program],
                signatory=signatories[line.host],
                competencies=competencies[line.program],
            )

        # No service edits a person's profile or marks demo rows: plain updates, in bulk.
        User.objects.bulk_update(born, ["birth_date"])
        # Signed internships start and finish by their dates, as the cron command does.
        agreements_advance(today=self.today)
        # Internships under way keep a logbook; then the alignment watch runs, as cron does.
        running = [slot for slot in slots if slot.line.status == _S.IN_PROGRESS]
        for slot in running:
            self.logbook(slot, agreements[slot.line.index])
        for slot in running:
            alerts_compute(agreement=agreements[slot.line.index], today=self.today)
        # Check-ins: every internship under way has its plan; the demo intern's tells a story.
        demo_checkins(
            [agreements[slot.line.index] for slot in running],
            story=next(
                agreements[slot.line.index]
                for slot in running
                if slot.line.intern == INTERN and slot.line.logbook is None
            ),
        )
        User.objects.filter(pk__in=[p.pk for p in self.people]).update(is_demo=True)
        User.objects.filter(pk__in=[a.pk for a in accounts.values()]).update(
            password=make_password(self.password)
        )
        # The end of the path, once the demo accounts have their password (so that they are
        # told as school accounts are): forms, evaluations, report and defence; presence,
        # payments, network and recommendation. On the demo intern's internship under way and
        # on her finished one.
        mine = {
            slot.line.status: agreements[slot.line.index]
            for slot in slots
            if slot.line.intern == INTERN and slot.line.logbook is None
        }
        demo_evaluations(
            programs=list(programs.values()),
            running=mine.get(_S.IN_PROGRESS),
            finished=mine.get(_S.COMPLETED),
        )
        demo_outcomes(running=mine.get(_S.IN_PROGRESS), finished=mine.get(_S.COMPLETED))
        HostOrganization.objects.filter(pk__in=[h.pk for h in hosts.values()]).update(is_demo=True)
        School.objects.filter(pk=school.pk).update(is_demo=True)
        school.is_demo = True
        return school

    # -- dates and supervision -----------------------------------------------------------------

    def slot(self, index: int, line: _Line) -> _Slot:
        line = replace(line, index=index)
        start = self.monday + timedelta(weeks=line.start_week)
        end = start + timedelta(weeks=line.weeks, days=-3)  # a Friday
        if HOSTS[line.host].retail_week:  # Tuesday to Saturday
            start, end = start + timedelta(days=1), end + timedelta(days=1)
        return _Slot(line=line, start=start, end=end)

    @staticmethod
    def assign_tutors(slots: list[_Slot], tutors: dict, accounts: dict) -> dict[int, User]:
        """A tutor for every agreement, none supervising more interns at once than R124-13
        allows, counted as the law engine counts them (other active agreements overlapping)."""
        limit = TUTOR_MAX_INTERNS - 1  # others an agreement may overlap
        taken: dict[int, list[_Slot]] = {}

        def fits(tutor: User, slot: _Slot) -> bool:
            mine = taken.get(tutor.pk, [])
            overlapping = [other for other in mine if other.overlaps(slot)]
            if sum(other.active for other in overlapping) > limit:
                return False
            if not slot.active:
                return True
            return all(
                sum(o.active for o in mine if o is not other and o.overlaps(other)) < limit
                for other in overlapping
            )

        chosen: dict[int, User] = {}
        # The lines that name their tutor first, so that the others fit around them.
        for slot in sorted(slots, key=lambda s: s.line.tutor is None):
            if slot.line.tutor:
                candidates = [accounts[slot.line.tutor]]
            else:
                candidates = sorted(tutors[slot.line.host], key=lambda t: len(taken.get(t.pk, [])))
            tutor = next((t for t in candidates if fits(t, slot)), None)
            if tutor is None:  # a mistake in PLAN, not something a user can cause
                raise RuntimeError(f"demo plan line {slot.line.index}: no tutor available")
            taken.setdefault(tutor.pk, []).append(slot)
            chosen[slot.line.index] = tutor
        return chosen

    def day_at(self, slot: _Slot, fraction: float) -> date:
        """The working day at `fraction` of the internship, never a weekend."""
        day = slot.start + timedelta(days=round((slot.end - slot.start).days * fraction))
        while day.weekday() >= 5 and day > slot.start:
            day -= timedelta(days=1)
        return min(max(day, slot.start), slot.end)

    def hourly_rate(self, slot: _Slot) -> Decimal | None:
        pay = slot.line.pay
        if pay != "host":
            return pay
        legal = max(
            minimum_hourly_rate(year)[0] for year in range(slot.start.year, slot.end.year + 1)
        )
        return max(legal, HOSTS[slot.line.host].hourly_rate)

    # -- logbooks ------------------------------------------------------------------------------

    def logged_days(self, agreement) -> list[date]:
        """The agreement's working days from its start until yesterday, public holidays off."""
        weekdays = {code: number for number, code in enumerate(_WEEKDAY_CODES)}
        working = {weekdays[code] for code in agreement.working_days}
        last = min(agreement.end_date, self.today - timedelta(days=1))
        closed = holidays.country_holidays(
            "FR", years=range(agreement.start_date.year, last.year + 1)
        )
        days, day = [], agreement.start_date
        while day <= last:
            if day.weekday() in working and day not in closed:
                days.append(day)
            day += timedelta(days=1)
        return days

    def logbook(self, slot: _Slot, agreement: Agreement) -> None:
        """The intern's entries from the start until yesterday, seven hours a day, written a
        week at a time through the logbook service (which runs the alignment engine)."""
        line = slot.line
        kind = line.logbook or "healthy"
        rng = random.Random(f"{FAKER_SEED}-logbook-{line.index}")
        agreement = Agreement.objects.select_related("intern", "tutor").get(pk=agreement.pk)
        objectives = list(agreement.objectives.all())
        main = next(o for o in objectives if o.is_main)
        specific = [o for o in objectives if not o.is_main]
        subject = SUBJECTS[line.subject]
        tasks = LOGBOOK_TASKS[line.subject]
        main_tasks = _TaskList(tasks[0], rng, days=(1,))
        goals = [
            (objective, goal.at, _TaskList(goal_tasks, rng))
            for objective, goal, goal_tasks in zip(specific, subject.goals, tasks[1:], strict=True)
        ]
        program_tasks = _TaskList(PROGRAM_TASKS[line.program], rng, days=(1,))
        # Errands come back again and again at the abusive host: that is the point.
        errands = _TaskList(UNRELATED_TASKS, rng, days=(1,), max_weeks=None)
        errand_hours = itertools.cycle(ERRAND_HOURS)
        # The intern says which objective an entry serves about two times out of three.
        chooses = 0.7 if line.intern else 0.6
        days = self.logged_days(agreement)
        if kind == "silent":
            days = days[:4]
        moving_day = days[min(12, len(days) - 1)] if kind == "abusive" and days else None
        duration = max((slot.end - slot.start).days, 1)
        later_turn = itertools.count()

        def first_task(day, *candidates):
            """The first of these objectives (or the programme) with a task left to write."""
            for objective, tasks in candidates:
                text = tasks.next(day)
                if text:
                    return text, objective
            return None, None

        weeks: dict[date, list[dict]] = {}
        for day in days:
            entries: list[tuple[str, Decimal, object]] = []
            week_number = (day - (slot.start - timedelta(days=slot.start.weekday()))).days // 7
            if day == moving_day:
                entries.append((MOVING_DAY, Decimal(7), None))
            else:
                if kind == "abusive" and (hours := next(errand_hours)):
                    entries.append((errands.next(day), Decimal(str(hours)), None))
                if kind == "repetitive":
                    entries.append((ROUTINE_TASK, Decimal(1), None))
                # A meeting on the whole internship every other week, on its first day.
                monday = day - timedelta(days=day.weekday())
                if monday not in weeks and week_number % 2 == 0:
                    text = main_tasks.next(day)
                    if text:
                        entries.append((text, Decimal(1), main))
                progress = (day - slot.start).days / duration
                index = next((i for i, (_o, at, _t) in enumerate(goals) if progress <= at), -1)
                current = goals[index]
                later = goals[index + 1 :] if index >= 0 else []
                free = 7 - sum(hours for _text, hours, _o in entries)
                roll = rng.random()
                extra = None
                if free >= 3 and later and roll < 0.3:
                    objective, _at, tasks = later[next(later_turn) % len(later)]
                    extra = first_task(day, (objective, tasks), (None, program_tasks))
                elif free >= 3 and roll < 0.5:
                    extra = first_task(day, (None, program_tasks))
                if extra and extra[0]:
                    hours = Decimal(rng.choice(("1", "1.5", "2")))
                    entries.append((extra[0], hours, extra[1]))
                free = 7 - sum(hours for _text, hours, _o in entries)
                text, objective = first_task(
                    day,
                    (current[0], current[2]),
                    *((o, t) for o, _at, t in later),
                    *((o, t) for o, _at, t in goals),
                    (None, program_tasks),
                )
                entries.append((text or current[0].title, free, objective or current[0]))
            weeks.setdefault(day - timedelta(days=day.weekday()), []).extend(
                {
                    "date": day,
                    "hours": hours,
                    "text": text,
                    "objective": objective if objective and rng.random() < chooses else None,
                }
                for text, hours, objective in entries
            )
        logged = []
        for rows in weeks.values():
            logged += activities_log(agreement=agreement, by=agreement.intern, rows=rows)

        if kind == "abusive":
            explained = [a for a in logged if a.text in UNRELATED_TASKS[:2]]
            for activity, explanation in zip(explained, ERRAND_EXPLANATIONS, strict=False):
                activity_explain(activity=activity, by=agreement.intern, explanation=explanation)
        if line.intern and kind == "healthy":
            self.intern_diary(agreement, logged)

    def intern_diary(self, agreement: Agreement, logged) -> None:
        """The demo intern's weekly reflections (the last week's not written yet), and her
        tutor's review of the first week."""
        mondays = sorted({a.date - timedelta(days=a.date.weekday()) for a in logged})
        for number, (monday, texts) in enumerate(zip(mondays[:-1], REFLECTIONS, strict=False)):
            learned, difficulties, questions = texts
            reflection_save(
                agreement=agreement,
                by=agreement.intern,
                week_of=monday,
                learned=learned,
                difficulties=difficulties,
                questions=questions,
                shared_with_tutor=number != 1,  # one she kept for her referent
            )
        first_week = [a for a in logged if mondays and a.date < mondays[0] + timedelta(days=7)]
        for activity in first_week:
            label = str(activity.objective_id) if activity.objective_id else activity.engine_label
            activity_review(activity=activity, by=agreement.tutor, label=label or PROGRAM)

    # -- one agreement -------------------------------------------------------------------------

    def agreement(
        self, slot: _Slot, *, program, host, intern, tutor, referent, signatory, competencies
    ) -> Agreement:
        line = slot.line
        subject = SUBJECTS[line.subject]
        working_days = (
            ["tue", "wed", "thu", "fri", "sat"]
            if HOSTS[line.host].retail_week
            else ["mon", "tue", "wed", "thu", "fri"]
        )
        agreement = agreement_create(
            by=intern,
            intern=intern,
            program=program,
            host=host,
            tutor=tutor,
            referent=referent,
            signatory=signatory,
            title=subject.title,
            start_date=slot.start,
            end_date=slot.end,
            weekly_hours=Decimal("35"),
            working_days=working_days,
            gratification_hourly_rate=self.hourly_rate(slot),
            leave_provided=True,
        )
        for goal, kind in [(subject.main, ObjectiveKind.MAIN)] + [
            (goal, ObjectiveKind.SPECIFIC) for goal in subject.goals
        ]:
            objective = objective_create(
                agreement=agreement,
                by=intern,
                kind=kind,
                title=goal.title,
                description=goal.description,
                indicators="\n".join(goal.indicators),
                target_date=self.day_at(slot, goal.at),
                weight=goal.weight,
                competencies=[competencies[code] for code in goal.competencies],
            )
            for title, at in goal.milestones:
                milestone = milestone_create(
                    objective=objective, by=tutor, title=title, due_date=self.day_at(slot, at)
                )
                # Reached when due; the last week's are left open, as people are slow to tick.
                if line.status in _SIGNED and milestone.due_date <= self.today - timedelta(days=7):
                    milestone_update(milestone=milestone, by=tutor, reached_on=milestone.due_date)
        for description in subject.missions:
            mission_create(agreement=agreement, by=tutor, description=description)

        signed_on = None
        if line.status in _SIGNED:
            signed_on = min(
                slot.start - timedelta(days=12 + line.index % 10),
                self.today - timedelta(days=2),
            )
        self.lifecycle(agreement, line.status, signed_on=signed_on)
        Agreement.objects.filter(pk=agreement.pk).update(is_demo=True)
        return agreement

    def lifecycle(self, agreement, status: str, *, signed_on) -> None:
        """Walk the agreement through the real path, up to `status`: negotiation,
        everyone's agreement, validations, the five signatures (then dated back to
        `signed_on`, since the demo's signatures happened before the internships started).
        Starting and completing by date is left to `agreements_advance` at the end."""
        if status == _S.DRAFT:
            return
        intern, tutor, referent = agreement.intern, agreement.tutor, agreement.referent
        agreement = agreement_submit_for_negotiation(agreement=agreement, by=intern)
        if status == _S.CANCELLED:
            agreement_cancel(
                agreement=agreement,
                by=self.staff,
                reason="L'organisme d'accueil a renoncé à accueillir un stagiaire cette année.",
            )
            return
        if status == _S.NEGOTIATION:
            return
        for person in (intern, tutor, referent, self.staff):
            objectives_agree(agreement=agreement, by=person)
        agreement_validate(agreement=agreement, by=referent, kind=ValidationKind.PEDAGOGICAL)
        agreement_validate(agreement=agreement, by=self.staff, kind=ValidationKind.ADMINISTRATIVE)
        version = agreement_request_signatures(agreement=agreement, by=self.staff)
        if status == _S.AWAITING_SIGNATURES:
            return
        for party, person in (
            (Party.INTERN, intern),
            (Party.TUTOR, tutor),
            (Party.REFERENT, referent),
            (Party.STAFF, self.staff),
            (Party.HOST, agreement.signatory),
        ):
            version_sign(
                version=version,
                by=person,
                party=party,
                sha256=version.sha256,
                ip_address="127.0.0.1",
                user_agent="Balise demo",
            )
        when = timezone.make_aware(datetime.combine(signed_on, time(10, 0)))
        Signature.objects.filter(version=version).update(signed_at=when)
        AgreementVersion.objects.filter(pk=version.pk).update(signed_at=when)
        Agreement.objects.filter(pk=agreement.pk).update(signed_on=signed_on)
