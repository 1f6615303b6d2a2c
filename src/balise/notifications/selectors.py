"""Read queries for notifications: a person's own, and who is due a digest."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from balise.notifications.models import EmailMode, Notification, NotificationSettings

# The header shows "99+" beyond this: counting further costs time and tells nothing.
UNREAD_COUNT_LIMIT = 100
# Older notifications never emailed are stale: the digest leaves them out.
DIGEST_LOOKBACK = dt.timedelta(days=7)


def notifications_for_user(user) -> QuerySet[Notification]:
    """A person's notifications, newest first, with what their sentences need."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("agreement", "actor")


def notification_for_user(user, pk: int) -> Notification:
    """The notification if it is `user`'s; 404 otherwise (never revealing it exists)."""
    notification = notifications_for_user(user).filter(pk=pk).first()
    if notification is None or not user.has_perm("notifications.view_notification", notification):
        raise Http404
    return notification


def unread_count(user) -> int:
    """How many unread notifications `user` has, counted up to UNREAD_COUNT_LIMIT."""
    if not user.is_authenticated:
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return unread[:UNREAD_COUNT_LIMIT].count()


def notification_settings_for(user) -> NotificationSettings:
    """The person's settings; the defaults (unsaved) when they never changed them."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user, email_mode=EmailMode.IMMEDIATE)


def email_mode_of(user) -> str:
    return notification_settings_for(user).email_mode


def digest_candidates(*, now: dt.datetime | None = None) -> QuerySet[NotificationSettings]:
    """The settings of people due a digest at `now`: in digest mode, active, without a
    digest yet on this calendar day, and with something unread and not emailed of the
    past DIGEST_LOOKBACK."""
    now = now or timezone.now()
    pending = Notification.objects.filter(
        recipient=OuterRef("user"),
        emailed_at__isnull=True,
        read_at__isnull=True,
        created_at__gt=now - DIGEST_LOOKBACK,
        created_at__lte=now,
    )
    return (
        NotificationSettings.objects.filter(email_mode=EmailMode.DIGEST, user__is_active=True)
        .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=timezone.localdate(now)))
        .filter(Exists(pending))
        .select_related("user")
        .order_by("user_id")
    )
