"""French logbook text, made comparable: accents folded, abbreviations expanded, stems.

Interns write in a hurry ("réu PO", "maj doc", "rdv client", "Accesibilité"): `fold` lowercases
and removes accents, `normalise` also writes the usual abbreviations out (what the lexicon
reads), `stems` glosses the jargon (`synonyms.enrich`), drops stop words and numbers and returns
the Snowball French stems the similarity works on. `indicator_content` drops the wording every
success indicator shares ("validé par le tuteur").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from balise.alignment.synonyms import enrich

_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "’": "'", "‘": "'", "ʼ": "'", "ß": "ss"}
)

# Word-level abbreviations of French workplace logbooks, written on folded text. A value may
# hold several words. Ambiguous short forms ("ca", "cli", "po") are left alone on purpose.
ABBREVIATIONS: dict[str, str] = {
    "reu": "reunion",
    "reus": "reunions",
    "doc": "documentation",
    "docs": "documentation",
    "maj": "mise a jour",
    "majs": "mise a jour",
    "rdv": "rendez vous",
    "rdvs": "rendez vous",
    "dev": "developpement",
    "devs": "developpement",
    "tu": "tests unitaires",
    "tnr": "tests non regression",
    "pr": "pull request",
    "prs": "pull request",
    "mr": "merge request",
    "mrs": "merge request",
    "resa": "reservation",
    "resas": "reservations",
    "redac": "redaction",
    "reco": "recommandation",
    "recos": "recommandations",
    "qualif": "qualification",
    "verif": "verification",
    "verifs": "verifications",
    "config": "configuration",
    "configs": "configuration",
    "conf": "configuration",
    "init": "initialisation",
    "refacto": "refactorisation",
    "perf": "performance",
    "perfs": "performances",
    "archi": "architecture",
    "spec": "specification",
    "specs": "specifications",
    "compta": "comptabilite",
    "resp": "responsable",
    "respo": "responsable",
    "appli": "application",
    "applis": "applications",
    "app": "application",
    "bdd": "base donnees",
    "bd": "base donnees",
    "infos": "informations",
    "info": "information",
    "dispo": "disponible",
    "dispos": "disponibles",
    "evol": "evolution",
    "evols": "evolutions",
    "prepa": "preparation",
    "cmd": "commande",
    "cmds": "commandes",
    "cde": "commande",
    "cdes": "commandes",
    "pb": "probleme",
    "pbs": "problemes",
    "pbm": "probleme",
    "env": "environnement",
    "prod": "production",
    "techno": "technologie",
    "technos": "technologies",
    "ppt": "presentation",
    "pres": "presentation",
    "prez": "presentation",
    "stat": "statistique",
    "stats": "statistiques",
    "mep": "mise production",
    "pv": "proces verbal",
    "odj": "ordre jour",
    "rh": "ressources humaines",
    "cr": "compte rendu",
    "crs": "comptes rendus",
    "tel": "telephone",
    "tph": "telephone",
    "admin": "administratif",
    "ref": "reference",
    "refs": "references",
    "fourn": "fournisseur",
    "fournis": "fournisseurs",
    "dej": "dejeuner",
    "aprem": "apres midi",
    "collab": "collaborateur",
    "collabs": "collaborateurs",
    "coll": "collegue",
    "mail": "email",
    "mails": "emails",
    "mailing": "emailing",
    "msg": "message",
    "tuto": "tutoriel",
    "tutos": "tutoriels",
    "nb": "nombre",
    "qte": "quantite",
    "qtes": "quantites",
    "clt": "client",
    "clts": "clients",
    "fact": "facture",
    "facts": "factures",
    "dr": "direction",
    "dir": "direction",
    "dg": "directeur general",
    "pdg": "directeur general",
    "ceo": "directeur general",
    "sav": "service apres vente",
    "mgmt": "management",
    "asso": "association",
    "photocop": "photocopies",
    "photocops": "photocopies",
    "secu": "securite",
    "ergo": "ergonomie",
    "a11y": "accessibilite",
    "ux": "experience utilisateur",
    "ui": "interface utilisateur",
    "recap": "recapitulatif",
    "evals": "evaluations",
    "eval": "evaluation",
    "exo": "exercice",
    "exos": "exercices",
    "bib": "bibliographie",
    "biblio": "bibliographie",
    "ppe": "projet",
    "proj": "projet",
    "dt": "dossier technique",
    "cdc": "cahier charges",
    "mcd": "modele conceptuel donnees",
    "mld": "modele logique donnees",
}

_STOP_TEXT = """
    a ai aie aient aies ait alors as au aucun aucune aupres auquel aussi autre autres aux
    auxquels avaient avais avait avant avec avoir avons ayant b bon c ca car ce ceci cela celle
    celles celui cependant certain certaine certains ces cet cette ceux chaque chez ci comme
    comment d dans de dela depuis des desquels deux devant doit donc dont du duquel durant e
    elle elles en encore entre es est et etaient etais etait etant ete etre eu eux f fait faire
    fais faites g h i il ils j je jusqu jusque l la laquelle le lequel les lesquels leur leurs
    lors lorsque lui m ma mais me meme memes mes moi moins mon n ne ni nos notre nous o on ont
    ou par parce pas peu peut plus plupart pour pourquoi p pendant puis q qu quand que quel
    quelle quelles quels qui quoi r s sa sans se selon ses si sien soi soit son sont sous suis
    sur t ta tandis te tes toi ton tous tout toute toutes tres tu u un une unes uns v va vers
    via vos votre vous vs w x y z etc cf ok afin ainsi apres deja
    lorsqu puisqu quoiqu
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())

