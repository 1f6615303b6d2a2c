"""Recording presence and payments, and what the page says about them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from balise.outcomes import selectors, services
from balise.outcomes.ledger import MonthStatus
from balise.outcomes.models import Payment, PresenceMonth


def test_recording_a_month_again_replaces_it(personas, ended):
    april = dt.date(2025, 4, 17)  # any day of the month: the month is what counts
    services.presence_record(
        agreement=ended, by=personas.signatory, month=april, hours=Decimal("150"), note="Pont"
    )
    record = PresenceMonth.objects.get(agreement=ended, month=dt.date(2025, 4, 1))
    assert record.hours == Decimal("150") and record.note == "Pont"
    assert record.recorded_by == personas.signatory
    assert PresenceMonth.objects.filter(agreement=ended).count() == 4


@pytest.mark.parametrize(
    ("month", "hours", "field", "code"),
    [
        (dt.date(2025, 2, 1), "10", "month", "outside"),  # before the internship
        (dt.date(2025, 7, 1), "10", "month", "outside"),  # after it
        (dt.date(2025, 3, 1), "300", "hours", "too_many_hours"),  # 29 days × 10 h = 290 h
    ],
)
def test_impossible_months_are_refused(personas, ended, month, hours, field, code):
    with pytest.raises(ValidationError) as caught:
        services.presence_record(
            agreement=ended, by=personas.tutor, month=month, hours=Decimal(hours)
        )
    assert caught.value.error_dict[field][0].code == code
    assert PresenceMonth.objects.get(agreement=ended, month=dt.date(2025, 3, 1)).hours == 140


def test_a_month_that_has_not_begun_cannot_be_recorded(personas, running):
    later = (running.end_date).replace(day=1)
    with pytest.raises(ValidationError) as caught:
        services.presence_record(agreement=running, by=personas.tutor, month=later, hours=1)
    assert caught.value.error_dict["month"][0].code == "future"


def test_only_the_host_and_the_office_record(personas, ended):
    for person in (personas.intern, personas.referent, personas.other_staff):
        with pytest.raises(PermissionDenied):
            services.presence_record(
                agreement=ended, by=person, month=dt.date(2025, 4, 1), hours=Decimal("1")
            )
        with pytest.raises(PermissionDenied):
            services.payment_record(
                agreement=ended,
                by=person,
                month=dt.date(2025, 4, 1),
                amount=Decimal("1"),
                paid_on=dt.date(2025, 5, 1),
            )


def test_payments_cannot_precede_their_month_nor_be_in_the_future(personas, ended):
    for paid_on, code in ((dt.date(2025, 3, 31), "before_month"), (dt.date(2099, 1, 1), "future")):
        with pytest.raises(ValidationError) as caught:
            services.payment_record(
                agreement=ended,
                by=personas.staff,
                month=dt.date(2025, 4, 1),
                amount=Decimal("10"),
                paid_on=paid_on,
            )
        assert caught.value.error_dict["paid_on"][0].code == code
    with pytest.raises(ValidationError):
        services.payment_record(
            agreement=ended,
            by=personas.staff,
            month=dt.date(2025, 4, 1),
            amount=Decimal("0"),
            paid_on=dt.date(2025, 5, 1),
        )
    assert Payment.objects.filter(agreement=ended).count() == 4


def test_overview_flags_each_underpaid_month_and_the_total(ended):
    overview = selectors.presence_overview(ended)
    book = overview.ledger
    statuses = {line.month.month: line.status for line in book.lines}
    assert statuses == {
        3: MonthStatus.PAID,
        4: MonthStatus.PAID,
        5: MonthStatus.BELOW_MINIMUM,  # 126 h × 4,35 € = 548,10 € due, 500 € paid
        6: MonthStatus.BELOW_AGREEMENT,  # 133,5 h × 4,50 € = 600,75 € agreed, 580,73 € paid
    }
    assert book.gratification_required
    assert book.total_hours == Decimal("546.5")
    assert book.total_paid == Decimal("2372.23")
    assert book.total_due == Decimal("2459.25")
    assert book.shortfall == Decimal("87.02")
    # Overall, 5,05 € short of the legal minimum: June's surplus over it does not cover May.
    assert book.total_minimum_due == Decimal("2377.28") and book.below_minimum


def test_presence_page_shows_due_paid_and_the_shortfall(personas, ended, client):
    personas.intern.language = "en"
    personas.intern.save()
    client.force_login(personas.intern)
    page = client.get(reverse("outcomes:presence", args=[ended.pk])).content.decode()
    assert "546.50 hours" in page and "2,372.23 €" in page
    assert 'class="month-below_minimum"' in page and 'class="month-below_agreement"' in page
    assert "548.10 €" in page  # May's legal minimum: 126 h × 4.35 €
    assert (
        "the gratification paid is 5.05 € below the legal minimum for the presence recorded, "
        "and 87.02 € below what is due" in page
    )
    # The intern reads; she has no form to record.
    assert 'name="presence-hours"' not in page


def test_tutor_records_through_the_page_and_errors_keep_what_was_typed(personas, ended, client):
    client.force_login(personas.tutor)
    url = reverse("outcomes:presence_record", args=[ended.pk])
    response = client.post(
        url, {"presence-month": "2025-03-01", "presence-hours": "999", "presence-note": "Hmm"}
    )
    assert response.status_code == 400
    assert 'value="Hmm"' in response.content.decode()
    assert PresenceMonth.objects.get(agreement=ended, month=dt.date(2025, 3, 1)).hours == 140
    response = client.post(
        url,
        {
            "presence-month": "2025-03-01",
            "presence-hours": "137,5",
            "presence-absence_days": "0,5",
        },
    )
    assert response.status_code == 302
    record = PresenceMonth.objects.get(agreement=ended, month=dt.date(2025, 3, 1))
    assert record.hours == Decimal("137.5") and record.absence_days == Decimal("0.5")


def test_a_month_outside_the_list_is_refused_by_the_form(personas, ended, client):
    client.force_login(personas.staff)
    response = client.post(
        reverse("outcomes:payment_record", args=[ended.pk]),
        {"payment-month": "2024-01-01", "payment-amount": "10", "payment-paid_on": "2025-01-02"},
    )
    assert response.status_code == 400
    assert Payment.objects.filter(agreement=ended).count() == 4


def test_deleting_a_payment_and_a_month(personas, ended, client):
    client.force_login(personas.staff)
    payment = Payment.objects.filter(agreement=ended, month=dt.date(2025, 5, 1)).get()
    client.post(reverse("outcomes:payment_delete", args=[payment.pk]))
    record = PresenceMonth.objects.get(agreement=ended, month=dt.date(2025, 5, 1))
    client.post(reverse("outcomes:presence_delete", args=[record.pk]))
    totals = selectors.presence_totals(ended)
    assert totals == {"hours": Decimal("420.5"), "paid": Decimal("1872.23")}
