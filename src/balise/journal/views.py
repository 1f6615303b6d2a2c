from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balise.agreements.selectors import agreement_for_user
from balise.competencies.selectors import competencies_for_program
from balise.journal import charts, selectors, services
from balise.journal.analysis import aligner_for
from balise.journal.forms import (
    ActivityEditForm,
    ActivityFormSet,
    EndorseForm,
    ExplanationForm,
    MomentForm,
    ReflectionForm,
    ReviewForm,
)
from balise.journal.models import Activity, Moment


def _agreement(user, pk, perm="journal.view_logbook"):
    """The agreement (404 for outsiders) if `user` may `perm` its logbook (403 otherwise)."""
    agreement = agreement_for_user(user, pk)
    if not user.has_perm(perm, agreement):
        raise PermissionDenied
    return agreement


def _activity(user, pk, perm):
    activity = get_object_or_404(Activity.objects.only("pk", "agreement_id"), pk=pk)
    agreement = _agreement(user, activity.agreement_id, perm)
    activity = Activity.objects.select_related("objective").get(pk=pk)
    activity.agreement = agreement
    return activity


def _logbook_context(request, agreement, *, formset=None, reflection_form=None):
    user = request.user
    can_write = user.has_perm("journal.write_logbook", agreement)
    can_review = user.has_perm("journal.review_logbook", agreement)
    objectives = agreement.objectives.all()
    if can_write and formset is None:
        today = timezone.localdate()
        default_day = min(max(today, agreement.start_date), agreement.end_date)
        formset = ActivityFormSet(
            objectives=objectives,
            prefix="rows",
            initial=[{"date": default_day} for _ in range(5)],
        )
    if can_write and reflection_form is None:
        reflection_form = ReflectionForm(initial={"week_of": timezone.localdate()})
    activities = list(selectors.logbook_activities(agreement))
    reflections = [
        reflection
        for reflection in agreement.reflections.all()
        if user.has_perm("journal.view_reflection", reflection)
    ]
    choices = services.label_choices(agreement)
    return {
        "agreement": agreement,
        "weeks": selectors.activities_by_week(activities),
        "names": selectors.label_names(agreement),
        "formset": formset,
        "reflection_form": reflection_form,
        "reflections": reflections,
        "can_write": can_write,
        "can_review": can_review,
        "review_choices": choices,
    }


@require_GET
@login_required
def logbook(request, pk):
    agreement = _agreement(request.user, pk)
    return render(request, "journal/logbook.html", _logbook_context(request, agreement))


@require_POST
@login_required
def activities_add(request, pk):
    agreement = _agreement(request.user, pk, "journal.write_logbook")
    formset = ActivityFormSet(
        request.POST, request.FILES, objectives=agreement.objectives.all(), prefix="rows"
    )
    if formset.is_valid():
        try:
            created = services.activities_log(
                agreement=agreement, by=request.user, rows=formset.rows()
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(count)d entries added to your logbook.") % {"count": len(created)}
            )
            return redirect("journal:logbook", pk=agreement.pk)
    else:
        messages.error(request, _("Some lines need a correction: see below."))
    context = _logbook_context(request, agreement, formset=formset)
    return render(request, "journal/logbook.html", context, status=400)


