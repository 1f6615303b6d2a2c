"""The demo intern's internship under way has a plan, two signed-off check-ins with ratings,
feedback and next steps, and the next one to come; the others under way have their plan."""

import pytest
from django.db import transaction
from django.utils import timezone

from balise.agreements.models import Agreement, AgreementStatus, Milestone
from balise.checkins.models import (
    ActionItem,
    CheckIn,
    CheckInKind,
    CheckInPlan,
    CheckInStatus,
    CompetencyRating,
    Feedback,
    FeedbackKind,
    ObjectiveRating,
)
from balise.demo import INTERN, demo_load


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo for the module, rolled back afterwards (a flush would also remove the data
    that migrations load, which later tests rely on)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_intern_has_two_signed_check_ins_and_one_to_come(demo):
    running = Agreement.objects.get(intern__email=INTERN, status=AgreementStatus.IN_PROGRESS)
    assert CheckInPlan.objects.filter(agreement=running).exists()
    checkins = list(CheckIn.objects.filter(agreement=running).order_by("starts_at"))
    signed = [c for c in checkins if c.status == CheckInStatus.SIGNED]
    assert len(signed) == 2
    assert all(c.starts_at < timezone.now() for c in signed)
    upcoming = [c for c in checkins if c.status == CheckInStatus.SCHEDULED]
    assert upcoming and upcoming[0].starts_at > timezone.now()
    assert any(c.kind == CheckInKind.MID and c.with_referent for c in checkins)
    for checkin in signed:
        assert checkin.held_at.date() <= timezone.now().date()
        assert ObjectiveRating.objects.filter(checkin=checkin, role="intern").count() == 4
        assert ObjectiveRating.objects.filter(checkin=checkin, role="tutor").count() == 4
        assert CompetencyRating.objects.filter(checkin=checkin, role="tutor").exists()
        kinds = list(Feedback.objects.filter(checkin=checkin).values_list("kind", flat=True))
        assert kinds.count(FeedbackKind.STRENGTH) == 2
        assert FeedbackKind.IMPROVEMENT in kinds and FeedbackKind.ADJUSTMENT in kinds
    first, second = signed
    # The first check-in's next steps were done by the second; the second's are still open.
    assert set(ActionItem.objects.filter(checkin=first).values_list("done_in", flat=True)) == {
        second.pk
    }
    assert ActionItem.objects.filter(checkin=second, done_at__isnull=True).count() == 2
    moved = Feedback.objects.get(checkin=second, kind=FeedbackKind.ADJUSTMENT)
    assert moved.milestone.due_date == moved.new_due_date > moved.previous_due_date
    assert Milestone.objects.get(pk=moved.milestone_id).due_date == moved.new_due_date


@pytest.mark.django_db
def test_every_internship_under_way_has_its_plan(demo):
    running = Agreement.objects.filter(status=AgreementStatus.IN_PROGRESS)
    assert running.count() > 1
    assert not running.filter(checkin_plan__isnull=True).exists()
    assert CheckIn.objects.filter(agreement__in=running, starts_at__gt=timezone.now()).count() > 5
