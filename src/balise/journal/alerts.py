"""Alerts on a logbook: the alignment watch, and what people do about what it finds.

`alerts_compute` decides from what people say first: an entry's `label` is the tutor's
review, else the intern's choice, else the engine's guess. The rules, in order:

- **Unrelated share high**: at least 20 % of the logged hours are labelled unrelated, once
  at least 21 hours (three days) are logged — before that a single errand is a third of
  the logbook.
- **Repetitive routine**: the engine's `repetitive_activities`, without the entries the tutor
  reviewed as serving an objective (a routine the tutor vouches for is part of the work);
  what is left must still span three different weeks, as the engine's own rule does.
- **Objective neglected**: no entry serves the objective, the logbook has entries, and the
  internship has run a third of its duration — or the objective's target date is reached,
  if sooner. The main objective is served by its specific ones, so it is checked only when
  there are none.
- **Logbook silent**: the internship is in progress, started at least seven days ago, and no
  entry is dated within the last seven days.

Alerts are computed for internships whose logbook is open (signed, in progress, completed);
the silent logbook only while in progress. On any other status the live alerts resolve.

An alert is *live* while open or acknowledged: at most one per (agreement, code, objective),
which the database enforces. A live alert whose condition no longer holds is resolved. A
person who resolves an alert by hand says "dealt with": the watch does not raise it again
while it finds only what it had found then (same unrelated entries, same routine entries,
same last entry); new evidence raises a new alert. Neglected objectives never come back
after a manual resolution, since nothing new can make an objective more neglected.

Notifications (kind `alert`) go to the tutor and the referent — and to the intern for a
silent logbook, the only alert the intern fixes alone — when an alert opens, then at most
once a week while it stays open, and only while the internship is in progress. An
acknowledged alert is not notified again. Each person's email setting decides between an
email now, the daily digest, or nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import Agreement, AgreementStatus
from balise.journal.analysis import logbook_analyse
from balise.journal.models import PROGRAM, UNRELATED, Alert, AlertCode, AlertState
from balise.journal.rules import LOGGING_STATUSES
from balise.notifications.services import notify

UNRELATED_SHARE_THRESHOLD = 0.20
UNRELATED_MIN_HOURS = Decimal("21")
ROUTINE_MIN_WEEKS = 3
NEGLECT_AFTER_FRACTION = 1 / 3
SILENT_DAYS = 7
RENOTIFY_AFTER = dt.timedelta(days=7)
LIVE_STATES = (AlertState.OPEN, AlertState.ACKNOWLEDGED)
# How many resolved alerts the agreement page lists under the live ones.
RESOLVED_SHOWN = 10
# How many live alerts the home page lists (the total is shown beside).
HOME_ALERTS_SHOWN = 20


@dataclass(frozen=True)
class _Finding:
    """A condition that holds now."""

    code: str
    objective: object | None
    data: dict  # JSON-ready facts for the sentences
    evidence: frozenset[str]  # what it rests on, to tell "new" from "already dealt with"

    @property
    def key(self) -> tuple[str, int | None]:
        return self.code, getattr(self.objective, "pk", None)


@dataclass
class AlertRun:
    """What one `alerts_compute` did on one agreement."""

    agreement: Agreement
    live: list[Alert] = field(default_factory=list)  # open and acknowledged, after the run
    opened: list[Alert] = field(default_factory=list)
    resolved: list[Alert] = field(default_factory=list)
    notified: list[Alert] = field(default_factory=list)


# The sentences -------------------------------------------------------------------------------


def _hours(value) -> str:
    return number_format(Decimal(str(value)).normalize(), decimal_pos=None)


def alert_text(alert: Alert) -> str:
    """The alert as one sentence, in the active language."""
    data = alert.data or {}
    match alert.code:
        case AlertCode.UNRELATED_SHARE_HIGH:
            return _(
                "%(percent)s%% of the logged hours (%(unrelated)s h out of %(total)s h) have "
                "nothing to do with the training."
            ) % {
                "percent": data.get("percent", ""),
                "unrelated": _hours(data.get("unrelated_hours", 0)),
                "total": _hours(data.get("total_hours", 0)),
            }
        case AlertCode.REPETITIVE_ROUTINE:
            count = data.get("count", 0)
            return ngettext(
                "The same task was logged %(count)s time over %(weeks)s weeks, such as "
                "“%(example)s”.",
                "The same task was logged %(count)s times over %(weeks)s weeks, such as "
                "“%(example)s”.",
                count,
            ) % {"count": count, "weeks": data.get("weeks", 0), "example": data.get("example", "")}
        case AlertCode.OBJECTIVE_NEGLECTED:
            title = alert.objective.title if alert.objective_id else data.get("objective", "")
            return _("Nothing in the logbook serves the objective “%(objective)s” yet.") % {
                "objective": title
            }
        case AlertCode.LOGBOOK_SILENT:
            if data.get("last_entry"):
                return _("No logbook entry since %(date)s.") % {
                    "date": date_format(dt.date.fromisoformat(data["last_entry"]), "DATE_FORMAT")
                }
            return _("No logbook entry yet; the internship started on %(date)s.") % {
                "date": date_format(dt.date.fromisoformat(data["start"]), "DATE_FORMAT")
            }
    return str(alert.get_code_display())


def _with_text(alerts) -> list[Alert]:
    alerts = list(alerts)
    for alert in alerts:
        alert.text = alert_text(alert)
    return alerts


# The conditions ------------------------------------------------------------------------------


def _unrelated_share(activities) -> _Finding | None:
    total = sum((a.hours for a in activities), Decimal(0))
    if total < UNRELATED_MIN_HOURS:
        return None
    unrelated = [a for a in activities if a.label == UNRELATED]
    hours = sum((a.hours for a in unrelated), Decimal(0))
    share = float(hours / total)
    if share < UNRELATED_SHARE_THRESHOLD:
        return None
    return _Finding(
        code=AlertCode.UNRELATED_SHARE_HIGH,
        objective=None,
        data={
            "percent": math.floor(share * 100),
            "unrelated_hours": str(hours.normalize()),
            "total_hours": str(total.normalize()),
        },
        evidence=frozenset(str(a.pk) for a in unrelated),
    )


def _reviewed_as_objective(activity) -> bool:
    return activity.reviewed_label not in ("", PROGRAM, UNRELATED)


def _routine(activities, repetitive_ids) -> _Finding | None:
    ids = {str(pk) for pk in repetitive_ids}
    routine = [a for a in activities if str(a.pk) in ids and not _reviewed_as_objective(a)]
    weeks = {a.date.isocalendar()[:2] for a in routine}
    if len(weeks) < ROUTINE_MIN_WEEKS:
        return None
    example, _count = Counter(a.text for a in routine).most_common(1)[0]
    return _Finding(
        code=AlertCode.REPETITIVE_ROUTINE,
        objective=None,
        data={
            "count": len(routine),
            "weeks": len(weeks),
            "hours": str(sum((a.hours for a in routine), Decimal(0)).normalize()),
            "example": example,
        },
        evidence=frozenset(str(a.pk) for a in routine),
    )


def neglect_threshold(agreement, objective) -> dt.date:
    """The day from which an objective nothing serves is neglected."""
    third = (
        agreement.start_date + (agreement.end_date - agreement.start_date) * NEGLECT_AFTER_FRACTION
    )
    if objective.target_date and objective.target_date < third:
        return objective.target_date
    return third


def _neglected(agreement, objectives, activities, today) -> list[_Finding]:
    if not activities:
        return []  # an empty logbook is a silent one, not six neglected objectives
    specific = [o for o in objectives if not o.is_main]
    watched = specific or objectives
    served = {a.label for a in activities}
    return [
        _Finding(
            code=AlertCode.OBJECTIVE_NEGLECTED,
            objective=objective,
            data={"objective": objective.title},
            evidence=frozenset(),
        )
        for objective in watched
        if str(objective.pk) not in served and today >= neglect_threshold(agreement, objective)
    ]


def _silent(agreement, activities, today) -> _Finding | None:
    if agreement.status != AgreementStatus.IN_PROGRESS:
        return None
    if today < agreement.start_date + dt.timedelta(days=SILENT_DAYS):
        return None
    last = max((a.date for a in activities if a.date <= today), default=None)
    if last is not None and last > today - dt.timedelta(days=SILENT_DAYS):
        return None
    return _Finding(
        code=AlertCode.LOGBOOK_SILENT,
        objective=None,
        data={
            "last_entry": last.isoformat() if last else None,
            "start": agreement.start_date.isoformat(),
        },
        evidence=frozenset({last.isoformat() if last else ""}),
    )


def _findings(agreement, today) -> list[_Finding]:
    if agreement.status not in LOGGING_STATUSES:
        return []
    output = logbook_analyse(agreement)
    # Reloaded: the analysis has just stored the engine's labels on the entries.
    activities = list(
        agreement.activities.only(
            "pk", "date", "hours", "text", "objective_id", "engine_label", "reviewed_label"
        ).order_by("date", "pk")
    )
    objectives = list(agreement.objectives.all())
    summary = output.get("summary") or {}
    findings = [
        _unrelated_share(activities),
        _routine(activities, summary.get("repetitive_activities") or []),
        *_neglected(agreement, objectives, activities, today),
        _silent(agreement, activities, today),
    ]
    return [finding for finding in findings if finding is not None]


# Computing -----------------------------------------------------------------------------------


def _message(alert: Alert) -> str:
    """The sentence kept on the row, in the site's language (pages render their own)."""
    with translation.override(settings.LANGUAGE_CODE):
        return alert_text(alert)


