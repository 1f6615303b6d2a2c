"""Which objective each logged activity serves: coverage, the logbook's context, the lexicon.

For one internship:

1. Every text (activities, objectives' titles, descriptions and indicators, the competencies
   linked to them) is normalised (`text.py`), its jargon glossed with plain French
   (`synonyms.enrich`: "front" → "interface", "dashboard" → "tableau de bord") and, for the
   logbook, its acronyms spelled out from the objectives' own words (`synonyms.Acronyms`:
   "TAD" → "transport à la demande"). Then it is vectorised twice with TF-IDF fitted on the
   internship's own texts: word stems with their bigrams, and character 3-5-grams of the words
   (robust to typos, "Authentifcation", and to derived words, "colis" / "colisage").
2. *Coverage*: the share of an activity's TF-IDF weight carried by words of an objective, each
   word weighing as much as the objective part it appears in (title 1, description and
   indicators 0.7, linked competencies 0.3); a word that several objectives share tells them
   apart poorly and is damped; the wording every indicator shares ("validé par le tuteur",
   "sans erreur") is left out. Unlike a cosine, a long objective description does not dilute it.
3. Objectives with no clear mention (fewer than two plain activities pointing at them with some
   coverage, and none naming them outright) are taken as neglected: nothing is assigned to them.
4. The logbook's context: each activity's coverage is averaged with that of its closest entries
   (wording and date), then combined with a *time prior*: the objectives served by the entries
   of the days around it (interns work on objectives in phases).
5. What the logbook teaches (`logbook_coverage`): once every line has a first label, each word
   takes the objectives of the *other* lines that use it, and that second coverage is added to
   the first before step 4 runs again (twice). Jargon the objectives never use ("endpoint",
   "hooks") then counts for the objective of the lines around it that do name it.
6. The lexicon (`lexicon.py`) decides what coverage cannot see: a line marked as a task outside
   any training is `unrelated` unless it is strongly tied to an objective; a line marked as
   onboarding, a course, team life or the internship's paperwork is `program` unless it names an
   objective clearly; any other line goes to its best objective, or to `program` when it shares
   nothing with any objective.
7. A routine (`routine.py`) — the same task again and again over three weeks or more, with no
   progression — advances no objective: an objective-labelled routine becomes `program` unless
   it names its objective strongly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from balise.alignment.inputs import Activity, Competency, Objective
from balise.alignment.lexicon import Lexicon, Match, strength
from balise.alignment.synonyms import Acronyms, enrich
from balise.alignment.text import content_words, indicator_content, normalise, stems

PROGRAM = "program"
UNRELATED = "unrelated"


@dataclass(frozen=True)
class Settings:
    """The engine's constants, in one place (docs/align.md says how they were chosen)."""

    word_weight: float = 0.6  # the rest goes to character n-grams
    title_weight: float = 1.0
    description_weight: float = 0.7
    indicator_weight: float = 0.7
    competency_weight: float = 0.3
    shared_term_penalty: float = 0.7  # a word of every objective keeps 30 % of its weight
    # An objective counts as worked on when at least two plain lines point at it with some
    # coverage, or one names it outright.
    evidence_coverage: float = 0.10
    evidence_activities: int = 2
    evidence_single: float = 0.5
    neighbours: int = 8
    neighbour_min_similarity: float = 0.12
    neighbour_time_scale_days: float = 10.0
    context_weight: float = 1.0
    time_scale_days: float = 7.0
    time_floor: float = 0.05
    sharpness: float = 25.0  # how much coverage differences weigh against the time prior
    rounds: int = 5
    objective_min_coverage: float = 0.02
    cued_min_coverage: float = 0.20
    cue_strength: float = 0.5
    cue_margin: float = 0.3  # a stronger cue needs more coverage to be overridden
    unrelated_threshold: float = 0.55
    unrelated_tie_penalty: float = 1.2
    routine_keep_coverage: float = 0.45
    relevance_scale: float = 0.25
    # What the logbook itself teaches: words the objectives never use, learnt from the lines
    # that use them (`logbook_coverage`).
    logbook_weight: float = 0.3
    logbook_prior: float = 1.0
    logbook_rounds: int = 2


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class Decision:
    """What the engine concluded about one activity."""

    label: str
    score: float
    objective_scores: tuple[float, ...]  # in [0, 1], in the objectives' order
    coverage: tuple[float, ...]  # the direct coverage of each objective
    unrelated_matches: tuple[Match, ...]
    program_matches: tuple[Match, ...]


