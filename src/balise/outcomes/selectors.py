"""Reads of the end of an internship, each in a fixed number of queries, and the access
helpers: 404 for outsiders, 403 for people who may read the agreement but not this."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404

from balise.agreements.models import AgreementStatus
from balise.agreements.selectors import agreement_for_user, agreements_visible_to
from balise.outcomes import ledger as ledger_core
from balise.outcomes.models import Contact, Payment, PresenceMonth, Recommendation
from balise.outcomes.services import internship_last_day

# --- Access -----------------------------------------------------------------------------------


def agreement_for(user, pk: int, perm: str = "outcomes.view_outcomes"):
    """The agreement (404 for outsiders) if `user` has `perm` on it (403 otherwise)."""
    agreement = agreement_for_user(user, pk)
    if not user.has_perm(perm, agreement):
        raise PermissionDenied
    return agreement


def _owned(user, model, pk: int, perm: str, *, related=()):
    """A row of `model` through its agreement: 404 unless `user` reads that agreement."""
    row = model.objects.select_related("agreement", *related).filter(pk=pk).first()
    if row is None:
        raise Http404
    row.agreement = agreement_for(user, row.agreement_id, perm)
    return row


def presence_for_user(user, pk: int) -> PresenceMonth:
    return _owned(user, PresenceMonth, pk, "outcomes.record_presence")


def payment_for_user(user, pk: int) -> Payment:
    return _owned(user, Payment, pk, "outcomes.record_presence")


def contact_for_user(user, pk: int) -> Contact:
    return _owned(user, Contact, pk, "outcomes.manage_contacts")


def recommendation_for_user(user, pk: int, perm: str) -> Recommendation:
    """The recommendation if `user` asked for it or was asked to write it; 404 for anyone
    who does not read the agreement, 403 for the agreement's other readers.

    The tutor it was asked of keeps access even if another tutor took over the agreement.
    """
    recommendation = (
        Recommendation.objects.select_related(
            "tutor", "agreement__intern", "agreement__host", "agreement__school"
        )
        .filter(pk=pk)
        .first()
    )
    if recommendation is None or not user.is_authenticated:
        raise Http404
    involved = user.pk in (recommendation.tutor_id, recommendation.agreement.intern_id)
    if (
        not involved
        and not agreements_visible_to(user).filter(pk=recommendation.agreement_id).exists()
    ):
        raise Http404
    if not user.has_perm(perm, recommendation):
        raise PermissionDenied
    return recommendation


# --- Presence and payments --------------------------------------------------------------------


@dataclass(frozen=True)
class PresenceRow:
    line: ledger_core.MonthLine
    record: PresenceMonth | None
    payments: tuple[Payment, ...]


@dataclass(frozen=True)
class PresenceOverview:
    ledger: ledger_core.Ledger
    rows: tuple[PresenceRow, ...]
    planned_hours: Decimal
    last_day: dt.date

    @property
    def has_presence(self) -> bool:
        return any(row.record is not None for row in self.rows)

    @property
    def payments(self) -> list[Payment]:
        return [payment for row in self.rows for payment in row.payments]


def presence_overview(agreement) -> PresenceOverview:
    """Every month of the internship with its presence, its payments, what was due and
    what was paid. Two queries."""
    records = {p.month: p for p in PresenceMonth.objects.filter(agreement=agreement)}
    payments: dict[dt.date, list[Payment]] = defaultdict(list)
    for payment in Payment.objects.filter(agreement=agreement).order_by("paid_on", "pk"):
        payments[payment.month].append(payment)
    last_day = internship_last_day(agreement)
    months = sorted(
        set(ledger_core.months_between(agreement.start_date, last_day))
        | set(records)
        | set(payments)
    )
    inputs = [
        ledger_core.MonthInput(
            month=month,
            hours=records[month].hours if month in records else None,
            absence_days=records[month].absence_days if month in records else Decimal("0"),
            paid=sum((p.amount for p in payments.get(month, ())), Decimal("0.00")),
        )
        for month in months
    ]
    planned = ledger_core.planned_presence_hours(
        agreement.start_date,
        agreement.end_date,
        agreement.weekly_hours,
        agreement.working_days or [],
        public_holiday_work=agreement.public_holiday_work,
    )
    recorded = sum((r.hours for r in records.values()), Decimal("0"))
    required = ledger_core.gratification_required(
        planned_hours=planned,
        recorded_hours=recorded,
        prior_hours=agreement.prior_hours_same_host_same_year or Decimal("0"),
        interrupted=agreement.status == AgreementStatus.INTERRUPTED,
    )
    book = ledger_core.ledger(
        inputs, agreed_rate=agreement.gratification_hourly_rate, required=required
    )
    rows = tuple(
        PresenceRow(
            line=line, record=records.get(line.month), payments=tuple(payments.get(line.month, ()))
        )
        for line in book.lines
    )
    return PresenceOverview(ledger=book, rows=rows, planned_hours=planned, last_day=last_day)


def presence_totals(agreement) -> dict[str, Decimal]:
    """The total presence recorded and the total paid. Two aggregate queries."""
    hours = PresenceMonth.objects.filter(agreement=agreement).aggregate(total=Sum("hours"))
    paid = Payment.objects.filter(agreement=agreement).aggregate(total=Sum("amount"))
    return {
        "hours": hours["total"] or Decimal("0"),
        "paid": paid["total"] or Decimal("0"),
    }


# --- Network and recommendations --------------------------------------------------------------


def contacts_of(agreement):
    return Contact.objects.filter(agreement=agreement).order_by("name", "pk")


def recommendations_for(agreement, user) -> list[Recommendation]:
    """The recommendations `user` may read on this agreement: the intern's, or those asked of
    `user` as tutor. One query."""
    queryset = Recommendation.objects.filter(agreement=agreement).select_related("tutor")
    if agreement.intern_id != user.pk:
        queryset = queryset.filter(tutor=user)
    return list(queryset.order_by("-requested_at", "-pk"))
