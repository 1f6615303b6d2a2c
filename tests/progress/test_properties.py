"""Properties of objective progress and competency status, on generated inputs."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balise.progress import (
    CompetencyRating,
    Evidence,
    Milestone,
    ObjectiveInput,
    ObjectiveRating,
    ObjectiveZone,
    competency_status,
    expected_progress,
    objective_progress,
)

PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASE = dt.date(2025, 1, 1)
days = st.integers(0, 240).map(lambda n: BASE + dt.timedelta(days=n))
roles = st.sampled_from(["intern", "tutor", "referent"])

milestone = st.builds(Milestone, due=days, reached_on=st.none() | days)
objective_rating = st.builds(
    ObjectiveRating, on=days, zone=st.sampled_from(list(ObjectiveZone)), by_role=roles,
    validated=st.booleans(),
)  # fmt: skip


@st.composite
def objectives(draw):
    return ObjectiveInput(
        "o",
        target_date=draw(st.none() | days),
        milestones=draw(st.lists(milestone, max_size=6)),
        ratings=draw(st.lists(objective_rating, max_size=5)),
        start=draw(st.none() | days),
    )


@st.composite
def internships(draw):
    start = draw(days)
    end = start + dt.timedelta(days=draw(st.integers(0, 200)))
    return start, end


def progress(objective, today, internship):
    start, end = internship
    return objective_progress(objective, today=today, internship_start=start, internship_end=end)


@PROFILE
@given(objective=objectives(), today=days, internship=internships())
def test_progress_and_expected_stay_between_zero_and_one(objective, today, internship):
    result = progress(objective, today, internship)

    assert 0 <= result.progress <= 1
    assert 0 <= result.expected <= 1
    assert abs(result.gap - (result.expected - result.progress)) < 1e-12
    assert result.late == bool(result.reasons)
    assert result.milestones_reached <= result.milestones_total


@PROFILE
@given(start=days, end=days, today=days, later=st.integers(0, 100))
def test_expected_progress_never_decreases_with_time(start, end, today, later):
    tomorrow = today + dt.timedelta(days=later)

    assert expected_progress(today=today, start=start, end=end) <= expected_progress(
        today=tomorrow, start=start, end=end
    )


@PROFILE
@given(objective=objectives(), today=days, internship=internships(), due=days, data=st.data())
def test_adding_a_reached_milestone_never_lowers_progress(objective, today, internship, due, data):
    reached_on = data.draw(st.integers(0, 240).map(lambda n: today - dt.timedelta(days=n)))
    more = dataclasses.replace(
        objective, milestones=[*objective.milestones, Milestone(due, reached_on)]
    )

    assert (
        progress(more, today, internship).progress
        >= progress(objective, today, internship).progress
    )


@PROFILE
@given(objective=objectives(), today=days, internship=internships(), extra=st.data())
def test_the_interns_ratings_never_change_progress(objective, today, internship, extra):
    intern = extra.draw(
        st.lists(
            st.builds(ObjectiveRating, on=days, zone=st.sampled_from(list(ObjectiveZone)),
                      by_role=st.just("intern"), validated=st.booleans()),
            min_size=1, max_size=4,
        )
    )  # fmt: skip
    more = dataclasses.replace(objective, ratings=[*objective.ratings, *intern])

    before, after = progress(objective, today, internship), progress(more, today, internship)

    assert (after.progress, after.late, after.basis) == (before.progress, before.late, before.basis)


competency_rating = st.builds(
    CompetencyRating, on=days, level=st.integers(1, 4), by_role=roles, validated=st.booleans()
)
evidence = st.builds(Evidence, kind=st.sampled_from(["activity", "checkin", "moment"]),
                     ref=st.just("x"), on=days)  # fmt: skip


@PROFILE
@given(
    ratings=st.lists(competency_rating, max_size=6),
    intern=st.lists(competency_rating.map(lambda r: dataclasses.replace(r, by_role="intern"))),
    target=st.integers(1, 4),
    shown=st.lists(evidence, max_size=3),
)
def test_the_interns_ratings_never_change_a_competency_status(ratings, intern, target, shown):
    before = competency_status(ratings, target_level=target, evidence=shown)
    after = competency_status([*ratings, *intern], target_level=target, evidence=shown)

    assert (after.status, after.level) == (before.status, before.level)
    if before.level is not None:
        assert (before.level >= target) == (before.status == "acquired")
