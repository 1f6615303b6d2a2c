"""Objective progress, expected progress and lateness, on hand-computed examples."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from balise.progress import (
    Basis,
    LateReason,
    Milestone,
    ObjectiveInput,
    ObjectiveRating,
    ObjectiveZone,
    expected_progress,
    objective_progress,
    overall_progress,
)

# A 30-day internship: on 16 March, 15 of 30 days have elapsed, expected = 15 / 30 = 0.5.
START = dt.date(2025, 3, 1)
END = dt.date(2025, 3, 31)
MID = dt.date(2025, 3, 16)
LATER = dt.date(2025, 3, 25)  # a due date still ahead on MID


def d(day: int, month: int = 3) -> dt.date:
    return dt.date(2025, month, day)


def milestones(reached: int, total: int, *, due: dt.date = LATER) -> list[Milestone]:
    """`total` milestones due on `due`, the first `reached` of them reached on 5 March."""
    return [Milestone(due, d(5) if i < reached else None) for i in range(total)]


def tutor(zone: ObjectiveZone, on: dt.date = d(10), **kwargs) -> ObjectiveRating:
    return ObjectiveRating(on, zone, "tutor", **kwargs)


def run(objective: ObjectiveInput, today: dt.date = MID, **kwargs):
    return objective_progress(
        objective, today=today, internship_start=START, internship_end=END, **kwargs
    )


def test_no_milestone_and_no_rating_is_no_evidence_and_late_once_time_has_passed():
    result = run(ObjectiveInput("o"))

    assert (result.progress, result.basis) == (0.0, Basis.NO_EVIDENCE)
    assert result.expected == 0.5  # 15 / 30
    assert result.gap == 0.5  # 0.5 - 0
    assert result.reasons == (LateReason.BEHIND_SCHEDULE,)


def test_milestones_alone_give_the_share_reached():
    # 3 of 4 reached: 3 / 4 = 0.75; gap = 0.5 - 0.75 = -0.25, ahead of schedule.
    result = run(ObjectiveInput("o", milestones=milestones(3, 4)))

    assert (result.progress, result.basis) == (0.75, Basis.MILESTONES)
    assert result.gap == -0.25
    assert not result.late
    assert (result.milestones_total, result.milestones_reached) == (4, 3)
    assert (result.milestones_due, result.milestones_late) == (0, 0)


def test_milestones_behind_schedule_make_the_objective_late():
    # 1 of 4 reached: 0.25; gap = 0.5 - 0.25 = 0.25 > 0.15.
    result = run(ObjectiveInput("o", milestones=milestones(1, 4)))

    assert result.progress == 0.25
    assert result.gap == 0.25
    assert result.reasons == (LateReason.BEHIND_SCHEDULE,)


def test_steps_all_ahead_do_not_make_an_objective_in_progress_late():
    # Rated in progress on 10 March, its one step (the deliverable) due on 25 March: the
    # measure is 0.1 (the band's floor), 0.4 behind the 0.5 expected — yet nothing was due.
    started = run(ObjectiveInput("o", milestones=milestones(0, 1), ratings=[tutor(1)]))
    assert (started.progress, started.gap) == (0.1, 0.4)
    assert not started.late

    # Nobody vouched it started: late.
    unrated = run(ObjectiveInput("o", milestones=milestones(0, 1)))
    assert unrated.reasons == (LateReason.BEHIND_SCHEDULE,)
    not_started = run(ObjectiveInput("o", milestones=milestones(0, 1), ratings=[tutor(0)]))
    assert not_started.reasons == (LateReason.BEHIND_SCHEDULE,)
    # Once the step is due and missed, it is late again.
    assert run(
        ObjectiveInput("o", milestones=milestones(0, 1), ratings=[tutor(1)]), today=d(27)
    ).late


@pytest.mark.parametrize(
    ("reached", "expected_progress_value"),
    [
        (0, 0.1),  # clamp(0/4 = 0, 0.1, 0.9) = 0.1: started, never shown empty
        (2, 0.5),  # clamp(2/4 = 0.5, 0.1, 0.9) = 0.5: the measure agrees with the judgement
        (4, 0.9),  # clamp(4/4 = 1, 0.1, 0.9) = 0.9: every step is not the target
    ],
)
def test_in_progress_clamps_the_milestone_share_to_its_band(reached, expected_progress_value):
    result = run(
        ObjectiveInput("o", milestones=milestones(reached, 4), ratings=[tutor(1)]),
    )

    assert result.progress == expected_progress_value
    assert result.basis == Basis.MILESTONES_AND_RATING
    assert result.zone == ObjectiveZone.IN_PROGRESS


def test_target_reached_is_full_progress_and_outstanding_milestones_are_moot():
    # 1 of 4 reached, one due on 10 March and not reached: overdue, but the target is met.
    steps = [Milestone(d(4), d(4)), Milestone(d(10)), Milestone(LATER), Milestone(LATER)]
    result = run(ObjectiveInput("o", milestones=steps, ratings=[tutor(2)]))

    assert result.progress == 1.0  # clamp(0.25, 1, 1)
    assert result.milestones_late == 1
    assert not result.late


@pytest.mark.parametrize(
    ("zone", "progress", "beyond"),
    [
        (ObjectiveZone.NOT_STARTED, 0.0, False),  # (0 + 0) / 2
        (ObjectiveZone.IN_PROGRESS, 0.5, False),  # (0.1 + 0.9) / 2
        (ObjectiveZone.TARGET_REACHED, 1.0, False),  # (1 + 1) / 2
        (ObjectiveZone.BEYOND_TARGET, 1.0, True),
    ],
)
def test_a_rating_alone_gives_the_centre_of_its_band(zone, progress, beyond):
    result = run(ObjectiveInput("o", ratings=[tutor(zone)]))

    assert (result.progress, result.basis, result.beyond) == (progress, Basis.RATING, beyond)


def test_not_started_holds_against_milestones_reached_before_it():
    # Milestones reached on 5 March, tutor says "not started" on 10 March: clamp(0.5, 0, 0) = 0.
    result = run(ObjectiveInput("o", milestones=milestones(2, 4), ratings=[tutor(0, d(10))]))

    assert result.progress == 0.0
    assert result.zone == ObjectiveZone.NOT_STARTED


def test_a_milestone_reached_after_not_started_makes_it_in_progress():
    # "Not started" on 1 March, milestones reached on 5 March: read as in progress,
    # clamp(2/4 = 0.5, 0.1, 0.9) = 0.5.
    result = run(ObjectiveInput("o", milestones=milestones(2, 4), ratings=[tutor(0, d(1))]))

    assert result.progress == 0.5
    assert result.zone == ObjectiveZone.IN_PROGRESS


def test_the_interns_self_assessment_never_decides():
    ratings = [ObjectiveRating(d(10), ObjectiveZone.BEYOND_TARGET, "intern", validated=True)]
    result = run(ObjectiveInput("o", milestones=milestones(1, 4), ratings=ratings))

    assert result.progress == 0.25  # the milestones alone: 1 / 4
    assert result.basis == Basis.MILESTONES
    assert result.zone is None
    assert result.self_zone == ObjectiveZone.BEYOND_TARGET
    assert not result.beyond


def test_a_tutor_rating_in_draft_does_not_decide():
    result = run(ObjectiveInput("o", ratings=[tutor(2, validated=False)]))

    assert result.basis == Basis.NO_EVIDENCE


def test_the_latest_deciding_rating_wins_even_when_lower():
    ratings = [
        tutor(ObjectiveZone.TARGET_REACHED, d(5)),
        ObjectiveRating(d(12), ObjectiveZone.IN_PROGRESS, "referent"),
        ObjectiveRating(d(14), ObjectiveZone.BEYOND_TARGET, "intern"),
    ]
    result = run(ObjectiveInput("o", ratings=ratings))

    assert result.zone == ObjectiveZone.IN_PROGRESS
    assert result.rated_on == d(12)
    assert result.progress == 0.5


def test_on_the_same_day_the_rating_listed_last_wins():
    ratings = [tutor(2, d(10)), ObjectiveRating(d(10), 1, "referent")]

    assert run(ObjectiveInput("o", ratings=ratings)).zone == ObjectiveZone.IN_PROGRESS
    assert run(ObjectiveInput("o", ratings=ratings[::-1])).zone == ObjectiveZone.TARGET_REACHED


def test_ratings_and_milestones_after_today_are_ignored():
    objective = ObjectiveInput(
        "o",
        milestones=[Milestone(LATER, d(20)), Milestone(LATER)],
        ratings=[tutor(2, d(20))],
    )

    on_mid = run(objective)  # as of 16 March: nothing reached, nothing rated
    on_21 = run(objective, today=d(21))

    assert (on_mid.progress, on_mid.basis, on_mid.milestones_reached) == (0.0, Basis.MILESTONES, 0)
    assert (on_21.progress, on_21.zone) == (1.0, ObjectiveZone.TARGET_REACHED)


def test_an_overdue_milestone_makes_the_objective_late_even_ahead_of_schedule():
    # 3 of 4 reached (0.75 > 0.5 expected), but the fourth was due on 15 March.
    steps = milestones(3, 3, due=d(10)) + [Milestone(d(15))]
    result = run(ObjectiveInput("o", milestones=steps))

    assert result.gap == -0.25
    assert result.reasons == (LateReason.MILESTONE_OVERDUE,)
    assert (result.milestones_due, result.milestones_late) == (4, 1)


def test_a_milestone_due_today_is_not_late_yet():
    result = run(ObjectiveInput("o", milestones=milestones(3, 3, due=d(10)) + [Milestone(MID)]))

    assert result.milestones_due == 4
    assert result.milestones_late == 0
    assert not result.late


def test_all_milestones_reached_early():
    # Reached on 5 March; on 6 March expected = 5 / 30; progress 1.
    result = run(ObjectiveInput("o", milestones=milestones(4, 4)), today=d(6))

    assert result.progress == 1.0
    assert result.gap == pytest.approx(5 / 30 - 1)
    assert not result.late


def test_a_gap_equal_to_the_tolerance_is_not_late():
    # Window 1 → 21 March (20 days). On 16 March: 15 / 20 = 0.75; 3 of 5 reached: 0.6;
    # gap = 0.75 - 0.6 = 0.15, not beyond the tolerance. On 17 March: 16 / 20 = 0.8, gap 0.2.
    objective = ObjectiveInput("o", target_date=d(21), milestones=milestones(3, 5, due=d(20)))

    assert not run(objective, today=d(16)).late
    assert run(objective, today=d(17)).reasons == (LateReason.BEHIND_SCHEDULE,)


def test_the_tolerance_can_be_changed():
    objective = ObjectiveInput("o", milestones=milestones(1, 4))  # gap 0.25

    assert run(objective, tolerance=0.3).late is False
    assert run(objective, tolerance=0.2).late is True


def test_expected_progress_runs_to_the_target_date_when_there_is_one():
    # Window 1 → 11 March (10 days); on 6 March: 5 / 10 = 0.5.
    result = run(ObjectiveInput("o", target_date=d(11)), today=d(6))

    assert result.window == (START, d(11))
    assert result.expected == 0.5


def test_expected_progress_runs_to_the_end_of_the_internship_without_a_target_date():
    # Window 1 → 31 March (30 days); on 7 March: 6 / 30 = 0.2.
    result = run(ObjectiveInput("o"), today=d(7))

    assert result.window == (START, END)
    assert result.expected == pytest.approx(0.2)


def test_an_objective_added_later_starts_its_own_clock():
    # Added by amendment on 11 March, target 21 March: on 16 March, 5 / 10 = 0.5.
    result = run(ObjectiveInput("o", start=d(11), target_date=d(21)))

    assert result.expected == 0.5


def test_before_the_start_nothing_is_expected_and_nothing_is_late():
    result = run(ObjectiveInput("o", milestones=milestones(0, 2)), today=d(20, 2))

    assert result.expected == 0.0
    assert result.progress == 0.0
    assert not result.late


def test_after_the_end_everything_is_expected():
    finished = run(ObjectiveInput("o", ratings=[tutor(2)]), today=d(10, 4))
    unfinished = run(ObjectiveInput("o", milestones=milestones(4, 4), ratings=[tutor(1)]), d(10, 4))

    assert finished.expected == 1.0
    assert not finished.late
    # 0.9 (in progress, all steps done): within the tolerance, but the date has passed.
    assert unfinished.progress == 0.9
    assert unfinished.reasons == (LateReason.TARGET_DATE_PASSED,)


def test_a_target_date_on_the_start_day_is_due_at_once():
    assert expected_progress(today=d(1), start=d(1), end=d(1)) == 1.0
    assert expected_progress(today=d(28, 2), start=d(1), end=d(1)) == 0.0
    assert expected_progress(today=d(5), start=d(10), end=d(1)) == 1.0


def test_an_internship_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends before"):
        objective_progress(
            ObjectiveInput("o"), today=MID, internship_start=END, internship_end=START
        )


def test_zone_codes_and_numbers_are_accepted():
    assert ObjectiveRating(d(1), "target_reached", "tutor").zone is ObjectiveZone.TARGET_REACHED
    assert ObjectiveRating(d(1), 3, "referent").zone is ObjectiveZone.BEYOND_TARGET
    with pytest.raises(ValueError):
        ObjectiveRating(d(1), "done", "tutor")
    with pytest.raises(ValueError):
        ObjectiveRating(d(1), 4, "tutor")
    with pytest.raises(ValueError, match="unknown role"):
        ObjectiveRating(d(1), 1, "signatory")


def test_overall_progress_is_weighted_by_the_agreed_weights():
    light = run(ObjectiveInput("a", milestones=milestones(1, 5), weight=1))  # 0.2, late
    heavy = run(ObjectiveInput("b", milestones=milestones(3, 5), weight=3))  # 0.6

    overall = overall_progress([light, heavy])

    assert overall.progress == pytest.approx((0.2 * 1 + 0.6 * 3) / 4)  # 0.5
    assert overall.expected == 0.5
    assert overall.late_objectives == ("a",)
    assert overall_progress([]).progress == 0.0


def test_results_are_json_ready():
    result = run(
        ObjectiveInput(
            7,
            target_date=d(21),
            milestones=milestones(1, 2),
            ratings=[tutor(1), ObjectiveRating(d(11), 2, "intern")],
        )
    )

    data = json.loads(json.dumps(result.to_dict()))

    assert data == {
        "objective_id": 7,
        "weight": 1,
        "progress": 0.5,
        "expected": 0.75,
        "gap": 0.25,
        "late": True,
        "reasons": ["behind_schedule"],
        "basis": "milestones_and_rating",
        "zone": "in_progress",
        "rated_on": "2025-03-10",
        "beyond": False,
        "self_zone": "target_reached",
        "milestones": {"total": 2, "reached": 1, "due": 0, "late": 0},
        "window": {"start": "2025-03-01", "end": "2025-03-21"},
    }
    assert json.loads(json.dumps(overall_progress([result]).to_dict()))["late_objectives"] == [7]
