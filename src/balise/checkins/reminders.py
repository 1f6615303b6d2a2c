"""Check-in reminders: two days before, on the day, and when overdue.

    two days before   a check-in still to hold, one or two calendar days ahead (so a run
                      missed on the day before the day before still reminds)
    on the day        a check-in still to hold, today, not over yet
    overdue           a check-in of the last OVERDUE_LOOKBACK whose day has passed and that is
                      not signed off: everyone who still owes something (for a held one, those
                      who have not signed off)

Who: the intern and the tutor, and the referent for the check-ins the referent is expected at
(the mid-internship one). Each reminder is a notification (kind `checkin_reminder`), so the
email follows each person's settings (now, in the daily digest, or none).

Never twice: a `ReminderSent` row per check-in, person, kind and date of the check-in, under a
unique constraint, written in the same transaction as the notification. Moving a check-in
changes its date, so the new date gets its own reminders. Check-ins already reminded are left
out in the query, so a run costs the same whatever the history.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from balise.checkins.models import CheckIn, CheckInStatus, ReminderKind, ReminderSent
from balise.checkins.rules import RECORDING_STATUSES
from balise.notifications.services import notify

logger = logging.getLogger(__name__)

OVERDUE_LOOKBACK = dt.timedelta(days=30)


@dataclass(frozen=True)
class DueReminder:
    checkin: CheckIn
    kind: str
    recipients: tuple  # people


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _not_reminded(queryset, kind: str):
    sent = ReminderSent.objects.filter(
        checkin=OuterRef("pk"), kind=kind, for_starts_at=OuterRef("starts_at")
    )
    return queryset.exclude(Exists(sent))


def _recipients(checkin: CheckIn, kind: str) -> tuple:
    agreement = checkin.agreement
    people = []
    if kind == ReminderKind.OVERDUE and checkin.status == CheckInStatus.HELD:
        if checkin.intern_signed_at is None:
            people.append(agreement.intern)
        if checkin.tutor_signed_at is None:
            people.append(agreement.tutor)
    else:
        people = [agreement.intern, agreement.tutor]
        if checkin.with_referent:
            people.append(agreement.referent)
    unique = {p.pk: p for p in people if p is not None and p.is_active}
    return tuple(unique.values())


def reminders_due(*, now: dt.datetime | None = None) -> list[DueReminder]:
    """The reminders to send at `now`, none already sent. Three queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    base = CheckIn.objects.filter(agreement__status__in=RECORDING_STATUSES).select_related(
        "agreement", "agreement__intern", "agreement__tutor", "agreement__referent"
    )
    scheduled = base.filter(status=CheckInStatus.SCHEDULED)
    queries = [
        (
            ReminderKind.TWO_DAYS_BEFORE,
            scheduled.filter(
                starts_at__gte=_start_of(today + dt.timedelta(days=1)),
                starts_at__lt=_start_of(today + dt.timedelta(days=3)),
            ),
        ),
        (
            ReminderKind.SAME_DAY,
            scheduled.filter(
                starts_at__gte=_start_of(today),
                starts_at__lt=_start_of(today + dt.timedelta(days=1)),
            ),
        ),
        (
            ReminderKind.OVERDUE,
            base.filter(
                status__in=(CheckInStatus.SCHEDULED, CheckInStatus.HELD),
                starts_at__lt=_start_of(today),
                starts_at__gte=now - OVERDUE_LOOKBACK,
            ),
        ),
    ]
    due = []
    for kind, queryset in queries:
        for checkin in _not_reminded(queryset, kind).order_by("starts_at", "pk"):
            if kind == ReminderKind.SAME_DAY and checkin.ends_at <= now:
                continue  # over already: the overdue reminder follows tomorrow if needed
            recipients = _recipients(checkin, kind)
            if recipients:
                due.append(DueReminder(checkin=checkin, kind=kind, recipients=recipients))
    return due


def _send(reminder: DueReminder) -> list:
    """Record and notify one check-in's reminder of one kind; returns who was reminded
    (nobody when another run got there first)."""
    checkin = reminder.checkin
    reminded = []
    with transaction.atomic():
        for person in reminder.recipients:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        checkin=checkin,
                        user=person,
                        kind=reminder.kind,
                        for_starts_at=checkin.starts_at,
                    )
            except IntegrityError:
                continue
            reminded.append(person)
        if reminded:
            notify(
                recipients=reminded,
                kind="checkin_reminder",
                agreement=checkin.agreement,
                data={
                    "checkin": checkin.pk,
                    "date": checkin.starts_at.isoformat(),
                    "reminder": str(reminder.kind),
                },
            )
    return reminded


@dataclass
class ReminderRun:
    due: list[DueReminder]
    sent: list[tuple[DueReminder, list]]  # each reminder with the people reminded
    failed: list[DueReminder]

    @property
    def people_reminded(self) -> int:
        return sum(len(people) for _reminder, people in self.sent)


def reminders_send(*, now: dt.datetime | None = None, dry_run: bool = False) -> ReminderRun:
    """Send every reminder due at `now` (see the module doc); with `dry_run`, only say which.
    Safe at any frequency, and when two runs overlap."""
    due = reminders_due(now=now)
    run = ReminderRun(due=due, sent=[], failed=[])
    if dry_run:
        return run
    for reminder in due:
        try:
            people = _send(reminder)
        except Exception:
            # One broken check-in must not stop the others; it is retried next run.
            logger.exception("Reminder for check-in %s not sent.", reminder.checkin.pk)
            run.failed.append(reminder)
            continue
        if people:
            run.sent.append((reminder, people))
    return run
