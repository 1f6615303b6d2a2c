"""The defence: scheduling, jury, grading, the final grade and its release."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from balise.agreements.models import Agreement
from balise.evaluations import services
from balise.evaluations.models import GradingCriterion, JuryMember
from balise.notifications.models import Notification
from tests.evaluations.conftest import full_answers


def when(days=10):
    return timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=days)


@pytest.fixture
def defence(personas, running):
    return services.defence_schedule(
        agreement=running,
        by=personas.referent,
        scheduled_at=when(),
        place="Salle B204",
        other_emails=["jury.externe@exemple.fr"],
    )


def grade_all(defence, person, points: dict | None = None):
    grades = {
        c["key"]: {"points": (points or {}).get(c["key"], Decimal(c["max_points"]) / 2)}
        for c in defence.grid
    }
    return services.defence_grade(defence=defence, by=person, grades=grades, comment="Bien")


def test_scheduling_sets_the_jury_freezes_the_grid_and_tells_everyone(
    personas, running, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        defence = services.defence_schedule(
            agreement=running,
            by=personas.referent,
            scheduled_at=when(),
            video_link="https://visio.example.org/soutenance-lea",
            other_emails=["jury.externe@exemple.fr"],
        )
    roles = dict(JuryMember.objects.filter(defence=defence).values_list("user__email", "role"))
    assert roles == {
        personas.referent.email: "referent",
        personas.tutor.email: "tutor",
        "jury.externe@exemple.fr": "other",
    }
    assert [c["fr"] for c in defence.grid] == list(
        GradingCriterion.objects.filter(program=personas.program)
        .order_by("position")
        .values_list("label_fr", flat=True)
    )
    told = set(
        Notification.objects.filter(kind="defence_scheduled").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {personas.intern.email, personas.tutor.email}  # the actor is not told
    external = [m for m in mail.outbox if m.to == ["jury.externe@exemple.fr"]]
    assert len(external) == 1 and "/accounts/magic/" in external[0].body


def test_a_defence_needs_a_place_or_a_link(personas, running):
    with translation.override("en"), pytest.raises(ValidationError, match="place"):
        services.defence_schedule(agreement=running, by=personas.staff, scheduled_at=when())


@pytest.mark.parametrize("person", ["intern", "tutor", "signatory", "other_staff"])
def test_only_the_referent_and_staff_schedule(personas, running, person):
    with pytest.raises(PermissionDenied):
        services.defence_schedule(
            agreement=running, by=personas.by_name(person), scheduled_at=when(), place="B204"
        )


def test_only_jury_members_grade_within_the_maximum(personas, running, defence):
    key = defence.grid[0]["key"]
    with pytest.raises(PermissionDenied):
        services.defence_grade(
            defence=defence, by=personas.intern, grades={key: {"points": Decimal(10)}}
        )
    with pytest.raises(ValidationError) as error:
        services.defence_grade(
            defence=defence, by=personas.tutor, grades={key: {"points": Decimal(21)}}
        )
    assert list(error.value.message_dict) == [key]


def test_final_grade_formula():
    grid = [
        {"key": "a", "weight": "2", "max_points": "20"},
        {"key": "b", "weight": "1", "max_points": "10"},
    ]

    def g(criterion, points):
        return SimpleNamespace(criterion=criterion, points=Decimal(points))

    # a: mean(12, 16) = 14 → 0.7; b: 5 → 0.5; (2×0.7 + 1×0.5) / 3 × 20 = 12.67
    grades = [g("a", "12"), g("a", "16"), g("b", "5")]
    assert services.final_grade(grid, grades, 20) == Decimal("12.67")
    assert services.final_grade(grid, grades[:2], 20) is None  # b not graded yet
    assert services.final_grade(grid, [g("a", "20"), g("b", "10")], 100) == Decimal("100.00")
    assert services.final_grade([], grades, 20) is None


def test_release_records_the_grade_and_shows_it_to_the_intern(personas, running, defence):
    with pytest.raises(ValidationError):
        services.defence_release(defence=defence, by=personas.referent)  # nothing graded
    grade_all(defence, personas.referent)
    grade_all(defence, personas.tutor, {c["key"]: Decimal(c["max_points"]) for c in defence.grid})
    with pytest.raises(PermissionDenied):
        services.defence_release(defence=defence, by=personas.tutor)
    released = services.defence_release(
        defence=defence, by=personas.staff, comment="Un stage très réussi."
    )
    # Every criterion: mean of half and full marks = 75 % of the maximum.
    assert released.final_grade == Decimal("15.00")
    assert released.final_comment == "Un stage très réussi."
    assert Notification.objects.filter(kind="grade_released", recipient=personas.intern).exists()
    with pytest.raises(ValidationError):
        grade_all(defence, personas.referent)
    fresh = Agreement.objects.get(pk=running.pk)
    with pytest.raises(PermissionDenied):
        services.defence_schedule(
            agreement=fresh, by=personas.referent, scheduled_at=when(), place="B204"
        )


def test_a_graded_defence_keeps_its_grid(personas, running, defence):
    grade_all(defence, personas.referent)
    GradingCriterion.objects.filter(program=personas.program).update(weight=Decimal("9"))
    moved = services.defence_schedule(
        agreement=running, by=personas.referent, scheduled_at=when(12), place="B205"
    )
    assert {c["weight"] for c in moved.grid} != {"9.00"}
    assert moved.place == "B205"


def test_a_member_who_graded_stays_on_the_jury(personas, running, defence):
    grade_all(defence, personas.tutor)
    with pytest.raises(ValidationError):
        services.defence_schedule(
            agreement=running,
            by=personas.referent,
            scheduled_at=when(),
            place="B204",
            with_tutor=False,
        )


def test_the_jury_sees_the_tutor_evaluation_as_a_suggestion_never_the_host_welcome(
    personas, running, defence
):
    final = services.evaluation_open(agreement=running, kind="tutor_final", by=personas.staff)
    services.evaluation_answers_save(
        evaluation=final, by=personas.tutor, values=full_answers(final)
    )
    services.evaluation_submit(evaluation=final, by=personas.tutor)
    welcome = services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    services.evaluation_answers_save(
        evaluation=welcome, by=personas.intern, values=full_answers(welcome)
    )
    services.evaluation_submit(evaluation=welcome, by=personas.intern)
    from balise.evaluations.selectors import submitted_evaluations

    evaluations = submitted_evaluations(running)
    assert set(evaluations) == {"tutor_final", "host_welcome"}
    fed = next(c for c in defence.grid if c["source"] == "tutor_final")
    # Even a grid tampered with to name the host's welcome gets no suggestion from it.
    defence.grid.append({**fed, "key": "tampered", "source": "host_welcome"})
    suggestions = services.criterion_suggestions(defence, evaluations)
    assert suggestions == {fed["key"]: Decimal("20.00")}
