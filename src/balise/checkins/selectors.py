"""Reads for check-in pages, each in a fixed number of queries, scoped in the database.

Hidden preparations are enforced here, not in templates: until both the intern and the tutor
have submitted, `ratings_board` loads only the viewer's own ratings and `masked` blanks the
other side's notes on the check-in handed to the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balise.agreements.models import Agreement, Milestone, Objective
from balise.agreements.selectors import agreement_for_user
from balise.checkins.models import (
    ActionItem,
    CalendarFeed,
    CheckIn,
    CheckInPlan,
    CheckInStatus,
    CompetencyRating,
    Feedback,
    FeedbackKind,
    ObjectiveRating,
    ObjectiveZone,
    RaterRole,
)
from balise.journal.alerts import LIVE_STATES, alert_text
from balise.journal.models import PROGRAM, UNRELATED, Activity, Alert
from balise.journal.selectors import label_names

HELD_STATUSES = (CheckInStatus.HELD, CheckInStatus.SIGNED)
ROLES = (RaterRole.INTERN, RaterRole.TUTOR, RaterRole.REFERENT)
# The agreement statuses whose check-ins appear in people's calendars.
CALENDAR_AGREEMENT_STATUSES = (
    "signed",
    "in_progress",
    "completed",
    "evaluated",
    "archived",
    "interrupted",
    "cancelled",
)
# A calendar feed holds the check-ins from this far back, and every later one.
FEED_LOOKBACK = dt.timedelta(days=90)
FEED_MAX_EVENTS = 500


def rater_role(user, agreement) -> str | None:
    """The role in which `user` rates on `agreement`'s check-ins (None: does not rate)."""
    if not user.is_authenticated:
        return None
    if agreement.intern_id == user.pk:
        return RaterRole.INTERN
    if agreement.tutor_id == user.pk:
        return RaterRole.TUTOR
    if agreement.referent_id == user.pk:
        return RaterRole.REFERENT
    return None


# Access ---------------------------------------------------------------------------------------


def agreement_with_perm(user, pk: int, perm: str = "checkins.view_checkins") -> Agreement:
    """The agreement (404 for outsiders) if `user` may `perm` its check-ins (403 otherwise)."""
    agreement = agreement_for_user(user, pk)
    if not user.has_perm("checkins.view_checkins", agreement):
        raise PermissionDenied
    if perm != "checkins.view_checkins" and not user.has_perm(perm, agreement):
        raise PermissionDenied
    return agreement


def checkin_for_user(user, pk: int, perm: str = "checkins.view_checkin") -> CheckIn:
    """The check-in if `user` may read it (404 for outsiders, never revealing it exists), and
    403 when they may read it but not `perm` it."""
    checkin = CheckIn.objects.filter(pk=pk).first()
    if checkin is None:
        raise Http404
    checkin.agreement = agreement_for_user(user, checkin.agreement_id)
    if not user.has_perm("checkins.view_checkin", checkin):
        raise PermissionDenied
    if perm != "checkins.view_checkin" and not user.has_perm(perm, checkin):
        raise PermissionDenied
    return checkin


def masked(checkin: CheckIn, viewer) -> CheckIn:
    """The check-in with the other side's notes blanked while preparations are hidden."""
    if checkin.both_submitted:
        return checkin
    role = rater_role(viewer, checkin.agreement)
    if role != RaterRole.INTERN:
        checkin.intern_went_well = checkin.intern_blocked = ""
    if role != RaterRole.TUTOR:
        checkin.tutor_notes = ""
    return checkin


# Lists ----------------------------------------------------------------------------------------


def is_overdue(checkin: CheckIn, now: dt.datetime) -> bool:
    """Over and still not held (one held but not signed off says so by its status)."""
    return checkin.status == CheckInStatus.SCHEDULED and checkin.ends_at < now


@dataclass
class AgreementCheckins:
    plan: CheckInPlan | None
    upcoming: list[CheckIn]
    past: list[CheckIn]
    cancelled: list[CheckIn]

    @property
    def next(self) -> CheckIn | None:
        return self.upcoming[0] if self.upcoming else None


