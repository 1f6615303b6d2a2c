"""The demo's logbooks, read by the real alignment engine: alerts appear for the abusive
and the repetitive internships, and not for the healthy ones (the issue's acceptance)."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from balise.accounts.models import User
from balise.agreements.models import Agreement, AgreementStatus
from balise.demo import (
    HOSTS,
    INTERN,
    MOVING_DAY,
    PLAN,
    REFERENT,
    ROUTINE_TASK,
    SUBJECTS,
    TUTOR,
    UNRELATED_TASKS,
    demo_load,
)
from balise.journal.alerts import live_alerts_for_people
from balise.journal.models import Alert, AlertCode, AlertState
from balise.notifications.models import Notification

pytestmark = pytest.mark.django_db

ALIGNMENT_CODES = {AlertCode.UNRELATED_SHARE_HIGH, AlertCode.REPETITIVE_ROUTINE}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


def running(kind):
    """The demo's internships in progress whose logbook reads `kind`."""
    lines = [
        line
        for line in PLAN
        if line.status == AgreementStatus.IN_PROGRESS and (line.logbook or "healthy") == kind
    ]
    return [
        Agreement.objects.get(
            status=AgreementStatus.IN_PROGRESS,
            title=SUBJECTS[line.subject].title,
            host__name=HOSTS[line.host].name,
        )
        for line in lines
    ]


def open_codes(agreement):
    return set(agreement.alerts.filter(state=AlertState.OPEN).values_list("code", flat=True))


def share(agreement, texts):
    activities = list(agreement.activities.all())
    total = sum((a.hours for a in activities), Decimal(0))
    return sum((a.hours for a in activities if a.text in texts), Decimal(0)) / total


@pytest.mark.usefixtures("demo")
class TestDemoLogbooks:
    def test_the_abusive_internship_has_an_unrelated_share_alert(self):
        (abusive,) = running("abusive")

        assert share(abusive, {*UNRELATED_TASKS, MOVING_DAY}) >= Decimal("0.30")
        assert AlertCode.UNRELATED_SHARE_HIGH in open_codes(abusive)

    def test_the_repetitive_internship_has_a_routine_alert(self):
        (repetitive,) = running("repetitive")
        routine = repetitive.activities.filter(text=ROUTINE_TASK)

        assert len({day.isocalendar()[:2] for day in routine.values_list("date", flat=True)}) >= 3
        assert AlertCode.REPETITIVE_ROUTINE in open_codes(repetitive)

    def test_the_healthy_internships_have_no_such_alert(self):
        healthy = running("healthy")
        assert len(healthy) >= 3
        intern_own = Agreement.objects.get(intern__email=INTERN, status=AgreementStatus.IN_PROGRESS)
        assert intern_own in healthy
        for agreement in healthy:
            codes = set(
                agreement.alerts.exclude(state=AlertState.RESOLVED).values_list("code", flat=True)
            )
            assert not codes & {*ALIGNMENT_CODES, AlertCode.LOGBOOK_SILENT}, agreement.title
        # The demo intern's internship is spotless.
        assert not intern_own.alerts.exists()

    def test_the_silent_logbook_has_its_alert(self):
        (silent,) = running("silent")
        assert silent.activities.exists()
        assert AlertCode.LOGBOOK_SILENT in open_codes(silent)

    def test_logbooks_are_full_working_days_until_yesterday(self):
        today = timezone.localdate()
        for agreement in Agreement.objects.filter(status=AgreementStatus.IN_PROGRESS):
            days = defaultdict(list)
            for activity in agreement.activities.all():
                days[activity.date].append(activity)
            assert days, agreement.title
            assert min(days) >= agreement.start_date
            assert max(days) < today
            for day, entries in days.items():
                assert 1 <= len(entries) <= 4
                assert sum(a.hours for a in entries) == 7
                code = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
                assert code in agreement.working_days
        for agreement in [*running("healthy"), *running("abusive"), *running("repetitive")]:
            # Written up to the last working day (a public holiday may come in between).
            last = max(agreement.activities.values_list("date", flat=True))
            assert (today - last).days <= 4, agreement.title

    def test_healthy_entries_move_on_from_week_to_week(self):
        for agreement in running("healthy"):
            weeks = defaultdict(set)
            for text, day in agreement.activities.values_list("text", "date"):
                weeks[text].add(day.isocalendar()[:2])
            assert max(len(seen) for seen in weeks.values()) <= 2, agreement.title

    def test_the_demo_intern_reflects_and_her_tutor_reviews(self):
        own = Agreement.objects.get(intern__email=INTERN, status=AgreementStatus.IN_PROGRESS)
        assert own.reflections.count() >= 2
        assert own.reflections.filter(shared_with_tutor=False).exists()
        assert own.activities.exclude(reviewed_label="").filter(reviewed_by=own.tutor).exists()
        assert own.activities.filter(objective__isnull=False).exists()

    def test_people_in_charge_see_the_alerts_at_home_and_were_told(self):
        referent = User.objects.get(email=REFERENT)
        tutor = User.objects.get(email=TUTOR)
        (abusive,) = running("abusive")
        (repetitive,) = running("repetitive")

        referent_sees = {a.agreement_id for a in live_alerts_for_people(referent).alerts}
        tutor_sees = {a.agreement_id for a in live_alerts_for_people(tutor).alerts}

        assert {abusive.pk, repetitive.pk} <= referent_sees
        assert repetitive.pk in tutor_sees
        assert Notification.objects.filter(
            recipient=referent, kind="alert", agreement=abusive
        ).exists()
        # The abusive host's intern is not told about the unrelated share; her referent is.
        assert not Notification.objects.filter(recipient=abusive.intern, kind="alert").exists()
        assert not live_alerts_for_people(User.objects.get(email=INTERN)).alerts

    def test_alerts_are_computed_for_internships_in_progress_only(self):
        assert Alert.objects.exists()
        assert not Alert.objects.exclude(agreement__status=AgreementStatus.IN_PROGRESS).exists()