# -- vector spaces ------------------------------------------------------------------------------


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def word_features(text: str) -> list[str]:
    words = stems(text)
    return list(words) + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def char_text(text: str) -> str:
    return " ".join(content_words(enrich(normalise(text))))


class Space:
    """TF-IDF of word stems and of character n-grams, fitted on one internship's texts.

    The corpus's own vectors are kept (`corpus_words`, `corpus_chars`): analysing each text
    once is most of the cost of a long logbook.
    """

    def __init__(self, corpus: Sequence[str]) -> None:
        self.words = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float64)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float64
        )
        count = len(corpus)
        fitted = _fit(self.words, [word_features(text) for text in corpus])
        self.has_words = fitted is not None
        self.corpus_words = fitted if fitted is not None else sparse.csr_matrix((count, 1))
        fitted = _fit(self.chars, [char_text(text) for text in corpus])
        self.has_chars = fitted is not None
        self.corpus_chars = fitted if fitted is not None else sparse.csr_matrix((count, 1))

    def transform(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        count = len(texts)
        if self.has_words:
            words = sparse.csr_matrix(self.words.transform([word_features(t) for t in texts]))
        else:
            words = sparse.csr_matrix((count, 1))
        if self.has_chars:
            chars = sparse.csr_matrix(self.chars.transform([char_text(t) for t in texts]))
        else:
            chars = sparse.csr_matrix((count, 1))
        return words, chars


def _fit(vectorizer: TfidfVectorizer, documents: list) -> sparse.csr_matrix | None:
    if not documents:
        return None
    try:
        return sparse.csr_matrix(vectorizer.fit_transform(documents))
    except ValueError:  # an empty vocabulary: nothing but stop words and numbers
        return None


class ObjectiveModel:
    """The objectives as word ownership: which words belong to which objective, how much."""

    def __init__(
        self,
        objectives: Sequence[Objective],
        competencies: Sequence[Competency],
        extra_corpus: Sequence[str] = (),
        settings: Settings = DEFAULT_SETTINGS,
    ) -> None:
        self.settings = settings
        self.objectives = tuple(objectives)
        labels = {competency.id: competency.label for competency in competencies}
        parts: list[tuple[int, float, str]] = []
        for index, objective in enumerate(objectives):
            parts.append((index, settings.title_weight, objective.title))
            if objective.description:
                parts.append((index, settings.description_weight, objective.description))
            for indicator in objective.indicators:
                parts.append((index, settings.indicator_weight, indicator_content(indicator)))
            for competency in objective.competencies:
                if competency in labels:
                    parts.append((index, settings.competency_weight, labels[competency]))
        domain = [text for objective in objectives for text in _texts(objective)]
        self.acronyms = Acronyms(domain + list(labels.values()))
        extra_corpus = [self.acronyms.expand(text) for text in extra_corpus]
        corpus = [text for _, _, text in parts] + list(labels.values()) + extra_corpus
        self.space = Space(corpus)
        extra = len(extra_corpus)
        # The vectors of `extra_corpus` (the logbook), in its order.
        self.extra_words = self.space.corpus_words[len(corpus) - extra :]
        self.extra_chars = self.space.corpus_chars[len(corpus) - extra :]
        count = len(objectives)
        if parts:
            words = self.space.corpus_words[: len(parts)]
            chars = self.space.corpus_chars[: len(parts)]
            self.word_owner = _damp(_ownership(parts, count, words), settings.shared_term_penalty)
            self.char_owner = _damp(_ownership(parts, count, chars), settings.shared_term_penalty)
        else:
            self.word_owner = np.zeros((count, 1))
            self.char_owner = np.zeros((count, 1))

    def coverage(self, words: sparse.csr_matrix, chars: sparse.csr_matrix) -> np.ndarray:
        """For each row and objective, the share of the row's weight the objective owns."""
        if not self.objectives:
            return np.zeros((words.shape[0], 0))
        weight = self.settings.word_weight
        word_part = words.multiply(words) @ self.word_owner.T
        char_part = chars.multiply(chars) @ self.char_owner.T
        return np.asarray(weight * word_part + (1 - weight) * char_part)

    def text_coverage(self, text: str) -> np.ndarray:
        """`coverage` of one new text, whose words the fitted vocabulary may not know.

        A word unknown to the objectives' vocabulary weighs as a word seen once: leaving it out
        would let "endpoints côté back" be all about the one objective that says "côté".
        """
        if not self.objectives:
            return np.zeros(0)
        expanded = self.acronyms.expand(text)
        parts = []
        for vectorizer, owner, features, present in (
            (self.space.words, self.word_owner, word_features(expanded), self.space.has_words),
            (self.space.chars, self.char_owner, None, self.space.has_chars),
        ):
            if not present:
                parts.append(np.zeros(len(self.objectives)))
                continue
            if features is None:
                features = vectorizer.build_analyzer()(char_text(expanded))
            counts: dict[str, int] = {}
            for feature in features:
                counts[feature] = counts.get(feature, 0) + 1
            vocabulary, idf = vectorizer.vocabulary_, vectorizer.idf_
            unknown_idf = float(idf.max())
            known = np.zeros(owner.shape[1])
            total = 0.0
            for feature, count in counts.items():
                column = vocabulary.get(feature)
                weight = (1.0 + np.log(count)) * (
                    idf[column] if column is not None else unknown_idf
                )
                total += weight * weight
                if column is not None:
                    known[column] += weight * weight
            parts.append(owner @ known / total if total else np.zeros(len(self.objectives)))
        weight = self.settings.word_weight
        return weight * parts[0] + (1 - weight) * parts[1]


def _texts(objective: Objective) -> list[str]:
    return [objective.title, objective.description, *objective.indicators]


def _ownership(parts: list[tuple[int, float, str]], count: int, vectors: sparse.csr_matrix):
    owner = np.zeros((count, vectors.shape[1]))
    vectors = sparse.csr_matrix(vectors)
    for row, (index, weight, _) in enumerate(parts):
        columns = vectors.indices[vectors.indptr[row] : vectors.indptr[row + 1]]
        owner[index, columns] = np.maximum(owner[index, columns], weight)
    return owner


def _damp(owner: np.ndarray, penalty: float) -> np.ndarray:
    """A word found in several objectives tells them apart poorly: weigh it down."""
    count = owner.shape[0]
    if count < 2:
        return owner
    spread = (owner > 0).sum(axis=0)
    share = np.clip((spread - 1) / (count - 1), 0.0, 1.0)
    return owner * (1.0 - penalty * share)


# -- the logbook's context ----------------------------------------------------------------------


def similar_pairs(
    words: sparse.csr_matrix,
    chars: sparse.csr_matrix,
    settings: Settings,
    *,
    days: np.ndarray | None = None,
    keep: int = 8,
    minimum: float = 0.12,
    chunk: int = 2048,
) -> sparse.csr_matrix:
    """A sparse, symmetric graph where each activity is linked to its `keep` most similar ones.

    Similarity is the cosine of both spaces mixed, at least `minimum`; with `days`, it is also
    weighed by closeness in time (half of it is kept however far apart the dates are: the same
    task comes back weeks later).
    """
    count = words.shape[0]
    keep = min(keep, count - 1)
    if count < 2 or keep < 1:
        return sparse.csr_matrix((count, count))
    weight = settings.word_weight
    words, chars = _drop_ubiquitous(words), _drop_ubiquitous(chars)
    words_t, chars_t = words.T.tocsr(), chars.T.tocsr()
    rows, cols, values = [], [], []
    for start in range(0, count, chunk):
        stop = min(count, start + chunk)
        block = weight * (words[start:stop] @ words_t)
        block = sparse.coo_matrix(block + (1 - weight) * (chars[start:stop] @ chars_t))
        row, col, value = block.row + start, block.col, block.data
        mask = (value >= minimum) & (row != col)
        row, col, value = row[mask], col[mask], value[mask]
        if days is not None and len(value):
            gap = np.abs(days[row] - days[col])
            value = value * (0.5 + 0.5 * np.exp(-gap / settings.neighbour_time_scale_days))
            mask = value >= minimum
            row, col, value = row[mask], col[mask], value[mask]
        # The `keep` best of each row: sort by row, then by decreasing similarity.
        order = np.lexsort((-value, row))
        row, col, value = row[order], col[order], value[order]
        first = np.searchsorted(row, row, side="left")
        rank = np.arange(len(row)) - first
        mask = rank < keep
        rows.append(row[mask])
        cols.append(col[mask])
        values.append(value[mask])
    graph = sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
        shape=(count, count),
    )
    return graph.maximum(graph.T).tocsr()


