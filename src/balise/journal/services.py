"""Every write on the logbook: entries, reviews, explanations, reflections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from balise.competencies.selectors import competencies_for_program
from balise.journal.analysis import logbook_analyse
from balise.journal.models import PROGRAM, UNRELATED, Activity, Moment, MomentKind, Reflection
from balise.journal.rules import LOGGING_STATUSES
from balise.notifications.services import notify

# Above this, a day's total is certainly a typing mistake (the law caps a day at 10 h).
MAX_HOURS_PER_DAY = Decimal("12")


def _ensure_intern(agreement, by) -> None:
    if agreement.intern_id != by.pk:
        raise PermissionDenied
    if agreement.status not in LOGGING_STATUSES:
        raise ValidationError(_("The logbook opens once the agreement is signed."), code="not_open")


def _check_row(agreement, row: dict, index: int | None = None) -> None:
    where = {} if index is None else {"line": index + 1}
    date = row["date"]
    if not agreement.start_date <= date <= agreement.end_date:
        raise ValidationError(
            _("Line %(line)s: the date must fall within the internship (%(start)s – %(end)s).")
            % {
                **where,
                "line": where.get("line", 1),
                "start": agreement.start_date,
                "end": agreement.end_date,
            },
            code="outside",
        )
    if date > timezone.localdate():
        raise ValidationError(
            _("Line %(line)s: an activity cannot be logged in advance.")
            % {"line": where.get("line", 1)},
            code="future",
        )
    objective = row.get("objective")
    if objective is not None and objective.agreement_id != agreement.pk:
        raise ValidationError(_("Choose one of this agreement's objectives."), code="objective")


def _check_daily_totals(agreement, dates) -> None:
    totals = (
        Activity.objects.filter(agreement=agreement, date__in=dates)
        .values("date")
        .annotate(total=Sum("hours"))
    )
    for total in totals:
        if total["total"] > MAX_HOURS_PER_DAY:
            raise ValidationError(
                _("%(date)s would total %(hours)s hours: a day has %(max)s hours at most.")
                % {"date": total["date"], "hours": total["total"], "max": MAX_HOURS_PER_DAY},
                code="too_many_hours",
            )


@transaction.atomic
def activities_log(*, agreement, by, rows: list[dict]) -> list[Activity]:
    """Log several entries at once (a day or a week). All or nothing."""
    _ensure_intern(agreement, by)
    if not rows:
        raise ValidationError(_("Write at least one activity."), code="empty")
    created = []
    for index, row in enumerate(rows):
        _check_row(agreement, row, index)
        activity = Activity(
            agreement=agreement,
            date=row["date"],
            hours=row["hours"],
            text=row["text"].strip(),
            objective=row.get("objective"),
            evidence_file=row.get("evidence_file") or "",
            evidence_url=row.get("evidence_url") or "",
            created_by=by,
        )
        activity.full_clean()
        activity.save()
        created.append(activity)
    _check_daily_totals(agreement, {row["date"] for row in rows})
    logbook_analyse(agreement)
    return created


@transaction.atomic
def activity_update(*, activity: Activity, by, **fields) -> Activity:
    agreement = activity.agreement
    _ensure_intern(agreement, by)
    for name, value in fields.items():
        setattr(activity, name, value)
    _check_row(agreement, {"date": activity.date, "objective": activity.objective})
    activity.full_clean()
    activity.save()
    _check_daily_totals(agreement, {activity.date})
    logbook_analyse(agreement)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> None:
    _ensure_intern(activity.agreement, by)
    activity.delete()
    logbook_analyse(activity.agreement)


def label_choices(agreement) -> list[tuple[str, str]]:
    """What an entry may serve: one of the objectives, the programme, or nothing."""
    return [
        *((str(o.pk), o.title) for o in agreement.objectives.all()),
        (PROGRAM, _("the programme, outside the objectives")),
        (UNRELATED, _("nothing to do with the training")),
    ]


@transaction.atomic
def activity_review(*, activity: Activity, by, label: str) -> Activity:
    """The tutor confirms or corrects what an entry serves. Kept as given: neither the
    intern's later edits of other fields nor the engine change it."""
    agreement = activity.agreement
    if agreement.tutor_id != by.pk:
        raise PermissionDenied
    if label not in {value for value, _label in label_choices(agreement)}:
        raise ValidationError(_("Choose an objective, the programme, or unrelated."))
    activity.reviewed_label = label
    activity.reviewed_by = by
    activity.reviewed_at = timezone.now()
    activity.save(update_fields=["reviewed_label", "reviewed_by", "reviewed_at"])
    return activity


