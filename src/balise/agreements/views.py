from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balise import law
from balise.accounts.models import User
from balise.accounts.services import person_get_or_invite
from balise.agreements import drafting, selectors, services
from balise.agreements.checks import LAW_FIELDS, agreement_law_report, law_input, objective_inputs
from balise.agreements.findings import FINDING_SLOTS, findings_by_field
from balise.agreements.forms import (
    AgreementForm,
    AmendmentForm,
    AmendmentOpenForm,
    CancelForm,
    CommentForm,
    InterruptForm,
    MilestoneForm,
    MissionForm,
    ObjectiveForm,
    ProposalForm,
    SignForm,
)
from balise.agreements.models import (
    SIGNING_PARTIES,
    Agreement,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Milestone,
    Mission,
    Objective,
    ObjectiveKind,
    Party,
    Proposal,
    ValidationKind,
)
from balise.agreements.parties import parties_of
from balise.agreements.versions import content_diff, proposal_rows
from balise.competencies.selectors import competencies_for_program
from balise.journal.alerts import alerts_for_agreement, live_alerts_for_people
from balise.library import selectors as library_selectors
from balise.library import services as library_services
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
            "home_alerts": live_alerts_for_people(request.user),
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
    user = request.user
    can_change = user.has_perm("agreements.change_agreement", agreement)
    report = agreement_law_report(agreement)
    findings = findings_by_field(report, get_language())
    competencies = competencies_for_program(agreement.program)
    version = services.version_awaiting_signature(agreement)
    held = parties_of(user, agreement)
    consents = services.consent_status(agreement)
    names = {competency.pk: competency.name for competency in competencies}
    proposals = [p for p in agreement.proposals.all() if p.status == "open"]
    for proposal in proposals:
        proposal.rows = proposal_rows(proposal.previous, proposal.proposed, names)
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "report": report,
            "findings": findings,
            "all_findings": [finding for group in findings.values() for finding in group],
            "can_change": can_change,
            "can_submit": user.has_perm("agreements.submit_agreement", agreement),
            "perms_on": {
                name: user.has_perm(f"agreements.{name}", agreement)
                for name in (
                    "comment_agreement",
                    "propose_agreement",
                    "agree_agreement",
                    "validate_agreement",
                    "request_signatures",
                    "sign_agreement",
                    "cancel_agreement",
                    "interrupt_agreement",
                    "amend_agreement",
                    "invite_agreement",
                )
            },
            # The first objective written is the main one, unless said otherwise.
            "objective_form": ObjectiveForm(
                competencies=competencies,
                prefix="new",
                initial={"kind": ObjectiveKind.MAIN} if agreement.main_objective is None else None,
            )
            if can_change
            else None,
            "objectives_advice": drafting.agreement_advice(agreement)
            if agreement.status in {AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION}
            else None,
            "mission_form": MissionForm(prefix="mission") if can_change else None,
            "consents": [(Party(party), consent) for party, consent in consents.items()],
            "needs_my_consent": any(
                consent is None and party in held for party, consent in consents.items()
            ),
            "validations": {v.kind: v for v in agreement.validations.all()},
            "blockers": services.signature_blockers(agreement)
            if agreement.status == AgreementStatus.NEGOTIATION
            else [],
            "proposals": proposals,
            "comments": agreement.comments.all(),
            "version_to_sign": version,
            "signatures": {s.party: s for s in version.signatures.all()} if version else {},
            "signing_parties": [Party(p) for p in SIGNING_PARTIES],
            "versions": agreement.versions.all(),
            "amendments": agreement.amendments.all(),
            "held": held,
            "alerts": alerts_for_agreement(agreement)
            if user.has_perm("journal.view_logbook", agreement)
            else [],
            "logbook_statuses": [
                "signed",
                "in_progress",
                "completed",
                "evaluated",
                "archived",
                "interrupted",
            ],
            "show_negotiation": agreement.status
            in {
                AgreementStatus.DRAFT,
                AgreementStatus.NEGOTIATION,
                AgreementStatus.AWAITING_SIGNATURES,
            },
            "invitable": [
                (role, person)
                for role, person in (("tutor", agreement.tutor), ("signatory", agreement.signatory))
                if person is not None
            ],
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


def _example_field(form) -> str:
    """The name of the hidden input that carries the library example a form started from."""
    return f"{form.prefix}-library_example" if form.prefix else "library_example"


