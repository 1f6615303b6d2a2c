"""The engine's parts: what the logbook teaches, jargon and acronyms in a whole analysis."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from balise.alignment import analyse
from balise.alignment.engine import logbook_coverage
from tests.alignment.helpers import activity, internship


def _words(rows: list[list[int]], features: int) -> sparse.csr_matrix:
    """L2-normalised rows with equal weights on the given feature columns."""
    data, indices, indptr = [], [], [0]
    for columns in rows:
        data += [1 / np.sqrt(len(columns))] * len(columns)
        indices += columns
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), features))


def test_a_word_takes_the_objective_of_the_other_lines_using_it():
    # Lines 0 and 1 serve objective 0 and say "endpoint" (feature 0); line 2 says it too.
    words = _words([[0, 1], [0, 2], [0, 3]], 4)
    labels = np.array([0, 0, -1])
    posterior = np.array([[1.0, 0.0], [1.0, 0.0], [0.5, 0.5]])
    seedable = np.array([True, True, True])

    learned = logbook_coverage(words, labels, posterior, seedable, prior=1.0)

    assert learned[2, 0] > 0.2 and learned[2, 1] == 0.0


def test_a_line_does_not_vote_for_itself():
    # Feature 1 is only line 0's: it says nothing about line 0.
    words = _words([[1], [0]], 2)
    learned = logbook_coverage(
        words, np.array([0, 1]), np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([True, True]), 1.0
    )

    assert np.array_equal(learned, np.zeros((2, 2)))


def test_a_big_objective_does_not_own_every_shared_word():
    # Objective 0 has ten lines, objective 1 two; feature 0 is used once by each, and by the
    # line under test: it tells objective 1 more than objective 0.
    rows = [[0, 1]] + [[2]] * 9 + [[0, 3]] + [[4]] + [[0]]
    labels = np.array([0] * 10 + [1] * 2 + [-1])
    posterior = np.zeros((13, 2))
    posterior[:10, 0] = posterior[10:12, 1] = 1.0
    posterior[12] = 0.5

    learned = logbook_coverage(_words(rows, 5), labels, posterior, np.ones(13, dtype=bool), 1.0)

    assert learned[12, 1] > learned[12, 0] > 0


def test_lines_given_no_objective_weaken_their_words():
    # Feature 0 is used by one objective line and by three programme-level lines.
    words = _words([[0, 1], [0], [0], [0], [0, 2]], 3)
    posterior = np.array([[1.0], [0.0], [0.0], [0.0], [0.5]])
    alone = logbook_coverage(
        words[[0, 4]], np.array([0, 0]), posterior[[0, 4]], np.ones(2, dtype=bool), 1.0
    )
    crowded = logbook_coverage(
        words, np.array([0, -1, -1, -1, 0]), posterior, np.ones(5, dtype=bool), 1.0
    )

    assert crowded[4, 0] < alone[1, 0]


OBJECTIVES = [
    {
        "id": "o1",
        "title": "Développer l'API REST de facturation",
        "description": "Routes de création et de consultation des factures, authentification.",
        "indicators": ["Routes documentées en OpenAPI"],
    },
    {
        "id": "o2",
        "title": "Réaliser l'interface web de saisie des factures",
        "description": "Écrans de saisie et de consultation conformes à la maquette.",
        "indicators": ["Écrans validés par la cheffe de produit"],
    },
]


def _labels(lines: list[tuple[str, str]], objectives=OBJECTIVES) -> dict[str, str]:
    activities = [activity(ident, "2026-03-02", text) for ident, text in lines]
    report = analyse(internship(activities, objectives))
    return {entry["id"]: entry["label"] for entry in report["activities"]}


def test_jargon_finds_the_objective_its_plain_word_names():
    labels = _labels(
        [
            ("a1", "Routes de création des factures dans l'API"),
            ("a2", "Écran de saisie des factures d'après la maquette"),
            ("a3", "Refacto du front en hooks custom"),
            ("a4", "Nouveaux endpoints pour les avoirs"),
        ]
    )

    assert labels["a3"] == "o2"  # the front is the web interface
    assert labels["a4"] == "o1"  # endpoints are routes of an API


def test_an_acronym_finds_the_objective_that_spells_it_out():
    objectives = [
        {
            "id": "o1",
            "title": "Concevoir la campagne de lancement du transport à la demande",
            "description": "Messages, cibles, affiche, dépliant et relations presse.",
            "indicators": ["Plan de campagne validé"],
        },
        {
            "id": "o2",
            "title": "Réaliser le dossier central du magazine de l'été",
            "description": "Interviews de producteurs, articles, photos.",
            "indicators": ["Huit pages rédigées"],
        },
    ]
    labels = _labels(
        [
            ("a1", "Plan de campagne : messages et cibles"),
            ("a2", "Interviews de deux producteurs pour le magazine"),
            ("a3", "Sélection des photos du TAD"),
            ("a4", "Tournage au TAD avec un chauffeur"),
        ],
        objectives,
    )

    # "photos" alone would point at the magazine; the acronym's words weigh more.
    assert labels["a3"] == "o1"
    assert labels["a4"] == "o1"
