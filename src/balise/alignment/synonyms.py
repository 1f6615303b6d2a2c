"""Workplace jargon and anglicisms, glossed with the plain French words objectives are written in.

Objectives are written for the agreement, in plain French ("réaliser l'interface web", "tableau
de bord", "référencement naturel"); logbooks are written at the desk, in the trade's jargon
("refacto du front", "dashboard", "SEO", "call avec le client"). Shared words cannot see that
they speak of the same thing. `enrich` keeps the jargon and adds its gloss after it, so both
the word stems and the character n-grams of a line carry the plain words too.

The glossary is curated and field-independent in spirit: each entry is a term of a trade or a
common workplace anglicism with its usual French meaning, never a word of a particular
internship. It works on normalised text (`text.normalise`: folded, abbreviations written out),
so keys are folded and hyphens are spaces ("front end"). Longer keys win ("front office" is the
hotel's reception, "front" alone the web interface). Only the similarity uses it: the lexicon
of `lexicon.py` still reads the intern's own words.
"""

from __future__ import annotations

import re
from functools import lru_cache

GLOSSARY: dict[str, str] = {
    # -- software and the web ---------------------------------------------------------------
    "front": "interface",
    "front end": "interface",
    "frontend": "interface",
    "back": "serveur",
    "back end": "serveur",
    "backend": "serveur",
    "endpoint": "route api",
    "endpoints": "routes api",
    "webservice": "api",
    "webservices": "api",
    "bug": "anomalie",
    "bugs": "anomalies",
    "bogue": "anomalie",
    "fix": "correction",
    "fixes": "corrections",
    "hotfix": "correction",
    "bugfix": "correction",
    "debug": "correction",
    "debugger": "correction",
    "debuggage": "correction",
    "debogage": "correction",
    "refactoring": "refactorisation",
    "deploy": "deploiement",
    "release": "version livraison",
    "releases": "versions livraison",
    "mise production": "deploiement",
    "feature": "fonctionnalite",
    "features": "fonctionnalites",
    "user story": "fonctionnalite",
    "user stories": "fonctionnalites",
    "test utilisateur": "ergonomie interface",
    "tests utilisateurs": "ergonomie interface",
    "responsive": "mobile",
    "mockup": "maquette",
    "mockups": "maquettes",
    "wireframe": "maquette",
    "wireframes": "maquettes",
    "zoning": "maquette",
    "database": "base donnees",
    "db": "base donnees",
    "ci cd": "integration continue deploiement continu",
    "github actions": "integration continue",
    "testing": "tests",
    "setup": "installation",
    "set up": "installation",
    "upgrade": "mise a jour",
    "update": "mise a jour",
    "updates": "mises a jour",
    "monitoring": "surveillance",
    "tracking": "suivi",
    "design": "conception",
    "requirements": "exigences besoins",
    # -- marketing and communication --------------------------------------------------------
    "dashboard": "tableau bord",
    "dashboards": "tableaux bord",
    "reporting": "rapport",
    "kpi": "indicateurs",
    "kpis": "indicateurs",
    "seo": "referencement naturel",
    "sea": "referencement payant",
    "ads": "publicite",
    "newsletter": "lettre information",
    "newsletters": "lettres information",
    "copywriting": "redaction",
    "content": "contenu",
    "social media": "reseaux sociaux",
    "community management": "animation reseaux sociaux",
    "community manager": "animation reseaux sociaux",
    "fb": "facebook",
    "crm": "relation client",
    "lead": "prospect",
    "leads": "prospects",
    "sourcing": "recherche",
    "shooting": "seance photo",
    "event": "evenement",
    "events": "evenements",
    "goodies": "objets promotionnels",
    "landing page": "page atterrissage site",
    "itw": "interview",
    "itws": "interviews",
    "publi": "publication",
    "publis": "publications",
    "posts": "publications",
    "edito": "editoriale",
    "visuel": "affiche image",
    "visuels": "affiches images",
    "pitch": "presentation",
    # -- work in general ----------------------------------------------------------------------
    "meeting": "reunion",
    "meetings": "reunions",
    "call": "appel",
    "calls": "appels",
    "kick off": "lancement",
    "kickoff": "lancement",
    "debrief": "bilan",
    "debriefing": "bilan",
    "feedback": "retours",
    "feedbacks": "retours",
    "review": "revue",
    "deadline": "echeance",
    "deadlines": "echeances",
    "process": "processus",
    "onboarding": "integration",
    "training": "formation",
    "workshop": "atelier",
    "team": "equipe",
    "slides": "presentation diaporama",
    "slide": "presentation diaporama",
    "deck": "presentation diaporama",
    "template": "modele",
    "templates": "modeles",
    "checklist": "liste controle",
    "draft": "brouillon",
    "roadmap": "feuille route",
    "forecast": "prevision",
    "business plan": "plan affaires",
    "follow up": "suivi",
    "to do": "taches",
    # -- industry, logistics, construction -----------------------------------------------------
    "wms": "logiciel gestion entrepot",
    "tms": "gestion transport",
    "bl": "bon livraison",
    "lean": "amelioration continue",
    "qhse": "qualite hygiene securite environnement",
    "hse": "hygiene securite environnement",
    "cctp": "cahier clauses techniques",
    "doe": "dossier ouvrages executes",
    "dce": "dossier consultation entreprises",
    "bim": "maquette numerique",
    "conduc": "conducteur travaux",
    # -- accounting, law, HR ------------------------------------------------------------------
    "ndf": "note frais",
    "closing": "cloture",
    "onboarder": "integration",
    "sourcer": "recherche",
    # -- health and social work ---------------------------------------------------------------
    "pec": "prise en charge",
    "ttt": "traitement",
    "atcd": "antecedents",
    "vad": "visite domicile",
    "educ": "educateur",
    # -- hotels and restaurants --------------------------------------------------------------
    "front office": "reception",
    "back office": "gestion administrative",
    "check in": "enregistrement arrivee",
    "checkin": "enregistrement arrivee",
    "check out": "depart",
    "checkout": "depart",
    "housekeeping": "etages",
    "room service": "service chambre",
    "food and beverage": "restauration",
    "upselling": "vente additionnelle",
    "upsell": "vente additionnelle",
    "revenue management": "gestion tarifaire",
    "yield management": "gestion tarifaire",
    "overbooking": "surreservation",
    "no show": "absence",
}

