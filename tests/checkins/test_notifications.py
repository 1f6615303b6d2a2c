"""The sentences of the check-in notifications, and who gets them."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from balise.notifications.models import Notification

WHEN = timezone.make_aware(dt.datetime(2026, 5, 21, 14, 0)).isoformat()
BEFORE = timezone.make_aware(dt.datetime(2026, 5, 19, 9, 30)).isoformat()


@pytest.mark.parametrize(
    ("kind", "data", "actor", "expected"),
    [
        (
            "checkin_scheduled",
            {"plan": True, "every": 2, "date": WHEN},
            True,
            "Paul Durand planned the check-ins of the internship “{title}” every 2 weeks; "
            "the next is on May 21, 2026, 14:00.",
        ),
        (
            "checkin_scheduled",
            {"plan": True, "every": 1, "date": WHEN},
            False,
            "The check-ins of the internship “{title}” are planned every week; the first is on "
            "May 21, 2026, 14:00.",
        ),
        (
            "checkin_scheduled",
            {"date": WHEN, "previous": BEFORE},
            True,
            "Paul Durand moved the check-in of the internship “{title}” from May 19, 2026, "
            "09:30 to May 21, 2026, 14:00.",
        ),
        (
            "checkin_scheduled",
            {"date": WHEN},
            True,
            "Paul Durand added a check-in to the internship “{title}” on May 21, 2026, 14:00.",
        ),
        (
            "checkin_cancelled",
            {"date": WHEN, "reason": "Grève"},
            True,
            "Paul Durand cancelled the check-in of May 21, 2026, 14:00 of the internship "
            "“{title}”.",
        ),
        (
            "checkin_reminder",
            {"date": WHEN, "reminder": "same_day"},
            False,
            "Today: check-in of the internship “{title}” (May 21, 2026, 14:00). Prepare it if "
            "you have not yet.",
        ),
        (
            "checkin_reminder",
            {"date": WHEN, "reminder": "overdue"},
            False,
            "The check-in of May 21, 2026, 14:00 of the internship “{title}” is not signed off "
            "yet: hold it, record it and sign it off.",
        ),
        (
            "checkin_prepared",
            {"date": WHEN, "both": False},
            True,
            "Paul Durand submitted their preparation of the check-in of May 21, 2026, 14:00 "
            "(internship “{title}”); theirs stays hidden until you submit yours.",
        ),
        (
            "checkin_signed",
            {"date": WHEN, "complete": True},
            True,
            "The check-in of May 21, 2026, 14:00 of the internship “{title}” is signed off by "
            "the intern and the tutor.",
        ),
        (
            "checkin_signed",
            {"date": WHEN, "complete": False},
            True,
            "Paul Durand signed off the check-in of May 21, 2026, 14:00 of the internship "
            "“{title}”: your sign-off is awaited.",
        ),
        (
            "checkin_signed",
            {},
            True,
            "There is news about a check-in of the internship “{title}”.",
        ),
    ],
)
def test_sentences(personas, kind, data, actor, expected):
    notification = Notification(
        recipient=personas.intern,
        agreement=personas.agreement,
        actor=personas.tutor if actor else None,
        kind=kind,
        data=data,
    )
    with translation.override("en"):
        assert notification.message == expected.format(title=personas.agreement.title)


def test_the_cancellation_reason_is_the_detail(personas):
    notification = Notification(
        recipient=personas.intern,
        agreement=personas.agreement,
        kind="checkin_cancelled",
        data={"date": WHEN, "reason": "Grève des transports"},
    )
    assert notification.detail == "Grève des transports"


def test_a_checkin_notification_opens_the_checkin(personas, first, client):
    from django.urls import reverse

    from balise.notifications.emails import notification_link

    notification = Notification.objects.create(
        recipient=personas.intern,
        agreement=first.agreement,
        actor=personas.tutor,
        kind="checkin_cancelled",
        data={"checkin": first.pk, "date": WHEN},
    )
    client.force_login(personas.intern)

    response = client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == reverse("checkins:detail", args=[first.pk])
    assert notification_link(notification).endswith(response.url)