def agreement_checkins(
    agreement: Agreement, *, now: dt.datetime | None = None
) -> AgreementCheckins:
    """The agreement's check-ins: still to hold (overdue ones first), held (awaiting sign-off
    or signed off, newest first), and cancelled. Two queries."""
    now = now or timezone.now()
    plan = CheckInPlan.objects.filter(agreement=agreement).first()
    upcoming, past, cancelled = [], [], []
    for checkin in CheckIn.objects.filter(agreement=agreement).order_by("starts_at", "pk"):
        checkin.agreement = agreement
        checkin.overdue = is_overdue(checkin, now)
        if checkin.status == CheckInStatus.CANCELLED:
            cancelled.append(checkin)
        elif checkin.status == CheckInStatus.SCHEDULED:
            upcoming.append(checkin)
        else:
            past.append(checkin)
    past.reverse()
    return AgreementCheckins(plan=plan, upcoming=upcoming, past=past, cancelled=cancelled)


def next_checkin(agreement: Agreement) -> CheckIn | None:
    """The first check-in still to hold or sign off (an overdue one first). One query."""
    return (
        CheckIn.objects.filter(
            agreement=agreement, status__in=(CheckInStatus.SCHEDULED, CheckInStatus.HELD)
        )
        .order_by("starts_at", "pk")
        .first()
    )


def person_scope(user, prefix: str = "") -> Q:
    """The check-ins a person takes part in: as intern or tutor, and as referent those the
    referent is expected at (the mid-internship one, and any marked so)."""
    return (
        Q(**{f"{prefix}agreement__intern": user})
        | Q(**{f"{prefix}agreement__tutor": user})
        | Q(**{f"{prefix}agreement__referent": user, f"{prefix}with_referent": True})
    )


def checkins_of_person(user) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(
        person_scope(user), agreement__status__in=CALENDAR_AGREEMENT_STATUSES
    ).select_related("agreement", "agreement__intern", "agreement__host")


def upcoming_for_person(user) -> QuerySet[CheckIn]:
    """A person's check-ins still to hold or sign off, soonest first (overdue ones first)."""
    return (
        checkins_of_person(user)
        .filter(
            status__in=(CheckInStatus.SCHEDULED, CheckInStatus.HELD),
            agreement__status__in=("signed", "in_progress", "completed"),
        )
        .order_by("starts_at", "pk")
    )


def feed_checkins(user, *, now: dt.datetime | None = None) -> list[CheckIn]:
    """What a person's calendar feed holds: their check-ins of the last FEED_LOOKBACK and
    every later one, cancelled ones included (so calendars drop them). One query."""
    now = now or timezone.now()
    return list(
        checkins_of_person(user)
        .filter(starts_at__gte=now - FEED_LOOKBACK)
        .order_by("starts_at", "pk")[:FEED_MAX_EVENTS]
    )


def calendar_feed_by_token(token: str) -> CalendarFeed:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return feed


# Ratings --------------------------------------------------------------------------------------


@dataclass
class RatingScope:
    """What is rated at a check-in: every objective, and every competency linked to one."""

    objectives: list[Objective]
    competencies: list  # Competency, in the order of the objectives, each once


def rating_scope(agreement: Agreement) -> RatingScope:
    """Two queries."""
    objectives = list(
        Objective.objects.filter(agreement=agreement)
        .prefetch_related("competencies__framework")
        .order_by("position", "pk")
    )
    seen, competencies = set(), []
    for objective in objectives:
        for competency in objective.competencies.all():
            if competency.pk not in seen:
                seen.add(competency.pk)
                competencies.append(competency)
    return RatingScope(objectives=objectives, competencies=competencies)


def previous_ratings(checkin: CheckIn, role: str) -> tuple[dict[int, int], dict[int, int]]:
    """The same role's latest earlier zone per objective and level per competency, from the
    agreement's earlier check-ins (cancelled ones aside). Two queries."""
    earlier = Q(checkin__agreement_id=checkin.agreement_id, role=role) & Q(
        checkin__starts_at__lt=checkin.starts_at
    )
    order = ("checkin__starts_at", "checkin_id", "pk")
    zones = dict(
        ObjectiveRating.objects.filter(earlier)
        .exclude(checkin__status=CheckInStatus.CANCELLED)
        .order_by(*order)
        .values_list("objective_id", "zone")
    )
    levels = dict(
        CompetencyRating.objects.filter(earlier)
        .exclude(checkin__status=CheckInStatus.CANCELLED)
        .order_by(*order)
        .values_list("competency_id", "level")
    )
    return zones, levels


