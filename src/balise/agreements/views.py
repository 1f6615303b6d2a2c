from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balise import law
from balise.accounts.models import User
from balise.accounts.services import person_get_or_invite
from balise.agreements import selectors, services
from balise.agreements.checks import LAW_FIELDS, agreement_law_report, law_input, objective_inputs
from balise.agreements.findings import FINDING_SLOTS, findings_by_field
from balise.agreements.forms import AgreementForm, MilestoneForm, MissionForm, ObjectiveForm
from balise.agreements.models import Milestone, Mission, Objective
from balise.competencies.selectors import competencies_for_program
from balise.organizations.models import Program
from balise.organizations.selectors import programs_for_new_agreement

HOME_PAGE_SIZE = 20


@require_GET
@login_required
def home(request):
    roles = selectors.roles_of(request.user)
    role = request.GET.get("role", "")
    query = request.GET.get("q", "").strip()
    agreements = selectors.agreements_for_home(
        request.user, role=role if role in roles else None, query=query
    )
    page = Paginator(agreements, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/home.html",
        {
            "page": page,
            "roles": roles,
            "role": role,
            "query": query,
            "can_create": request.user.has_perm("agreements.add_agreement"),
        },
    )


def _form_people(form, agreement=None) -> dict:
    """Turn the form's people fields into service arguments."""
    data = form.cleaned_data
    people = {"referent": data.get("referent")}
    for role in ("tutor", "signatory"):
        email = data.get(f"{role}_email")
        people[role] = (
            person_get_or_invite(
                email=email,
                first_name=data.get(f"{role}_first_name", ""),
                last_name=data.get(f"{role}_last_name", ""),
            )
            if email
            else None
        )
    return people


def _model_fields(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in form.Meta.fields
        if name not in {"program", "host"}
    }


@require_http_methods(["GET", "POST"])
@login_required
def agreement_create(request):
    if not request.user.has_perm("agreements.add_agreement"):
        raise PermissionDenied
    programs = programs_for_new_agreement(request.user)
    initial = {"host": request.GET["host"]} if request.GET.get("host", "").isdigit() else {}
    form = AgreementForm(
        request.POST or None, user=request.user, programs=programs, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        intern = form.cleaned_data.get("intern") or request.user
        try:
            agreement = services.agreement_create(
                by=request.user,
                intern=intern,
                program=form.cleaned_data["program"],
                host=form.cleaned_data["host"],
                **_model_fields(form),
                **_form_people(form),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Draft agreement created. Now write its objectives and missions.")
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "agreement": None, "slots": _slots_from_form(form, None)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, write=True)
    programs = _programs_for(agreement)
    form = AgreementForm(
        request.POST or None, instance=agreement, user=request.user, programs=programs
    )
    if request.method == "POST" and form.is_valid():
        fields = _model_fields(form)
        fields.update(_form_people(form, agreement))
        fields["program"] = form.cleaned_data["program"]
        fields["host"] = form.cleaned_data["host"]
        if form.cleaned_data.get("intern"):
            fields["intern"] = form.cleaned_data["intern"]
        try:
            services.agreement_update(agreement=agreement, by=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "agreement": agreement, "slots": _slots_from_form(form, agreement)},
    )


def _programs_for(agreement):
    """An agreement stays in its school: its programme may change within that school."""
    return Program.objects.filter(school_id=agreement.school_id).select_related("school")


def _slots_from_form(form, agreement) -> dict:
    """Findings for each field of the form, from what it holds now (bound or initial)."""
    report = _report_from_form(form, agreement)
    if report is None:
        return {}
    return findings_by_field(report, get_language())


