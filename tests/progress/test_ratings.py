"""When a change of rating must be justified."""

from __future__ import annotations

import pytest

from balise.progress import ObjectiveZone, level_jump_needs_justification


@pytest.mark.parametrize(
    ("previous", "new", "needed"),
    [
        (None, 4, False),  # a first rating
        (2, 2, False),
        (2, 3, False),
        (3, 2, False),
        (1, 3, True),
        (3, 1, True),  # down as well as up
        (1, 4, True),
        (ObjectiveZone.IN_PROGRESS, ObjectiveZone.TARGET_REACHED, False),
        (ObjectiveZone.NOT_STARTED, ObjectiveZone.TARGET_REACHED, True),
        (ObjectiveZone.BEYOND_TARGET, ObjectiveZone.IN_PROGRESS, True),
        (None, ObjectiveZone.BEYOND_TARGET, False),
    ],
)
def test_a_jump_of_two_steps_or_more_needs_a_justification(previous, new, needed):
    assert level_jump_needs_justification(previous, new) is needed
