"""Check-in pages: the list of an agreement's check-ins, the plan, one check-in (prepare, hold,
record, sign off), the person's calendar and its feed. Thin: access through the selectors
(404 outsiders, 403 read-only), one service per write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balise.checkins import selectors, services
from balise.checkins.forms import (
    ActionItemForm,
    AddCheckInForm,
    AdjustmentForm,
    CancelForm,
    CheckInForm,
    FeedbackForm,
    MilestoneReachedForm,
    PlanForm,
    PreparationForm,
)
from balise.checkins.ical import calendar_ics
from balise.checkins.models import (
    ActionItem,
    CheckInPlan,
    CheckInStatus,
    Feedback,
    FeedbackKind,
)

CALENDAR_PAGE_SIZE = 20
CHECKIN_PERMS = (
    "change_checkin",
    "prepare_checkin",
    "hold_checkin",
    "record_checkin",
    "tick_action",
    "sign_checkin",
)


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# The agreement's check-ins ----------------------------------------------------------------------


@require_GET
@login_required
def checkin_list(request, pk):
    agreement = selectors.agreement_with_perm(request.user, pk)
    # A signed or running internship without a plan gets the default one when first seen.
    services.checkin_plan_ensure(agreement=agreement)
    return render(
        request,
        "checkins/list.html",
        {
            "agreement": agreement,
            "checkins": selectors.agreement_checkins(agreement),
            "can_plan": request.user.has_perm("checkins.plan_checkins", agreement),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan(request, pk):
    agreement = selectors.agreement_with_perm(request.user, pk, "checkins.plan_checkins")
    current = CheckInPlan.objects.filter(agreement=agreement).first()
    form = PlanForm(request.POST or None, instance=current or CheckInPlan(agreement=agreement))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.checkin_plan_set(
                agreement=agreement,
                by=request.user,
                cadence_weeks=data["cadence_weeks"],
                weekday=data["weekday"],
                time=data["time"],
                duration=data["duration_minutes"],
                place=data["place"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The check-ins still to come follow the new plan."))
            return redirect("checkins:list", pk=agreement.pk)
    return render(
        request,
        "checkins/plan.html",
        {"agreement": agreement, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def checkin_add(request, pk):
    agreement = selectors.agreement_with_perm(request.user, pk, "checkins.plan_checkins")
    form = AddCheckInForm(request.POST or None)
    if agreement.referent_id == request.user.pk:
        del form.fields["with_referent"]  # the referent's own check-ins are theirs to attend
    if request.method == "POST" and form.is_valid():
        try:
            checkin = services.checkin_add(
                agreement=agreement,
                by=request.user,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                place=form.cleaned_data["place"],
                with_referent=form.cleaned_data.get("with_referent", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The check-in is added; the others are told."))
            return redirect("checkins:detail", pk=checkin.pk)
    return render(
        request,
        "checkins/checkin_form.html",
        {"agreement": agreement, "form": form, "title": _("Add a check-in")},
        status=400 if request.method == "POST" else 200,
    )


# One check-in ----------------------------------------------------------------------------------


def _preparation_form(checkin, user, scope, data=None):
    role = selectors.rater_role(user, checkin.agreement)
    zones, levels = selectors.previous_ratings(checkin, role)
    initial = {}
    if data is None:
        own_zones, own_levels = selectors.own_ratings(checkin, role)
        for pk, rating in own_zones.items():
            initial[f"objective-{pk}"] = rating.zone
            initial[f"objective-{pk}-why"] = rating.justification
        for pk, rating in own_levels.items():
            initial[f"competency-{pk}"] = rating.level
            initial[f"competency-{pk}-why"] = rating.justification
        initial |= {
            "went_well": checkin.intern_went_well,
            "blocked": checkin.intern_blocked,
            "notes": checkin.tutor_notes,
        }
    return PreparationForm(
        data,
        initial=initial,
        scope=scope,
        role=role,
        previous_zones=zones,
        previous_levels=levels,
        prefix="prep",
    )


def _detail_context(request, checkin, **forms) -> dict:
    user = request.user
    agreement = checkin.agreement
    checkin = selectors.masked(checkin, user)
    scope = selectors.rating_scope(agreement)
    can = {name: user.has_perm(f"checkins.{name}", checkin) for name in CHECKIN_PERMS}
    context = {
        "agreement": agreement,
        "checkin": checkin,
        "can": can,
        "role": selectors.rater_role(user, agreement),
        "today": timezone.localdate(),
        "day_reached": timezone.localdate(checkin.starts_at) <= timezone.localdate(),
        "board": selectors.ratings_board(checkin, user, scope=scope),
        "changes": selectors.checkin_changes(checkin),
        "record": selectors.checkin_record(checkin)
        if checkin.status in selectors.HELD_STATUSES
        else None,
    }
    if can["prepare_checkin"]:
        context["preparation_form"] = forms.get("preparation_form") or _preparation_form(
            checkin, user, scope
        )
    if can["record_checkin"]:
        objectives = agreement.objectives.all()
        milestones = selectors.open_milestones(agreement)
        context |= {
            "strength_form": forms.get("strength_form")
            or FeedbackForm(objectives=objectives, prefix=FeedbackKind.STRENGTH),
            "improvement_form": forms.get("improvement_form")
            or FeedbackForm(objectives=objectives, prefix=FeedbackKind.IMPROVEMENT),
            "adjustment_form": forms.get("adjustment_form")
            or AdjustmentForm(objectives=objectives, milestones=milestones, prefix="adjustment"),
            "action_form": forms.get("action_form")
            or ActionItemForm(owners=selectors.action_owners(agreement), prefix="action"),
            "milestone_form": forms.get("milestone_form")
            or MilestoneReachedForm(
                initial={"reached_on": timezone.localdate()},
                milestones=milestones.filter(reached_on__isnull=True),
                prefix="milestone",
            ),
        }
    return context


def _render_detail(request, checkin, status=200, **forms):
    return render(
        request, "checkins/detail.html", _detail_context(request, checkin, **forms), status=status
    )


def _to_detail(checkin, anchor: str = ""):
    url = reverse("checkins:detail", args=[checkin.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
@login_required
def checkin_detail(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk)
    return _render_detail(request, checkin)


@require_GET
@login_required
def ratings(request, pk):
    """The ratings side by side (htmx): polled while the other side has not submitted."""
    checkin = selectors.masked(selectors.checkin_for_user(request.user, pk), request.user)
    return render(
        request,
        "checkins/_ratings.html",
        {
            "checkin": checkin,
            "board": selectors.ratings_board(checkin, request.user),
            "role": selectors.rater_role(request.user, checkin.agreement),
        },
    )


@require_POST
@login_required
def prepare(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.prepare_checkin")
    scope = selectors.rating_scope(checkin.agreement)
    form = _preparation_form(checkin, request.user, scope, data=request.POST)
    if form.is_valid():
        try:
            services.checkin_prepare(
                checkin=checkin,
                by=request.user,
                objectives=form.ratings("objective"),
                competencies=form.ratings("competency"),
                went_well=form.cleaned_data.get("went_well"),
                blocked=form.cleaned_data.get("blocked"),
                notes=form.cleaned_data.get("notes"),
                submit=form.submitting,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if form.submitting:
                messages.success(
                    request,
                    _(
                        "Your preparation is submitted. The ratings show side by side once both of you have submitted."
                    ),
                )
            else:
                messages.success(request, _("Your preparation is saved; submit it when ready."))
            return _to_detail(checkin, "preparation")
    return _render_detail(request, checkin, status=400, preparation_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def move(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.change_checkin")
    local = timezone.localtime(checkin.starts_at)
    form = CheckInForm(
        request.POST or None,
        initial={
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": checkin.duration_minutes,
            "place": checkin.place,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_move(
                checkin=checkin,
                by=request.user,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The check-in is moved; the others are told."))
            return _to_detail(checkin)
    return render(
        request,
        "checkins/checkin_form.html",
        {
            "agreement": checkin.agreement,
            "checkin": checkin,
            "form": form,
            "title": _("Move the check-in"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.change_checkin")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_cancel(
                checkin=checkin, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The check-in is cancelled; the others are told."))
            return redirect("checkins:list", pk=checkin.agreement.pk)
    return render(
        request,
        "checkins/cancel.html",
        {"agreement": checkin.agreement, "checkin": checkin, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def hold(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.hold_checkin")
    try:
        services.checkin_hold(checkin=checkin, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return _to_detail(checkin)
    messages.success(
        request, _("The check-in is held: record the feedback and the next steps, then sign off.")
    )
    return _to_detail(checkin, "record")


@require_POST
@login_required
def feedback_add(request, pk):
    """A strength or an area to improve (`kind`); each has its own form on the page."""
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.record_checkin")
    kind = request.POST.get("kind")
    if kind not in (FeedbackKind.STRENGTH, FeedbackKind.IMPROVEMENT):
        return HttpResponseBadRequest()
    form = FeedbackForm(request.POST, objectives=checkin.agreement.objectives.all(), prefix=kind)
    if form.is_valid():
        try:
            services.feedback_add(
                checkin=checkin,
                by=request.user,
                kind=kind,
                text=form.cleaned_data["text"],
                objective=form.cleaned_data["objective"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return _to_detail(checkin, f"{kind}-list")
    return _render_detail(request, checkin, status=400, **{f"{kind}_form": form})


@require_POST
@login_required
def adjustment_add(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.record_checkin")
    agreement = checkin.agreement
    form = AdjustmentForm(
        request.POST,
        objectives=agreement.objectives.all(),
        milestones=selectors.open_milestones(agreement),
        prefix="adjustment",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.feedback_add(
                checkin=checkin,
                by=request.user,
                kind=FeedbackKind.ADJUSTMENT,
                text=data["text"],
                objective=data["objective"],
                scope=data["scope"],
                milestone=data["milestone"],
                new_due_date=data["new_due_date"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if feedback.amendment_id:
                messages.success(
                    request,
                    _("The adjustment is recorded and an amendment is open for the objective."),
                )
            return _to_detail(checkin, "adjustment-list")
    return _render_detail(request, checkin, status=400, adjustment_form=form)


@require_POST
@login_required
def feedback_delete(request, pk):
    feedback = get_object_or_404(Feedback.objects.select_related("milestone__objective"), pk=pk)
    checkin = selectors.checkin_for_user(
        request.user, feedback.checkin_id, "checkins.record_checkin"
    )
    feedback.checkin = checkin
    services.feedback_delete(feedback=feedback, by=request.user)
    return _to_detail(checkin, "record")


@require_POST
@login_required
def action_add(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.record_checkin")
    form = ActionItemForm(
        request.POST, owners=selectors.action_owners(checkin.agreement), prefix="action"
    )
    if form.is_valid():
        try:
            services.action_item_add(checkin=checkin, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return _to_detail(checkin, "action-list")
    return _render_detail(request, checkin, status=400, action_form=form)


def _action_item(user, pk, perm):
    item = get_object_or_404(ActionItem.objects.select_related("checkin"), pk=pk)
    checkin = selectors.checkin_for_user(user, item.checkin_id, perm)
    item.checkin.agreement = checkin.agreement
    return item, checkin


@require_POST
@login_required
def action_delete(request, pk):
    item, checkin = _action_item(request.user, pk, "checkins.record_checkin")
    services.action_item_delete(item=item, by=request.user)
    return _to_detail(checkin, "action-list")


@require_POST
@login_required
def action_done(request, pk, item):
    """Tick (or, with `undo`, untick) a next step at the check-in `pk`."""
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.tick_action")
    found = get_object_or_404(
        ActionItem.objects.select_related("checkin"), pk=item, agreement=checkin.agreement
    )
    try:
        services.action_item_done(
            item=found, by=request.user, checkin=checkin, done=not request.POST.get("undo")
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return _to_detail(checkin, "changes-actions")


@require_POST
@login_required
def milestone_reached(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.record_checkin")
    form = MilestoneReachedForm(
        request.POST,
        milestones=selectors.open_milestones(checkin.agreement).filter(reached_on__isnull=True),
        prefix="milestone",
    )
    if form.is_valid():
        try:
            services.checkin_milestone_reached(
                checkin=checkin, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The milestone is marked as reached."))
            return _to_detail(checkin, "milestones")
    return _render_detail(request, checkin, status=400, milestone_form=form)


@require_POST
@login_required
def sign(request, pk):
    checkin = selectors.checkin_for_user(request.user, pk, "checkins.sign_checkin")
    try:
        checkin = services.checkin_sign(checkin=checkin, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        if checkin.status == CheckInStatus.SIGNED:
            messages.success(
                request, _("The check-in is signed off by both of you: its record is final.")
            )
        else:
            messages.success(
                request, _("You have signed off the check-in; the other sign-off is awaited.")
            )
    return _to_detail(checkin, "signoff")


# The person's calendar ----------------------------------------------------------------------------


def _feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("checkins:feed", args=[feed.token]))


@require_GET
@login_required
def calendar(request):
    feed = services.calendar_feed_get(user=request.user)
    page = Paginator(selectors.upcoming_for_person(request.user), CALENDAR_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    for checkin in page.object_list:
        checkin.overdue = selectors.is_overdue(checkin, now)
    return render(
        request,
        "checkins/calendar.html",
        {"feed_url": _feed_url(request, feed), "page": page},
    )


@require_POST
@login_required
def calendar_revoke(request):
    services.calendar_feed_revoke(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address: the old one no longer works. Subscribe again with the new one."
        ),
    )
    return redirect("checkins:calendar")


@require_GET
def feed(request, token):
    """The private iCalendar feed: no login (calendar applications cannot log in); the token
    in the address is the secret, and revoking replaces it."""
    found = selectors.calendar_feed_by_token(token)
    body = calendar_ics(found.user, selectors.feed_checkins(found.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="balise.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
