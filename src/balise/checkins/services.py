"""Every write on check-ins: the plan, moving, cancelling, preparing, holding, the record
(feedback, adjustments, next steps) and the sign-off; and the calendar feeds.

Each service is one transaction and validates with `full_clean()`. A signed-off check-in is
read-only: every service refuses to change it (PermissionDenied). Changing the record of a
check-in once someone has signed it off withdraws the sign-offs given: they were given to
something else.
"""

from __future__ import annotations

import datetime as dt

import holidays
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from balise.agreements.models import (
    AgreementEvent,
    AmendmentStatus,
    EventKind,
    Milestone,
    Objective,
)
from balise.checkins.models import (
    DEFAULT_CADENCE_WEEKS,
    ActionItem,
    AdjustmentScope,
    CalendarFeed,
    CheckIn,
    CheckInKind,
    CheckInPlan,
    CheckInStatus,
    CompetencyRating,
    Feedback,
    FeedbackKind,
    ObjectiveRating,
    ObjectiveZone,
    RaterRole,
    new_feed_token,
)
from balise.checkins.rules import PLANNING_STATUSES, RECORDING_STATUSES
from balise.checkins.schedule import plan_dates
from balise.checkins.selectors import previous_ratings, rater_role, rating_scope
from balise.journal.selectors import monday
from balise.notifications.services import notify
from balise.progress import level_jump_needs_justification

DEFAULT_WEEKDAY = 3  # Thursday, as CheckInPlan's default
DEFAULT_TIME = dt.time(14, 0)
DEFAULT_DURATION = 45


# Helpers ---------------------------------------------------------------------------------------


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _when(checkin: CheckIn) -> str:
    return checkin.starts_at.isoformat()


def _participants(checkin: CheckIn) -> list:
    """Who takes part: the intern and the tutor, and the referent when expected."""
    agreement = checkin.agreement
    people = [agreement.intern, agreement.tutor]
    if checkin.with_referent:
        people.append(agreement.referent)
    return [person for person in people if person is not None]


def _everyone(agreement) -> list:
    return [p for p in (agreement.intern, agreement.tutor, agreement.referent) if p is not None]


def _ensure_lead(by, agreement) -> None:
    """The tutor and the referent run the check-ins."""
    if by is None or by.pk not in {agreement.tutor_id, agreement.referent_id}:
        raise PermissionDenied


def _ensure_not_signed(checkin: CheckIn) -> None:
    if checkin.status == CheckInStatus.SIGNED:
        raise PermissionDenied(_("This check-in is signed off: its record can no longer change."))


def _ensure_status(checkin: CheckIn, status: str, message: str) -> None:
    _ensure_not_signed(checkin)
    if checkin.status != status:
        raise ValidationError(message, code="status")


def _ensure_planning(agreement) -> None:
    if agreement.status not in PLANNING_STATUSES:
        raise ValidationError(
            _("Check-ins are planned once the agreement is signed, until the internship ends."),
            code="not_planning",
        )


def _ensure_recording(agreement) -> None:
    if agreement.status not in RECORDING_STATUSES:
        raise ValidationError(
            _("The check-ins of this internship can no longer change (it is %(status)s).")
            % {"status": agreement.get_status_display()},
            code="not_recording",
        )


def _ensure_within(agreement, starts_at: dt.datetime, field: str = "starts_at") -> None:
    day = timezone.localdate(starts_at)
    if not agreement.start_date <= day <= agreement.end_date:
        raise ValidationError(
            {
                field: _("Choose a day within the internship (%(start)s – %(end)s).")
                % {
                    "start": date_format(agreement.start_date, "SHORT_DATE_FORMAT"),
                    "end": date_format(agreement.end_date, "SHORT_DATE_FORMAT"),
                }
            },
            code="outside",
        )