def _drop_ubiquitous(vectors: sparse.csr_matrix) -> sparse.csr_matrix:
    """Without the features found in more than max(50, 2 %) of the rows.

    Such n-grams ("tion", "ment") weigh little in a cosine but make the products of long
    logbooks dense and slow; a logbook of a few hundred lines keeps nearly all its features.
    """
    count = vectors.shape[0]
    limit = max(50, int(0.02 * count))
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    if frequency.max(initial=0) <= limit:
        return vectors
    keep = sparse.diags((frequency <= limit).astype(np.float64))
    return sparse.csr_matrix(vectors @ keep)


def _smooth(scores: np.ndarray, graph: sparse.csr_matrix, weight: float) -> np.ndarray:
    """Each row's scores averaged with its neighbours', its own counting as one neighbour."""
    if scores.shape[1] == 0 or graph.nnz == 0 or weight == 0:
        return scores
    mass = np.asarray(graph.sum(axis=1)).ravel()
    return (scores + weight * (graph @ scores)) / (1.0 + weight * mass)[:, None]


def _time_prior(days: np.ndarray, weights: np.ndarray, scale: float) -> np.ndarray:
    """For each activity, the weights of the *other* activities, summed with exp(-Δdays/scale).

    Computed per calendar day, so that the cost grows with the span of the logbook, not with
    the square of its length.
    """
    count, objectives = weights.shape
    if count == 0 or objectives == 0:
        return np.zeros_like(weights)
    first = int(days.min())
    index = (days - first).astype(np.int64)
    span = int(index.max()) + 1
    per_day = np.zeros((span, objectives))
    np.add.at(per_day, index, weights)
    reach = min(span, int(scale * 8) + 1)
    kernel = np.exp(-np.arange(reach) / scale)
    spread = per_day * kernel[0]
    for shift in range(1, reach):
        spread[shift:] += per_day[:-shift] * kernel[shift]
        spread[:-shift] += per_day[shift:] * kernel[shift]
    return spread[index] - weights  # an activity does not vote for itself


