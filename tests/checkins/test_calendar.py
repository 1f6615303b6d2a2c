"""The private iCalendar feed, parsed back with icalendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse
from django.utils import timezone

from balise.checkins import services
from balise.checkins.ical import checkin_uid
from balise.checkins.models import CheckIn, CheckInKind

PARIS = ZoneInfo("Europe/Paris")


def parse(client, user):
    feed = services.calendar_feed_get(user=user)
    response = client.get(reverse("checkins:feed", args=[feed.token]))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}, calendar


def test_the_feed_holds_the_persons_check_ins_with_their_time_zone(
    personas, planned, client, settings
):
    settings.BALISE_BASE_URL = "https://balise.example.org"
    events, calendar = parse(client, personas.intern)
    checkins = list(CheckIn.objects.filter(agreement=planned))
    assert set(events) == {checkin_uid(c) for c in checkins}
    assert calendar.walk("VTIMEZONE") and str(calendar["VERSION"]) == "2.0"
    checkin = checkins[0]
    event = events[f"checkin-{checkin.pk}@balise.example.org"]
    start = event.decoded("DTSTART")
    assert start == checkin.starts_at and start.tzinfo is not None
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert start.astimezone(PARIS).hour == 14
    assert event.decoded("DTEND") - start == dt.timedelta(minutes=45)
    assert str(event["URL"]) == f"https://balise.example.org/checkins/{checkin.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert personas.intern.get_full_name() in str(event["SUMMARY"])


def test_moving_and_cancelling_update_the_same_event(personas, planned, client):
    upcoming = list(
        CheckIn.objects.filter(agreement=planned, starts_at__gt=timezone.now()).order_by(
            "starts_at"
        )
    )
    moved, cancelled = upcoming[0], upcoming[1]
    moved.agreement = cancelled.agreement = planned
    new_time = moved.starts_at + dt.timedelta(hours=2)
    services.checkin_move(checkin=moved, by=personas.tutor, starts_at=new_time, place="Salle Rhône")
    services.checkin_cancel(checkin=cancelled, by=personas.tutor, reason="Pont de l'Ascension")
    events, _calendar = parse(client, personas.tutor)
    event = events[checkin_uid(moved)]
    assert event.decoded("DTSTART") == new_time
    assert int(event["SEQUENCE"]) == 1 and str(event["LOCATION"]) == "Salle Rhône"
    gone = events[checkin_uid(cancelled)]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 1


def test_each_person_gets_their_own_check_ins_only(personas, planned, client):
    referent_events, _ = parse(client, personas.referent)
    mids = CheckIn.objects.filter(agreement=planned, kind=CheckInKind.MID)
    # The referent's calendar holds the check-ins the referent attends, not every one.
    assert set(referent_events) == {checkin_uid(c) for c in mids}
    for outsider in (personas.other_tutor, personas.staff, personas.signatory):
        events, _ = parse(client, outsider)
        assert events == {}


def test_the_feed_is_in_the_persons_language(personas, planned, client):
    personas.tutor.language = "en"
    personas.tutor.save()
    events, calendar = parse(client, personas.tutor)
    assert str(calendar["X-WR-CALNAME"]) == "Balise check-ins"
    assert any(str(e["SUMMARY"]).startswith("Check-in: ") for e in events.values())