@dataclass
class RatingCell:
    role: str
    role_label: str
    value: int | None
    label: str  # the zone or the level, in words ("" when not rated)
    justification: str
    hidden: bool


@dataclass
class BoardRow:
    subject: object  # an Objective or a Competency
    cells: list[RatingCell]
    descriptors: list[str] = field(default_factory=list)  # competencies: the four levels


@dataclass
class RatingsBoard:
    objectives: list[BoardRow]
    competencies: list[BoardRow]
    hidden: bool  # the other side's ratings are hidden (not both submitted)
    viewer_role: str | None


def level_descriptors(competency) -> list[str]:
    labels = competency.level_labels()
    return [(labels[index] if index < len(labels) and labels[index] else "") for index in range(4)]


def level_label(level: int) -> str:
    return _("level %(level)s of 4") % {"level": level}


def ratings_board(checkin: CheckIn, viewer, *, scope: RatingScope | None = None) -> RatingsBoard:
    """The ratings of the intern, the tutor and the referent side by side, never averaged.

    Until both the intern and the tutor have submitted, only the viewer's own ratings are
    read from the database: the others' cannot leak into a page or a fragment."""
    agreement = checkin.agreement
    scope = scope or rating_scope(agreement)
    role = rater_role(viewer, agreement)
    hidden = not checkin.both_submitted
    shown_roles = [r for r in ROLES if not hidden or r == role]
    zones = {
        (row.objective_id, row.role): row
        for row in ObjectiveRating.objects.filter(checkin=checkin, role__in=shown_roles)
    }
    levels = {
        (row.competency_id, row.role): row
        for row in CompetencyRating.objects.filter(checkin=checkin, role__in=shown_roles)
    }
    zone_labels = dict(ObjectiveZone.choices)

    def cells(key, found, label_of) -> list[RatingCell]:
        row_cells = []
        for each in ROLES:
            rating = found.get((key, each))
            value = getattr(rating, "zone", None) if rating else None
            if rating is not None and value is None:
                value = rating.level
            row_cells.append(
                RatingCell(
                    role=each,
                    role_label=RaterRole(each).label,
                    value=value,
                    label=label_of(value) if value is not None else "",
                    justification=rating.justification if rating else "",
                    hidden=each not in shown_roles,
                )
            )
        return row_cells

    return RatingsBoard(
        objectives=[
            BoardRow(subject=o, cells=cells(o.pk, zones, lambda v: str(zone_labels[v])))
            for o in scope.objectives
        ],
        competencies=[
            BoardRow(
                subject=c,
                cells=cells(c.pk, levels, level_label),
                descriptors=level_descriptors(c),
            )
            for c in scope.competencies
        ],
        hidden=hidden,
        viewer_role=role,
    )


def own_ratings(
    checkin: CheckIn, role: str
) -> tuple[dict[int, ObjectiveRating], dict[int, CompetencyRating]]:
    """The role's own ratings at this check-in, for its preparation form. Two queries."""
    zones = {r.objective_id: r for r in ObjectiveRating.objects.filter(checkin=checkin, role=role)}
    levels = {
        r.competency_id: r for r in CompetencyRating.objects.filter(checkin=checkin, role=role)
    }
    return zones, levels


# What changed since the last check-in ----------------------------------------------------------


@dataclass
class HoursRow:
    label: str
    name: str
    hours: Decimal
    is_objective: bool


@dataclass
class Changes:
    since: CheckIn | None  # the previous check-in held; None: since the start
    start: dt.date  # first day counted
    end: dt.date  # last day counted
    hours: list[HoursRow]
    total_hours: Decimal
    milestones_reached: list[Milestone]
    milestones_late: list[Milestone]
    alerts: list[Alert]
    actions: list[ActionItem]  # open next steps agreed earlier (and those ticked here)

    @property
    def overdue_actions(self) -> list[ActionItem]:
        return [a for a in self.actions if a.overdue]


def previous_held(checkin: CheckIn) -> CheckIn | None:
    return (
        CheckIn.objects.filter(
            agreement_id=checkin.agreement_id,
            status__in=HELD_STATUSES,
            starts_at__lt=checkin.starts_at,
        )
        .order_by("-starts_at", "-pk")
        .first()
    )


