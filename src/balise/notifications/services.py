"""Every write on notifications: creating them, reading them, emailing them.

Emails never hold a database transaction open while talking to the mail server (on
SQLite that would block every writer): a notification is first claimed (its
`emailed_at` set in a short transaction), then sent, and released if sending fails.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balise.notifications.emails import digest_email, notification_email
from balise.notifications.models import (
    EmailMode,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from balise.notifications.selectors import DIGEST_LOOKBACK, digest_candidates, email_mode_of

logger = logging.getLogger(__name__)

# A digest lists at most this many notifications and says how many more there are.
DIGEST_MAX_ITEMS = 50
DIGEST_BATCH_SIZE = 200


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    agreement=None,
    actor=None,
    data: dict | None = None,
) -> list[Notification]:
    """Tell `recipients` about `kind`: one row each in their list, and after the commit
    one email task for each of those who want an email for each notification.

    The actor is not told about what they did; None, duplicates and deactivated
    accounts are skipped. `data` must be JSON-ready (see `texts.py` for its keys).
    """
    kind = NotificationKind(kind)
    actor_id = getattr(actor, "pk", None)
    people = {}
    for person in recipients:
        if person is None or person.pk in people or person.pk == actor_id:
            continue
        if person.is_active:
            people[person.pk] = person
    if not people:
        return []

    now = timezone.now()
    notifications = [
        Notification(
            recipient=person,
            agreement=agreement,
            actor=actor,
            kind=kind,
            data=dict(data or {}),
            created_at=now,
        )
        for person in people.values()
    ]
    for notification in notifications:
        notification.full_clean(exclude=["recipient", "agreement", "actor"])
    notifications = Notification.objects.bulk_create(notifications)

    not_immediate = set(
        NotificationSettings.objects.filter(user_id__in=people)
        .exclude(email_mode=EmailMode.IMMEDIATE)
        .values_list("user_id", flat=True)
    )
    to_email = [n.pk for n in notifications if n.recipient_id not in not_immediate]
    if to_email:
        # robust: the notifications are committed; a queue failure must not turn the
        # person's successful action into an error page. It is logged.
        transaction.on_commit(partial(_enqueue_emails, to_email), robust=True)
    return notifications


def _enqueue_emails(notification_ids: list[int]) -> None:
    from balise.notifications.tasks import send_notification_email

    for notification_id in notification_ids:
        send_notification_email.enqueue(notification_id)


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark `user`'s notifications read (all of them when `notification_ids` is None).
    Ids of other people's notifications are ignored. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def settings_update(*, user, email_mode: str) -> NotificationSettings:
    if email_mode not in EmailMode.values:
        raise ValidationError({"email_mode": _("Choose one of the options.")}, code="invalid")
    found, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    found.email_mode = email_mode
    found.full_clean()
    found.save()
    return found


def _claim(notification_ids: list[int], now) -> int:
    return Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).update(
        emailed_at=now
    )


def _release(notification_ids: list[int], now) -> None:
    Notification.objects.filter(pk__in=notification_ids, emailed_at=now).update(emailed_at=None)


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification to its recipient, in their language. Idempotent: a
    notification already emailed, gone, or whose recipient no longer wants an email for
    each notification is left alone. Returns whether an email went out."""
    notification = (
        Notification.objects.select_related("recipient", "agreement", "actor")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    recipient = notification.recipient
    if not recipient.is_active or email_mode_of(recipient) != EmailMode.IMMEDIATE:
        return False
    now = timezone.now()
    if not _claim([notification.pk], now):
        return False  # another worker got there first
    try:
        notification_email(notification).send()
    except Exception:
        _release([notification.pk], now)
        raise
    return True


@dataclass
class _Digest:
    recipient: object
    notifications: list[Notification]  # the newest DIGEST_MAX_ITEMS
    claimed_ids: list[int]
    previous_digest_on: dt.date | None


def _digest_claim(user_id: int, now, today: dt.date) -> _Digest | None:
    """Take `user_id`'s digest for `today`: None when there is nothing to send or
    another run took it already."""
    with transaction.atomic():
        found = (
            NotificationSettings.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user_id=user_id, email_mode=EmailMode.DIGEST)
            .first()
        )
        if found is None or (found.last_digest_on and found.last_digest_on >= today):
            return None
        pending = Notification.objects.filter(
            recipient_id=user_id,
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gt=now - DIGEST_LOOKBACK,
            created_at__lte=now,
        )
        ids = list(pending.values_list("pk", flat=True))
        if not ids:
            return None
        _claim(ids, now)
        digest = _Digest(
            recipient=found.user,
            notifications=[],
            claimed_ids=ids,
            previous_digest_on=found.last_digest_on,
        )
        found.last_digest_on = today
        found.save(update_fields=["last_digest_on", "updated_at"])
    digest.notifications = list(
        Notification.objects.filter(pk__in=ids)
        .select_related("recipient", "agreement", "actor")
        .order_by("-created_at", "-pk")[:DIGEST_MAX_ITEMS]
    )
    return digest


def _digest_release(digest: _Digest, now) -> None:
    with transaction.atomic():
        _release(digest.claimed_ids, now)
        NotificationSettings.objects.filter(user_id=digest.recipient.pk).update(
            last_digest_on=digest.previous_digest_on
        )


def digests_send(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Send each person in digest mode one email with their notifications not yet
    emailed nor read (of the past DIGEST_LOOKBACK), at most once per calendar day.
    Safe to run at any frequency. Returns how many digests went out (or would)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = digest_candidates(now=now)
    if dry_run:
        return candidates.count()
    sent = 0
    last_user_id = 0
    while True:
        batch = list(
            candidates.filter(user_id__gt=last_user_id).values_list("user_id", flat=True)[
                :DIGEST_BATCH_SIZE
            ]
        )
        if not batch:
            return sent
        last_user_id = batch[-1]
        for user_id in batch:
            digest = _digest_claim(user_id, now, today)
            if digest is None:
                continue
            try:
                digest_email(
                    digest.recipient, digest.notifications, total=len(digest.claimed_ids)
                ).send()
            except Exception:
                logger.exception("Digest for person %s not sent; retried next run.", user_id)
                _digest_release(digest, now)
                continue
            sent += 1
