"""Objective progress from milestones and the deciding rating; expected progress; lateness.

Everything is computed *as of* `today`: a milestone is reached when `reached_on <= today`, a
rating counts when `on <= today`. The same call therefore draws the curve of past weeks.

Measured share (the milestones)
-------------------------------
    m = reached / total                      (total > 0: the objective's milestones)

Judgement (the deciding rating)
-------------------------------
The latest validated rating by the tutor or the referent (see `ratings`); the intern's own
latest zone is returned beside it as `self_zone`, never mixed in. Each zone is a band, the
interval in which the rater vouches the progress lies:

    NOT_STARTED      [0,   0  ]
    IN_PROGRESS      [0.1, 0.9]
    TARGET_REACHED   [1,   1  ]
    BEYOND_TARGET    [1,   1  ]              (and `beyond` is True)

A NOT_STARTED rating followed by a milestone reached after it is stale: it reads IN_PROGRESS.

Progress
--------
    no milestone, no deciding rating    progress = 0                  basis "no_evidence"
    milestones only                     progress = m                  basis "milestones"
    deciding rating only                progress = (low + high) / 2   basis "rating"
    both                                progress = clamp(m, low, high)
                                                                      basis "milestones_and_rating"

Why this formula:

- Milestones are dated steps that every party agreed on; when they are all we have, the share
  reached is the measure, with no weight to tune.
- Steps are not the outcome. Ticking every step does not prove the target is met, and a target
  met makes the remaining steps moot: that is the tutor's (or the referent's) judgement, so the
  zone bounds the measure. Clamping keeps the measure wherever it agrees with the judgement and
  moves it only as far as needed when they disagree.
- "In progress" means started and not finished: the band excludes both 0 and 1 (0.1 and 0.9),
  so such an objective never shows empty nor full, whatever the milestones say.
- A zone alone gives no position inside its band: the centre (0.5 for "in progress") is the
  reading that claims least.

Expected progress
-----------------
    start    = the objective's own start (an objective added by amendment), else the internship's
    end      = the objective's target date, else the end of the internship
    expected = clamp((today − start) / (end − start), 0, 1), in days
               (end ≤ start: 0 before `end`, 1 from `end` on)

Linear in time: the agreement states no other schedule, and the milestones' dates, the only
finer one, are already judged by the overdue rule below.

Lateness
--------
    gap = expected − progress                (positive: behind schedule)

An objective is late, with every reason that applies, when:

    behind_schedule      gap > tolerance (0.15 by default: about a week and a half of an
                         eight-week window; less would flag every quiet week), unless every
                         milestone is still ahead (none due, none reached) and the deciding
                         zone is "in progress" or better: the measure cannot move before the
                         first step, and the rater vouches the work has started — otherwise
                         an objective whose only step is its deliverable would read late
                         from its first week
    milestone_overdue    a milestone due before today is not reached, unless the target is
                         reached (zone TARGET_REACHED or beyond): outstanding steps are then moot
    target_date_passed   today is after `end` and progress < 1

The arithmetic runs on exact fractions, so a gap equal to the tolerance is not late; results are
returned as floats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from balise.progress.ratings import ObjectiveZone, Role, check_role, latest_by, latest_deciding

DEFAULT_TOLERANCE = 0.15

ZONE_BANDS: dict[ObjectiveZone, tuple[Fraction, Fraction]] = {
    ObjectiveZone.NOT_STARTED: (Fraction(0), Fraction(0)),
    ObjectiveZone.IN_PROGRESS: (Fraction(1, 10), Fraction(9, 10)),
    ObjectiveZone.TARGET_REACHED: (Fraction(1), Fraction(1)),
    ObjectiveZone.BEYOND_TARGET: (Fraction(1), Fraction(1)),
}


class Basis(StrEnum):
    """What the progress figure rests on."""

    NO_EVIDENCE = "no_evidence"
    MILESTONES = "milestones"
    RATING = "rating"
    MILESTONES_AND_RATING = "milestones_and_rating"


class LateReason(StrEnum):
    BEHIND_SCHEDULE = "behind_schedule"
    MILESTONE_OVERDUE = "milestone_overdue"
    TARGET_DATE_PASSED = "target_date_passed"


@dataclass(frozen=True)
class Milestone:
    due: dt.date
    reached_on: dt.date | None = None

    def reached(self, today: dt.date) -> bool:
        return self.reached_on is not None and self.reached_on <= today

    def overdue(self, today: dt.date) -> bool:
        """Due before today and not reached by today (a milestone due today is not late yet)."""
        return self.due < today and not self.reached(today)


@dataclass(frozen=True)
class ObjectiveRating:
    on: dt.date
    zone: ObjectiveZone
    by_role: str
    validated: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "zone", ObjectiveZone.parse(self.zone))
        object.__setattr__(self, "by_role", check_role(self.by_role))

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "zone": self.zone.code,
            "by_role": str(self.by_role),
            "validated": self.validated,
        }


@dataclass(frozen=True)
class ObjectiveInput:
    """One objective: its dates, milestones and every rating of it, by anyone."""

    id: str | int
    target_date: dt.date | None = None
    milestones: Sequence[Milestone] = ()
    ratings: Sequence[ObjectiveRating] = ()
    start: dt.date | None = None  # None: from the start of the internship
    weight: int = 1  # relative importance, for `overall_progress`

    def __post_init__(self) -> None:
        if self.weight < 1:
            raise ValueError(f"objective {self.id!r}: weight must be at least 1")


@dataclass(frozen=True)
class ObjectiveProgress:
    objective_id: str | int
    weight: int
    progress: float
    expected: float
    gap: float  # expected − progress: positive when behind schedule
    late: bool
    reasons: tuple[LateReason, ...]
    basis: Basis
    zone: ObjectiveZone | None  # the deciding zone, after the staleness rule
    rated_on: dt.date | None  # date of the deciding rating
    beyond: bool
    self_zone: ObjectiveZone | None  # the intern's latest self-assessment, for display only
    milestones_total: int
    milestones_reached: int
    milestones_due: int  # due on or before today
    milestones_late: int  # due before today, not reached
    window: tuple[dt.date, dt.date] = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "objective_id": self.objective_id,
            "weight": self.weight,
            "progress": round(self.progress, 4),
            "expected": round(self.expected, 4),
            "gap": round(self.gap, 4),
            "late": self.late,
            "reasons": [str(reason) for reason in self.reasons],
            "basis": str(self.basis),
            "zone": self.zone.code if self.zone is not None else None,
            "rated_on": self.rated_on.isoformat() if self.rated_on else None,
            "beyond": self.beyond,
            "self_zone": self.self_zone.code if self.self_zone is not None else None,
            "milestones": {
                "total": self.milestones_total,
                "reached": self.milestones_reached,
                "due": self.milestones_due,
                "late": self.milestones_late,
            },
            "window": {"start": self.window[0].isoformat(), "end": self.window[1].isoformat()},
        }


def expected_progress(*, today: dt.date, start: dt.date, end: dt.date) -> float:
    """The share of the window [start, end] elapsed on `today`, in [0, 1]."""
    return float(_expected(today, start, end))


def _expected(today: dt.date, start: dt.date, end: dt.date) -> Fraction:
    if end <= start:
        return Fraction(1) if today >= end else Fraction(0)
    elapsed = Fraction((today - start).days, (end - start).days)
    return min(Fraction(1), max(Fraction(0), elapsed))


def _reached_after(milestone: Milestone, day: dt.date) -> bool:
    return milestone.reached_on is not None and milestone.reached_on > day


def objective_progress(
    objective: ObjectiveInput,
    *,
    today: dt.date,
    internship_start: dt.date,
    internship_end: dt.date,
    tolerance: float = DEFAULT_TOLERANCE,
) -> ObjectiveProgress:
    """Progress, expected progress and lateness of one objective on `today` (see module doc)."""
    if internship_end < internship_start:
        raise ValueError("the internship ends before it starts")

    milestones = list(objective.milestones)
    reached = [milestone for milestone in milestones if milestone.reached(today)]
    share = Fraction(len(reached), len(milestones)) if milestones else None

    rating = latest_deciding(objective.ratings, as_of=today)
    zone = rating.zone if rating is not None else None
    if (
        rating is not None
        and zone is ObjectiveZone.NOT_STARTED
        and any(_reached_after(milestone, rating.on) for milestone in reached)
    ):
        zone = ObjectiveZone.IN_PROGRESS

    if zone is None:
        progress = share if share is not None else Fraction(0)
        basis = Basis.MILESTONES if share is not None else Basis.NO_EVIDENCE
    else:
        low, high = ZONE_BANDS[zone]
        if share is None:
            progress, basis = (low + high) / 2, Basis.RATING
        else:
            progress, basis = min(high, max(low, share)), Basis.MILESTONES_AND_RATING

    start = objective.start or internship_start
    end = objective.target_date or internship_end
    expected = _expected(today, start, end)
    gap = expected - progress
    target_reached = zone is not None and zone >= ObjectiveZone.TARGET_REACHED
    overdue = [milestone for milestone in milestones if milestone.overdue(today)]

    # A schedule whose first step is still ahead cannot be fallen behind of, once the tutor
    # (or the referent) vouches the objective has started.
    steps_ahead = bool(milestones) and not reached and all(m.due > today for m in milestones)
    vouched_started = zone is not None and zone >= ObjectiveZone.IN_PROGRESS

    reasons = []
    if gap > Fraction(str(tolerance)) and not (steps_ahead and vouched_started):
        reasons.append(LateReason.BEHIND_SCHEDULE)
    if overdue and not target_reached:
        reasons.append(LateReason.MILESTONE_OVERDUE)
    if today > end and progress < 1:
        reasons.append(LateReason.TARGET_DATE_PASSED)

    self_rating = latest_by(objective.ratings, Role.INTERN, as_of=today)
    return ObjectiveProgress(
        objective_id=objective.id,
        weight=objective.weight,
        progress=float(progress),
        expected=float(expected),
        gap=float(gap),
        late=bool(reasons),
        reasons=tuple(reasons),
        basis=basis,
        zone=zone,
        rated_on=rating.on if rating is not None else None,
        beyond=zone is ObjectiveZone.BEYOND_TARGET,
        self_zone=self_rating.zone if self_rating is not None else None,
        milestones_total=len(milestones),
        milestones_reached=len(reached),
        milestones_due=sum(1 for milestone in milestones if milestone.due <= today),
        milestones_late=len(overdue),
        window=(start, end),
    )


@dataclass(frozen=True)
class OverallProgress:
    progress: float
    expected: float
    late_objectives: tuple[str | int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "progress": round(self.progress, 4),
            "expected": round(self.expected, 4),
            "late_objectives": list(self.late_objectives),
        }


def overall_progress(results: Iterable[ObjectiveProgress]) -> OverallProgress:
    """The internship as a whole: progress and expected progress averaged by objective weight.

    Averaging is right here (unlike ratings, which are never averaged): each objective's figure
    is already a share of its own path, and the weights are those agreed in the agreement.
    """
    results = list(results)
    total = sum(result.weight for result in results)
    if not total:
        return OverallProgress(progress=0.0, expected=0.0, late_objectives=())
    return OverallProgress(
        progress=sum(result.progress * result.weight for result in results) / total,
        expected=sum(result.expected * result.weight for result in results) / total,
        late_objectives=tuple(result.objective_id for result in results if result.late),
    )
