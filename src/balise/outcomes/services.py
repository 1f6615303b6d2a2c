"""Every write of the end of an internship: presence, payments, contacts, recommendations.

Each service is one transaction, checks who acts (views check it too: a service never
trusts its caller), validates with `full_clean()`, and queues emails after the commit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from balise.law.rates import MAX_DAILY_HOURS
from balise.notifications.models import NotificationKind
from balise.notifications.services import notify
from balise.outcomes.ledger import first_of_month
from balise.outcomes.models import Contact, Payment, PresenceMonth, Recommendation

# --- Presence and payments --------------------------------------------------------------------


def _invalid(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _ensure(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def internship_last_day(agreement) -> dt.date:
    if agreement.interrupted_on and agreement.interrupted_on < agreement.end_date:
        return agreement.interrupted_on
    return agreement.end_date


def _days_in_internship(agreement, month: dt.date) -> int:
    """How many calendar days of `month` fall within the internship."""
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    start = max(month, agreement.start_date)
    end = min(next_month - dt.timedelta(days=1), internship_last_day(agreement))
    return max((end - start).days + 1, 0)


def _check_month(agreement, month: dt.date) -> dt.date:
    month = first_of_month(month)
    if not first_of_month(agreement.start_date) <= month <= internship_last_day(agreement):
        raise _invalid(
            "month",
            _("Choose a month of the internship (%(start)s – %(end)s).")
            % {
                "start": date_format(agreement.start_date, "DATE_FORMAT"),
                "end": date_format(internship_last_day(agreement), "DATE_FORMAT"),
            },
            "outside",
        )
    if month > first_of_month(timezone.localdate()):
        raise _invalid("month", _("A month cannot be recorded before it has begun."), "future")
    return month


@transaction.atomic
def presence_record(
    *,
    agreement,
    by,
    month: dt.date,
    hours: Decimal,
    absence_days: Decimal = Decimal("0"),
    note: str = "",
) -> PresenceMonth:
    """Record (or correct) the effective presence of one month."""
    _ensure(by, "outcomes.record_presence", agreement)
    month = _check_month(agreement, month)
    # A day has ten hours at most (Code du travail L3121-18): beyond, a typing mistake.
    ceiling = _days_in_internship(agreement, month) * MAX_DAILY_HOURS
    if hours > ceiling:
        raise _invalid(
            "hours",
            _(
                "%(hours)s hours is more than this month allows: %(days)s days of the "
                "internship at %(max)s hours a day at most."
            )
            % {
                "hours": hours,
                "days": _days_in_internship(agreement, month),
                "max": MAX_DAILY_HOURS,
            },
            "too_many_hours",
        )
    presence = PresenceMonth.objects.filter(agreement=agreement, month=month).first()
    if presence is None:
        presence = PresenceMonth(agreement=agreement, month=month)
    presence.hours = hours
    presence.absence_days = absence_days
    presence.note = note.strip()
    presence.recorded_by = by
    presence.full_clean()
    presence.save()
    return presence


@transaction.atomic
def presence_delete(*, presence: PresenceMonth, by) -> None:
    _ensure(by, "outcomes.record_presence", presence.agreement)
    presence.delete()


@transaction.atomic
def payment_record(
    *,
    agreement,
    by,
    month: dt.date,
    amount: Decimal,
    paid_on: dt.date,
    reference: str = "",
) -> Payment:
    """Record a gratification payment for one month of presence."""
    _ensure(by, "outcomes.record_presence", agreement)
    month = _check_month(agreement, month)
    if paid_on > timezone.localdate():
        raise _invalid("paid_on", _("A payment cannot be recorded before it is made."), "future")
    if paid_on < month:
        raise _invalid(
            "paid_on", _("The payment date comes before the month it pays for."), "before_month"
        )
    payment = Payment(
        agreement=agreement,
        month=month,
        amount=amount,
        paid_on=paid_on,
        reference=reference.strip(),
        recorded_by=by,
    )
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def payment_delete(*, payment: Payment, by) -> None:
    _ensure(by, "outcomes.record_presence", payment.agreement)
    payment.delete()


# --- Professional network ---------------------------------------------------------------------

CONTACT_FIELDS = ("name", "role", "organisation", "email", "how_we_met", "consent_given")


def _contact_clean(contact: Contact) -> None:
    for name in ("name", "role", "organisation", "email", "how_we_met"):
        setattr(contact, name, getattr(contact, name).strip())
    if contact.email and not contact.consent_given:
        raise _invalid(
            "email",
            _(
                "Keep an email address only with the person's consent: tick the box, or "
                "leave the address empty."
            ),
            "consent_required",
        )
    contact.full_clean()


@transaction.atomic
def contact_create(*, agreement, by, **fields) -> Contact:
    _ensure(by, "outcomes.manage_contacts", agreement)
    contact = Contact(
        agreement=agreement, **{k: v for k, v in fields.items() if k in CONTACT_FIELDS}
    )
    _contact_clean(contact)
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by, **fields) -> Contact:
    _ensure(by, "outcomes.manage_contacts", contact.agreement)
    for name, value in fields.items():
        if name in CONTACT_FIELDS:
            setattr(contact, name, value)
    _contact_clean(contact)
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, by) -> None:
    _ensure(by, "outcomes.manage_contacts", contact.agreement)
    contact.delete()


# --- Recommendations --------------------------------------------------------------------------


def _enqueue_request_email(recommendation_id: int) -> None:
    from balise.outcomes.tasks import send_recommendation_request

    send_recommendation_request.enqueue(recommendation_id)


@transaction.atomic
def recommendation_request(*, agreement, by, message: str = "") -> Recommendation:
    """Ask the tutor for a recommendation: an email with a personal link to write it. Asking
    again while the request is open sends the email again (a reminder)."""
    _ensure(by, "outcomes.request_recommendation", agreement)
    now = timezone.now()
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .filter(agreement=agreement, written_at__isnull=True)
        .first()
    )
    if recommendation is None:
        recommendation = Recommendation(
            agreement=agreement, tutor_id=agreement.tutor_id, requested_by=by, requested_at=now
        )
    else:
        recommendation.reminded_at = now
        # The tutor may have changed (amendment): the request follows the current one.
        recommendation.tutor_id = agreement.tutor_id
    recommendation.message = message.strip()
    recommendation.full_clean()
    recommendation.save()
    recommendation_id = recommendation.pk
    transaction.on_commit(lambda: _enqueue_request_email(recommendation_id), robust=True)
    return recommendation


@transaction.atomic
def recommendation_write(
    *, recommendation: Recommendation, by, text: str, author_position: str = ""
) -> Recommendation:
    """The tutor writes the recommendation. Final once written: the intern keeps it."""
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(
        pk=recommendation.pk
    )
    _ensure(by, "outcomes.write_recommendation", recommendation)
    text = text.strip()
    if not text:
        raise _invalid("text", _("Write the recommendation first."), "empty")
    recommendation.text = text
    recommendation.author_position = author_position.strip()
    recommendation.written_at = timezone.now()
    recommendation.full_clean()
    recommendation.save()
    agreement = recommendation.agreement
    notify(
        recipients=[agreement.intern],
        kind=NotificationKind.RECOMMENDATION_WRITTEN,
        agreement=agreement,
        actor=by,
    )
    return recommendation