def _drafting(agreement, form, *, objective=None, example_pk=None) -> dict:
    """What the objective form shows beside its fields: the assistant's advice on what is
    written, and the library examples that fit it."""
    draft = drafting.form_draft(form)
    text = "\n".join([draft.title, draft.description, *draft.indicators])
    chosen = frozenset(int(pk) for pk in draft.competencies)
    return {
        "drafting_key": f"o{objective.pk}" if objective else (form.prefix or "new"),
        "drafting_objective": objective,
        "advice": drafting.draft_advice(agreement, draft, objective=objective),
        "has_text": bool(draft.title.strip()),
        "suggestions": library_selectors.suggestions_for(
            agreement,
            draft_text=text,
            chosen_competencies=chosen,
            framework_id=agreement.program.framework_id,
            lang=get_language(),
        ),
        "example_field": _example_field(form),
        "example_pk": example_pk or "",
    }


def _save_objective(agreement, form, request, save):
    """Run `save` (a service call) and count the library example the objective came from,
    in one transaction. Returns the ValidationError raised, if any."""
    example = library_selectors.example_for_agreement(
        agreement, request.POST.get(_example_field(form))
    )
    try:
        with transaction.atomic():
            save()
            if example is not None:
                library_services.example_record_use(example=example)
    except ValidationError as exc:
        return exc
    return None


def _objective_form(agreement, data=None, *, objective=None, prefix=None, initial=None):
    return ObjectiveForm(
        data,
        instance=objective,
        initial=initial,
        competencies=competencies_for_program(agreement.program),
        prefix=prefix,
    )