def _locked(checkin: CheckIn) -> CheckIn:
    """The check-in re-read under a row lock, its agreement kept."""
    agreement = checkin.agreement
    fresh = CheckIn.objects.select_for_update(of=("self",)).get(pk=checkin.pk)
    fresh.agreement = agreement
    return fresh


def _withdraw_signoffs(checkin: CheckIn) -> bool:
    if checkin.intern_signed_at is None and checkin.tutor_signed_at is None:
        return False
    checkin.intern_signed_at = checkin.tutor_signed_at = None
    checkin.save(update_fields=["intern_signed_at", "tutor_signed_at", "updated_at"])
    return True


def _record_event(agreement, *, by, objective, **data) -> None:
    """A line in the agreement's history, as the agreements services write them."""
    AgreementEvent.objects.create(
        agreement=agreement,
        kind=EventKind.OBJECTIVE_CHANGED,
        actor=by,
        objective=objective,
        data=data,
    )


# The plan --------------------------------------------------------------------------------------


def _replaceable(agreement, now: dt.datetime):
    """Planned check-ins a new plan may replace: still to come, never moved by a person,
    nothing prepared."""
    return (
        CheckIn.objects.filter(
            agreement=agreement,
            status=CheckInStatus.SCHEDULED,
            kind__in=(CheckInKind.REGULAR, CheckInKind.MID),
            moved=False,
            starts_at__gt=now,
            intern_submitted_at__isnull=True,
            tutor_submitted_at__isnull=True,
            referent_submitted_at__isnull=True,
            intern_went_well="",
            intern_blocked="",
            tutor_notes="",
        )
        .exclude(Exists(ObjectiveRating.objects.filter(checkin=OuterRef("pk"))))
        .exclude(Exists(CompetencyRating.objects.filter(checkin=OuterRef("pk"))))
    )


def _plan_checkins(plan: CheckInPlan, agreement, *, by, now: dt.datetime) -> list[CheckIn]:
    """Replace the replaceable planned check-ins by the plan's dates still to come. A week
    that already has a kept check-in gets no second one."""
    _replaceable(agreement, now).delete()
    kept = list(
        CheckIn.objects.filter(
            agreement=agreement, kind__in=(CheckInKind.REGULAR, CheckInKind.MID)
        ).exclude(status=CheckInStatus.CANCELLED)
    )
    taken_weeks = {monday(timezone.localdate(c.starts_at)) for c in kept}
    mid_pending = not any(c.kind == CheckInKind.MID for c in kept)
    closed = holidays.country_holidays(
        "FR", years=range(agreement.start_date.year, agreement.end_date.year + 1)
    )
    created = []
    carry_mid = False  # the mid-internship date fell in a kept week: the next date takes it
    for planned in plan_dates(
        start=agreement.start_date,
        end=agreement.end_date,
        cadence_weeks=plan.cadence_weeks,
        weekday=plan.weekday,
        closed=closed,
    ):
        starts_at = _aware(planned.day, plan.time)
        if starts_at <= now:
            continue
        if monday(planned.day) in taken_weeks:
            carry_mid = carry_mid or (planned.mid and mid_pending)
            continue
        is_mid = mid_pending and (planned.mid or carry_mid)
        checkin = CheckIn(
            agreement=agreement,
            kind=CheckInKind.MID if is_mid else CheckInKind.REGULAR,
            with_referent=is_mid,
            starts_at=starts_at,
            duration_minutes=plan.duration_minutes,
            place=plan.place,
            created_by=by,
        )
        checkin.full_clean(exclude=["agreement"])
        created.append(checkin)
        if is_mid:
            mid_pending = False
    return CheckIn.objects.bulk_create(created)


