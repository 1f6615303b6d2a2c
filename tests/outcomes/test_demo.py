"""What the demo intern takes away (`balise demo`): presence and payments of the months over,
paid in full; an attestation whose figures are those recorded; her network, with consent; the
recommendation her tutor wrote."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from balise.agreements.models import Agreement, AgreementStatus
from balise.demo import INTERN, SIGNATORY, TUTOR, demo_load
from balise.law import formatting as fmt
from balise.outcomes import career, documents, selectors
from balise.outcomes.demo import CONTACTS, LEAVE_NOTE
from balise.outcomes.ledger import months_between, planned_presence_hours
from balise.outcomes.models import Contact, Payment, PresenceMonth, Recommendation
from tests.outcomes.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo for the module, rolled back afterwards (a flush would also remove the data
    that migrations load, which later tests rely on)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


def demo_intern_agreement(status):
    return Agreement.objects.select_related("intern", "tutor", "signatory", "host", "school").get(
        intern__email=INTERN, status=status
    )


def planned(agreement, start, end):
    return planned_presence_hours(
        max(start, agreement.start_date),
        min(end, agreement.end_date),
        agreement.weekly_hours,
        agreement.working_days,
        public_holiday_work=agreement.public_holiday_work,
    )


def month_end(month):
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


@pytest.mark.usefixtures("demo")
class TestDemoOutcomes:
    def test_the_running_internship_has_the_months_over_recorded_and_paid(self):
        running = demo_intern_agreement(AgreementStatus.IN_PROGRESS)
        today = timezone.localdate()
        over = [
            month for month in months_between(running.start_date, today) if month_end(month) < today
        ]
        records = list(PresenceMonth.objects.filter(agreement=running).order_by("month"))
        assert [r.month for r in records] == over
        for record in records:
            assert record.recorded_by.email == TUTOR
            assert record.hours == planned(running, record.month, month_end(record.month))
        book = selectors.presence_overview(running).ledger
        assert not book.underpaid and book.total_paid == book.total_due
        for payment in Payment.objects.filter(agreement=running).select_related("recorded_by"):
            assert payment.recorded_by.email == SIGNATORY
            assert month_end(payment.month) < payment.paid_on <= today

    def test_the_finished_internship_is_recorded_month_by_month_and_paid_in_full(self):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        records = list(PresenceMonth.objects.filter(agreement=finished).order_by("month"))
        assert [r.month for r in records] == months_between(finished.start_date, finished.end_date)
        # Everything the agreement planned, but one day of leave.
        daily = finished.weekly_hours / len(finished.working_days)
        whole = planned(finished, finished.start_date, finished.end_date)
        assert sum(r.hours for r in records) == whole - daily
        (leave,) = [r for r in records if r.absence_days]
        assert (leave.absence_days, leave.note) == (Decimal("1"), LEAVE_NOTE)

        book = selectors.presence_overview(finished).ledger
        assert book.gratification_required
        assert book.total_paid == book.total_due > book.total_minimum_due > 0
        assert not book.underpaid_months
        assert Payment.objects.filter(agreement=finished).count() == len(records)

    def test_the_attestation_shows_the_presence_and_payments_recorded(self):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        overview = selectors.presence_overview(finished)
        hours = sum(
            PresenceMonth.objects.filter(agreement=finished).values_list("hours", flat=True)
        )
        paid = sum(Payment.objects.filter(agreement=finished).values_list("amount", flat=True))

        text = pdf_text(documents.attestation_pdf(agreement=finished, overview=overview))

        nbsp = "\xa0"
        assert f"{fmt.hours(hours, 'fr')} de présence effective".replace(nbsp, " ") in text
        gratification = f"Montant total de la gratification versée {fmt.euros(paid, 'fr')}"
        assert gratification.replace(nbsp, " ") in text
        assert "Attestation provisoire" not in text

    def test_the_intern_keeps_her_contacts_with_their_consent(self, client):
        running = demo_intern_agreement(AgreementStatus.IN_PROGRESS)
        contacts = list(Contact.objects.filter(agreement=running).order_by("name"))
        assert [c.name for c in contacts] == sorted(name for name, *_rest in CONTACTS)
        assert all(c.consent_given and c.email and c.how_we_met for c in contacts)
        assert {c.organisation for c in contacts} == {running.host.name}

        cards = career.vcards(contacts, version="4.0")
        assert cards.count("BEGIN:VCARD") == len(contacts)
        for contact in contacts:
            assert contact.email in cards

        client.force_login(running.intern)
        page = client.get(reverse("outcomes:contacts", args=[running.pk]))
        assert page.status_code == 200
        assert all(c.name in page.content.decode() for c in contacts)

    def test_the_tutor_wrote_the_recommendation_she_asked_for(self):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        (recommendation,) = Recommendation.objects.filter(agreement=finished)
        assert recommendation.is_written
        assert recommendation.tutor.email == TUTOR
        assert recommendation.requested_by.email == INTERN
        assert finished.tutor.first_name in recommendation.message
        assert finished.intern.first_name in recommendation.text
        assert finished.end_date < timezone.localdate(recommendation.requested_at)
        assert recommendation.requested_at < recommendation.written_at < timezone.now()

        text = pdf_text(documents.recommendation_pdf(recommendation=recommendation, lang="fr"))
        assert recommendation.author_position in text


def test_a_second_demo_load_adds_nothing_to_take_away(demo):
    models = (PresenceMonth, Payment, Contact, Recommendation)
    before = [model.objects.count() for model in models]

    assert demo_load().created is False

    assert [model.objects.count() for model in models] == before