@require_POST
@login_required
def objective_create(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, write=True)
    form = _objective_form(agreement, request.POST, prefix="new")
    if form.is_valid():
        data = dict(form.cleaned_data)
        problem = _save_objective(
            agreement,
            form,
            request,
            lambda: services.objective_create(agreement=agreement, by=request.user, **data),
        )
        if problem is None:
            messages.success(request, _("Objective added."))
            return redirect(f"{agreement.get_absolute_url()}#objectives")
        form.add_error(None, problem)
    return render(
        request,
        "agreements/objective_form.html",
        {"form": form, "agreement": agreement, "objective": None}
        | _drafting(agreement, form, example_pk=request.POST.get(_example_field(form))),
        status=400,
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
    form = _objective_form(agreement, request.POST or None, objective=objective)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        competencies = data.pop("competencies")
        problem = _save_objective(
            agreement,
            form,
            request,
            lambda: services.objective_update(
                objective=objective, by=request.user, competencies=competencies, **data
            ),
        )
        if problem is None:
            messages.success(request, _("Objective saved."))
            return redirect(f"{agreement.get_absolute_url()}#objective-{objective.pk}")
        form.add_error(None, problem)
    return render(
        request,
        "agreements/objective_form.html",
        {"form": form, "agreement": agreement, "objective": objective}
        | _drafting(
            agreement, form, objective=objective, example_pk=request.POST.get(_example_field(form))
        ),
    )


def _drafted(request, agreement):
    """The form being drafted, as posted by the live advice: the new objective's (prefix
    `new`) or an objective's being edited (no prefix)."""
    objective = None
    objective_pk = request.POST.get("drafting_objective", "")
    if objective_pk:
        if not objective_pk.isdigit():
            raise Http404
        objective = get_object_or_404(agreement.objectives, pk=int(objective_pk))
    prefix = "new" if request.POST.get("drafting_prefix") == "new" and objective is None else None
    return objective, prefix


@require_POST
@login_required
def objective_advice(request, pk):
    """As a party types (htmx): the advice on the objective and the library's suggestions."""
    agreement = selectors.agreement_for_user(request.user, pk, write=True)
    objective, prefix = _drafted(request, agreement)
    form = _objective_form(agreement, request.POST, objective=objective, prefix=prefix)
    return render(
        request,
        "agreements/_objective_advice.html",
        {"agreement": agreement, "form": form}
        | _drafting(
            agreement, form, objective=objective, example_pk=request.POST.get(_example_field(form))
        ),
    )


@require_POST
@login_required
def objective_fill(request, pk):
    """Fill the objective form (htmx) from a library example, or with a suggested rewrite
    of its title or first indicator; what else was typed stays."""
    agreement = selectors.agreement_for_user(request.user, pk, write=True)
    objective, prefix = _drafted(request, agreement)
    posted = _objective_form(agreement, request.POST, objective=objective, prefix=prefix)
    values = {name: posted[name].value() for name in posted.fields}
    example_pk = request.POST.get(_example_field(posted), "")
    if request.POST.get("example"):
        example = library_selectors.example_for_agreement(agreement, request.POST["example"])
        if example is None:
            raise Http404
        allowed = set(posted.fields["competencies"].queryset.values_list("pk", flat=True))
        values |= drafting.example_values(example, agreement, allowed)
        example_pk = example.pk
    field = request.POST.get("use_field", "")
    if field in drafting.SUGGESTION_FIELDS and request.POST.get("use_value", "").strip():
        values = drafting.with_suggestion(
            values, field, request.POST["use_value"].strip(), str(values.get(field) or "")
        )
    # Unbound, with the filled values as initial ones (they win over the instance's).
    form = _objective_form(agreement, objective=objective, prefix=prefix, initial=values)
    form.fields["title"].widget.attrs["autofocus"] = True
    return render(
        request,
        "agreements/_objective_filled.html",
        {"agreement": agreement, "form": form}
        | _drafting(agreement, form, objective=objective, example_pk=example_pk),
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


# --- Negotiation, signatures, lifecycle, amendments --------------------------------------


def _agreement_with_perm(user, pk, perm) -> Agreement:
    """The agreement (404 for outsiders), and 403 if `user` may read but not do `perm`."""
    agreement = selectors.agreement_for_user(user, pk)
    if not user.has_perm(perm, agreement):
        raise PermissionDenied
    return agreement


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
@login_required
def comment_create(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.comment_agreement")
    form = CommentForm(request.POST)
    if form.is_valid():
        objective = None
        if form.cleaned_data["objective"]:
            objective = get_object_or_404(agreement.objectives, pk=form.cleaned_data["objective"])
        try:
            services.comment_add(
                agreement=agreement,
                by=request.user,
                body=form.cleaned_data["body"],
                objective=objective,
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write something before sending the comment."))
    return redirect(f"{agreement.get_absolute_url()}#negotiation")


@require_http_methods(["GET", "POST"])
@login_required
def proposal_create(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.propose_agreement")
    objective = None
    if request.GET.get("objective") or request.POST.get("objective"):
        objective = get_object_or_404(
            agreement.objectives, pk=request.GET.get("objective") or request.POST.get("objective")
        )
    # The form starts from the objective's values but never binds to it: validating a
    # ModelForm writes into its instance, and the service compares against the original.
    form = ProposalForm(
        request.POST or None,
        initial=model_to_dict(objective) if objective else None,
        competencies=competencies_for_program(agreement.program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_create(
                agreement=agreement,
                by=request.user,
                objective=objective,
                proposed=form.proposed(),
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your proposal was sent to the other parties."))
            return redirect(f"{agreement.get_absolute_url()}#negotiation")
    draft = drafting.form_draft(form)
    return render(
        request,
        "agreements/proposal_form.html",
        {
            "form": form,
            "agreement": agreement,
            "objective": objective,
            "advice": drafting.draft_advice(agreement, draft, objective=objective),
            "has_text": bool(draft.title.strip()),
        },
    )


@require_POST
@login_required
def proposal_advice(request, pk):
    """As a party types a proposal (htmx): the writing assistant's advice on it."""
    agreement = _agreement_with_perm(request.user, pk, "agreements.propose_agreement")
    objective = None
    if request.POST.get("objective"):
        objective = get_object_or_404(agreement.objectives, pk=request.POST["objective"])
    form = ProposalForm(request.POST, competencies=competencies_for_program(agreement.program))
    draft = drafting.form_draft(form)
    return render(
        request,
        "agreements/_proposal_advice.html",
        {
            "advice": drafting.draft_advice(agreement, draft, objective=objective),
            "has_text": bool(draft.title.strip()),
        },
    )


def _proposal_for_user(user, pk):
    proposal = get_object_or_404(Proposal.objects.only("pk", "agreement_id"), pk=pk)
    agreement = selectors.agreement_for_user(user, proposal.agreement_id)
    proposal = Proposal.objects.select_related("objective", "author").get(pk=pk)
    proposal.agreement = agreement
    return proposal


@require_POST
@login_required
def proposal_decide(request, pk, decision):
    if decision not in {"accept", "decline", "withdraw"}:
        raise Http404
    proposal = _proposal_for_user(request.user, pk)
    if not request.user.has_perm("agreements.propose_agreement", proposal.agreement):
        raise PermissionDenied
    action = {
        "accept": services.proposal_accept,
        "decline": services.proposal_decline,
        "withdraw": services.proposal_withdraw,
    }[decision]
    try:
        action(proposal=proposal, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(
            request,
            {
                "accept": _("Proposal accepted: the objective was changed."),
                "decline": _("Proposal declined."),
                "withdraw": _("Proposal withdrawn."),
            }[decision],
        )
    return redirect(f"{proposal.agreement.get_absolute_url()}#negotiation")


@require_POST
@login_required
def agreement_agree(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.agree_agreement")
    try:
        services.objectives_agree(agreement=agreement, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("Your agreement with the objectives is recorded."))
    return redirect(f"{agreement.get_absolute_url()}#negotiation")


@require_POST
@login_required
def agreement_validate(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.validate_agreement")
    kind = request.POST.get("kind", "")
    if kind not in ValidationKind.values:
        messages.error(request, _("Unknown validation."))
        return redirect(agreement.get_absolute_url())
    try:
        services.agreement_validate(agreement=agreement, by=request.user, kind=kind)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("Validation recorded."))
    return redirect(f"{agreement.get_absolute_url()}#negotiation")


@require_POST
@login_required
def agreement_request_signatures(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.request_signatures")
    try:
        services.agreement_request_signatures(agreement=agreement, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("The agreement is frozen and sent to every party for signature.")
        )
    return redirect(f"{agreement.get_absolute_url()}#signatures")


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


@require_http_methods(["GET", "POST"])
@login_required
def agreement_sign(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.sign_agreement")
    version = services.version_awaiting_signature(agreement)
    signed = set(version.signatures.values_list("party", flat=True))
    held = parties_of(request.user, agreement) & set(SIGNING_PARTIES)
    choices = [(p.value, p.label) for p in SIGNING_PARTIES if p in held and p not in signed]
    if not choices:
        messages.info(request, _("You have already signed this version."))
        return redirect(f"{agreement.get_absolute_url()}#signatures")
    form = SignForm(request.POST or None, parties=choices, initial={"sha256": version.sha256})
    if request.method == "POST" and form.is_valid():
        try:
            services.version_sign(
                version=version,
                by=request.user,
                party=form.cleaned_data["party"],
                sha256=form.cleaned_data["sha256"],
                ip_address=_client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your signature is recorded."))
            return redirect(f"{agreement.get_absolute_url()}#signatures")
    return render(
        request,
        "agreements/sign.html",
        {"agreement": agreement, "version": version, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_cancel(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.cancel_agreement")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_cancel(
                agreement=agreement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The agreement is cancelled."))
            return redirect(agreement.get_absolute_url())
    return render(request, "agreements/cancel.html", {"agreement": agreement, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def agreement_interrupt(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.interrupt_agreement")
    form = InterruptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_interrupt(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The internship is recorded as interrupted."))
            return redirect(agreement.get_absolute_url())
    return render(request, "agreements/interrupt.html", {"agreement": agreement, "form": form})


@require_GET
@login_required
def agreement_history(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk)
    versions = list(agreement.versions.prefetch_related("signatures__signer"))
    pairs = [
        {"version": version, "diff": content_diff(previous.content, version.content)}
        for previous, version in zip(versions, versions[1:], strict=False)
    ]
    return render(
        request,
        "agreements/history.html",
        {
            "agreement": agreement,
            "versions": versions,
            "diffs": {pair["version"].pk: pair["diff"] for pair in pairs},
            "events": agreement.events.select_related("actor", "objective")[:200],
            "proposals": agreement.proposals.select_related("author", "decided_by", "objective"),
        },
    )


@require_POST
@login_required
def invitation_send(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.invite_agreement")
    role = request.POST.get("role", "")
    person = {"tutor": agreement.tutor, "signatory": agreement.signatory}.get(role)
    if person is None:
        messages.error(request, _("Nobody to invite in this role."))
    else:
        services.invitation_send(agreement=agreement, person=person, by=request.user)
        messages.success(
            request, _("A new personal link was sent to %(email)s.") % {"email": person.email}
        )
    return redirect(agreement.get_absolute_url())


@require_POST
@login_required
def amendment_create(request, pk):
    agreement = _agreement_with_perm(request.user, pk, "agreements.amend_agreement")
    form = AmendmentOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the agreement is amended."))
        return redirect(f"{agreement.get_absolute_url()}#amendments")
    try:
        amendment = services.amendment_open(
            agreement=agreement, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect(f"{agreement.get_absolute_url()}#amendments")
    return redirect("agreements:amendment_edit", pk=amendment.pk)


def _amendment_for_user(user, pk, *, perm="agreements.view_agreement") -> Amendment:
    amendment = get_object_or_404(Amendment.objects.only("pk", "agreement_id"), pk=pk)
    agreement = selectors.agreement_for_user(user, amendment.agreement_id)
    amendment = Amendment.objects.select_related("base_version", "version").get(pk=pk)
    amendment.agreement = agreement
    if perm != "agreements.view_agreement" and not user.has_perm(perm, agreement):
        raise PermissionDenied
    return amendment


def _amendment_initial(amendment: Amendment) -> dict:
    terms = amendment.base_version.content["terms"]
    changes = amendment.changes
    tutor = amendment.agreement.tutor
    return {
        "start_date": changes.get("start_date", terms["start_date"]),
        "end_date": changes.get("end_date", terms["end_date"]),
        "weekly_hours": changes.get("weekly_hours", terms["weekly_hours"]),
        "gratification_hourly_rate": changes.get(
            "gratification_hourly_rate", terms["gratification_hourly_rate"]
        ),
        "tutor_email": tutor.email if tutor else "",
        "missions": "\n".join(changes.get("missions", amendment.base_version.content["missions"])),
    }


def _amendment_objectives(amendment: Amendment) -> list[dict]:
    """The objectives the form starts from: the draft's changes if any, else the signed
    ones. Each gets a `key` for its field names (new ones have no id yet)."""
    signed = amendment.base_version.content["objectives"]
    if "objectives" not in amendment.changes:
        return [{**o, "key": str(o["id"])} for o in signed]
    by_id = {o["id"]: o for o in signed}
    return [
        {
            **by_id.get(o.get("id"), {}),
            **o,
            "indicators": o.get("indicators", "").splitlines(),
            "key": str(o["id"]) if o.get("id") else f"n{index}",
        }
        for index, o in enumerate(amendment.changes["objectives"])
    ]


def _amendment_changes(amendment: Amendment, form: AmendmentForm) -> dict:
    """What the form changes compared with the signed version."""
    content = amendment.base_version.content
    terms = content["terms"]
    data = form.cleaned_data
    changes = {}
    for name in ("start_date", "end_date"):
        if data[name].isoformat() != terms[name]:
            changes[name] = data[name].isoformat()
    for name in ("weekly_hours", "gratification_hourly_rate"):
        value = data[name]
        before = terms[name]
        if (value is None) != (before is None) or (value is not None and value != Decimal(before)):
            changes[name] = None if value is None else str(value)
    tutor_email = data["tutor_email"].lower()
    if not content["tutor"] or tutor_email != content["tutor"]["email"]:
        changes["tutor"] = person_get_or_invite(email=tutor_email).pk
    missions = [line.strip() for line in data["missions"].splitlines() if line.strip()]
    if missions != content["missions"]:
        changes["missions"] = missions
    objectives = form.objectives_after()
    before = [
        {
            "id": o["id"],
            "title": o["title"],
            "indicators": "\n".join(o["indicators"]),
            "target_date": o["target_date"],
        }
        for o in content["objectives"]
    ]
    after = [
        {key: o.get(key) for key in ("id", "title", "indicators", "target_date")}
        for o in objectives
    ]
    if after != before:
        changes["objectives"] = objectives
    return changes


@require_http_methods(["GET", "POST"])
@login_required
def amendment_edit(request, pk):
    amendment = _amendment_for_user(request.user, pk, perm="agreements.amend_agreement")
    agreement = amendment.agreement
    editable = amendment.status == AmendmentStatus.DRAFT
    form = AmendmentForm(
        request.POST or None,
        initial=_amendment_initial(amendment),
        objectives=_amendment_objectives(amendment),
        competencies=competencies_for_program(agreement.program),
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.amendment_update(
                amendment=amendment,
                by=request.user,
                changes=_amendment_changes(amendment, form),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Amendment saved."))
            return redirect("agreements:amendment_edit", pk=amendment.pk)
    content, report = services.amendment_preview(amendment)
    return render(
        request,
        "agreements/amendment.html",
        {
            "agreement": agreement,
            "amendment": amendment,
            "form": form,
            "editable": editable,
            "diff": content_diff(amendment.base_version.content, content),
            "findings": [
                finding
                for group in findings_by_field(report, get_language()).values()
                for finding in group
            ],
        },
    )


@require_POST
@login_required
def amendment_request_signatures(request, pk):
    amendment = _amendment_for_user(request.user, pk, perm="agreements.amend_agreement")
    try:
        services.amendment_request_signatures(amendment=amendment, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect("agreements:amendment_edit", pk=amendment.pk)
    messages.success(request, _("The amendment is frozen and sent to every party for signature."))
    return redirect(f"{amendment.agreement.get_absolute_url()}#signatures")


@require_POST
@login_required
def amendment_cancel(request, pk):
    amendment = _amendment_for_user(request.user, pk, perm="agreements.amend_agreement")
    try:
        services.amendment_cancel(amendment=amendment, by=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("Amendment cancelled."))
    return redirect(f"{amendment.agreement.get_absolute_url()}#amendments")