def _report_from_form(form, agreement):
    """Run the law engine on the form's current values, even if the form is incomplete."""
    values = {}
    for name in LAW_FIELDS:
        if name not in form.fields:
            values[name] = getattr(agreement, name, None) if agreement else None
            continue
        field = form.fields[name]
        raw = form[name].value()
        try:
            values[name] = field.clean(raw)
        except ValidationError:
            values[name] = getattr(agreement, name, None) if agreement else None
    if values.get("start_date") is None or values.get("end_date") is None:
        return None
    if values.get("weekly_hours") is None:
        return None
    values["working_days"] = values.get("working_days") or []
    people = {}
    for name in ("program", "host", "referent"):
        raw = form[name].value() if name in form.fields else None
        try:
            people[name] = form.fields[name].clean(raw) if raw else None
        except ValidationError:
            people[name] = None
    tutor = None
    if agreement is not None:
        tutor = agreement.tutor
    email = (form["tutor_email"].value() or "").strip()
    if email:
        tutor = User.objects.filter(email__iexact=email).first() or _Named(email)
    intern = agreement.intern if agreement else form.user
    objectives = objective_inputs(agreement) if agreement else []
    missions = [m.description for m in agreement.missions.all()] if agreement else []
    data = law_input(
        fields=values,
        program=people["program"],
        host=people["host"],
        intern=intern,
        tutor=tutor,
        referent=people["referent"],
        objectives=objectives,
        missions=missions,
        exclude_pk=agreement.pk if agreement else None,
    )
    try:
        return law.check(data)
    except law.InputError:
        return None


class _Named:
    """A tutor typed in the form who has no account yet: nothing ongoing."""

    pk = None

    def __init__(self, email):
        self.email = email

    def __str__(self):
        return self.email


@require_POST
@login_required
def agreement_check(request, pk=None):
    """Live check (htmx): the findings for the form as it is being typed."""
    if pk is None:
        if not request.user.has_perm("agreements.add_agreement"):
            raise PermissionDenied
        agreement, programs = None, programs_for_new_agreement(request.user)
    else:
        agreement = selectors.agreement_for_user(request.user, pk, write=True)
        programs = _programs_for(agreement)
    form = AgreementForm(request.POST, instance=agreement, user=request.user, programs=programs)
    return render(
        request,
        "agreements/_findings_oob.html",
        {"slots": _slots_from_form(form, agreement), "slot_names": FINDING_SLOTS},
    )


@require_GET
@login_required
def agreement_detail(request, pk):
    agreement = selectors.agreement_detail(selectors.agreement_for_user(request.user, pk))
    can_change = request.user.has_perm("agreements.change_agreement", agreement)
    report = agreement_law_report(agreement)
    competencies = competencies_for_program(agreement.program)
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "report": report,
            "findings": findings_by_field(report, get_language()),
            "all_findings": [
                finding
                for group in findings_by_field(report, get_language()).values()
                for finding in group
            ],
            "can_change": can_change,
            "can_submit": request.user.has_perm("agreements.submit_agreement", agreement),
            "objective_form": ObjectiveForm(competencies=competencies, prefix="new")
            if can_change
            else None,
            "mission_form": MissionForm(prefix="mission") if can_change else None,
            "milestone_form": MilestoneForm(prefix="milestone") if can_change else None,
        },
    )


