"""Reads for the dashboards: an intern's path, and the interns a person follows.

Both pages map the database to the pure `balise.progress` core and let it compute everything
(progress, expected progress, lateness, competency status, attention). What the core is given:

- A rating given in a **signed-off** check-in is `validated`: it decides when it is the tutor's
  or the referent's (the core never lets the intern's decide).
- A rating of a check-in **not signed off yet** is shown beside the others once both the intern
  and the tutor have submitted (before that each side's ratings are private, see
  `balise.checkins`), with `validated=False`: it never decides.
- Ratings of cancelled check-ins are ignored.
- A rating's date is the day the check-in was held, else the day it was planned for.

A competency's evidence: the logbook entries serving an objective that lists it (as people
labelled them: the tutor's review, else the intern's choice), the signed-off check-ins where
the tutor or the referent rated it above the first level, and the key moments that show it.
A rating at the first level is not evidence: it is the framework's floor, what a tutor gives
every competency not worked on yet, and counting it would make every rated competency "in
progress" (see `balise.progress.competencies`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from balise import progress
from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import Agreement, AgreementStatus, Milestone, Objective
from balise.checkins.models import (
    DEFAULT_TARGET_LEVEL,
    ActionItem,
    CheckIn,
    CheckInStatus,
    CompetencyRating,
    CompetencyTarget,
    Feedback,
    FeedbackKind,
    ObjectiveRating,
    ObjectiveZone,
    RaterRole,
)
from balise.checkins.selectors import HELD_STATUSES, ROLES
from balise.journal.models import Activity, Alert, AlertState
from balise.journal.selectors import moments_for_path
from balise.progress.ratings import latest_by

# The internships on a tutor's or a referent's list; staff see those in progress.
FOLLOWED_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_PROGRESS,
    AgreementStatus.COMPLETED,
)
STAFF_STATUSES = (AgreementStatus.IN_PROGRESS,)
# How many pieces of evidence a competency lists (the newest); the count says the rest.
EVIDENCE_SHOWN = 5
FLOOR_LEVEL = 1


def shown_checkins(prefix: str = "") -> Q:
    """Check-ins whose ratings everyone reading the path may see (see the module doc)."""
    return Q(**{f"{prefix}status": CheckInStatus.SIGNED}) | Q(
        **{
            f"{prefix}status__in": (CheckInStatus.SCHEDULED, CheckInStatus.HELD),
            f"{prefix}intern_submitted_at__isnull": False,
            f"{prefix}tutor_submitted_at__isnull": False,
        }
    )


def checkin_day(held_at: dt.datetime | None, starts_at: dt.datetime) -> dt.date:
    return timezone.localdate(held_at or starts_at)


def _objective_rating(row, checkin: CheckIn) -> progress.ObjectiveRating:
    return progress.ObjectiveRating(
        on=checkin_day(checkin.held_at, checkin.starts_at),
        zone=row.zone,
        by_role=row.role,
        validated=checkin.status == CheckInStatus.SIGNED,
    )


def _objective_input(objective: Objective, ratings) -> progress.ObjectiveInput:
    return progress.ObjectiveInput(
        id=objective.pk,
        target_date=objective.target_date,
        milestones=[
            progress.Milestone(due=m.due_date, reached_on=m.reached_on)
            for m in objective.milestones.all()
        ],
        ratings=ratings,
        weight=objective.weight,
    )


# ---------------------------------------------------------------------------------------------
# The path page
# ---------------------------------------------------------------------------------------------


@dataclass
class MilestoneRow:
    milestone: Milestone
    reached: bool
    overdue: bool


@dataclass
class RoleRating:
    role_label: str
    value_label: str  # the zone or the level, in words
    on: dt.date | None
    signed_off: bool


@dataclass
class ObjectiveRow:
    objective: Objective
    result: progress.ObjectiveProgress
    milestones: list[MilestoneRow]
    ratings: list[RoleRating]  # intern, tutor, referent: side by side, never averaged
    late_reasons: list[str]
    basis: str

    @property
    def percent(self) -> int:
        return round(self.result.progress * 100)

    @property
    def expected_percent(self) -> int:
        return round(self.result.expected * 100)


@dataclass
class EvidenceLink:
    kind: str  # activity, checkin, moment
    on: dt.date
    text: str
    url: str


@dataclass
class CompetencyRow:
    competency: object
    status: progress.CompetencyStatus
    evidence: list[EvidenceLink]  # newest first, at most EVIDENCE_SHOWN
    evidence_total: int
    # Set by the view from balise.dashboards.charts: the chart and its table.
    svg: str = ""
    history: list = field(default_factory=list)

    @property
    def level_text(self) -> str:
        """The framework's descriptor of the deciding level, when the framework has one."""
        if self.status.level is None:
            return ""
        labels = self.competency.level_labels()
        return labels[self.status.level - 1] if len(labels) >= self.status.level else ""