def checkin_changes(checkin: CheckIn, *, today: dt.date | None = None) -> Changes:
    """What changed between the day after the previous check-in held and this one's day
    (today for one still to hold): hours logged per objective (the tutor's review first, then the intern's choice,
    then the engine's), milestones reached or late, open alerts, next steps still open.
    Seven queries, whatever the data."""
    today = today or timezone.localdate()
    agreement = checkin.agreement
    since = previous_held(checkin)
    # A check-in's day is its date: one held on another day is moved to it before (see
    # `checkin_hold`), so `held_at` only says when it was recorded.
    start = (
        timezone.localdate(since.starts_at) + dt.timedelta(days=1)
        if since
        else agreement.start_date
    )
    end = (
        today
        if checkin.status == CheckInStatus.SCHEDULED
        else timezone.localdate(checkin.starts_at)
    )

    names = label_names(agreement)
    by_label: dict[str, Decimal] = defaultdict(Decimal)
    grouped = (
        Activity.objects.filter(agreement=agreement, date__gte=start, date__lte=end)
        .values("reviewed_label", "objective_id", "engine_label")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for group in grouped:
        label = (
            group["reviewed_label"]
            or (str(group["objective_id"]) if group["objective_id"] else "")
            or group["engine_label"]
        )
        by_label[label] += group["total"]
    # Every objective, even with no hour (that is news too); the rest only when logged.
    objectives = [key for key in names if key not in {PROGRAM, UNRELATED, ""}]
    others = [key for key in (PROGRAM, UNRELATED, "") if by_label.get(key)]
    hours = [
        HoursRow(label=key, name=names[key], hours=by_label[key], is_objective=True)
        for key in objectives
    ] + [
        HoursRow(label=key, name=names[key], hours=by_label[key], is_objective=False)
        for key in others
    ]

    milestones = list(
        Milestone.objects.filter(objective__agreement=agreement)
        .select_related("objective")
        .order_by("due_date", "pk")
    )
    reached = [m for m in milestones if m.reached_on and start <= m.reached_on <= end]
    late = [
        m for m in milestones if m.due_date < end and (m.reached_on is None or m.reached_on > end)
    ]

    alerts = list(
        Alert.objects.filter(agreement=agreement, state__in=LIVE_STATES)
        .select_related("objective")
        .order_by("-created_at", "-pk")
    )
    for alert in alerts:
        alert.text = alert_text(alert)

    actions = list(
        ActionItem.objects.filter(agreement=agreement, checkin__starts_at__lt=checkin.starts_at)
        .exclude(checkin__status=CheckInStatus.CANCELLED)
        .filter(Q(done_in__isnull=True) | Q(done_in__starts_at__gte=checkin.starts_at))
        .select_related("owner", "checkin", "done_in")
        .order_by("due_date", "pk")
    )
    for action in actions:
        action.overdue = action.done_in_id is None and action.due_date < today
    return Changes(
        since=since,
        start=start,
        end=end,
        hours=hours,
        total_hours=sum(by_label.values(), Decimal(0)),
        milestones_reached=reached,
        milestones_late=late,
        alerts=alerts,
        actions=actions,
    )


# The record ------------------------------------------------------------------------------------


@dataclass
class Record:
    """What was said and agreed at a check-in."""

    strengths: list[Feedback]
    improvements: list[Feedback]
    adjustments: list[Feedback]
    actions: list[ActionItem]  # next steps agreed at this check-in


def checkin_record(checkin: CheckIn) -> Record:
    """Two queries."""
    feedback = list(
        Feedback.objects.filter(checkin=checkin)
        .select_related("objective", "milestone", "amendment", "author")
        .order_by("pk")
    )
    actions = list(
        ActionItem.objects.filter(checkin=checkin)
        .select_related("owner", "done_in")
        .order_by("due_date", "pk")
    )
    return Record(
        strengths=[f for f in feedback if f.kind == FeedbackKind.STRENGTH],
        improvements=[f for f in feedback if f.kind == FeedbackKind.IMPROVEMENT],
        adjustments=[f for f in feedback if f.kind == FeedbackKind.ADJUSTMENT],
        actions=actions,
    )


def action_owners(agreement: Agreement) -> list:
    """The people a next step may be given to: the intern, the tutor, the referent."""
    people = [agreement.intern, agreement.tutor, agreement.referent]
    return list({p.pk: p for p in people if p is not None}.values())


def open_milestones(agreement: Agreement) -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(objective__agreement=agreement)
        .select_related("objective")
        .order_by("due_date", "pk")
    )
