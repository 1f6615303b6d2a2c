"""Check-ins of Léa's running internship (see `running` in tests/conftest.py): the plan set
on its first day, so the first check-in is in the past and the next ones to come."""

import datetime as dt

import pytest
from django.utils import timezone

from balise.checkins import services
from balise.checkins.models import CheckIn


def start_of_internship(agreement):
    return timezone.make_aware(dt.datetime.combine(agreement.start_date, dt.time(8, 0)))


@pytest.fixture
def planned(personas, running):
    services.checkin_plan_set(
        agreement=running, by=personas.tutor, now=start_of_internship(running)
    )
    return running


@pytest.fixture
def first(planned):
    """The first check-in: its day has passed."""
    checkin = CheckIn.objects.filter(agreement=planned).order_by("starts_at").first()
    assert timezone.localdate(checkin.starts_at) < timezone.localdate()
    checkin.agreement = planned
    return checkin


@pytest.fixture
def second(planned, first):
    checkin = CheckIn.objects.filter(agreement=planned).order_by("starts_at")[1]
    checkin.agreement = planned
    return checkin


def ratings_for(agreement, zone=1, level=2, why=""):
    """Every objective at `zone` and every linked competency at `level`."""
    objectives = {o.pk: (zone, why) for o in agreement.objectives.all()}
    competencies = {
        c.pk: (level, why) for o in agreement.objectives.all() for c in o.competencies.all()
    }
    return objectives, competencies


def prepare(checkin, person, *, zone=1, level=2, submit=True, **texts):
    objectives, competencies = ratings_for(checkin.agreement, zone, level)
    return services.checkin_prepare(
        checkin=checkin,
        by=person,
        objectives=objectives,
        competencies=competencies,
        submit=submit,
        **texts,
    )


def hold_and_sign(checkin, personas):
    """Both prepare, the tutor holds it with one strength and one next step, both sign."""
    prepare(checkin, personas.intern, went_well="Les tests")
    prepare(checkin, personas.tutor, notes="Bon rythme")
    services.checkin_hold(checkin=checkin, by=personas.tutor)
    checkin.refresh_from_db()
    services.feedback_add(checkin=checkin, by=personas.tutor, kind="strength", text="Rigueur")
    item = services.action_item_add(
        checkin=checkin,
        by=personas.tutor,
        text="Documenter l'API",
        owner=personas.intern,
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )
    services.checkin_sign(checkin=checkin, by=personas.intern)
    checkin.refresh_from_db()
    services.checkin_sign(checkin=checkin, by=personas.tutor)
    checkin.refresh_from_db()
    return item