def _softmax(logits: np.ndarray, alive: np.ndarray) -> np.ndarray:
    logits = np.where(alive[None, :], logits, -np.inf)
    top = logits.max(axis=1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    exp = np.exp(logits - top)
    total = exp.sum(axis=1, keepdims=True)
    return np.divide(exp, total, out=np.zeros_like(exp), where=total > 0)


# -- the decisions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """Everything the report and routine detection need about a classified logbook."""

    decisions: list[Decision]
    words: sparse.csr_matrix
    chars: sparse.csr_matrix
    alive: np.ndarray


def classify(
    activities: Sequence[Activity],
    lexicon: Lexicon,
    model: ObjectiveModel,
    settings: Settings = DEFAULT_SETTINGS,
) -> Classification:
    """A label, a score and objective scores for every activity."""
    count = len(activities)
    objectives = model.objectives
    m = len(objectives)
    texts = [activity.text for activity in activities]
    if model.extra_words.shape[0] == count:  # the model was fitted with this logbook
        words, chars = model.extra_words, model.extra_chars
    else:
        words, chars = model.space.transform([model.acronyms.expand(text) for text in texts])
    if count == 0:
        return Classification([], words, chars, np.ones(m, dtype=bool))
    coverage = model.coverage(words, chars)
    normalised = [normalise(text) for text in texts]
    unrelated = [lexicon.unrelated_matches(text) for text in normalised]
    program = [lexicon.program_matches(n, raw) for n, raw in zip(normalised, texts, strict=True)]
    unrelated_strength = np.array([strength(matches) for matches in unrelated])
    program_strength = np.array([strength(matches) for matches in program])
    cued = program_strength >= settings.cue_strength
    other_project = np.array([any(m.key == "other_project" for m in found) for found in program])
    # Evidence that an objective is worked on comes from lines that look like neither a chore
    # nor programme-level work.
    plain = (unrelated_strength == 0) & ~cued
    alive = np.ones(m, dtype=bool)
    if m:
        pointing = coverage.argmax(axis=1)
        for index in range(m):
            values = np.sort(coverage[plain & (pointing == index), index])[::-1]
            mentions = int((values >= settings.evidence_coverage).sum())
            alive[index] = mentions >= settings.evidence_activities or (
                len(values) > 0 and values[0] >= settings.evidence_single
            )
    direct = np.where(alive[None, :], coverage, 0.0)
    best_coverage = direct.max(axis=1) if m else np.zeros(count)

    is_unrelated = (unrelated_strength > 0) & (
        unrelated_strength - settings.unrelated_tie_penalty * best_coverage
        >= settings.unrelated_threshold
    )
    candidate = ~is_unrelated
    seedable = candidate & ~cued

    days = np.array([activity.date.toordinal() for activity in activities], dtype=np.float64)
    graph = similar_pairs(
        words,
        chars,
        settings,
        days=days,
        keep=settings.neighbours,
        minimum=settings.neighbour_min_similarity,
    )
    if is_unrelated.any() and graph.nnz:
        keep = sparse.diags(candidate.astype(np.float64))
        graph = sparse.csr_matrix(keep @ graph @ keep)

    context = _Context(graph, days, alive, candidate, is_unrelated, seedable)
    smoothed, posterior = _assign(direct, context, settings)
    labels = _labels(
        posterior, smoothed, direct, cued, other_project, program_strength, alive, settings
    )
    if m and alive.any():
        for _ in range(settings.logbook_rounds):
            learned = logbook_coverage(words, labels, posterior, seedable, settings.logbook_prior)
            combined = direct + settings.logbook_weight * np.where(alive[None, :], learned, 0.0)
            smoothed, posterior = _assign(combined, context, settings)
            labels = _labels(
                posterior, smoothed, direct, cued, other_project, program_strength, alive, settings
            )

    if m:
        relevance = np.clip(smoothed.max(axis=1) / settings.relevance_scale, 0.0, 1.0)
    else:
        relevance = np.zeros(count)
    decisions = []
    for index in range(count):
        scores = tuple(float(round(posterior[index, k] * relevance[index], 4)) for k in range(m))
        if is_unrelated[index]:
            label = UNRELATED
            score = unrelated_strength[index] - 0.5 * best_coverage[index]
        elif labels[index] >= 0:
            best = int(labels[index])
            label = objectives[best].id
            score = scores[best]
        else:
            label = PROGRAM
            near = smoothed[index].max() if m else 0.0
            score = max(program_strength[index], 1.0 - near / settings.relevance_scale)
        decisions.append(
            Decision(
                label=label,
                score=float(round(min(1.0, max(0.0, score)), 4)),
                objective_scores=scores,
                coverage=tuple(float(x) for x in coverage[index]),
                unrelated_matches=tuple(unrelated[index]),
                program_matches=tuple(program[index]),
            )
        )
    return Classification(decisions, words, chars, alive)


@dataclass(frozen=True)
class _Context:
    """What the soft assignment needs besides the coverage: the logbook's graph and dates."""

    graph: sparse.csr_matrix
    days: np.ndarray
    alive: np.ndarray
    candidate: np.ndarray
    is_unrelated: np.ndarray
    seedable: np.ndarray


def _assign(direct: np.ndarray, context: _Context, settings: Settings):
    """Coverage smoothed over similar entries, then the posterior with the time prior."""
    alive, seedable = context.alive, context.seedable
    count, m = direct.shape
    smoothed = _smooth(
        np.where(context.candidate[:, None], direct, 0.0), context.graph, settings.context_weight
    )
    smoothed = np.where(context.is_unrelated[:, None], direct, smoothed)
    posterior = _softmax(settings.sharpness * smoothed, alive) if m else np.zeros((count, 0))
    if m and alive.any():
        live = int(alive.sum())
        for _ in range(settings.rounds):
            votes = posterior * seedable[:, None]
            prior = _time_prior(context.days, votes, settings.time_scale_days)
            total = prior.sum(axis=1, keepdims=True)
            prior = np.divide(prior, total, out=np.full_like(prior, 1.0 / live), where=total > 0)
            prior = (1 - settings.time_floor) * prior + settings.time_floor / live
            logits = np.log(np.where(alive[None, :], prior, 1.0)) + settings.sharpness * smoothed
            posterior = _softmax(logits, alive)
    return smoothed, posterior


def _labels(
    posterior: np.ndarray,
    smoothed: np.ndarray,
    direct: np.ndarray,
    cued: np.ndarray,
    other_project: np.ndarray,
    program_strength: np.ndarray,
    alive: np.ndarray,
    settings: Settings,
) -> np.ndarray:
    """The objective (its index) each line serves, or -1 when it serves none.

    Unrelated lines are decided before and are not looked at here.
    """
    count, m = posterior.shape
    if not m or not alive.any():
        return np.full(count, -1)
    best = posterior.argmax(axis=1)
    needed = settings.cued_min_coverage + settings.cue_margin * (
        program_strength - settings.cue_strength
    )
    serves = np.where(
        cued, direct.max(axis=1) >= needed, smoothed.max(axis=1) >= settings.objective_min_coverage
    )
    serves &= ~other_project  # "d'un autre dossier": explicitly not this internship's work
    return np.where(serves, best, -1)


def logbook_coverage(
    words: sparse.csr_matrix,
    labels: np.ndarray,
    posterior: np.ndarray,
    seedable: np.ndarray,
    prior: float,
) -> np.ndarray:
    """What the rest of the logbook says each line is about, through the words they share.

    Every plain line votes for the objective it was given (its posterior) with each of its
    words; lines given no objective vote for "none". A word's share for an objective is its
    votes there over all its votes plus `prior`, *leaving the line itself out*: a word only
    this line uses says nothing. The result, like `ObjectiveModel.coverage`, is the share of the
    line's squared TF-IDF weight carried by those shares: jargon the objectives never use
    ("endpoint", "hooks", "PTH") gets its meaning from the lines that use it.
    """
    count, m = posterior.shape
    if count == 0 or m == 0 or words.shape[1] == 0:
        return np.zeros((count, m))
    votes = np.where((labels >= 0)[:, None], posterior, 0.0) * seedable[:, None]
    none = ((labels < 0) | ~seedable).astype(np.float64)
    votes = np.hstack([votes, none[:, None]])  # the last column: "no objective"
    mass = votes.sum(axis=0)
    scale = np.divide(1.0, mass, out=np.zeros_like(mass), where=mass > 0)
    presence = sparse.csr_matrix(words, copy=True)
    presence.data = np.ones_like(presence.data)
    counts = np.asarray(presence.T @ votes)  # features × (objectives + 1)
    rows = np.repeat(np.arange(count), np.diff(words.indptr))
    cols = words.indices
    # Each column divided by its mass: a big objective's words are not everybody's.
    left = (counts[cols] - votes[rows]) * scale
    pseudo = prior * (scale[scale > 0].mean() if (scale > 0).any() else 1.0)
    shares = left[:, :m] / (left.sum(axis=1) + pseudo)[:, None]
    weight = words.data * words.data
    learned = np.zeros((count, m))
    np.add.at(learned, rows, weight[:, None] * np.clip(shares, 0.0, None))
    return learned
