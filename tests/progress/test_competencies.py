"""Competency status from the latest deciding rating, with its evidence."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from balise.progress import CompetencyRating, Evidence, Status, competency_status


def d(day: int) -> dt.date:
    return dt.date(2025, 3, day)


def rating(day: int, level: int, role: str = "tutor", **kwargs) -> CompetencyRating:
    return CompetencyRating(d(day), level, role, **kwargs)


LOG = Evidence("activity", "activity:42", d(6), "Inventaire du stock")


def test_nothing_rated_is_to_explore():
    result = competency_status([], target_level=3)

    assert (result.status, result.level, result.latest_validated) == (Status.TO_EXPLORE, None, None)


@pytest.mark.parametrize("validated", [True, False])
def test_intern_only_ratings_never_make_a_competency_acquired(validated):
    ratings = [rating(3, 4, "intern", validated=validated), rating(9, 4, "intern")]

    result = competency_status(ratings, target_level=2, evidence=[LOG])

    assert result.status == Status.TO_EXPLORE
    assert result.level is None
    assert result.self_level == 4
    assert len(result.history) == 2  # kept, shown, never deciding


def test_a_tutor_rating_at_the_target_is_acquired():
    result = competency_status([rating(3, 3)], target_level=3)

    assert (result.status, result.level) == (Status.ACQUIRED, 3)


def test_a_referent_rating_decides_too():
    assert competency_status([rating(3, 4, "referent")], target_level=3).status == Status.ACQUIRED


def test_a_rating_in_draft_does_not_decide():
    result = competency_status([rating(3, 4, validated=False)], target_level=3)

    assert result.status == Status.TO_EXPLORE


def test_the_latest_validated_rating_wins_even_when_lower():
    ratings = [rating(3, 3), rating(10, 2, "referent"), rating(12, 4, "intern")]

    result = competency_status(ratings, target_level=3)

    assert (result.status, result.level) == (Status.IN_PROGRESS, 2)
    assert result.latest_validated == ratings[1]
    assert result.self_level == 4


def test_on_the_same_day_the_rating_listed_last_wins():
    ratings = [rating(3, 3), rating(3, 2, "referent")]

    assert competency_status(ratings, target_level=3).level == 2
    assert competency_status(ratings[::-1], target_level=3).level == 3


def test_level_two_below_the_target_is_in_progress_without_evidence():
    assert competency_status([rating(3, 2)], target_level=3).status == Status.IN_PROGRESS


def test_level_one_needs_evidence_to_be_in_progress():
    assert competency_status([rating(3, 1)], target_level=3).status == Status.TO_EXPLORE
    with_log = competency_status([rating(3, 1)], target_level=3, evidence=[LOG])
    assert with_log.status == Status.IN_PROGRESS
    assert with_log.evidence == (LOG,)


def test_evidence_without_a_deciding_rating_stays_to_explore_but_is_shown():
    checkin = Evidence("checkin", "checkin:3", d(4), "Point d'étape 1")

    result = competency_status([], target_level=2, evidence=[LOG, checkin])

    assert result.status == Status.TO_EXPLORE
    assert result.evidence == (checkin, LOG)  # oldest first


def test_a_target_of_one_is_acquired_at_level_one():
    assert competency_status([rating(3, 1)], target_level=1).status == Status.ACQUIRED


def test_as_of_ignores_later_ratings_and_evidence():
    ratings = [rating(3, 1), rating(20, 4)]

    before = competency_status(ratings, target_level=3, evidence=[LOG], as_of=d(5))

    assert (before.status, before.level, before.evidence) == (Status.TO_EXPLORE, 1, ())
    assert len(before.history) == 1


def test_history_is_every_rating_side_by_side_oldest_first():
    ratings = [rating(10, 3), rating(3, 2, "intern"), rating(3, 2)]

    history = competency_status(ratings, target_level=3).history

    assert [(r.on.day, r.by_role) for r in history] == [(3, "intern"), (3, "tutor"), (10, "tutor")]


@pytest.mark.parametrize("level", [0, 5, 2.5, True, None])
def test_levels_are_one_to_four(level):
    with pytest.raises(ValueError, match="level from 1 to 4"):
        CompetencyRating(d(1), level, "tutor")
    with pytest.raises(ValueError, match="level from 1 to 4"):
        competency_status([], target_level=level)


def test_unknown_roles_and_evidence_kinds_are_refused():
    with pytest.raises(ValueError, match="unknown role"):
        CompetencyRating(d(1), 2, "staff")
    with pytest.raises(ValueError, match="unknown evidence kind"):
        Evidence("tweet", "x", d(1))


def test_the_status_is_json_ready():
    result = competency_status(
        [rating(3, 2, "intern"), rating(4, 3)], target_level=3, evidence=[LOG]
    )

    data = json.loads(json.dumps(result.to_dict()))

    assert data == {
        "status": "acquired",
        "level": 3,
        "target_level": 3,
        "latest_validated": {
            "on": "2025-03-04",
            "level": 3,
            "by_role": "tutor",
            "validated": True,
            "decides": True,
        },
        "self_level": 2,
        "history": [
            {
                "on": "2025-03-03",
                "level": 2,
                "by_role": "intern",
                "validated": True,
                "decides": False,
            },
            {
                "on": "2025-03-04",
                "level": 3,
                "by_role": "tutor",
                "validated": True,
                "decides": True,
            },
        ],
        "evidence": [
            {
                "kind": "activity",
                "ref": "activity:42",
                "on": "2025-03-06",
                "label": "Inventaire du stock",
            }
        ],
    }
