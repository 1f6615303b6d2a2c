"""The public entry points: `analyse(data)` for a whole internship, `Aligner` for the web app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from balise.alignment.engine import (
    DEFAULT_SETTINGS,
    PROGRAM,
    UNRELATED,
    Decision,
    ObjectiveModel,
    Settings,
    classify,
)
from balise.alignment.inputs import (
    Activity,
    Competency,
    Objective,
    parse_activities,
    parse_competencies,
    parse_internship,
    parse_objectives,
)
from balise.alignment.lexicon import Lexicon, strength
from balise.alignment.report import build_report
from balise.alignment.routine import DEFAULT_ROUTINE_SETTINGS, RoutineSettings, find_routines
from balise.alignment.text import normalise

LANGUAGES = ("fr", "en")
SUGGESTION_FLOOR = 0.1  # below, a shared character n-gram or two: noise


class Aligner:
    """One internship's objectives, ready to label activities.

    Build it once per internship: `suggest` is then cheap enough to run as the intern types.

        >>> aligner = Aligner(program["competencies"], objectives)
        >>> aligner.suggest("maj de la doc OpenAPI")
        [('o1', 0.82), ('o3', 0.32)]
        >>> aligner.analyse(activities)          # the same report as `analyse(data)`
    """

    def __init__(
        self,
        program_competencies: Sequence[dict[str, Any]],
        objectives: Sequence[dict[str, Any]],
        *,
        settings: Settings = DEFAULT_SETTINGS,
        routine_settings: RoutineSettings = DEFAULT_ROUTINE_SETTINGS,
    ) -> None:
        competencies = parse_competencies(program_competencies, "program_competencies")
        parsed = parse_objectives(objectives, competencies, "objectives")
        self._setup(competencies, parsed, settings, routine_settings)

    @classmethod
    def _from_parsed(
        cls,
        competencies: Sequence[Competency],
        objectives: Sequence[Objective],
        settings: Settings = DEFAULT_SETTINGS,
        routine_settings: RoutineSettings = DEFAULT_ROUTINE_SETTINGS,
    ) -> Aligner:
        aligner = cls.__new__(cls)
        aligner._setup(tuple(competencies), tuple(objectives), settings, routine_settings)
        return aligner

    def _setup(
        self,
        competencies: Sequence[Competency],
        objectives: Sequence[Objective],
        settings: Settings,
        routine_settings: RoutineSettings,
    ) -> None:
        self.competencies = tuple(competencies)
        self.objectives = tuple(objectives)
        self.settings = settings
        self.routine_settings = routine_settings
        labels = {competency.id: competency.label for competency in competencies}
        domain = []
        for objective in objectives:
            domain += [objective.title, objective.description, *objective.indicators]
            domain += [labels[c] for c in objective.competencies if c in labels]
        domain += list(labels.values())
        self.lexicon = Lexicon(" ".join(normalise(text) for text in domain))
        self._suggest_model: ObjectiveModel | None = None

    # -- as-you-type suggestion ----------------------------------------------------------------

    def suggest(self, text: str, *, limit: int = 3) -> list[tuple[str, float]]:
        """The objectives a new activity most likely serves, best first, with scores in [0, 1].

        Words only, no logbook context: the full analysis may decide otherwise. Objectives the
        text shares (almost) nothing with are left out, and a text the lexicon marks as a chore
        gets no suggestion.
        """
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        if limit <= 0 or not self.objectives:
            return []
        if self._suggest_model is None:
            self._suggest_model = ObjectiveModel(
                self.objectives, self.competencies, settings=self.settings
            )
        coverage = self._suggest_model.text_coverage(text)
        chore = strength(self.lexicon.unrelated_matches(normalise(text)))
        settings = self.settings
        if chore and chore - settings.unrelated_tie_penalty * coverage.max() >= (
            settings.unrelated_threshold
        ):
            return []  # photocopies, errands...: no objective to suggest
        scores = 1.0 - np.exp(-coverage / settings.relevance_scale)
        ranked = sorted(range(len(self.objectives)), key=lambda k: (-scores[k], k))
        return [
            (self.objectives[k].id, round(float(scores[k]), 2))
            for k in ranked[:limit]
            if scores[k] >= SUGGESTION_FLOOR
        ]

    # -- the whole logbook ---------------------------------------------------------------------

    def analyse(self, activities: Sequence[dict[str, Any]], *, lang: str = "fr") -> dict[str, Any]:
        """The report of the spec for these activities (raises `InputError` on bad input)."""
        return self._analyse(parse_activities(activities), lang)

    def _analyse(self, activities: Sequence[Activity], lang: str) -> dict[str, Any]:
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}")
        decisions, routines = self.classify(activities)
        return build_report(self.objectives, activities, decisions, routines, lang)

    def classify(self, activities: Sequence[Activity]):
        """Decisions and routines, before they are shaped into the report."""
        model = ObjectiveModel(
            self.objectives,
            self.competencies,
            [activity.text for activity in activities],
            self.settings,
        )
        result = classify(activities, self.lexicon, model, self.settings)
        decisions = list(result.decisions)
        routines = find_routines(
            activities, decisions, result.words, result.chars, self.settings, self.routine_settings
        )
        changed = False
        for routine in routines:
            if routine.label in (PROGRAM, UNRELATED):
                continue
            # The same task, again and again, does not advance an objective.
            index = next(k for k, o in enumerate(self.objectives) if o.id == routine.label)
            strongest = max(decisions[i].coverage[index] for i in routine.members)
            if strongest < self.settings.routine_keep_coverage:
                for i in routine.members:
                    decisions[i] = _as_program(decisions[i])
                changed = True
        if changed:
            routines = find_routines(
                activities,
                decisions,
                result.words,
                result.chars,
                self.settings,
                self.routine_settings,
            )
        # What still serves an objective after that is recurring objective work (the weekly
        # site meeting and its report): planned, not a routine without progression.
        routines = [r for r in routines if r.label in (PROGRAM, UNRELATED)]
        return decisions, routines


def _as_program(decision: Decision) -> Decision:
    return Decision(
        label=PROGRAM,
        score=max(0.5, 1.0 - max(decision.objective_scores, default=0.0)),
        objective_scores=decision.objective_scores,
        coverage=decision.coverage,
        unrelated_matches=decision.unrelated_matches,
        program_matches=decision.program_matches,
    )


def analyse(data: dict[str, Any], *, lang: str = "fr") -> dict[str, Any]:
    """Label every activity of an internship, find routines and neglected objectives.

    `data` is the input of `balise align` (see docs/align.md); raises `InputError`, naming the
    field, when it is unusable.
    """
    internship = parse_internship(data)
    aligner = Aligner._from_parsed(internship.competencies, internship.objectives)
    return aligner._analyse(internship.activities, lang)