_PATTERN = re.compile(
    r"\b(?:"
    + "|".join(re.escape(key) for key in sorted(GLOSSARY, key=lambda k: (-len(k), k)))
    + r")\b"
)


@lru_cache(maxsize=65536)
def enrich(normalised: str) -> str:
    """Normalised text with the gloss of each jargon term written after it.

    "refactorisation du front en hooks" → "refactorisation du front interface en hooks".
    """
    return _PATTERN.sub(lambda match: f"{match.group(0)} {GLOSSARY[match.group(0)]}", normalised)


# -- acronyms the objectives spell out ------------------------------------------------------

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,5}\b")
# Small words an acronym may skip or keep: "TAD" is "transport à la demande", "BAT" "bon à
# tirer", "OPR" "opérations préalables à la réception".
_SKIPPABLE_TEXT = "a au aux d de des du en l la le les pour sur"
_SKIPPABLE = frozenset(_SKIPPABLE_TEXT.split())
# Punctuation ends a run: "soins de suite : recueil des besoins" spells no "SSR".
_CLAUSES = re.compile(r"[,;:.!?()\[\]«»\"/–—]+")


class Acronyms:
    """The internship's own acronyms, read off its objectives and competencies.

    A logbook writes "TAD", "OPR", "BAT" where the objectives write "transport à la demande",
    "opérations préalables à la réception", "bon à tirer". An all-capital word of three to six
    letters is spelled out when exactly one run of the objectives' words has those initials
    (small words may be skipped): no list to keep, and an acronym the objectives do not spell
    out is left alone.
    """

    def __init__(self, domain_texts: list[str]) -> None:
        from balise.alignment.text import normalise  # text.py imports this module

        self._sequences = [
            words
            for text in domain_texts
            for clause in _CLAUSES.split(text)
            if (words := normalise(clause).split())
        ]
        self._known: dict[str, str] = {}

    def spelled(self, acronym: str) -> str:
        """The words `acronym` stands for in the objectives, or "" when not exactly one run."""
        known = self._known.get(acronym)
        if known is None:
            from balise.alignment.text import ABBREVIATIONS  # text.py imports this module

            letters = acronym.lower()
            written_out = letters in ABBREVIATIONS or letters in GLOSSARY
            known = self._known[acronym] = "" if written_out else self._spell(letters)
        return known

    def _spell(self, letters: str) -> str:
        found = set()
        for words in self._sequences:
            for start, word in enumerate(words):
                if word[0] != letters[0] or word in _SKIPPABLE or len(word) < 3:
                    continue
                end = _initials(words, start, letters)
                if end:
                    found.add(" ".join(words[start:end]))
        return found.pop() if len(found) == 1 else ""

    def expand(self, text: str) -> str:
        """`text` with the spelled-out form of each of its acronyms appended."""
        extra = [self.spelled(match) for match in _ACRONYM.findall(text)]
        extra = [words for words in extra if words]
        return f"{text} {' '.join(extra)}" if extra else text


def _initials(words: list[str], index: int, letters: str, gaps: int = 1) -> int:
    """Where a run of `words` from `index` spelling `letters` ends (0 when none does).

    Small words may be skipped in one place only ("transport à la demande"): a run that skips
    here and there ("emailing de relance des paniers") is a coincidence, not an acronym.
    """
    if not letters:
        return index
    if index >= len(words):
        return 0
    word = words[index]
    if word[0] == letters[0] and (len(letters) > 1 or len(word) >= 3):
        end = _initials(words, index + 1, letters[1:], gaps)
        if end:
            return end
    if word in _SKIPPABLE and index > 0 and gaps > 0:
        skipped = index
        while skipped < len(words) and words[skipped] in _SKIPPABLE:
            skipped += 1
        for resume in range(index + 1, skipped + 1):
            end = _initials(words, resume, letters, gaps - 1)
            if end:
                return end
    return 0
