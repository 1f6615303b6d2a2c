"""Repetitive routines: the same task logged again and again, over three weeks or more.

Two activities are *the same task* when they carry the same label and

- their wording is nearly the same (combined cosine ≥ `same_task_similarity`): "Préparation de
  commandes zone B (renfort)" and "Renfort préparation des commandes en zone B"; or
- both are unrelated tasks of the same kind (the lexicon's strongest cue, e.g. warehouse
  packing) and their wording overlaps a little (≥ `same_kind_similarity`): "Colisage des
  commandes soldes" and "Renfort logistique : picking et colis". Personal errands are never
  grouped this way: fetching a suit and buying a present are not one task.

Same-task links are chained into groups. The spec's routine is a task logged *again and again*
over at least three weeks: a group is cut wherever the task was not logged for more than
`max_gap_days` (two weeks: a weekly chore skipped once is still the same routine), and a run
is a routine when it holds at least `min_activities` activities spread over at least
`min_weeks` distinct ISO weeks. A task taken up again a month later (timing the check-in in
September, then after the changes in October) is a new stage of the work, not a routine.
Weekly sessions that move on ("1re séance : jeux de confiance", "2e séance : travail sur la
voix") share a few words only, stay under the threshold, and are progression, not routine.
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
    max_gap_days: int = 14
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
            for run in _runs(group, activities, routine_settings.max_gap_days):
                if len(run) < routine_settings.min_activities:
                    continue
                weeks = {activities[i].date.isocalendar()[:2] for i in run}
                if len(weeks) < routine_settings.min_weeks:
                    continue
                run.sort()
                hours = sum(activities[i].hours for i in run)
                routines.append(Routine(tuple(run), label, len(weeks), hours))
    routines.sort(key=lambda routine: routine.members[0])
    return routines


def _runs(group: list[int], activities: Sequence[Activity], max_gap: int) -> list[list[int]]:
    """The group cut where the task was not logged for more than `max_gap` days."""
    ordered = sorted(group, key=lambda i: (activities[i].date, i))
    runs = [[ordered[0]]]
    for previous, index in zip(ordered, ordered[1:], strict=False):
        if (activities[index].date - activities[previous].date).days > max_gap:
            runs.append([])
        runs[-1].append(index)
    return runs


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