def _dealt_with(finding: _Finding, resolved: Alert | None) -> bool:
    """Was this resolved by a person on the same evidence?"""
    if resolved is None or not resolved.data.get("resolved_by"):
        return False
    return finding.evidence <= set(resolved.data.get("evidence", []))


def _recipients(agreement, code) -> list:
    people = [agreement.tutor, agreement.referent]
    if code == AlertCode.LOGBOOK_SILENT:
        people.append(agreement.intern)
    return people


def _notify(alert: Alert, *, reminder: bool, now) -> None:
    data = {"alert": alert.code, "reminder": reminder}
    if alert.objective_id:
        data["objective"] = alert.objective.title
    if alert.code == AlertCode.UNRELATED_SHARE_HIGH:
        data["percent"] = alert.data.get("percent")
    notify(
        recipients=_recipients(alert.agreement, alert.code),
        kind="alert",
        agreement=alert.agreement,
        data=data,
    )
    alert.notified_at = now
    alert.save(update_fields=["notified_at", "updated_at"])


def alerts_compute(
    *, agreement: Agreement, today: dt.date | None = None, now: dt.datetime | None = None
) -> AlertRun:
    """Run the alignment watch on one agreement: open, update and resolve its alerts, and
    notify. Idempotent; one transaction. `now`/`today` default to the present (tests and
    catch-up runs pass them)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        # Locked, so two runs at once on the same agreement queue instead of both opening.
        agreement = (
            Agreement.objects.select_for_update(of=("self",))
            .select_related("intern", "tutor", "referent")
            .get(pk=agreement.pk)
        )
        run = AlertRun(agreement=agreement)
        findings = {finding.key: finding for finding in _findings(agreement, today)}
        live = {
            (alert.code, alert.objective_id): alert
            for alert in agreement.alerts.filter(state__in=LIVE_STATES).select_related("objective")
        }
        to_open = [key for key in findings if key not in live]
        last_resolved = {}
        if to_open:
            resolved = agreement.alerts.filter(
                state=AlertState.RESOLVED,
                code__in={code for code, _objective in to_open},
            ).order_by("-resolved_at", "-pk")
            for alert in resolved:
                last_resolved.setdefault((alert.code, alert.objective_id), alert)

        for key, alert in live.items():
            if key in findings:
                continue
            alert.state = AlertState.RESOLVED
            alert.resolved_at = now
            alert.save(update_fields=["state", "resolved_at", "updated_at"])
            run.resolved.append(alert)

        notifying = agreement.status == AgreementStatus.IN_PROGRESS
        for key, finding in findings.items():
            alert = live.get(key)
            is_new = alert is None
            if is_new:
                if _dealt_with(finding, last_resolved.get(key)):
                    continue
                alert = Alert(agreement=agreement, code=finding.code, objective=finding.objective)
            alert.agreement = agreement
            data = {**finding.data, "evidence": sorted(finding.evidence)}
            if is_new or data != alert.data:
                alert.data = data
                alert.message = _message(alert)
                if is_new:
                    alert.full_clean()
                    run.opened.append(alert)
                alert.save()
            run.live.append(alert)
            if not notifying or alert.state != AlertState.OPEN:
                continue
            if alert.notified_at is None or now - alert.notified_at >= RENOTIFY_AFTER:
                _notify(alert, reminder=alert.notified_at is not None, now=now)
                run.notified.append(alert)
    return run


def agreements_to_watch() -> QuerySet[Agreement]:
    """What `compute_alerts` goes through: internships in progress, and the others that
    still have live alerts (they resolve once the internship is over)."""
    with_live = Alert.objects.filter(state__in=LIVE_STATES).values("agreement_id")
    return Agreement.objects.filter(
        Q(status=AgreementStatus.IN_PROGRESS) | Q(pk__in=with_live)
    ).order_by("pk")


# People's decisions --------------------------------------------------------------------------


def _locked(alert: Alert, by) -> Alert:
    locked = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("agreement", "objective")
        .get(pk=alert.pk)
    )
    if not by.has_perm("journal.handle_alert", locked.agreement):
        raise PermissionDenied
    return locked


@transaction.atomic
def alert_acknowledge(*, alert: Alert, by, comment: str) -> Alert:
    """Someone in charge has seen the alert and says what is done about it (or why it is
    fine). It stays live, without reminders, until its condition clears or it is resolved."""
    alert = _locked(alert, by)
    comment = (comment or "").strip()
    if alert.state == AlertState.ACKNOWLEDGED:
        raise ValidationError(_("This alert is already acknowledged."), code="acknowledged")
    if alert.state == AlertState.RESOLVED:
        raise ValidationError(_("This alert is already resolved."), code="resolved")
    if not comment:
        raise ValidationError(
            {"comment": _("Say what is being done about it, or why it is fine.")},
            code="required",
        )
    alert.state = AlertState.ACKNOWLEDGED
    alert.comment = comment
    alert.acknowledged_by = by
    alert.acknowledged_at = timezone.now()
    alert.full_clean()
    alert.save()
    return alert


@transaction.atomic
def alert_resolve(*, alert: Alert, by, comment: str = "") -> Alert:
    """Someone in charge says the alert is dealt with. The watch raises it again only on
    new evidence (see the module's documentation)."""
    alert = _locked(alert, by)
    if alert.state == AlertState.RESOLVED:
        raise ValidationError(_("This alert is already resolved."), code="resolved")
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError(
            {"comment": _("Keep the comment under 2000 characters.")}, code="too_long"
        )
    alert.state = AlertState.RESOLVED
    alert.resolved_at = timezone.now()
    alert.data = {**alert.data, "resolved_by": by.pk, "resolved_by_name": str(by)}
    if comment:
        alert.data["resolved_comment"] = comment
    alert.full_clean()
    alert.save()
    return alert


# Selectors -----------------------------------------------------------------------------------


def _live_first(queryset: QuerySet[Alert]) -> QuerySet[Alert]:
    return queryset.annotate(
        state_rank=Case(
            When(state=AlertState.OPEN, then=Value(0)),
            When(state=AlertState.ACKNOWLEDGED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("state_rank", "-created_at", "-pk")


def alerts_for_agreement(agreement, *, resolved_shown: int = RESOLVED_SHOWN) -> list[Alert]:
    """The agreement's live alerts (open, then acknowledged, newest first), then its most
    recently resolved ones. Each has `text`, its sentence in the active language. Two
    queries."""
    base = Alert.objects.filter(agreement=agreement).select_related("objective", "acknowledged_by")
    live = _live_first(base.filter(state__in=LIVE_STATES))
    resolved = base.filter(state=AlertState.RESOLVED).order_by("-resolved_at", "-pk")
    return _with_text([*live, *resolved[:resolved_shown]])


@dataclass
class PeopleAlerts:
    alerts: list[Alert]  # the first HOME_ALERTS_SHOWN, each with `text`
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.alerts)


def live_alerts_for_people(user, *, shown: int = HOME_ALERTS_SHOWN) -> PeopleAlerts:
    """The live alerts of the agreements `user` follows as tutor, referent or staff of the
    school, open ones first: what the home page shows. Two queries, whatever the data."""
    if not user.is_authenticated:
        return PeopleAlerts(alerts=[], total=0)
    scope = Q(agreement__tutor=user) | Q(agreement__referent=user)
    staff_of = school_ids_for(user, SchoolRole.STAFF)
    if staff_of:
        scope |= Q(agreement__school_id__in=staff_of)
    queryset = Alert.objects.filter(scope, state__in=LIVE_STATES)
    alerts = _live_first(
        queryset.select_related("agreement__intern", "agreement__host", "objective")
    )[:shown]
    alerts = _with_text(alerts)
    total = len(alerts) if len(alerts) < shown else queryset.count()
    return PeopleAlerts(alerts=alerts, total=total)
