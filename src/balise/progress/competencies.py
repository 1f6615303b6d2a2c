"""Competency status — acquired, in progress, to explore — with the evidence behind it.

Levels are the framework's four: 1 novice, 2, 3, 4 expert. The status rests on the latest
*deciding* rating only (validated, by the tutor or the referent; see `ratings`), latest by date
and, on the same day, the one listed last — even when it is lower than an earlier one:

    acquired      level ≥ target_level
    in_progress   level ≥ 2, or level 1 with at least one piece of evidence
    to_explore    no deciding rating, or level 1 with no evidence

Why level 1 needs evidence: 1 is the framework's floor, and a tutor filling a first check-in
often rates every competency not yet worked on at 1; only evidence (a logbook entry, a check-in
or another moment linked to the competency) shows it was actually practised. Evidence without
any deciding rating stays "to explore": the intern's logbook alone does not make a competency
progress, but the evidence is listed so the tutor sees there is something to rate.

The intern's self-ratings stay in `history`, beside the others, and never decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from balise.progress.ratings import Role, check_role, chronological, decides, latest_by

LEVELS = range(1, 5)
EVIDENCE_KINDS = frozenset({"activity", "checkin", "moment"})


class Status(StrEnum):
    ACQUIRED = "acquired"
    IN_PROGRESS = "in_progress"
    TO_EXPLORE = "to_explore"


def _check_level(level: int, what: str) -> None:
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise ValueError(f"{what} must be a level from 1 to 4, not {level!r}")


@dataclass(frozen=True)
class CompetencyRating:
    on: dt.date
    level: int
    by_role: str
    validated: bool = True

    def __post_init__(self) -> None:
        _check_level(self.level, "a competency rating")
        object.__setattr__(self, "by_role", check_role(self.by_role))

    @property
    def decides(self) -> bool:
        return decides(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "level": self.level,
            "by_role": str(self.by_role),
            "validated": self.validated,
            "decides": self.decides,
        }


@dataclass(frozen=True)
class Evidence:
    """Something that shows the competency at work: `ref` points at it (e.g. `activity:42`)."""

    kind: str
    ref: str
    on: dt.date
    label: str = ""

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind: {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "ref": self.ref, "on": self.on.isoformat(), "label": self.label}


@dataclass(frozen=True)
class CompetencyStatus:
    status: Status
    level: int | None  # level of the deciding rating
    target_level: int
    latest_validated: CompetencyRating | None
    self_level: int | None  # the intern's latest self-assessment, for display only
    history: tuple[CompetencyRating, ...]  # every rating by anyone, oldest first
    evidence: tuple[Evidence, ...]  # oldest first

    def to_dict(self) -> dict[str, Any]:
        latest = self.latest_validated
        return {
            "status": str(self.status),
            "level": self.level,
            "target_level": self.target_level,
            "latest_validated": latest.to_dict() if latest is not None else None,
            "self_level": self.self_level,
            "history": [rating.to_dict() for rating in self.history],
            "evidence": [item.to_dict() for item in self.evidence],
        }


def competency_status(
    ratings: Iterable[CompetencyRating],
    *,
    target_level: int,
    evidence: Iterable[Evidence] = (),
    as_of: dt.date | None = None,
) -> CompetencyStatus:
    """The status of one competency (see the module doc); `as_of` ignores anything later."""
    _check_level(target_level, "target_level")
    history = chronological(ratings, as_of=as_of)
    shown = sorted(
        (item for item in evidence if as_of is None or item.on <= as_of), key=lambda e: e.on
    )
    deciding = [rating for rating in history if rating.decides]
    latest = deciding[-1] if deciding else None

    if latest is None:
        status = Status.TO_EXPLORE
    elif latest.level >= target_level:
        status = Status.ACQUIRED
    elif latest.level >= 2 or shown:
        status = Status.IN_PROGRESS
    else:
        status = Status.TO_EXPLORE

    own = latest_by(history, Role.INTERN)
    return CompetencyStatus(
        status=status,
        level=latest.level if latest is not None else None,
        target_level=target_level,
        latest_validated=latest,
        self_level=own.level if own is not None else None,
        history=tuple(history),
        evidence=tuple(shown),
    )