@require_POST
@login_required
def agreement_submit(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk)
    if not request.user.has_perm("agreements.submit_agreement", agreement):
        raise PermissionDenied
    try:
        services.agreement_submit_for_negotiation(agreement=agreement, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The agreement is now open for negotiation."))
    return redirect("agreements:detail", pk=agreement.pk)


@require_POST
@login_required
def objective_create(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, write=True)
    form = ObjectiveForm(
        request.POST, competencies=competencies_for_program(agreement.program), prefix="new"
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.objective_create(agreement=agreement, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Objective added."))
            return redirect(f"{agreement.get_absolute_url()}#objectives")
    return render(
        request,
        "agreements/objective_form.html",
        {"form": form, "agreement": agreement, "objective": None},
        status=400 if request.method == "POST" else 200,
    )


def _objective_for_user(user, pk, *, write=False) -> Objective:
    objective = get_object_or_404(Objective.objects.only("pk", "agreement_id"), pk=pk)
    agreement = selectors.agreement_for_user(user, objective.agreement_id, write=write)
    objective = Objective.objects.get(pk=pk)
    objective.agreement = agreement
    return objective


@require_http_methods(["GET", "POST"])
@login_required
def objective_edit(request, pk):
    objective = _objective_for_user(request.user, pk, write=True)
    agreement = objective.agreement
    form = ObjectiveForm(
        request.POST or None,
        instance=objective,
        competencies=competencies_for_program(agreement.program),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        competencies = data.pop("competencies")
        try:
            services.objective_update(
                objective=objective, by=request.user, competencies=competencies, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Objective saved."))
            return redirect(f"{agreement.get_absolute_url()}#objective-{objective.pk}")
    return render(
        request,
        "agreements/objective_form.html",
        {"form": form, "agreement": agreement, "objective": objective},
    )


@require_POST
@login_required
def objective_delete(request, pk):
    objective = _objective_for_user(request.user, pk, write=True)
    services.objective_delete(objective=objective, by=request.user)
    messages.success(request, _("Objective deleted."))
    return redirect(f"{objective.agreement.get_absolute_url()}#objectives")


@require_POST
@login_required
def objective_move(request, pk):
    objective = _objective_for_user(request.user, pk, write=True)
    try:
        services.objective_move(
            objective=objective, by=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{objective.agreement.get_absolute_url()}#objective-{objective.pk}")


@require_POST
@login_required
def milestone_create(request, pk):
    objective = _objective_for_user(request.user, pk, write=True)
    form = MilestoneForm(request.POST, prefix="milestone")
    if form.is_valid():
        services.milestone_create(
            objective=objective,
            by=request.user,
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
        )
        messages.success(request, _("Milestone added."))
        return redirect(f"{objective.agreement.get_absolute_url()}#objective-{objective.pk}")
    return render(
        request,
        "agreements/milestone_form.html",
        {"form": form, "agreement": objective.agreement, "objective": objective, "milestone": None},
        status=400,
    )


def _milestone_for_user(user, pk, *, write=False) -> Milestone:
    milestone = get_object_or_404(Milestone.objects.select_related("objective"), pk=pk)
    milestone.objective.agreement = selectors.agreement_for_user(
        user, milestone.objective.agreement_id, write=write
    )
    return milestone


@require_http_methods(["GET", "POST"])
@login_required
def milestone_edit(request, pk):
    milestone = _milestone_for_user(request.user, pk, write=True)
    agreement = milestone.objective.agreement
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_update(milestone=milestone, by=request.user, **form.cleaned_data)
        messages.success(request, _("Milestone saved."))
        return redirect(f"{agreement.get_absolute_url()}#objective-{milestone.objective_id}")
    return render(
        request,
        "agreements/milestone_form.html",
        {
            "form": form,
            "agreement": agreement,
            "objective": milestone.objective,
            "milestone": milestone,
        },
    )


@require_POST
@login_required
def milestone_delete(request, pk):
    milestone = _milestone_for_user(request.user, pk, write=True)
    services.milestone_delete(milestone=milestone, by=request.user)
    messages.success(request, _("Milestone deleted."))
    agreement = milestone.objective.agreement
    return redirect(f"{agreement.get_absolute_url()}#objective-{milestone.objective_id}")


@require_POST
@login_required
def mission_create(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, write=True)
    form = MissionForm(request.POST, prefix="mission")
    if form.is_valid():
        services.mission_create(
            agreement=agreement, by=request.user, description=form.cleaned_data["description"]
        )
        messages.success(request, _("Mission added."))
    else:
        messages.error(request, _("Describe the mission before adding it."))
    return redirect(f"{agreement.get_absolute_url()}#missions")


def _mission_for_user(user, pk, *, write=False) -> Mission:
    mission = get_object_or_404(Mission, pk=pk)
    mission.agreement = selectors.agreement_for_user(user, mission.agreement_id, write=write)
    return mission


@require_POST
@login_required
def mission_delete(request, pk):
    mission = _mission_for_user(request.user, pk, write=True)
    services.mission_delete(mission=mission, by=request.user)
    messages.success(request, _("Mission deleted."))
    return redirect(f"{mission.agreement.get_absolute_url()}#missions")


@require_POST
@login_required
def mission_move(request, pk):
    mission = _mission_for_user(request.user, pk, write=True)
    try:
        services.mission_move(
            mission=mission, by=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{mission.agreement.get_absolute_url()}#missions")