@dataclass
class StatusGroup:
    status: progress.Status
    title: str
    help: str
    rows: list[CompetencyRow]


@dataclass
class TimelineItem:
    on: dt.date
    kind: str  # start, milestone, checkin, today, end
    past: bool
    milestone: MilestoneRow | None = None
    checkin: CheckIn | None = None
    feedback: list[tuple[str, list[Feedback]]] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)


# Same day: the start first, the end last, today after what happened that day.
_TIMELINE_ORDER = {"start": 0, "milestone": 1, "checkin": 2, "today": 3, "end": 4}


@dataclass
class PathPage:
    agreement: Agreement
    today: dt.date
    overall: progress.OverallProgress
    objectives: list[ObjectiveRow]  # the main objective first
    timeline: list[TimelineItem]
    groups: list[StatusGroup]  # acquired, in progress, to explore
    moments: list  # key moments (journal.Moment), oldest first

    @property
    def overall_percent(self) -> int:
        return round(self.overall.progress * 100)

    @property
    def overall_expected_percent(self) -> int:
        return round(self.overall.expected * 100)

    @property
    def started(self) -> bool:
        return self.today >= self.agreement.start_date


def late_reason_texts(result: progress.ObjectiveProgress) -> list[str]:
    texts = []
    for reason in result.reasons:
        if reason is progress.LateReason.BEHIND_SCHEDULE:
            texts.append(
                _("Behind schedule: %(done)d %% done where %(expected)d %% was expected by now.")
                % {"done": round(result.progress * 100), "expected": round(result.expected * 100)}
            )
        elif reason is progress.LateReason.MILESTONE_OVERDUE:
            texts.append(
                ngettext(
                    "%(count)d milestone is past its due date and not reached.",
                    "%(count)d milestones are past their due date and not reached.",
                    result.milestones_late,
                )
                % {"count": result.milestones_late}
            )
        elif reason is progress.LateReason.TARGET_DATE_PASSED:
            texts.append(
                _("The target date, %(date)s, has passed and the objective is not reached.")
                % {"date": date_format(result.window[1], "DATE_FORMAT")}
            )
    return texts


def basis_text(result: progress.ObjectiveProgress) -> str:
    basis = result.basis
    if basis is progress.Basis.MILESTONES:
        return ngettext(
            "Measured by the milestones: %(reached)d of %(total)d reached.",
            "Measured by the milestones: %(reached)d of %(total)d reached.",
            result.milestones_total,
        ) % {"reached": result.milestones_reached, "total": result.milestones_total}
    if basis is progress.Basis.RATING:
        return _("Measured by the latest rating signed off by the tutor or the referent.")
    if basis is progress.Basis.MILESTONES_AND_RATING:
        return _(
            "Measured by the milestones (%(reached)d of %(total)d reached), within the bounds "
            "of the latest rating signed off by the tutor or the referent."
        ) % {"reached": result.milestones_reached, "total": result.milestones_total}
    return _("Nothing to measure yet: no milestone reached and no signed-off rating.")


