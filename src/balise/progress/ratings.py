"""Who rated what, which rating decides, and when a change of rating must be explained.

Ratings of the intern, the tutor and the referent are kept side by side and never averaged.
Only a rating given by the tutor or the referent and validated (`validated=True`, the default:
the caller sets it to False for a rating still in draft, e.g. in a check-in not yet closed)
*decides*. The intern's self-assessment never decides, whatever its `validated` flag: when the
tutor agrees with it, the tutor's own rating, at the same level, records that agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import IntEnum, StrEnum
from typing import Protocol, TypeVar


class Role(StrEnum):
    INTERN = "intern"
    TUTOR = "tutor"
    REFERENT = "referent"


DECIDING_ROLES = frozenset({Role.TUTOR, Role.REFERENT})

# A rating that moves by this many steps or more, up or down, needs a one-line justification.
JUSTIFIED_JUMP = 2


class ObjectiveZone(IntEnum):
    """Where an objective stands, as a rater sees it: four ordinal zones."""

    NOT_STARTED = 0
    IN_PROGRESS = 1
    TARGET_REACHED = 2
    BEYOND_TARGET = 3

    @property
    def code(self) -> str:
        """The JSON name: `not_started`, `in_progress`, `target_reached`, `beyond_target`."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: ObjectiveZone | int | str) -> ObjectiveZone:
        """A zone from itself, its number (0-3) or its code (`"target_reached"`)."""
        if isinstance(value, str):
            try:
                return cls[value.upper()]
            except KeyError:
                raise ValueError(f"unknown objective zone: {value!r}") from None
        return cls(value)


class Rating(Protocol):
    @property
    def on(self) -> dt.date: ...
    @property
    def by_role(self) -> str: ...
    @property
    def validated(self) -> bool: ...


R = TypeVar("R", bound=Rating)


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValueError(f"unknown role: {role!r} (expected intern, tutor or referent)") from None


def decides(rating: Rating) -> bool:
    """True for a validated rating by the tutor or the referent."""
    return rating.validated and rating.by_role in DECIDING_ROLES


def chronological(ratings: Iterable[R], *, as_of: dt.date | None = None) -> list[R]:
    """The ratings given on or before `as_of` (all when None), oldest first.

    The sort is stable: ratings given the same day keep the order the caller listed them in,
    which should be the order they were recorded.
    """
    kept = [rating for rating in ratings if as_of is None or rating.on <= as_of]
    return sorted(kept, key=lambda rating: rating.on)


def latest_deciding(ratings: Iterable[R], *, as_of: dt.date | None = None) -> R | None:
    """The most recent deciding rating; on the same day, the one listed last."""
    deciding = [rating for rating in chronological(ratings, as_of=as_of) if decides(rating)]
    return deciding[-1] if deciding else None


def latest_by(ratings: Iterable[R], role: str, *, as_of: dt.date | None = None) -> R | None:
    """The most recent rating given by `role`, validated or not; on the same day, the last."""
    own = [rating for rating in chronological(ratings, as_of=as_of) if rating.by_role == role]
    return own[-1] if own else None


def level_jump_needs_justification(
    previous: ObjectiveZone | int | None, new: ObjectiveZone | int
) -> bool:
    """True when a rating moves by two steps or more from `previous`, up or down.

    Works for objective zones (0-3) and competency levels (1-4) alike. `previous` is the same
    rater's last rating of the same objective or competency; None (a first rating) needs no
    justification.

        >>> level_jump_needs_justification(1, 3), level_jump_needs_justification(2, 3)
        (True, False)
    """
    if previous is None:
        return False
    return abs(int(new) - int(previous)) >= JUSTIFIED_JUMP