@transaction.atomic
def activity_explain(*, activity: Activity, by, explanation: str) -> Activity:
    if activity.agreement.intern_id != by.pk:
        raise PermissionDenied
    activity.explanation = explanation.strip()
    activity.full_clean()
    activity.save(update_fields=["explanation"])
    return activity


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def reflection_save(
    *,
    agreement,
    by,
    week_of: dt.date,
    learned: str = "",
    difficulties: str = "",
    questions: str = "",
    shared_with_tutor: bool = True,
) -> Reflection:
    _ensure_intern(agreement, by)
    reflection, _created = Reflection.objects.get_or_create(
        agreement=agreement, week_start=week_start(week_of)
    )
    reflection.learned = learned.strip()
    reflection.difficulties = difficulties.strip()
    reflection.questions = questions.strip()
    reflection.shared_with_tutor = shared_with_tutor
    reflection.full_clean()
    reflection.save()
    return reflection


# -- key moments ----------------------------------------------------------------------------------

_MOMENT_CONTENT = ("date", "kind", "title", "what_happened", "learned")


def _check_moment(agreement, *, date, competencies) -> None:
    if not agreement.start_date <= date <= agreement.end_date:
        raise ValidationError(
            {
                "date": _("The date must fall within the internship (%(start)s – %(end)s).")
                % {"start": agreement.start_date, "end": agreement.end_date}
            },
            code="outside",
        )
    if date > timezone.localdate():
        raise ValidationError(
            {"date": _("A key moment is told once it has happened.")}, code="future"
        )
    if competencies is not None:
        allowed = set(competencies_for_program(agreement.program).values_list("pk", flat=True))
        if any(competency.pk not in allowed for competency in competencies):
            raise ValidationError(
                {"competencies": _("Choose competencies of this programme's frameworks.")}
            )


@transaction.atomic
def moment_record(
    *,
    agreement,
    by,
    date: dt.date,
    title: str,
    what_happened: str,
    learned: str = "",
    kind: str = MomentKind.OTHER,
    competencies=(),
) -> Moment:
    """The intern tells a key moment of her internship."""
    _ensure_intern(agreement, by)
    competencies = list(competencies)
    _check_moment(agreement, date=date, competencies=competencies)
    moment = Moment(
        agreement=agreement,
        date=date,
        kind=kind,
        title=title.strip(),
        what_happened=what_happened.strip(),
        learned=learned.strip(),
    )
    moment.full_clean()
    moment.save()
    moment.competencies.set(competencies)
    return moment


@transaction.atomic
def moment_update(*, moment: Moment, by, competencies=None, **fields) -> Moment:
    """The intern rewrites her moment; a change of what it says withdraws the endorsement."""
    agreement = moment.agreement
    _ensure_intern(agreement, by)
    competencies = None if competencies is None else list(competencies)
    _check_moment(agreement, date=fields.get("date", moment.date), competencies=competencies)
    before = [getattr(moment, name) for name in _MOMENT_CONTENT]
    before_competencies = set(moment.competencies.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(moment, name, value.strip() if isinstance(value, str) else value)
    changed = before != [getattr(moment, name) for name in _MOMENT_CONTENT] or (
        competencies is not None and {c.pk for c in competencies} != before_competencies
    )
    if changed and moment.is_endorsed:
        moment.endorsed_by, moment.endorsement, moment.endorsed_at = None, "", None
    moment.full_clean()
    moment.save()
    if competencies is not None:
        moment.competencies.set(competencies)
    return moment


@transaction.atomic
def moment_delete(*, moment: Moment, by) -> None:
    _ensure_intern(moment.agreement, by)
    moment.delete()


@transaction.atomic
def moment_endorse(*, moment: Moment, by, endorsement: str) -> Moment:
    """The tutor endorses the moment with a sentence (again to change it)."""
    agreement = moment.agreement
    if agreement.tutor_id != by.pk:
        raise PermissionDenied
    if agreement.status not in LOGGING_STATUSES:
        raise ValidationError(_("The internship is closed to endorsements."), code="not_open")
    text = endorsement.strip()
    if not text:
        raise ValidationError(
            {"endorsement": _("Write a sentence to endorse the moment.")}, code="empty"
        )
    moment.endorsed_by = by
    moment.endorsement = text
    moment.endorsed_at = timezone.now()
    moment.full_clean()
    moment.save(update_fields=["endorsed_by", "endorsement", "endorsed_at", "updated_at"])
    notify(
        recipients=[agreement.intern],
        kind="moment_endorsed",
        agreement=agreement,
        actor=by,
        data={"title": moment.title},
    )
    return moment