_TOKEN = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"^\d+(?:er|e|eme|re|h|k|min|mn|j|ans?)?$")

_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lowercase, ligatures split, accents removed: "Réunion d'équipe" → "reunion d'equipe"."""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Folded text, punctuation turned into spaces, abbreviations written out.

    The result is a single-spaced string of words, what the lexicon's patterns are written for:
    "Réu d'équipe : MAJ doc" → "reunion d equipe mise a jour documentation".
    """
    words = _TOKEN.findall(fold(text))
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


# The wording of success indicators, whatever the objective: "validé par le tuteur", "livrées
# en recette", "conforme à la maquette", "supérieur ou égal à 90", "sans erreur", "chaque
# semaine", "avant la fin du stage". These words say how the work is judged, not what it is
# about; an activity "validation des payloads" or "revue avec le tuteur" must not be drawn to
# an objective by them. Past participles and measures only: "présentation", "rédaction" and
# "livraison" (other words) still count.
_INDICATOR_TEXT = """
    valide validee validees valides relu relue relus relues approuve approuvee approuves
    approuvees accepte acceptee acceptes acceptees signe signee signes signees livre livree
    livres livrees conforme conformes realise realisee realises realisees redige redigee
    rediges redigees etabli etablie etablis etablies presente presentee presentes presentees
    transmis transmise transmises diffuse diffusee diffuses diffusees respecte respectee
    respectes respectees verifie verifiee verifies verifiees partage partagee partages
    partagees documente documentee documentes documentees complet complete complets completes
    termine terminee termines terminees atteint atteinte atteints atteintes effectue effectuee
    effectues effectuees applique appliquee appliques appliquees propose proposee proposes
    proposees mene menee menes menees envoye envoyee envoyes envoyees mis mise mises place
    superieur superieure superieurs superieures inferieur inferieure inferieurs inferieures
    egal egale egaux egales minimum maximum moins plus sans aucun aucune zero erreur erreurs
    chaque semaine semaines mois delai delais fin stage tuteur tutrice hausse baisse
"""
INDICATOR_WORDS = frozenset(_INDICATOR_TEXT.split())


def indicator_content(indicator: str) -> str:
    """An indicator's words, normalised, without the wording every indicator shares."""
    return " ".join(word for word in normalise(indicator).split() if word not in INDICATOR_WORDS)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a folded word, with the "-ée" it cannot see without accents removed.

    Snowball strips "-ée(s)" only when the accent is there: folded, "validée" gives "valide"
    while "validé" and "validation" give "valid". Its stems never end in "e" otherwise.
    """
    stem = _stemmer.stemWord(word)
    if len(stem) > 3 and stem.endswith("e"):
        stem = stem[:-1]
    return stem


def content_words(normalised: str) -> list[str]:
    """The words of normalised text that carry meaning: no stop words, no bare numbers."""
    return [
        word
        for word in normalised.split()
        if len(word) > 1 and word not in _STOP_WORDS and not _DIGITS.match(word)
    ]


@lru_cache(maxsize=65536)
def stems(text: str) -> tuple[str, ...]:
    """The French stems of a raw text's content words, jargon glossed, in order."""
    return tuple(stem(word) for word in content_words(enrich(normalise(text))))
