"""A person's check-ins as an iCalendar feed (RFC 5545), in their language.

Each check-in is one VEVENT whose UID never changes; its SEQUENCE grows each time it is moved
or cancelled, so calendar applications replace the copy they hold. Cancelled check-ins stay in
the feed with STATUS:CANCELLED, so calendars remove them rather than keep a stale meeting.
Times carry their time zone (TZID, with its VTIMEZONE).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balise.agreements.models import AgreementStatus
from balise.checkins.models import CheckIn, CheckInKind, CheckInStatus

PRODID = "-//Balise//Check-ins//EN"


def _host() -> str:
    return urlsplit(settings.BALISE_BASE_URL).hostname or "balise"


def checkin_uid(checkin: CheckIn) -> str:
    return f"checkin-{checkin.pk}@{_host()}"


def _is_cancelled(checkin: CheckIn) -> bool:
    if checkin.status == CheckInStatus.CANCELLED:
        return True
    stopped = (AgreementStatus.CANCELLED, AgreementStatus.INTERRUPTED)
    return checkin.is_open and checkin.agreement.status in stopped


def _summary(checkin: CheckIn) -> str:
    names = {"intern": str(checkin.agreement.intern), "title": checkin.agreement.title}
    if checkin.kind == CheckInKind.MID:
        return _("Mid-internship check-in: %(intern)s, %(title)s") % names
    return _("Check-in: %(intern)s, %(title)s") % names


def _event(checkin: CheckIn) -> icalendar.Event:
    event = icalendar.Event()
    link = f"{settings.BALISE_BASE_URL}{reverse('checkins:detail', args=[checkin.pk])}"
    start = timezone.localtime(checkin.starts_at)
    event.add("uid", checkin_uid(checkin))
    event.add("dtstamp", checkin.updated_at.astimezone(dt.UTC))
    event.add("last-modified", checkin.updated_at.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=checkin.duration_minutes))
    event.add("summary", _summary(checkin))
    if checkin.place:
        event.add("location", checkin.place)
    event.add("url", link)
    event.add(
        "description", _("Prepare it and find its record in Balise: %(link)s") % {"link": link}
    )
    event.add("sequence", checkin.sequence)
    event.add("status", "CANCELLED" if _is_cancelled(checkin) else "CONFIRMED")
    return event


def calendar_ics(user, checkins: list[CheckIn]) -> bytes:
    """The feed of `user`, holding `checkins` (see `selectors.feed_checkins`)."""
    with translation.override(user.language):
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Balise check-ins"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for checkin in checkins:
            calendar.add_component(_event(checkin))
        calendar.add_missing_timezones()
        return calendar.to_ical()