def _role_ratings(ratings, value_label) -> list[RoleRating]:
    shown = []
    for role in ROLES:
        rating = latest_by(ratings, role)
        shown.append(
            RoleRating(
                role_label=str(role.label),
                value_label=value_label(rating) if rating is not None else "",
                on=rating.on if rating is not None else None,
                signed_off=rating is not None and rating.validated,
            )
        )
    return shown


STATUS_TEXTS = {
    progress.Status.ACQUIRED: (
        gettext_lazy("Acquired"),
        gettext_lazy(
            "The latest level signed off by the tutor or the referent reaches the target."
        ),
    ),
    progress.Status.IN_PROGRESS: (
        gettext_lazy("In progress"),
        gettext_lazy("Practised, and rated below the target in a signed-off check-in."),
    ),
    progress.Status.TO_EXPLORE: (
        gettext_lazy("To explore"),
        gettext_lazy(
            "Not rated in a signed-off check-in yet, or rated at the first level with no evidence."
        ),
    ),
}


def path_page(agreement: Agreement, *, today: dt.date | None = None) -> PathPage:
    """Everything the path page shows, in thirteen queries whatever the data."""
    today = today or timezone.localdate()
    objectives = list(
        Objective.objects.filter(agreement=agreement)
        .prefetch_related("competencies", "milestones")
        .order_by("position", "pk")
    )
    objectives.sort(key=lambda o: not o.is_main)  # stable: the main one first

    checkins = list(
        CheckIn.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch(
                "feedback", queryset=Feedback.objects.select_related("objective", "milestone")
            ),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        )
        .order_by("starts_at", "pk")
    )
    checkin_by_id = {c.pk: c for c in checkins}

    objective_ratings: dict[int, list[progress.ObjectiveRating]] = defaultdict(list)
    for row in (
        ObjectiveRating.objects.filter(checkin__agreement=agreement)
        .filter(shown_checkins("checkin__"))
        .only("objective_id", "checkin_id", "zone", "role")
        .order_by("checkin__starts_at", "checkin_id", "pk")
    ):
        objective_ratings[row.objective_id].append(
            _objective_rating(row, checkin_by_id[row.checkin_id])
        )

    objective_rows = []
    results = []
    for objective in objectives:
        ratings = objective_ratings.get(objective.pk, [])
        result = progress.objective_progress(
            _objective_input(objective, ratings),
            today=today,
            internship_start=agreement.start_date,
            internship_end=agreement.end_date,
        )
        results.append(result)
        objective_rows.append(
            ObjectiveRow(
                objective=objective,
                result=result,
                milestones=[_milestone_row(m, today) for m in objective.milestones.all()],
                ratings=_role_ratings(
                    ratings, lambda rating: str(ObjectiveZone(int(rating.zone)).label)
                ),
                late_reasons=late_reason_texts(result),
                basis=basis_text(result),
            )
        )

    moments = moments_for_path(agreement)
    return PathPage(
        agreement=agreement,
        today=today,
        overall=progress.overall_progress(results),
        objectives=objective_rows,
        timeline=_timeline(agreement, objective_rows, checkins, today),
        groups=_competency_groups(agreement, objectives, checkin_by_id, moments, today),
        moments=moments,
    )


def _milestone_row(milestone: Milestone, today: dt.date) -> MilestoneRow:
    dated = progress.Milestone(due=milestone.due_date, reached_on=milestone.reached_on)
    return MilestoneRow(
        milestone=milestone, reached=dated.reached(today), overdue=dated.overdue(today)
    )