@require_POST
@login_required
def suggest(request, pk):
    """As she types (htmx): the objective the engine suggests for a line's text. The
    intern's own choice is never replaced."""
    agreement = _agreement(request.user, pk, "journal.write_logbook")
    prefix = request.POST.get("prefix", "")
    if not prefix.startswith("rows-") or not prefix[5:].isdigit():
        raise Http404
    text = request.POST.get(f"{prefix}-text", "").strip()
    chosen = request.POST.get(f"{prefix}-objective", "")
    automatic = request.POST.get(f"{prefix}-auto") == "1"
    suggestion = None
    if len(text) >= 4:
        ranked = aligner_for(agreement).suggest(text, limit=1)
        if ranked and ranked[0][1] > 0:
            suggestion = agreement.objectives.filter(pk=ranked[0][0]).first()
    selected = chosen
    if suggestion is not None and (not chosen or automatic):
        selected = str(suggestion.pk)
    return render(
        request,
        "journal/_objective_select.html",
        {
            "prefix": prefix,
            "objectives": agreement.objectives.all(),
            "selected": selected,
            "suggestion": suggestion,
            "automatic": suggestion is not None
            and selected == str(suggestion.pk)
            and (not chosen or automatic),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request, pk):
    activity = _activity(request.user, pk, "journal.write_logbook")
    agreement = activity.agreement
    form = ActivityEditForm(
        request.POST or None,
        request.FILES or None,
        objectives=agreement.objectives.all(),
        initial={
            "date": activity.date,
            "hours": activity.hours,
            "text": activity.text,
            "objective": activity.objective,
            "evidence_url": activity.evidence_url,
        },
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if not fields.get("evidence_file"):
            fields.pop("evidence_file", None)
        try:
            services.activity_update(activity=activity, by=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Entry saved."))
            return redirect("journal:logbook", pk=agreement.pk)
    return render(
        request,
        "journal/activity_form.html",
        {"form": form, "agreement": agreement, "activity": activity},
    )


@require_POST
@login_required
def activity_delete(request, pk):
    activity = _activity(request.user, pk, "journal.write_logbook")
    services.activity_delete(activity=activity, by=request.user)
    messages.success(request, _("Entry deleted."))
    return redirect("journal:logbook", pk=activity.agreement.pk)


@require_POST
@login_required
def activity_review(request, pk):
    activity = _activity(request.user, pk, "journal.review_logbook")
    form = ReviewForm(request.POST, choices=services.label_choices(activity.agreement))
    if form.is_valid():
        services.activity_review(
            activity=activity, by=request.user, label=form.cleaned_data["label"]
        )
        messages.success(request, _("Your review of the entry is recorded."))
    else:
        messages.error(request, _("Choose what the entry serves."))
    return redirect(f"{_logbook_url(activity)}#activity-{pk}")


def _logbook_url(activity):
    return reverse("journal:logbook", args=[activity.agreement.pk])


@require_POST
@login_required
def activity_explain(request, pk):
    activity = _activity(request.user, pk, "journal.view_logbook")
    if activity.agreement.intern_id != request.user.pk:
        raise PermissionDenied
    form = ExplanationForm(request.POST)
    if form.is_valid():
        services.activity_explain(
            activity=activity, by=request.user, explanation=form.cleaned_data["explanation"]
        )
        messages.success(request, _("Your explanation is recorded."))
    else:
        messages.error(request, _("Write your explanation first."))
    return redirect(f"{_logbook_url(activity)}#activity-{pk}")


@require_POST
@login_required
def reflection_save(request, pk):
    agreement = _agreement(request.user, pk, "journal.write_logbook")
    form = ReflectionForm(request.POST)
    if form.is_valid():
        services.reflection_save(agreement=agreement, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your reflection for the week is saved."))
        return redirect("journal:logbook", pk=agreement.pk)
    context = _logbook_context(request, agreement, reflection_form=form)
    return render(request, "journal/logbook.html", context, status=400)


@require_GET
@login_required
def evidence(request, pk):
    activity = _activity(request.user, pk, "journal.view_logbook")
    if not activity.evidence_file:
        raise Http404
    return FileResponse(
        activity.evidence_file.open("rb"),
        as_attachment=True,
        filename=activity.evidence_file.name.rsplit("/", 1)[-1],
    )


@require_GET
@login_required
def weekly(request, pk):
    agreement = _agreement(request.user, pk)
    activities = list(selectors.logbook_activities(agreement))
    summary = selectors.weekly_hours(agreement, activities)
    return render(
        request,
        "journal/weekly.html",
        {
            "agreement": agreement,
            "summary": summary,
            "hours_svg": charts.weekly_hours_svg(summary) if summary["rows"] else "",
            "share_svg": charts.objective_share_svg(summary) if summary["rows"] else "",
        },
    )


# -- key moments ----------------------------------------------------------------------------------


def _moment(user, pk, perm):
    moment = get_object_or_404(Moment.objects.only("pk", "agreement_id"), pk=pk)
    agreement = _agreement(user, moment.agreement_id, perm)
    moment = Moment.objects.get(pk=pk)
    moment.agreement = agreement
    return moment


def _moments_context(request, agreement, *, form=None, endorse_forms=None):
    user = request.user
    can_record = user.has_perm("journal.record_moment", agreement)
    if can_record and form is None:
        today = timezone.localdate()
        form = MomentForm(
            competencies=competencies_for_program(agreement.program),
            initial={"date": min(max(today, agreement.start_date), agreement.end_date)},
        )
    return {
        "agreement": agreement,
        "moments": selectors.moments_for_path(agreement),
        "form": form if can_record else None,
        "can_record": can_record,
        "can_endorse": user.has_perm("journal.endorse_moment", agreement),
        "endorse_forms": endorse_forms or {},
    }


@require_GET
@login_required
def moments(request, pk):
    agreement = _agreement(request.user, pk, "journal.view_moments")
    return render(request, "journal/moments.html", _moments_context(request, agreement))


@require_POST
@login_required
def moment_add(request, pk):
    agreement = _agreement(request.user, pk, "journal.record_moment")
    form = MomentForm(request.POST, competencies=competencies_for_program(agreement.program))
    if form.is_valid():
        try:
            moment = services.moment_record(
                agreement=agreement, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your key moment is recorded."))
            return redirect(f"{reverse('journal:moments', args=[agreement.pk])}#moment-{moment.pk}")
    context = _moments_context(request, agreement, form=form)
    return render(request, "journal/moments.html", context, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def moment_edit(request, pk):
    moment = _moment(request.user, pk, "journal.record_moment")
    agreement = moment.agreement
    form = MomentForm(
        request.POST or None,
        instance=moment,
        competencies=competencies_for_program(agreement.program),
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        competencies = fields.pop("competencies")
        try:
            services.moment_update(
                moment=moment, by=request.user, competencies=competencies, **fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Key moment saved."))
            return redirect(f"{reverse('journal:moments', args=[agreement.pk])}#moment-{pk}")
    return render(
        request,
        "journal/moment_form.html",
        {"form": form, "agreement": agreement, "moment": moment},
    )


@require_POST
@login_required
def moment_delete(request, pk):
    moment = _moment(request.user, pk, "journal.record_moment")
    services.moment_delete(moment=moment, by=request.user)
    messages.success(request, _("Key moment deleted."))
    return redirect("journal:moments", pk=moment.agreement.pk)


@require_POST
@login_required
def moment_endorse(request, pk):
    moment = _moment(request.user, pk, "journal.endorse_moment")
    agreement = moment.agreement
    form = EndorseForm(request.POST)
    if form.is_valid():
        try:
            services.moment_endorse(
                moment=moment, by=request.user, endorsement=form.cleaned_data["endorsement"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your endorsement is recorded."))
            return redirect(f"{reverse('journal:moments', args=[agreement.pk])}#moment-{pk}")
    context = _moments_context(request, agreement, endorse_forms={moment.pk: form})
    return render(request, "journal/moments.html", context, status=400)
