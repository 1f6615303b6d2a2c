"""The emails of notifications, rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from balise.notifications.models import Notification


def _absolute(path: str) -> str:
    return f"{settings.BALISE_BASE_URL}{path}"


def notification_link(notification: Notification) -> str:
    """Where the notification leads, as an absolute address for emails."""
    return _absolute(notification.target_path())


def _item(notification: Notification) -> dict:
    detail = notification.detail
    return {
        "notification": notification,
        "message": notification.message,
        "detail": detail,
        "detail_lines": [line for line in detail.splitlines() if line.strip()],
        "link": notification_link(notification),
    }


def _email(recipient, template: str, context: dict) -> EmailMultiAlternatives:
    context = {
        **context,
        "recipient": recipient,
        "list_link": _absolute(reverse("notifications:list")),
        "settings_link": _absolute(reverse("notifications:settings")),
    }
    subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[recipient.email],
        headers={
            "Content-Language": translation.get_language(),
            # Tells mail servers and out-of-office robots not to answer.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """One notification, by itself, in its recipient's language."""
    recipient = notification.recipient
    with translation.override(recipient.language):
        return _email(recipient, "notification", _item(notification))


def digest_email(
    recipient, notifications: Sequence[Notification], *, total: int
) -> EmailMultiAlternatives:
    """The day's notifications of a person in one email (`total` may exceed the items
    listed: the email then says how many more wait in Balise)."""
    with translation.override(recipient.language):
        items = [_item(notification) for notification in notifications]
        return _email(
            recipient,
            "digest",
            {"items": items, "total": total, "more": total - len(items)},
        )