def _timeline(agreement, objective_rows, checkins, today) -> list[TimelineItem]:
    items = [
        TimelineItem(on=agreement.start_date, kind="start", past=agreement.start_date <= today),
        TimelineItem(on=agreement.end_date, kind="end", past=agreement.end_date < today),
        TimelineItem(on=today, kind="today", past=False),
    ]
    for row in objective_rows:
        for milestone in row.milestones:
            items.append(
                TimelineItem(
                    on=milestone.milestone.due_date,
                    kind="milestone",
                    past=milestone.milestone.due_date < today,
                    milestone=milestone,
                )
            )
    feedback_titles = [
        (FeedbackKind.STRENGTH, _("Strengths")),
        (FeedbackKind.IMPROVEMENT, _("Areas to improve")),
        (FeedbackKind.ADJUSTMENT, _("Adjustments")),
    ]
    for checkin in checkins:
        day = checkin_day(checkin.held_at, checkin.starts_at)
        item = TimelineItem(on=day, kind="checkin", past=day < today, checkin=checkin)
        if checkin.status in HELD_STATUSES:
            feedback = list(checkin.feedback.all())
            item.feedback = [
                (title, [f for f in feedback if f.kind == kind])
                for kind, title in feedback_titles
                if any(f.kind == kind for f in feedback)
            ]
            item.actions = sorted(checkin.action_items.all(), key=lambda a: (a.due_date, a.pk))
        items.append(item)
    items.sort(key=lambda item: (item.on, _TIMELINE_ORDER[item.kind]))
    return items


def _evidence_url(agreement, evidence: progress.Evidence) -> str:
    kind, _sep, pk = evidence.ref.partition(":")
    if kind == "activity":
        return reverse("journal:logbook", args=[agreement.pk]) + f"#activity-{pk}"
    return f"#{kind}-{pk}"  # check-ins and key moments are on the path page itself


def _competency_groups(agreement, objectives, checkin_by_id, moments, today):
    competencies = {}
    objectives_of: dict[int, set[int]] = defaultdict(set)
    for objective in objectives:
        for competency in objective.competencies.all():
            competencies[competency.pk] = competency
            objectives_of[competency.pk].add(objective.pk)

    targets = {}
    for target in CompetencyTarget.objects.filter(agreement=agreement).select_related("competency"):
        competencies.setdefault(target.competency_id, target.competency)
        targets[target.competency_id] = target.level

    ratings: dict[int, list[progress.CompetencyRating]] = defaultdict(list)
    evidence: dict[int, list[progress.Evidence]] = defaultdict(list)
    rated_in: dict[int, set[int]] = defaultdict(set)
    for row in (
        CompetencyRating.objects.filter(checkin__agreement=agreement)
        .filter(shown_checkins("checkin__"))
        .select_related("competency")
        .order_by("checkin__starts_at", "checkin_id", "pk")
    ):
        checkin = checkin_by_id[row.checkin_id]
        competencies.setdefault(row.competency_id, row.competency)
        day = checkin_day(checkin.held_at, checkin.starts_at)
        rating = progress.CompetencyRating(
            on=day,
            level=row.level,
            by_role=row.role,
            validated=checkin.status == CheckInStatus.SIGNED,
        )
        ratings[row.competency_id].append(rating)
        if (
            rating.decides
            and rating.level > FLOOR_LEVEL
            and checkin.pk not in rated_in[row.competency_id]
        ):
            rated_in[row.competency_id].add(checkin.pk)
            evidence[row.competency_id].append(
                progress.Evidence(kind="checkin", ref=f"checkin:{checkin.pk}", on=day)
            )

    # Logbook entries serve an objective when a person said so: the tutor's review, else the
    # intern's choice (the engine's guess alone is not evidence).
    objective_ids = [objective.pk for objective in objectives]
    objective_keys = [str(pk) for pk in objective_ids]
    activities = (
        Activity.objects.filter(agreement=agreement)
        .filter(
            Q(reviewed_label__in=objective_keys)
            | Q(reviewed_label="", objective_id__in=objective_ids)
        )
        .only("pk", "date", "text", "objective_id", "reviewed_label")
        .order_by("date", "pk")
    )
    competencies_of: dict[int, list[int]] = defaultdict(list)
    for competency_id, objective_ids in objectives_of.items():
        for objective_id in objective_ids:
            competencies_of[objective_id].append(competency_id)
    for activity in activities:
        objective_id = int(activity.reviewed_label or activity.objective_id)
        for competency_id in competencies_of.get(objective_id, ()):
            evidence[competency_id].append(
                progress.Evidence(
                    kind="activity",
                    ref=f"activity:{activity.pk}",
                    on=activity.date,
                    label=activity.text,
                )
            )

    # Key moments show the competencies the intern ticked, endorsed or not yet.
    for moment in moments:
        for competency in moment.competencies.all():
            competencies.setdefault(competency.pk, competency)
            evidence[competency.pk].append(
                progress.Evidence(
                    kind="moment", ref=f"moment:{moment.pk}", on=moment.date, label=moment.title
                )
            )

    groups = {
        status: StatusGroup(status=status, title=str(title), help=str(help_text), rows=[])
        for status, (title, help_text) in STATUS_TEXTS.items()
    }
    ordered = sorted(
        competencies.values(), key=lambda c: (c.framework_id, c.position, c.code, c.pk)
    )
    for competency in ordered:
        status = progress.competency_status(
            ratings.get(competency.pk, []),
            target_level=targets.get(competency.pk, DEFAULT_TARGET_LEVEL),
            evidence=evidence.get(competency.pk, []),
            as_of=today,
        )
        newest = list(reversed(status.evidence))
        groups[status.status].rows.append(
            CompetencyRow(
                competency=competency,
                status=status,
                evidence=[
                    EvidenceLink(
                        kind=item.kind,
                        on=item.on,
                        text=item.label,
                        url=_evidence_url(agreement, item),
                    )
                    for item in newest[:EVIDENCE_SHOWN]
                ],
                evidence_total=len(newest),
            )
        )
    return list(groups.values())


