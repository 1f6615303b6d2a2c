"""Reading an objective's words: tokens, language, opening verb, deliverables, figures.

Everything works on folded words (lowercase, no accents) while keeping each word's place in the
text as written, so that a rewrite can quote the person's own words with their accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from balise.assistant import lexicon

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
# Letters or digits; apostrophes, hyphens and punctuation separate words.
_WORD = re.compile(r"[^\W_]+")
_ACCENTED = re.compile(r"[àâäçéèêëîïôöùûüÿœ]", re.IGNORECASE)

# Skipped before the verb: "Être capable de concevoir…" is about "concevoir".
_MODAL_PREFIXES = (
    ("etre", "capable", "de"),
    ("etre", "capable", "d"),
    ("etre", "en", "mesure", "de"),
    ("etre", "en", "mesure", "d"),
    ("savoir",),
    ("be", "able", "to"),
    ("being", "able", "to"),
    ("to",),
)
_REFLEXIVE = frozenset({"se", "s"})


def fold(text: str) -> str:
    """Lowercase, ligatures split, accents removed: "Mise en œuvre" → "mise en oeuvre"."""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


@dataclass(frozen=True)
class Token:
    text: str  # as written
    folded: str
    start: int  # offsets in the text as written
    end: int


def tokens(text: str) -> list[Token]:
    return [
        Token(match.group(), fold(match.group()), match.start(), match.end())
        for match in _WORD.finditer(text)
    ]


def words(text: str) -> list[str]:
    return [token.folded for token in tokens(text)]


def _padded(folded_words: list[str]) -> str:
    return f" {' '.join(folded_words)} "


def has_phrase(folded_words: list[str], phrases: frozenset[str]) -> bool:
    padded = _padded(folded_words)
    return any(f" {phrase} " in padded for phrase in phrases)


def _singular(word: str) -> str:
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def language(text: str, default: str = "fr") -> str:
    """`fr` or `en`: which language the text is written in, `default` when it cannot tell."""
    folded = words(text)
    french = sum(1 for word in folded if word in lexicon.FRENCH_MARKERS)
    english = sum(1 for word in folded if word in lexicon.ENGLISH_MARKERS)
    if _ACCENTED.search(text):
        french += 2
    if folded:
        first = folded[0]
        if first in lexicon.ENGLISH_VERBS or _vague_at(folded, 0, lexicon.VAGUE_VERBS_EN):
            english += 1
        if is_french_infinitive(first) or _vague_at(folded, 0, lexicon.VAGUE_VERBS_FR):
            french += 1
    if french > english:
        return "fr"
    if english > french:
        return "en"
    return default


# -- verbs ---------------------------------------------------------------------------------------


def is_french_infinitive(word: str) -> bool:
    if word in lexicon.FRENCH_NOT_VERBS or len(word) < 4:
        return False
    if word.endswith("ier"):
        return word.endswith("ifier") or word in lexicon.FRENCH_IER_VERBS
    if word.endswith("er"):
        return True
    if word.endswith("oir"):
        return word in lexicon.FRENCH_OIR_VERBS or word.endswith(("cevoir", "mouvoir"))
    if word.endswith("ir"):
        return True
    if word.endswith("re"):
        return word in lexicon.FRENCH_RE_VERBS or word.endswith(lexicon.FRENCH_RE_VERB_ENDINGS)
    return False


def is_english_verb(word: str) -> bool:
    return word in lexicon.ENGLISH_VERBS or (len(word) > 5 and word.endswith(("ize", "ify")))


def is_verb(word: str) -> bool:
    return is_french_infinitive(word) or is_english_verb(word)


def verb_start(folded: list[str]) -> int:
    """Where the verb should be: after a modal prefix such as "être capable de" or "to"."""
    for prefix in _MODAL_PREFIXES:
        if tuple(folded[: len(prefix)]) == prefix and len(folded) > len(prefix):
            return len(prefix)
    return 0


def opens_with_verb(folded: list[str]) -> bool:
    position = verb_start(folded)
    if position >= len(folded):
        return False
    word = folded[position]
    if word in _REFLEXIVE and position + 1 < len(folded):
        word = folded[position + 1]
    return is_verb(word) or word in lexicon.OUTCOME_VERBS


def _vague_at(folded: list[str], position: int, table: dict[str, str]) -> tuple[str, int] | None:
    """The vague phrase of `table` starting at `position`, longest first: (family, length)."""
    for length in (4, 3, 2, 1):
        if position + length > len(folded):
            continue
        phrase = " ".join(folded[position : position + length])
        if phrase in table:
            return table[phrase], length
    return None


@dataclass(frozen=True)
class VagueOpening:
    family: str  # lexicon.LEARN, PARTICIPATE or HELP
    lang: str  # the language of the phrase found
    verb: str  # the vague words as written ("Participer à")
    end: int  # index of the first token after the phrase


def vague_opening(text: str) -> VagueOpening | None:
    """The vague verb the title opens with ("Découvrir", "take part in"), if any."""
    found = tokens(text)
    folded = [token.folded for token in found]
    position = verb_start(folded)
    for lang, table in (("fr", lexicon.VAGUE_VERBS_FR), ("en", lexicon.VAGUE_VERBS_EN)):
        match = _vague_at(folded, position, table)
        if match is None:
            continue
        family, length = match
        end = position + length
        helping_with = end < len(folded) and folded[end] in lexicon.HELP_WITH_FR
        if family == lexicon.HELP and lang == "fr" and helping_with:
            family = lexicon.PARTICIPATE
        verb = text[found[position].start : found[end - 1].end]
        return VagueOpening(family=family, lang=lang, verb=verb, end=end)
    return None


# -- what the objective produces ---------------------------------------------------------------


def names_a_deliverable(text: str) -> bool:
    folded = words(text)
    singular = {_singular(word) for word in folded}
    if singular & (lexicon.DELIVERABLES_FR | lexicon.DELIVERABLES_EN):
        return True
    if set(folded) & (lexicon.DELIVERABLES_FR | lexicon.DELIVERABLES_EN):
        return True
    return has_phrase(folded, lexicon.DELIVERABLE_PHRASES_FR | lexicon.DELIVERABLE_PHRASES_EN)


def opens_with_outcome_verb(text: str) -> bool:
    folded = words(text)
    position = verb_start(folded)
    return position < len(folded) and folded[position] in lexicon.OUTCOME_VERBS


def is_quantified(text: str) -> bool:
    """A figure or a threshold: a number, a number word, "au moins", "%"..."""
    folded = words(text)
    if any(word.isdigit() or word[0].isdigit() for word in folded):
        return True
    if any(word in lexicon.NUMBER_WORDS for word in folded):
        return True
    if any(symbol in text for symbol in lexicon.THRESHOLD_SYMBOLS):
        return True
    return has_phrase(folded, lexicon.THRESHOLD_PHRASES)


def is_measurable(indicator: str) -> bool:
    """A number, a threshold or an observable result ("maquettes validées par le client")."""
    if is_quantified(indicator):
        return True
    folded = words(indicator)
    if any(word in lexicon.OBSERVABLE_WORDS for word in folded):
        return True
    return has_phrase(folded, lexicon.OBSERVABLE_PHRASES)
