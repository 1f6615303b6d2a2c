"""Check-in rows made directly with the ORM: the dashboards read them, whoever writes them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from balise.checkins.models import (
    ActionItem,
    CheckIn,
    CheckInStatus,
    CompetencyRating,
    CompetencyTarget,
    Feedback,
    FeedbackKind,
    ObjectiveRating,
)
from balise.journal.models import Activity, Alert, AlertCode, AlertState, Moment

PERSONAS = [
    "intern",
    "tutor",
    "referent",
    "staff",
    "signatory",
    "other_intern",
    "other_tutor",
    "other_staff",
]
OUTSIDERS = {"other_intern", "other_tutor", "other_staff"}


def expect(persona, allowed, ok=200):
    if persona in OUTSIDERS:
        return 404
    return ok if persona in allowed else 403


def at(day: dt.date, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def checkin(agreement, day: dt.date, *, status=CheckInStatus.SIGNED, **fields) -> CheckIn:
    """A check-in on `day`; held, signed off and with both sides submitted unless told."""
    moment = at(day)
    past = status in (CheckInStatus.HELD, CheckInStatus.SIGNED)
    defaults = {
        "intern_submitted_at": moment if past else None,
        "tutor_submitted_at": moment if past else None,
        "held_at": moment if past else None,
        "intern_signed_at": moment if status == CheckInStatus.SIGNED else None,
        "tutor_signed_at": moment if status == CheckInStatus.SIGNED else None,
    }
    return CheckIn.objects.create(
        agreement=agreement, starts_at=moment, status=status, **(defaults | fields)
    )


def rate_competency(checkin, competency, level, *, role, rater) -> CompetencyRating:
    return CompetencyRating.objects.create(
        checkin=checkin, competency=competency, level=level, role=role, rater=rater
    )


def rate_objective(checkin, objective, zone, *, role, rater) -> ObjectiveRating:
    return ObjectiveRating.objects.create(
        checkin=checkin, objective=objective, zone=zone, role=role, rater=rater
    )


def target(agreement, competency, level) -> CompetencyTarget:
    return CompetencyTarget.objects.create(agreement=agreement, competency=competency, level=level)


def feedback(checkin, kind: FeedbackKind, text: str, *, author, **fields) -> Feedback:
    return Feedback.objects.create(checkin=checkin, kind=kind, text=text, author=author, **fields)


def action(checkin, text: str, *, owner, due: dt.date, done=False) -> ActionItem:
    return ActionItem.objects.create(
        agreement=checkin.agreement,
        checkin=checkin,
        text=text,
        owner=owner,
        due_date=due,
        done_at=timezone.now() if done else None,
    )


def alert(agreement, code=AlertCode.LOGBOOK_SILENT, *, state=AlertState.OPEN, objective=None):
    return Alert.objects.create(agreement=agreement, code=code, state=state, objective=objective)


def entry(agreement, day: dt.date, text: str, *, objective=None, reviewed_label="", hours=2):
    return Activity.objects.create(
        agreement=agreement,
        date=day,
        hours=hours,
        text=text,
        objective=objective,
        reviewed_label=reviewed_label,
    )


def moment(agreement, day: dt.date, title: str, competencies=()) -> Moment:
    made = Moment.objects.create(
        agreement=agreement, date=day, title=title, what_happened=f"{title}: ce qui s'est passé"
    )
    made.competencies.set(competencies)
    return made
