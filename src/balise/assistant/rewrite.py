"""Suggested rewrites, built from the person's own words and in the language she wrote in.

"Découvrir le service marketing" → "Réaliser une synthèse écrite du service marketing,
présentée à l'équipe"; "Mise en place du CRM" → "Mettre en place le CRM". A rewrite is a
starting point: it names a deliverable the parties can then make precise.
"""

from __future__ import annotations

import datetime as dt

from balise.assistant import lexicon
from balise.assistant.text import (
    Token,
    VagueOpening,
    is_english_verb,
    is_french_infinitive,
    tokens,
)
from balise.law import formatting as fmt

_TRAILING = " \t\n.;:!,?"
_VOWELS = tuple("aeiouyh")
_FRENCH_DETERMINERS = frozenset(
    [
        "un",
        "une",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "ce",
        "cet",
        "cette",
        "ces",
        "leur",
        "leurs",
        "notre",
        "nos",
        "votre",
        "vos",
    ]
)

_TEMPLATES = {
    "fr": {
        lexicon.LEARN: "Réaliser une synthèse écrite {of}, présentée à l'équipe",
        "explain": "Réaliser une synthèse écrite expliquant {object}, présentée à l'équipe",
        lexicon.PARTICIPATE: "Réaliser une partie identifiée {of} et en livrer le compte rendu",
        lexicon.HELP: (
            "Réaliser pour {object} un livrable identifié (rapport, outil ou procédure à préciser)"
        ),
    },
    "en": {
        lexicon.LEARN: "Write a summary of {object}, presented to the team",
        "explain": "Write a summary explaining {object}, presented to the team",
        lexicon.PARTICIPATE: "Deliver an identified part of {object}, with a written report",
        lexicon.HELP: (
            "Deliver an identified piece of work for {object} (a report, tool or procedure to name)"
        ),
    },
}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rest(text: str, found: list[Token], index: int) -> str:
    """The text as written from token `index` on, without trailing punctuation."""
    if index >= len(found):
        return ""
    return text[found[index].start :].strip().rstrip(_TRAILING).strip()


def french_of(phrase: str) -> str:
    """`de` + `phrase`, contracted as French wants: du, des, de la, de l', d'un, d'outils."""
    found = tokens(phrase)
    if not found:
        return ""
    first = found[0].folded
    if first in lexicon.FRENCH_DE_CONTRACTIONS and len(found) > 1:
        return f"{lexicon.FRENCH_DE_CONTRACTIONS[first]} {_rest(phrase, found, 1)}"
    if first == "des" and len(found) > 1:
        phrase = _rest(phrase, found, 1)
        first = found[1].folded
    if first in {"la", "l"} or (first in _FRENCH_DETERMINERS and not first.startswith(_VOWELS)):
        return f"de {phrase}"
    if first.startswith(_VOWELS):
        return f"d'{phrase}"
    return f"de {phrase}"


def vague_title(title: str, opening: VagueOpening) -> str | None:
    """A title with an action verb and a deliverable instead of the vague verb, or None when
    nothing follows the verb."""
    found = tokens(title)
    index = opening.end
    article = ""
    preposition = None
    if opening.lang == "fr":
        if index < len(found) and found[index].folded in lexicon.LEADING_PREPOSITIONS_FR:
            preposition = found[index].folded
            article = lexicon.LEADING_PREPOSITIONS_FR[preposition]
            index += 1
    else:
        while index < len(found) and found[index].folded in lexicon.LEADING_PREPOSITIONS_EN:
            preposition = found[index].folded
            index += 1
    rest = _rest(title, found, index)
    if not rest:
        return None
    first = found[index].folded

    # "Apprendre à rédiger des spécifications": the verb after the vague one is the objective.
    french_verb = opening.lang == "fr" and preposition in {None, "a", "de", "d"} and not article
    if french_verb and is_french_infinitive(first):
        return _capitalised(rest)
    if opening.lang == "en" and preposition in {None, "to"} and is_english_verb(first):
        return _capitalised(rest)

    templates = _TEMPLATES[opening.lang]
    questions = lexicon.QUESTION_WORDS_FR if opening.lang == "fr" else lexicon.QUESTION_WORDS_EN
    if opening.family == lexicon.LEARN and first in questions:
        return templates["explain"].format(object=rest)
    object_ = article + rest
    of = french_of(object_) if opening.lang == "fr" else f"of {object_}"
    return templates[opening.family].format(object=object_, of=of)


def nominal_title(title: str) -> str | None:
    """A title opening with a verb instead of an action noun: "Mise en place du CRM" →
    "Mettre en place le CRM", "Development of the API" → "Develop the API"."""
    found = tokens(title)
    folded = [token.folded for token in found]
    for length in (3, 2, 1):
        phrase = " ".join(folded[:length])
        for lang, table in (
            ("fr", lexicon.FRENCH_NOMINALISATIONS),
            ("en", lexicon.ENGLISH_NOMINALISATIONS),
        ):
            if phrase in table and len(found) > length:
                rest = _object_after_noun(title, found, length, lang)
                if rest:
                    return f"{table[phrase]} {rest}"
    return None


def _object_after_noun(title: str, found: list[Token], index: int, lang: str) -> str:
    folded = [token.folded for token in found]
    if lang == "en":
        if folded[index] == "of":
            index += 1
        return _rest(title, found, index)
    for length in (2, 1):
        key = " ".join(folded[index : index + length])
        if key in lexicon.FRENCH_OF_CONTRACTIONS and len(found) > index + length:
            replacement = lexicon.FRENCH_OF_CONTRACTIONS[key]
            rest = _rest(title, found, index + length)
            return f"{replacement}{rest}" if replacement.endswith("'") else f"{replacement} {rest}"
    if folded[index] in {"de", "d"}:
        index += 1
    return _rest(title, found, index)


def indicator(text: str, lang: str, target_date: dt.date | None) -> str:
    """The indicator with an observable result and, when known, its deadline."""
    text = text.strip().rstrip(_TRAILING).strip()
    if lang == "fr":
        deadline = f" au plus tard le {fmt.date(target_date, 'fr')}" if target_date else ""
        return f"{text} : résultat validé par le tuteur{deadline}"
    deadline = f" by {fmt.date(target_date, 'en')}" if target_date else ""
    return f"{text}: result approved by the tutor{deadline}"