def _plan_apply(
    *, agreement, by, cadence_weeks, weekday, time, duration, place, now
) -> CheckInPlan:
    _ensure_planning(agreement)
    now = now or timezone.now()
    plan = CheckInPlan.objects.select_for_update(of=("self",)).filter(agreement=agreement).first()
    plan = plan or CheckInPlan(agreement=agreement)
    plan.cadence_weeks = cadence_weeks
    plan.weekday = weekday
    plan.time = time
    plan.duration_minutes = duration
    plan.place = (place or "").strip()
    plan.updated_by = by
    plan.full_clean()
    plan.save()
    created = _plan_checkins(plan, agreement, by=by, now=now)
    data = {"plan": True, "every": plan.cadence_weeks, "count": len(created)}
    if created:
        data["date"] = _when(created[0])
    notify(
        recipients=_everyone(agreement),
        kind="checkin_scheduled",
        agreement=agreement,
        actor=by,
        data=data,
    )
    return plan


@transaction.atomic
def checkin_plan_set(
    *,
    agreement,
    by,
    cadence_weeks: int = DEFAULT_CADENCE_WEEKS,
    weekday: int = DEFAULT_WEEKDAY,
    time: dt.time = DEFAULT_TIME,
    duration: int = DEFAULT_DURATION,
    place: str = "",
    now: dt.datetime | None = None,
) -> CheckInPlan:
    """Set the cadence (by the tutor or the referent) and plan the check-ins still to come:
    planned ones nobody moved nor prepared are replaced; held, signed, moved, prepared and
    additional ones are kept. The mid-internship one (with the referent) is placed by
    `schedule.plan_dates`. `now` is when the plan is set (tests and the demo set it)."""
    _ensure_lead(by, agreement)
    return _plan_apply(
        agreement=agreement,
        by=by,
        cadence_weeks=cadence_weeks,
        weekday=weekday,
        time=time,
        duration=duration,
        place=place,
        now=now,
    )


def checkin_plan_ensure(*, agreement, now: dt.datetime | None = None) -> CheckInPlan | None:
    """The agreement's plan, created with the defaults (every two weeks) when the agreement
    is signed or in progress and has none yet; None for other statuses. Called when an
    internship starts, and when its check-ins page is first opened. Safe to call again."""
    if agreement.status not in PLANNING_STATUSES:
        return None
    found = CheckInPlan.objects.filter(agreement=agreement).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return _plan_apply(
                agreement=agreement,
                by=None,
                cadence_weeks=DEFAULT_CADENCE_WEEKS,
                weekday=DEFAULT_WEEKDAY,
                time=DEFAULT_TIME,
                duration=DEFAULT_DURATION,
                place="",
                now=now,
            )
    except IntegrityError:  # created meanwhile by another request
        return CheckInPlan.objects.get(agreement=agreement)


# One check-in: add, move, cancel ----------------------------------------------------------------


@transaction.atomic
def checkin_add(
    *,
    agreement,
    by,
    starts_at: dt.datetime,
    duration_minutes: int = DEFAULT_DURATION,
    place: str = "",
    with_referent: bool = False,
) -> CheckIn:
    """An additional check-in, besides the plan. One the referent adds is one they attend."""
    _ensure_lead(by, agreement)
    _ensure_planning(agreement)
    _ensure_within(agreement, starts_at)
    checkin = CheckIn(
        agreement=agreement,
        kind=CheckInKind.AD_HOC,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        with_referent=with_referent or by.pk == agreement.referent_id,
        created_by=by,
    )
    checkin.full_clean()
    checkin.save()
    notify(
        recipients=_participants(checkin),
        kind="checkin_scheduled",
        agreement=agreement,
        actor=by,
        data={"checkin": checkin.pk, "date": _when(checkin)},
    )
    return checkin