# ---------------------------------------------------------------------------------------------
# The "my interns" page
# ---------------------------------------------------------------------------------------------


def followed_agreements(user) -> QuerySet[Agreement]:
    """The internships `user` follows: as tutor or referent (signed, in progress, completed),
    and as staff of a school (in progress)."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    scope = Q(Q(tutor=user) | Q(referent=user), status__in=FOLLOWED_STATUSES)
    staff_of = school_ids_for(user, SchoolRole.STAFF)
    if staff_of:
        scope |= Q(school_id__in=staff_of, status__in=STAFF_STATUSES)
    return Agreement.objects.filter(scope)


@dataclass
class InternRow:
    agreement_id: int
    intern_name: str
    overall: progress.OverallProgress
    attention: progress.Attention
    late_objectives: list[str]  # titles
    last_checkin: dt.date | None
    next_checkin: dt.datetime | None
    next_checkin_overdue: bool
    overdue_actions: int
    open_alerts: int
    agreement: Agreement | None = None  # loaded for the rows of the page shown

    @property
    def percent(self) -> int:
        return round(self.overall.progress * 100)

    @property
    def expected_percent(self) -> int:
        return round(self.overall.expected * 100)


def followed_interns(user, *, now: dt.datetime | None = None) -> list[InternRow]:
    """Every internship `user` follows, what needs attention first (`balise.progress.attention`,
    then the intern's name). Seven queries whatever the number of internships; nothing here
    builds model instances, so that a school's whole list stays light. `with_agreements` then
    loads what the page shows for the rows of one page."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    scope = followed_agreements(user)
    agreements = list(
        scope.values(
            "pk", "start_date", "end_date", "intern__first_name", "intern__last_name"
        ).order_by()
    )
    if not agreements:
        return []
    ids = scope.values("pk")

    objectives: dict[int, list[dict]] = defaultdict(list)
    for row in (
        Objective.objects.filter(agreement__in=ids)
        .values("pk", "agreement_id", "title", "target_date", "weight")
        .order_by("position", "pk")
    ):
        objectives[row["agreement_id"]].append(row)

    milestones: dict[int, list[progress.Milestone]] = defaultdict(list)
    for objective_id, due, reached_on in Milestone.objects.filter(
        objective__agreement__in=ids
    ).values_list("objective_id", "due_date", "reached_on"):
        milestones[objective_id].append(progress.Milestone(due=due, reached_on=reached_on))

    # Only signed-off ratings by the tutor or the referent move progress: the others are
    # never deciding, and this page shows nothing else of them.
    ratings: dict[int, list[progress.ObjectiveRating]] = defaultdict(list)
    for objective_id, zone, role, held_at, starts_at in (
        ObjectiveRating.objects.filter(
            objective__agreement__in=ids,
            checkin__status=CheckInStatus.SIGNED,
            role__in=(RaterRole.TUTOR, RaterRole.REFERENT),
        )
        .order_by("checkin__starts_at", "checkin_id", "pk")
        .values_list("objective_id", "zone", "role", "checkin__held_at", "checkin__starts_at")
    ):
        ratings[objective_id].append(
            progress.ObjectiveRating(
                on=checkin_day(held_at, starts_at), zone=zone, by_role=role, validated=True
            )
        )

    checkin_facts = {
        row["agreement_id"]: row
        for row in CheckIn.objects.filter(agreement__in=ids)
        .values("agreement_id")
        .annotate(
            last=Max(Coalesce("held_at", "starts_at"), filter=Q(status__in=HELD_STATUSES)),
            next=Min("starts_at", filter=Q(status=CheckInStatus.SCHEDULED)),
        )
        .order_by()
    }
    overdue_actions = dict(
        ActionItem.objects.filter(agreement__in=ids, done_at__isnull=True, due_date__lt=today)
        .values("agreement_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("agreement_id", "count")
    )
    open_alerts = dict(
        Alert.objects.filter(agreement__in=ids, state=AlertState.OPEN)
        .values("agreement_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("agreement_id", "count")
    )

    rows = []
    for agreement in agreements:
        pk = agreement["pk"]
        start, end = agreement["start_date"], agreement["end_date"]
        results = [
            progress.objective_progress(
                progress.ObjectiveInput(
                    id=objective["pk"],
                    target_date=objective["target_date"],
                    milestones=milestones.get(objective["pk"], ()),
                    ratings=ratings.get(objective["pk"], ()),
                    weight=objective["weight"],
                ),
                today=today,
                internship_start=start,
                internship_end=end,
            )
            for objective in objectives.get(pk, ())
        ]
        overall = progress.overall_progress(results)
        titles = {objective["pk"]: objective["title"] for objective in objectives.get(pk, ())}
        facts = checkin_facts.get(pk, {})
        last = timezone.localdate(facts["last"]) if facts.get("last") else None
        upcoming = facts.get("next")
        # Silence counts while the internship runs; before or after, there is nothing to chase.
        silence = (today - (last or start)).days if start <= today <= end else None
        rows.append(
            InternRow(
                agreement_id=pk,
                intern_name=f"{agreement['intern__first_name']} {agreement['intern__last_name']}",
                overall=overall,
                attention=progress.attention(
                    open_alerts=open_alerts.get(pk, 0),
                    late_objectives=len(overall.late_objectives),
                    overdue_actions=overdue_actions.get(pk, 0),
                    days_since_last_checkin=silence,
                ),
                late_objectives=[titles[late] for late in overall.late_objectives],
                last_checkin=last,
                next_checkin=upcoming,
                next_checkin_overdue=upcoming is not None and upcoming < now,
                overdue_actions=overdue_actions.get(pk, 0),
                open_alerts=open_alerts.get(pk, 0),
            )
        )
    rows.sort(
        key=lambda row: (row.attention.sort_key, row.intern_name.casefold(), row.agreement_id)
    )
    return rows


def with_agreements(rows: list[InternRow]) -> list[InternRow]:
    """Load what the page shows (names, host, programme) for `rows`: one query."""
    agreements = Agreement.objects.select_related(
        "intern", "tutor", "referent", "host", "program"
    ).in_bulk([row.agreement_id for row in rows])
    for row in rows:
        row.agreement = agreements[row.agreement_id]
    return rows
