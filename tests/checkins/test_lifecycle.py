"""The check-ins follow the agreement's life: planned when the internship starts, cancelled
when it stops."""

import datetime as dt

from django.utils import timezone

from balise.agreements import services as agreement_services
from balise.agreements.models import Agreement, AgreementStatus
from balise.checkins.models import CheckIn, CheckInPlan, CheckInStatus


def test_an_internship_that_starts_gets_its_checkins(personas):
    today = timezone.localdate()
    Agreement.objects.filter(pk=personas.agreement.pk).update(
        status=AgreementStatus.SIGNED, start_date=today, end_date=today + dt.timedelta(days=70)
    )

    agreement_services.agreements_advance(today=today)
    agreement_services.agreements_advance(today=today)  # safe to run again

    assert CheckInPlan.objects.filter(agreement=personas.agreement).count() == 1
    scheduled = CheckIn.objects.filter(agreement=personas.agreement)
    assert scheduled.count() >= 4
    assert scheduled.filter(kind="mid").count() == 1


def test_an_interrupted_internship_cancels_the_checkins_to_come(personas, planned):
    to_come = CheckIn.objects.filter(agreement=planned, status=CheckInStatus.SCHEDULED).count()
    assert to_come > 0

    agreement_services.agreement_interrupt(
        agreement=planned,
        by=personas.staff,
        reason="Départ de l'organisme d'accueil",
        on=timezone.localdate(),
        validation="extended",
    )

    assert not CheckIn.objects.filter(agreement=planned, status=CheckInStatus.SCHEDULED).exists()
    cancelled = CheckIn.objects.filter(agreement=planned, status=CheckInStatus.CANCELLED)
    assert cancelled.count() == to_come
    assert {c.cancel_reason for c in cancelled} == {"Départ de l'organisme d'accueil"}