@transaction.atomic
def checkin_move(
    *,
    checkin: CheckIn,
    by,
    starts_at: dt.datetime,
    duration_minutes: int | None = None,
    place: str | None = None,
) -> CheckIn:
    """Move a check-in still to hold (date, time, length, place). A moved check-in keeps its
    date when the plan changes; calendars get the new one (SEQUENCE bumped)."""
    agreement = checkin.agreement
    _ensure_lead(by, agreement)
    checkin = _locked(checkin)
    _ensure_status(
        checkin, CheckInStatus.SCHEDULED, _("Only a check-in still to be held can be moved.")
    )
    _ensure_planning(agreement)
    _ensure_within(agreement, starts_at)
    previous = checkin.starts_at
    changes = {"starts_at": starts_at}
    if duration_minutes is not None:
        changes["duration_minutes"] = duration_minutes
    if place is not None:
        changes["place"] = place.strip()
    if all(getattr(checkin, name) == value for name, value in changes.items()):
        return checkin
    for name, value in changes.items():
        setattr(checkin, name, value)
    if starts_at != previous:
        checkin.moved = True
    checkin.sequence += 1
    checkin.full_clean()
    checkin.save()
    data = {"checkin": checkin.pk, "date": _when(checkin)}
    if starts_at != previous:
        data["previous"] = previous.isoformat()
    notify(
        recipients=_participants(checkin),
        kind="checkin_scheduled",
        agreement=agreement,
        actor=by,
        data=data,
    )
    return checkin


