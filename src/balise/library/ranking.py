"""Which library examples to suggest for an objective being drafted, best first.

Pure: plain values in, indices out. Two signals, as the drafting party would weigh them:

- the programme's competencies: an example aimed at the competencies already ticked on the
  form, or at the programme's own framework rather than only the shared transversal skills,
  fits the internship better;
- what is already written: the text similarity between the draft (title, description,
  indicators) and the example, with the alignment engine's text processing (French stems and
  character n-grams, TF-IDF fitted on the candidate examples).

Before anything is written the competencies and the example's popularity decide; once text is
there, similarity weighs most.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from balise.alignment.engine import Space

TEXT_WEIGHT = 0.65
COMPETENCY_WEIGHT = 0.25
PROGRAMME_WEIGHT = 0.07
POPULARITY_WEIGHT = 0.03
# Below this similarity, a written draft has nothing to do with the example.
MIN_SIMILARITY = 0.05


@dataclass(frozen=True)
class Candidate:
    text: str  # title, description and indicators, in the language shown
    competencies: frozenset[int]
    for_programme: bool  # written for this programme rather than for the whole school
    programme_framework_share: float  # share of its competencies in the programme's framework
    usage_count: int = 0


def rank(
    candidates: Sequence[Candidate],
    *,
    draft_text: str,
    chosen_competencies: frozenset[int] = frozenset(),
    limit: int = 3,
) -> list[tuple[int, float]]:
    """`(index in candidates, score)` of the best `limit` candidates, best first."""
    if not candidates or limit <= 0:
        return []
    similarity = _similarity([candidate.text for candidate in candidates], draft_text)
    written = bool(draft_text.strip()) and similarity.size > 0 and bool(similarity.any())
    most_used = max(candidate.usage_count for candidate in candidates) or 1
    scored = []
    for index, candidate in enumerate(candidates):
        overlap = (
            len(candidate.competencies & chosen_competencies) / len(chosen_competencies)
            if chosen_competencies
            else 0.0
        )
        if written and similarity[index] < MIN_SIMILARITY and not overlap:
            continue
        score = (
            TEXT_WEIGHT * float(similarity[index])
            + COMPETENCY_WEIGHT * overlap
            + PROGRAMME_WEIGHT
            * (0.5 * candidate.for_programme + 0.5 * candidate.programme_framework_share)
            + POPULARITY_WEIGHT * math.log1p(candidate.usage_count) / math.log1p(most_used)
        )
        scored.append((index, score))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]


def _similarity(texts: list[str], draft: str) -> np.ndarray:
    """Cosine similarity of the draft with each text (0 when there is nothing to compare)."""
    if not draft.strip():
        return np.zeros(len(texts))
    space = Space(texts)
    words, chars = space.transform([draft])
    scores = np.zeros(len(texts))
    parts = 0
    if space.has_words:
        scores += _cosines(space.corpus_words, words)
        parts += 1
    if space.has_chars:
        scores += _cosines(space.corpus_chars, chars)
        parts += 1
    return scores / parts if parts else scores


def _cosines(corpus, vector) -> np.ndarray:
    # TF-IDF rows are L2-normalised: the dot product is the cosine.
    return np.asarray((corpus @ vector.T).todense()).ravel()
