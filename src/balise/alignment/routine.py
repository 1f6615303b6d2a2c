"""Repetitive routines: the same task logged again and again, over three weeks or more.

Two activities are *the same task* when they carry the same label and

- their wording is nearly the same (combined cosine ≥ `same_task_similarity`): "Préparation de
  commandes zone B (renfort)" and "Renfort préparation des commandes en zone B"; or
- both are unrelated tasks of the same kind (the lexicon's strongest cue, e.g. warehouse
  packing) and their wording overlaps a little (≥ `same_kind_similarity`): "Colisage des
  commandes soldes" and "Renfort logistique : picking et colis". Personal errands are never
  grouped this way: fetching a suit and buying a present are not one task.

Same-task links are chained into groups; a group is a routine when it holds at least
`min_activities` activities spread over at least `min_weeks` distinct ISO weeks. Weekly
sessions that move on ("1re séance : jeux de confiance", "2e séance : travail sur la voix")
share a few words only, stay under the threshold, and are progression, not routine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from balise.alignment.engine import UNRELATED, Decision, Settings, similar_pairs
from balise.alignment.inputs import Activity


@dataclass(frozen=True)
class RoutineSettings:
    same_task_similarity: float = 0.5
    same_kind_similarity: float = 0.12
    min_activities: int = 3
    min_weeks: int = 3
    neighbours: int = 12


DEFAULT_ROUTINE_SETTINGS = RoutineSettings()


@dataclass(frozen=True)
class Routine:
    """A group of activities (indices in input order) repeating one task."""

    members: tuple[int, ...]
    label: str
    weeks: int
    hours: float


def find_routines(
    activities: Sequence[Activity],
    decisions: Sequence[Decision],
    words: sparse.csr_matrix,
    chars: sparse.csr_matrix,
    settings: Settings,
    routine_settings: RoutineSettings = DEFAULT_ROUTINE_SETTINGS,
) -> list[Routine]:
    """The routines of a classified logbook, ordered by their first activity."""
    by_label: dict[str, list[int]] = {}
    for index, decision in enumerate(decisions):
        by_label.setdefault(decision.label, []).append(index)

    routines: list[Routine] = []
    for label, members in by_label.items():
        if len(members) < routine_settings.min_activities:
            continue
        indices = np.array(members)
        graph = similar_pairs(
            words[indices],
            chars[indices],
            settings,
            keep=routine_settings.neighbours,
            minimum=min(
                routine_settings.same_kind_similarity, routine_settings.same_task_similarity
            ),
        ).tocoo()
        kinds = [_kind(decisions[i]) if label == UNRELATED else None for i in members]
        parent = list(range(len(members)))
        for a, b, similarity in zip(graph.row, graph.col, graph.data, strict=True):
            if a >= b:
                continue
            same_task = similarity >= routine_settings.same_task_similarity
            same_kind = (
                kinds[a] is not None
                and kinds[a] == kinds[b]
                and similarity >= routine_settings.same_kind_similarity
            )
            if same_task or same_kind:
                _union(parent, a, b)
        groups: dict[int, list[int]] = {}
        for position in range(len(members)):
            groups.setdefault(_find(parent, position), []).append(members[position])
        for group in groups.values():
            if len(group) < routine_settings.min_activities:
                continue
            weeks = {activities[i].date.isocalendar()[:2] for i in group}
            if len(weeks) < routine_settings.min_weeks:
                continue
            group.sort()
            hours = sum(activities[i].hours for i in group)
            routines.append(Routine(tuple(group), label, len(weeks), hours))
    routines.sort(key=lambda routine: routine.members[0])
    return routines


def _kind(decision: Decision) -> str | None:
    """The unrelated task's kind: its strongest cue, unless that is a personal errand."""
    if not decision.unrelated_matches:
        return None
    strongest = decision.unrelated_matches[0]
    return strongest.key if strongest.routine_key else None


def _find(parent: list[int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _union(parent: list[int], a: int, b: int) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)