@transaction.atomic
def checkin_cancel(*, checkin: CheckIn, by, reason: str) -> CheckIn:
    agreement = checkin.agreement
    _ensure_lead(by, agreement)
    checkin = _locked(checkin)
    _ensure_status(
        checkin, CheckInStatus.SCHEDULED, _("Only a check-in still to be held can be cancelled.")
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the check-in is cancelled.")}, code="reason")
    checkin.status = CheckInStatus.CANCELLED
    checkin.cancel_reason = reason.strip()
    checkin.sequence += 1
    checkin.full_clean()
    checkin.save()
    notify(
        recipients=_participants(checkin),
        kind="checkin_cancelled",
        agreement=agreement,
        actor=by,
        data={"checkin": checkin.pk, "date": _when(checkin), "reason": checkin.cancel_reason},
    )
    return checkin


@transaction.atomic
def checkins_cancel_remaining(*, agreement, reason: str) -> int:
    """Cancel every check-in still to hold of an internship that stops (interrupted or
    cancelled): calendars drop them, reminders stop. Returns how many."""
    remaining = list(
        CheckIn.objects.select_for_update(of=("self",)).filter(
            agreement=agreement, status=CheckInStatus.SCHEDULED
        )
    )
    for checkin in remaining:
        checkin.status = CheckInStatus.CANCELLED
        checkin.cancel_reason = reason.strip()
        checkin.sequence += 1
        checkin.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    return len(remaining)


# Preparing ----------------------------------------------------------------------------------------

SUBMITTED_FIELD = {
    RaterRole.INTERN: "intern_submitted_at",
    RaterRole.TUTOR: "tutor_submitted_at",
    RaterRole.REFERENT: "referent_submitted_at",
}


def _upsert(model, existing: dict, checkin, by, role, key_field, pk, value_field, value, why):
    rating = existing.get(pk) or model(checkin=checkin, role=role, **{key_field: pk})
    setattr(rating, value_field, value)
    rating.justification = (why or "").strip()
    rating.rater = by
    rating.full_clean(exclude=["checkin", key_field.removesuffix("_id")])
    rating.save()


@transaction.atomic
def checkin_prepare(
    *,
    checkin: CheckIn,
    by,
    objectives: dict[int, tuple[int, str]] | None = None,
    competencies: dict[int, tuple[int, str]] | None = None,
    went_well: str | None = None,
    blocked: str | None = None,
    notes: str | None = None,
    submit: bool = False,
    now: dt.datetime | None = None,
) -> CheckIn:
    """Save (and with `submit`, lock) the preparation of the person `by`: a zone per objective
    and a level per competency (`{id: (value, justification)}`), and their notes — the
    intern's what went well and what blocked, the tutor's notes. A rating that moves by two
    steps or more from the same role's previous one needs a justification. Submitting asks
    the intern and the tutor for every rating."""
    agreement = checkin.agreement
    role = rater_role(by, agreement)
    if role is None:
        raise PermissionDenied
    checkin = _locked(checkin)
    _ensure_status(
        checkin, CheckInStatus.SCHEDULED, _("This check-in was held: its preparation is closed.")
    )
    _ensure_recording(agreement)
    if getattr(checkin, SUBMITTED_FIELD[role]) is not None:
        raise ValidationError(
            _("You have submitted your preparation: it can no longer change."), code="locked"
        )
    objectives, competencies = objectives or {}, competencies or {}
    scope = rating_scope(agreement)
    titles = {o.pk: o.title for o in scope.objectives}
    names = {c.pk: c.name for c in scope.competencies}
    if set(objectives) - set(titles) or set(competencies) - set(names):
        raise ValidationError(
            _("Rate only the objectives and competencies of this internship."), code="unknown"
        )
    if any(zone not in ObjectiveZone.values for zone, _why in objectives.values()):
        raise ValidationError(_("Choose one of the four zones."), code="zone")
    if any(level not in range(1, 5) for level, _why in competencies.values()):
        raise ValidationError(_("Choose a level from 1 to 4."), code="level")

    previous_zones, previous_levels = previous_ratings(checkin, role)
    unexplained = [
        titles[pk]
        for pk, (zone, why) in objectives.items()
        if level_jump_needs_justification(previous_zones.get(pk), zone) and not why.strip()
    ] + [
        names[pk]
        for pk, (level, why) in competencies.items()
        if level_jump_needs_justification(previous_levels.get(pk), level) and not why.strip()
    ]
    if unexplained:
        raise ValidationError(
            _(
                "A rating that moves by two steps or more since your last one needs a "
                "one-line justification: %(items)s."
            )
            % {"items": ", ".join(unexplained)},
            code="justification",
        )

    zones = {r.objective_id: r for r in ObjectiveRating.objects.filter(checkin=checkin, role=role)}
    levels = {
        r.competency_id: r for r in CompetencyRating.objects.filter(checkin=checkin, role=role)
    }
    for pk, (zone, why) in objectives.items():
        _upsert(ObjectiveRating, zones, checkin, by, role, "objective_id", pk, "zone", zone, why)
    for pk, (level, why) in competencies.items():
        _upsert(
            CompetencyRating, levels, checkin, by, role, "competency_id", pk, "level", level, why
        )

    if role == RaterRole.INTERN:
        if went_well is not None:
            checkin.intern_went_well = went_well.strip()
        if blocked is not None:
            checkin.intern_blocked = blocked.strip()
    elif role == RaterRole.TUTOR and notes is not None:
        checkin.tutor_notes = notes.strip()

    if submit:
        if role in (RaterRole.INTERN, RaterRole.TUTOR):
            rated_objectives = set(zones) | set(objectives)
            rated_competencies = set(levels) | set(competencies)
            missing = [t for pk, t in titles.items() if pk not in rated_objectives] + [
                n for pk, n in names.items() if pk not in rated_competencies
            ]
            if missing:
                raise ValidationError(
                    _("Rate every objective and every competency before submitting: %(items)s.")
                    % {"items": ", ".join(missing)},
                    code="incomplete",
                )
        setattr(checkin, SUBMITTED_FIELD[role], now or timezone.now())
    checkin.full_clean()
    checkin.save()
    if submit and role != RaterRole.REFERENT:  # the referent's ratings are nobody's cue
        notify(
            recipients=[p for p in _participants(checkin) if p.pk != by.pk],
            kind="checkin_prepared",
            agreement=agreement,
            actor=by,
            data={"checkin": checkin.pk, "date": _when(checkin), "both": checkin.both_submitted},
        )
    return checkin


# Holding ---------------------------------------------------------------------------------------


@transaction.atomic
def checkin_hold(*, checkin: CheckIn, by, now: dt.datetime | None = None) -> CheckIn:
    """The tutor (or the referent) records that the check-in took place. Preparations close
    as they stand: what each side saved counts as submitted, so the ratings now show side by
    side."""
    agreement = checkin.agreement
    _ensure_lead(by, agreement)
    checkin = _locked(checkin)
    _ensure_status(checkin, CheckInStatus.SCHEDULED, _("This check-in is not waiting to be held."))
    _ensure_recording(agreement)
    now = now or timezone.now()
    if timezone.localdate(checkin.starts_at) > timezone.localdate(now):
        raise ValidationError(
            _("A check-in is held on its day or later; if you met earlier, move it first."),
            code="too_early",
        )
    checkin.status = CheckInStatus.HELD
    checkin.held_at = now
    checkin.held_by = by
    for name in ("intern_submitted_at", "tutor_submitted_at"):
        if getattr(checkin, name) is None:
            setattr(checkin, name, now)
    if checkin.referent_submitted_at is None and (
        ObjectiveRating.objects.filter(checkin=checkin, role=RaterRole.REFERENT).exists()
        or CompetencyRating.objects.filter(checkin=checkin, role=RaterRole.REFERENT).exists()
    ):
        checkin.referent_submitted_at = now
    checkin.full_clean()
    checkin.save()
    return checkin


def _ensure_recording_checkin(checkin: CheckIn, by) -> None:
    _ensure_lead(by, checkin.agreement)
    _ensure_status(
        checkin,
        CheckInStatus.HELD,
        _("Feedback and next steps are recorded once the check-in is marked as held."),
    )
    _ensure_recording(checkin.agreement)


def _open_amendment(agreement, *, by, reason: str):
    from balise.agreements.services import amendment_open

    found = agreement.amendments.filter(
        status__in=(AmendmentStatus.DRAFT, AmendmentStatus.AWAITING_SIGNATURES)
    ).first()
    return found or amendment_open(agreement=agreement, by=by, reason=reason)


@transaction.atomic
def feedback_add(
    *,
    checkin: CheckIn,
    by,
    kind: str,
    text: str,
    objective: Objective | None = None,
    scope: str = "",
    milestone: Milestone | None = None,
    new_due_date: dt.date | None = None,
) -> Feedback:
    """A strength, an area to improve or a mission adjustment. An adjustment of a milestone
    moves its due date (the previous one is kept in the record, with the reason); one that
    changes a signed objective opens an amendment (or joins the one already open)."""
    checkin = _locked(checkin)
    _ensure_recording_checkin(checkin, by)
    agreement = checkin.agreement
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write it first.")}, code="required")
    if kind not in FeedbackKind.values:
        raise ValidationError({"kind": _("Choose a kind of feedback.")}, code="kind")
    if objective is not None and objective.agreement_id != agreement.pk:
        raise ValidationError({"objective": _("Choose one of this agreement's objectives.")})
    feedback = Feedback(checkin=checkin, kind=kind, text=text, objective=objective, author=by)
    if kind == FeedbackKind.ADJUSTMENT:
        if scope not in AdjustmentScope.values:
            raise ValidationError({"scope": _("Say what the adjustment changes.")}, code="scope")
        feedback.scope = scope
        if scope == AdjustmentScope.MILESTONE:
            if milestone is None or milestone.objective.agreement_id != agreement.pk:
                raise ValidationError({"milestone": _("Choose the milestone that moves.")})
            if new_due_date is None:
                raise ValidationError({"new_due_date": _("Give the milestone's new due date.")})
            if not agreement.start_date <= new_due_date <= agreement.end_date:
                raise ValidationError(
                    {"new_due_date": _("The new due date must fall within the internship.")}
                )
            if new_due_date == milestone.due_date:
                raise ValidationError(
                    {"new_due_date": _("This is already the milestone's due date.")}
                )
            feedback.milestone = milestone
            feedback.objective = milestone.objective
            feedback.previous_due_date = milestone.due_date
            feedback.new_due_date = new_due_date
            milestone.due_date = new_due_date
            milestone.full_clean()
            milestone.save(update_fields=["due_date"])
            _record_event(
                agreement,
                by=by,
                objective=milestone.objective,
                milestone_moved=milestone.title,
                previous=feedback.previous_due_date.isoformat(),
                new=new_due_date.isoformat(),
                reason=text,
                checkin=checkin.pk,
            )
        elif scope == AdjustmentScope.OBJECTIVE:
            if objective is None:
                raise ValidationError({"objective": _("Choose the objective that changes.")})
            feedback.amendment = _open_amendment(agreement, by=by, reason=text)
    elif scope or milestone is not None or new_due_date is not None:
        raise ValidationError(_("Only a mission adjustment changes a milestone or an objective."))
    feedback.full_clean()
    feedback.save()
    _withdraw_signoffs(checkin)
    return feedback


@transaction.atomic
def feedback_delete(*, feedback: Feedback, by) -> None:
    """Remove a line of feedback; a milestone it moved goes back to its previous date (an
    amendment it opened stays: it is cancelled on its own page)."""
    checkin = feedback.checkin
    checkin = _locked(checkin)
    _ensure_recording_checkin(checkin, by)
    milestone = feedback.milestone
    if (
        feedback.scope == AdjustmentScope.MILESTONE
        and milestone is not None
        and milestone.due_date == feedback.new_due_date
        and feedback.previous_due_date is not None
    ):
        milestone.due_date = feedback.previous_due_date
        milestone.save(update_fields=["due_date"])
        _record_event(
            checkin.agreement,
            by=by,
            objective=milestone.objective,
            milestone_moved=milestone.title,
            previous=feedback.new_due_date.isoformat(),
            new=feedback.previous_due_date.isoformat(),
            checkin=checkin.pk,
        )
    feedback.delete()
    _withdraw_signoffs(checkin)


@transaction.atomic
def action_item_add(*, checkin: CheckIn, by, text: str, owner, due_date: dt.date) -> ActionItem:
    """A next step (what, who, by when), carried to the next check-ins until done."""
    checkin = _locked(checkin)
    _ensure_recording_checkin(checkin, by)
    agreement = checkin.agreement
    if owner is None or owner.pk not in {
        agreement.intern_id,
        agreement.tutor_id,
        agreement.referent_id,
    }:
        raise ValidationError({"owner": _("Give it to the intern, the tutor or the referent.")})
    if due_date < timezone.localdate(checkin.starts_at):
        raise ValidationError({"due_date": _("A next step is due after the check-in.")})
    item = ActionItem(
        agreement=agreement,
        checkin=checkin,
        text=(text or "").strip(),
        owner=owner,
        due_date=due_date,
    )
    item.full_clean()
    item.save()
    _withdraw_signoffs(checkin)
    return item


@transaction.atomic
def action_item_delete(*, item: ActionItem, by) -> None:
    checkin = _locked(item.checkin)
    _ensure_recording_checkin(checkin, by)
    item.delete()
    _withdraw_signoffs(checkin)


@transaction.atomic
def action_item_done(
    *, item: ActionItem, by, checkin: CheckIn, done: bool = True, now: dt.datetime | None = None
) -> ActionItem:
    """Tick (or untick) a next step at a check-in still open: the intern, the tutor or the
    referent says it is done. A step agreed at a later check-in cannot be ticked here."""
    agreement = checkin.agreement
    if item.agreement_id != agreement.pk:
        raise ValidationError(_("This next step belongs to another internship."))
    if rater_role(by, agreement) is None:
        raise PermissionDenied
    checkin = _locked(checkin)
    _ensure_not_signed(checkin)
    if not checkin.is_open:
        raise ValidationError(_("This check-in is closed."), code="closed")
    _ensure_recording(agreement)
    if item.checkin.starts_at > checkin.starts_at:
        raise ValidationError(_("This next step was agreed at a later check-in."))
    if done:
        if item.done_at is not None:
            return item
        item.done_at = now or timezone.now()
        item.done_in = checkin
        item.done_by = by
    else:
        if item.done_in_id != checkin.pk:
            raise ValidationError(_("This next step was ticked at another check-in."))
        item.done_at = item.done_in = item.done_by = None
    item.save(update_fields=["done_at", "done_in", "done_by"])
    if checkin.status == CheckInStatus.HELD:
        _withdraw_signoffs(checkin)
    return item


@transaction.atomic
def checkin_milestone_reached(
    *, checkin: CheckIn, by, milestone: Milestone, reached_on: dt.date
) -> Milestone:
    """Record at a check-in that a milestone was reached (a signed agreement's milestones
    change only this way, or by amendment)."""
    checkin = _locked(checkin)
    _ensure_recording_checkin(checkin, by)
    agreement = checkin.agreement
    if milestone.objective.agreement_id != agreement.pk:
        raise ValidationError({"milestone": _("Choose one of this internship's milestones.")})
    if not agreement.start_date <= reached_on <= timezone.localdate():
        raise ValidationError(
            {"reached_on": _("The date must fall between the start of the internship and today.")}
        )
    milestone.reached_on = reached_on
    milestone.full_clean()
    milestone.save(update_fields=["reached_on"])
    _record_event(
        agreement,
        by=by,
        objective=milestone.objective,
        milestone_reached=milestone.title,
        on=reached_on.isoformat(),
        checkin=checkin.pk,
    )
    return milestone


@transaction.atomic
def checkin_sign(*, checkin: CheckIn, by, now: dt.datetime | None = None) -> CheckIn:
    """The intern's or the tutor's sign-off of the record; with both, the check-in is signed
    off and read-only, and its tutor's and referent's ratings are the validated ones."""
    agreement = checkin.agreement
    role = rater_role(by, agreement)
    if role not in (RaterRole.INTERN, RaterRole.TUTOR):
        raise PermissionDenied
    checkin = _locked(checkin)
    _ensure_status(
        checkin, CheckInStatus.HELD, _("A check-in is signed off once it has been held.")
    )
    _ensure_recording(agreement)
    field = "intern_signed_at" if role == RaterRole.INTERN else "tutor_signed_at"
    if getattr(checkin, field) is not None:
        raise ValidationError(_("You have already signed off this check-in."), code="signed")
    setattr(checkin, field, now or timezone.now())
    complete = checkin.intern_signed_at is not None and checkin.tutor_signed_at is not None
    if complete:
        checkin.status = CheckInStatus.SIGNED
    checkin.full_clean()
    checkin.save()
    if complete:
        recipients = [*_everyone(agreement)]
    else:
        other = agreement.tutor if role == RaterRole.INTERN else agreement.intern
        recipients = [other]
    notify(
        recipients=recipients,
        kind="checkin_signed",
        agreement=agreement,
        actor=by,
        data={"checkin": checkin.pk, "date": _when(checkin), "complete": complete},
    )
    return checkin


# Calendar feeds ---------------------------------------------------------------------------------


def calendar_feed_get(*, user) -> CalendarFeed:
    """The person's feed, created the first time they ask for it."""
    found = CalendarFeed.objects.filter(user=user).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user)
    except IntegrityError:
        return CalendarFeed.objects.get(user=user)


@transaction.atomic
def calendar_feed_revoke(*, user) -> CalendarFeed:
    """Replace the feed's address: the old one stops working at once."""
    feed = calendar_feed_get(user=user)
    feed = CalendarFeed.objects.select_for_update(of=("self",)).get(pk=feed.pk)
    feed.token = new_feed_token()
    feed.full_clean()
    feed.save(update_fields=["token"])
    return feed
