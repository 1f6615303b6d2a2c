"""Read queries for agreement pages, each scoped by school and role in the database."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import (
    ACTIVE_STATUSES,
    Agreement,
    Comment,
    Milestone,
    Objective,
    ObjectiveKind,
    Proposal,
)


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Every agreement `user` may read: as a party, or as staff of its school."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    scope = (
        Q(intern=user)
        | Q(tutor=user)
        | Q(referent=user)
        | Q(signatory=user)
        | Q(school_id__in=school_ids_for(user, SchoolRole.STAFF))
    )
    return Agreement.objects.filter(scope)


def agreement_for_user(user, pk: int, *, write: bool = False) -> Agreement:
    """The agreement if `user` may read it (404 otherwise, never revealing it exists);
    with `write`, 403 for those who may read but not change it."""
    agreement = (
        agreements_visible_to(user)
        .select_related("school", "program", "host", "intern", "tutor", "referent", "signatory")
        .filter(pk=pk)
        .first()
    )
    if agreement is None or not user.has_perm("agreements.view_agreement", agreement):
        raise Http404
    if write and not user.has_perm("agreements.change_agreement", agreement):
        raise PermissionDenied
    return agreement


def agreement_detail(agreement: Agreement) -> Agreement:
    """Load what the agreement page shows, in a fixed number of queries."""
    milestones = Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk"))
    # The main objective leads, whatever its position.
    main_first = Case(When(kind=ObjectiveKind.MAIN, then=Value(0)), default=Value(1))
    objectives = Prefetch(
        "objectives",
        queryset=Objective.objects.prefetch_related("competencies", milestones).order_by(
            main_first, "position", "pk"
        ),
    )
    return (
        Agreement.objects.select_related(
            "school", "program", "host", "intern", "tutor", "referent", "signatory"
        )
        .prefetch_related(
            objectives,
            "missions",
            "consents__user",
            "validations__user",
            Prefetch("proposals", queryset=Proposal.objects.select_related("author", "objective")),
            Prefetch("comments", queryset=Comment.objects.select_related("author", "objective")),
            "versions",
            "amendments",
        )
        .get(pk=agreement.pk)
    )


def agreements_for_home(user, *, role: str | None = None, query: str = "") -> QuerySet[Agreement]:
    """The list on a person's home page, optionally narrowed to one of their roles."""
    queryset = agreements_visible_to(user)
    role_filters = {
        "intern": Q(intern=user),
        "tutor": Q(tutor=user),
        "referent": Q(referent=user),
        "signatory": Q(signatory=user),
        "staff": Q(school_id__in=school_ids_for(user, SchoolRole.STAFF)),
    }
    if role in role_filters:
        queryset = queryset.filter(role_filters[role])
    if query:
        queryset = queryset.filter(
            Q(title__icontains=query)
            | Q(host__name__icontains=query)
            | Q(intern__last_name__icontains=query)
            | Q(intern__first_name__icontains=query)
        )
    return (
        queryset.select_related("program", "host", "intern", "tutor", "referent")
        .annotate(objective_count=Count("objectives", distinct=True))
        .order_by("-start_date", "-pk")
    )


def roles_of(user) -> list[str]:
    """The roles `user` holds anywhere, to label the home page's filters. Two queries."""
    if not user.is_authenticated:
        return []
    as_party = Agreement.objects.filter(
        Q(intern=user) | Q(tutor=user) | Q(referent=user) | Q(signatory=user)
    ).aggregate(
        intern=Count("pk", filter=Q(intern=user)),
        tutor=Count("pk", filter=Q(tutor=user)),
        referent=Count("pk", filter=Q(referent=user)),
        signatory=Count("pk", filter=Q(signatory=user)),
    )
    school_roles = {
        "intern": SchoolRole.INTERN,
        "referent": SchoolRole.REFERENT,
        "staff": SchoolRole.STAFF,
    }
    return [
        role
        for role in ("intern", "tutor", "referent", "signatory", "staff")
        if as_party.get(role) or (role in school_roles and school_ids_for(user, school_roles[role]))
    ]


def _overlapping_active(start: date, end: date, exclude_pk: int | None) -> QuerySet[Agreement]:
    queryset = Agreement.objects.filter(
        status__in=ACTIVE_STATUSES, start_date__lte=end, end_date__gte=start
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset


def supervision_counts(
    *,
    start: date,
    end: date,
    host_id: int | None,
    tutor_id: int | None,
    referent_id: int | None,
    exclude_pk: int | None = None,
) -> dict[str, int | None]:
    """How many other active internships overlap this one at the host, with the tutor and
    with the referent: what the law's quota and capacity rules count. One query.

    Overlapping the period is a slight over-count of "the same week" for long internships;
    it errs on the side of the intern.
    """
    base = _overlapping_active(start, end, exclude_pk)
    counts = base.aggregate(
        host=Count("pk", filter=Q(host_id=host_id)) if host_id else Count("pk", filter=Q(pk=None)),
        tutor=Count("pk", filter=Q(tutor_id=tutor_id))
        if tutor_id
        else Count("pk", filter=Q(pk=None)),
        referent=Count("pk", filter=Q(referent_id=referent_id))
        if referent_id
        else Count("pk", filter=Q(pk=None)),
    )
    return {
        "host": counts["host"] if host_id else None,
        "tutor": counts["tutor"] if tutor_id else None,
        "referent": counts["referent"] if referent_id else None,
    }
