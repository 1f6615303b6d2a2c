import io
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balise.agreements.rules import is_agreement_referent, is_school_staff
from balise.evaluations import content, documents, selectors, services
from balise.evaluations.forms import (
    AnswerForm,
    CriterionForm,
    DefenceForm,
    DefenceSettingsForm,
    GradeForm,
    OpenForm,
    QuestionForm,
    QuestionnaireForm,
    ReleaseForm,
    ReportExtensionForm,
    ReportUploadForm,
    SectionForm,
)
from balise.evaluations.models import (
    LANGUAGES,
    EvaluationKind,
    JuryRole,
    QuestionKind,
    Report,
    ReportExtension,
    localized,
    pick,
)

FOLLOW_UP_PAGE_SIZE = 25


def _lang(request) -> str:
    return (get_language() or "fr")[:2]


def _next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Programmes: forms, report deadline, grading grid -------------------------------------


@require_GET
@login_required
def program_list(request):
    return render(
        request,
        "evaluations/program_list.html",
        {"programs": selectors.programs_configured_by(request.user)},
    )


def _program_context(request, program, **extra):
    forms = services.default_forms(program)
    settings = services.defence_settings_for(program)
    can_change = request.user.has_perm("evaluations.change_program_forms", program)
    criteria = list(program.grading_criteria.order_by("position", "pk"))
    return {
        "program": program,
        "forms": forms,
        "can_change": can_change,
        "settings": settings,
        "criteria": criteria,
        "total_weight": sum((c.weight for c in criteria), 0),
        "settings_form": extra.pop("settings_form", None)
        or DefenceSettingsForm(
            initial={
                "report_deadline_days": settings.report_deadline_days,
                "report_deadline_date": settings.report_deadline_date,
                "grade_scale": settings.grade_scale,
            }
        ),
        "criterion_form": extra.pop("criterion_form", None) or CriterionForm(prefix="new"),
        **extra,
    }


@require_GET
@login_required
def program_detail(request, pk):
    program = selectors.program_for_user(request.user, pk)
    return render(request, "evaluations/program_detail.html", _program_context(request, program))


@require_POST
@login_required
def program_settings(request, pk):
    program = selectors.program_for_user(request.user, pk, write=True)
    form = DefenceSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.defence_settings_update(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The report and defence settings are saved."))
            return redirect("evaluations:program", pk=program.pk)
    context = _program_context(request, program, settings_form=form)
    return render(request, "evaluations/program_detail.html", context, status=400)


@require_POST
@login_required
def criterion_create(request, pk):
    program = selectors.program_for_user(request.user, pk, write=True)
    form = CriterionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.criterion_add(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Criterion added to the grading grid."))
            return redirect(f"{reverse('evaluations:program', args=[program.pk])}#grid")
    context = _program_context(request, program, criterion_form=form)
    return render(request, "evaluations/program_detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def criterion_edit(request, pk):
    criterion = selectors.criterion_for_user(request.user, pk)
    form = CriterionForm(
        request.POST if request.method == "POST" else None,
        initial={
            name: getattr(criterion, name)
            for name in (
                "label_fr",
                "label_en",
                "description_fr",
                "description_en",
                "weight",
                "max_points",
                "source",
            )
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(criterion=criterion, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect(f"{reverse('evaluations:program', args=[criterion.program_id])}#grid")
    return render(
        request,
        "evaluations/criterion_form.html",
        {"form": form, "criterion": criterion, "program": criterion.program},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def criterion_delete(request, pk):
    criterion = selectors.criterion_for_user(request.user, pk)
    services.criterion_delete(criterion=criterion, by=request.user)
    messages.success(request, _("Criterion deleted. Defences already scheduled keep their grid."))
    return redirect(f"{reverse('evaluations:program', args=[criterion.program_id])}#grid")


@require_POST
@login_required
def criterion_move(request, pk):
    criterion = selectors.criterion_for_user(request.user, pk)
    services.criterion_move(
        criterion=criterion, by=request.user, direction=request.POST.get("direction", "")
    )
    return redirect(f"{reverse('evaluations:program', args=[criterion.program_id])}#grid")


def _form_context(request, questionnaire, **extra):
    version = selectors.version_with_content(selectors.current_version(questionnaire).pk)
    return {
        "questionnaire": questionnaire,
        "program": questionnaire.program,
        "version": version,
        "versions": selectors.versions_with_use(questionnaire),
        "has_answers": services.version_has_answers(version),
        "can_change": request.user.has_perm(
            "evaluations.change_program_forms", questionnaire.program
        ),
        "title_form": extra.pop("title_form", None)
        or QuestionnaireForm(
            initial={
                "title_fr": version.title_fr,
                "title_en": version.title_en,
                "intro_fr": version.intro_fr,
                "intro_en": version.intro_en,
            }
        ),
        "section_form": extra.pop("section_form", None) or SectionForm(prefix="section"),
        **extra,
    }


def _version_message(request, before: int, after) -> None:
    if after.number != before:
        messages.info(
            request,
            _(
                "Answers exist on version %(old)s, so your change made version %(new)s. The "
                "answers given stay with version %(old)s; evaluations opened from now on use "
                "version %(new)s."
            )
            % {"old": before, "new": after.number},
        )


@require_GET
@login_required
def form_detail(request, pk):
    questionnaire = selectors.questionnaire_for_user(request.user, pk)
    return render(request, "evaluations/form_detail.html", _form_context(request, questionnaire))


@require_POST
@login_required
def form_edit(request, pk):
    questionnaire = selectors.questionnaire_for_user(request.user, pk, write=True)
    before = selectors.current_version(questionnaire).number
    form = QuestionnaireForm(request.POST)
    if form.is_valid():
        try:
            version = services.questionnaire_update(
                questionnaire=questionnaire, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The form's title and introduction are saved."))
            _version_message(request, before, version)
            return redirect("evaluations:form", pk=questionnaire.pk)
    context = _form_context(request, questionnaire, title_form=form)
    return render(request, "evaluations/form_detail.html", context, status=400)


@require_POST
@login_required
def form_active(request, pk):
    questionnaire = selectors.questionnaire_for_user(request.user, pk, write=True)
    active = request.POST.get("is_active") == "1"
    services.questionnaire_set_active(
        questionnaire=questionnaire, by=request.user, is_active=active
    )
    if active:
        messages.success(request, _("This evaluation is in use for the programme."))
    else:
        messages.success(
            request, _("This evaluation is no longer opened for the programme's internships.")
        )
    return redirect("evaluations:form", pk=questionnaire.pk)


def _sample_subjects() -> dict:
    """Stand-ins for an agreement's objectives and competencies in the preview."""
    return {
        "objectives": [
            {"id": 1, "title": _("First objective of the agreement (example)")},
            {"id": 2, "title": _("Second objective of the agreement (example)")},
        ],
        "competencies": [
            {
                "id": 1,
                "code": "",
                "fr": _("A competency linked to an objective (example)"),
                "en": _("A competency linked to an objective (example)"),
            }
        ],
    }


@require_GET
@login_required
def form_preview(request, pk):
    questionnaire = selectors.questionnaire_for_user(request.user, pk)
    number = request.GET.get("version", "")
    versions = questionnaire.versions.all()
    version = (
        versions.filter(number=int(number)).first()
        if number.isdigit()
        else selectors.current_version(questionnaire)
    )
    if version is None:
        raise Http404
    lang = request.GET.get("language", "")
    lang = lang if lang in LANGUAGES else _lang(request)
    version = selectors.version_with_content(version.pk)
    sections = content.build_sections(version, subjects=_sample_subjects(), lang=lang)
    form = AnswerForm(items=content.all_items(sections), disabled=True)
    return render(
        request,
        "evaluations/form_preview.html",
        {
            "questionnaire": questionnaire,
            "program": questionnaire.program,
            "version": version,
            "sections": sections,
            "form": form,
            "preview_lang": lang,
            "form_title": localized(version, "title", lang),
            "form_intro": localized(version, "intro", lang),
        },
    )


@require_POST
@login_required
def section_create(request, pk):
    questionnaire = selectors.questionnaire_for_user(request.user, pk, write=True)
    before = selectors.current_version(questionnaire).number
    form = SectionForm(request.POST, prefix="section")
    if form.is_valid():
        try:
            section = services.section_add(
                questionnaire=questionnaire, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Section added."))
            _version_message(request, before, section.version)
            return redirect(_form_url(questionnaire.pk, f"section-{section.pk}"))
    context = _form_context(request, questionnaire, section_form=form)
    return render(request, "evaluations/form_detail.html", context, status=400)


def _form_url(questionnaire_id, anchor=""):
    url = reverse("evaluations:form", args=[questionnaire_id])
    return f"{url}#{anchor}" if anchor else url


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request, pk):
    section = selectors.section_for_user(request.user, pk)
    questionnaire = section.version.questionnaire
    before = section.version.number
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={"title_fr": section.title_fr, "title_en": section.title_en},
    )
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_update(section=section, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Section saved."))
            _version_message(request, before, section.version)
            return redirect(_form_url(questionnaire.pk, f"section-{section.pk}"))
    return render(
        request,
        "evaluations/section_form.html",
        {"form": form, "section": section, "questionnaire": questionnaire},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def section_delete(request, pk):
    section = selectors.section_for_user(request.user, pk)
    questionnaire = section.version.questionnaire
    before = section.version.number
    try:
        version = services.section_delete(section=section, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Section deleted."))
        _version_message(request, before, version)
    return redirect(_form_url(questionnaire.pk))


@require_POST
@login_required
def section_move(request, pk):
    section = selectors.section_for_user(request.user, pk)
    questionnaire = section.version.questionnaire
    before = section.version.number
    try:
        section = services.section_move(
            section=section, by=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        _version_message(request, before, section.version)
    return redirect(_form_url(questionnaire.pk, f"section-{section.pk}"))


def _question_save(request, *, section, question=None):
    """Add a question to `section`, or save `question`, from the question form."""
    questionnaire = section.version.questionnaire
    before = section.version.number
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=QuestionForm.initial_for(question) if question else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                saved = services.question_add(
                    section=section, by=request.user, **form.service_fields()
                )
            else:
                saved = services.question_update(
                    question=question, by=request.user, **form.service_fields()
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Question added.") if question is None else _("Question saved.")
            )
            _version_message(request, before, saved.section.version)
            return redirect(_form_url(questionnaire.pk, f"question-{saved.pk}"))
    return render(
        request,
        "evaluations/question_form.html",
        {
            "form": form,
            "section": section,
            "question": question,
            "questionnaire": questionnaire,
            "kinds": QuestionKind,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def question_create(request, pk):
    return _question_save(request, section=selectors.section_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request, pk):
    question = selectors.question_for_user(request.user, pk)
    return _question_save(request, section=question.section, question=question)


@require_POST
@login_required
def question_delete(request, pk):
    question = selectors.question_for_user(request.user, pk)
    questionnaire = question.section.version.questionnaire
    before = question.section.version.number
    try:
        section = services.question_delete(question=question, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Question deleted."))
        _version_message(request, before, section.version)
    return redirect(_form_url(questionnaire.pk))


@require_POST
@login_required
def question_move(request, pk):
    question = selectors.question_for_user(request.user, pk)
    questionnaire = question.section.version.questionnaire
    before = question.section.version.number
    try:
        question = services.question_move(
            question=question, by=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        _version_message(request, before, question.section.version)
    return redirect(_form_url(questionnaire.pk, f"question-{question.pk}"))


# --- Evaluations of an agreement ----------------------------------------------------------


@require_GET
@login_required
def agreement_overview(request, pk):
    agreement = selectors.agreement_for_user(
        request.user, pk, "evaluations.view_agreement_evaluations"
    )
    evaluations = selectors.evaluations_of(agreement)
    settings = selectors.defence_settings_of(agreement.program)
    return render(
        request,
        "evaluations/agreement.html",
        {
            "agreement": agreement,
            "rows": selectors.evaluation_rows(request.user, agreement, evaluations),
            "can_open": request.user.has_perm("evaluations.open_evaluation", agreement),
            "deadline": selectors.report_deadline(agreement, settings),
            "report": Report.objects.filter(agreement=agreement).first(),
            "defence": selectors.defence_of(agreement),
        },
    )


@require_POST
@login_required
def evaluation_open(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.open_evaluation")
    form = OpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which evaluation to open."))
        return redirect("evaluations:agreement", pk=agreement.pk)
    try:
        evaluation = services.evaluation_open(
            agreement=agreement, kind=form.cleaned_data["kind"], by=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("The evaluation is open; %(name)s has been told.") % {"name": evaluation.responder},
        )
    return redirect("evaluations:agreement", pk=agreement.pk)


def _evaluation_context(request, evaluation, *, form=None):
    user = request.user
    lang = _lang(request)
    can_answer = user.has_perm("evaluations.answer_evaluation", evaluation)
    can_read = user.has_perm("evaluations.read_answers", evaluation)
    sections = services.evaluation_sections(evaluation, lang=lang, with_answers=can_read)
    items = content.all_items(sections)
    if can_answer and form is None:
        form = AnswerForm(items=items)
    answered, total = documents.answered_count(sections)
    return {
        "evaluation": evaluation,
        "agreement": evaluation.agreement,
        "sections": sections,
        "form": form if can_answer else None,
        "can_answer": can_answer,
        "can_read": can_read,
        "answered": answered,
        "total": total,
        "form_title": localized(evaluation.version, "title", lang),
        "form_intro": localized(evaluation.version, "intro", lang),
        "displays": {item.key: content.display_value(item) for item in items},
        "can_remind": user.has_perm("evaluations.remind_evaluation", evaluation),
    }


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_detail(request, pk):
    evaluation = selectors.evaluation_for_user(request.user, pk, "evaluations.view_evaluation")
    if request.method == "GET":
        return render(
            request, "evaluations/evaluation.html", _evaluation_context(request, evaluation)
        )
    if not request.user.has_perm("evaluations.answer_evaluation", evaluation):
        raise PermissionDenied
    items = content.all_items(
        services.evaluation_sections(evaluation, lang=_lang(request), with_answers=True)
    )
    form = AnswerForm(request.POST, items=items)
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        try:
            services.evaluation_answers_save(
                evaluation=evaluation, by=request.user, values=form.values()
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(key if key in form.fields else None, error)
        else:
            if not submit:
                messages.success(
                    request,
                    _("Your answers are saved as a draft. Come back to finish them at any time."),
                )
                return redirect("evaluations:evaluation", pk=evaluation.pk)
            try:
                services.evaluation_submit(evaluation=evaluation, by=request.user)
            except ValidationError as exc:
                messages.error(
                    request,
                    _(
                        "Your answers are saved as a draft, but %(count)s questions still "
                        "need an answer before you can submit: they are marked below."
                    )
                    % {"count": len(exc.message_dict)},
                )
                for key, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(key if key in form.fields else None, error)
            else:
                messages.success(
                    request, _("Your evaluation is submitted. Thank you: it can no longer change.")
                )
                return redirect("evaluations:evaluation", pk=evaluation.pk)
    context = _evaluation_context(request, evaluation, form=form)
    return render(request, "evaluations/evaluation.html", context, status=400)


@require_POST
@login_required
def evaluation_remind(request, pk):
    evaluation = selectors.evaluation_for_user(request.user, pk, "evaluations.remind_evaluation")
    try:
        services.evaluation_remind(evaluation=evaluation, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("A reminder has been sent to %(name)s.") % {"name": evaluation.responder}
        )
    return redirect(
        _next(request, reverse("evaluations:agreement", args=[evaluation.agreement_id]))
    )


@require_GET
@login_required
def evaluation_pdf(request, pk):
    evaluation = selectors.evaluation_for_user(request.user, pk, "evaluations.read_answers")
    lang = request.GET.get("lang", "")
    lang = lang if lang in LANGUAGES else _lang(request)
    sections = services.evaluation_sections(evaluation, lang=lang)
    pdf = documents.evaluation_sheet_pdf(evaluation, sections, lang=lang)
    response = FileResponse(
        io.BytesIO(pdf),
        content_type="application/pdf",
        filename=documents.sheet_filename(evaluation, lang),
    )
    response["Content-Language"] = lang
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def follow_up(request):
    program_id = request.GET.get("program", "")
    program_id = int(program_id) if program_id.isdigit() else None
    incomplete = request.GET.get("incomplete") == "1"
    agreements = selectors.follow_up(request.user, program_id=program_id, incomplete=incomplete)
    page = Paginator(agreements, FOLLOW_UP_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for agreement in page:
        by_kind = {e.kind: e for e in agreement.evaluations.all()}
        rows.append(
            {
                "agreement": agreement,
                "cells": [(kind, by_kind.get(kind.value)) for kind in EvaluationKind],
                "done": sum(1 for e in by_kind.values() if e.is_submitted),
                "opened": len(by_kind),
            }
        )
    return render(
        request,
        "evaluations/follow_up.html",
        {
            "page": page,
            "rows": rows,
            "kinds": list(EvaluationKind),
            "programs": selectors.programs_configured_by(request.user),
            "program_id": program_id,
            "incomplete": incomplete,
            "now": timezone.now(),
        },
    )


# --- Report -------------------------------------------------------------------------------


def _report_context(request, agreement, *, form=None, extension_form=None):
    user = request.user
    settings = selectors.defence_settings_of(agreement.program)
    deadline = selectors.report_deadline(agreement, settings)
    today = timezone.localdate()
    can_upload = user.has_perm("evaluations.upload_report", agreement)
    can_extend = user.has_perm("evaluations.extend_report", agreement)
    return {
        "agreement": agreement,
        "report": Report.objects.filter(agreement=agreement).select_related("uploaded_by").first(),
        "extension": ReportExtension.objects.filter(agreement=agreement)
        .select_related("granted_by")
        .first(),
        "deadline": deadline,
        "late": today > deadline,
        "can_upload": can_upload,
        "form": form or (ReportUploadForm() if can_upload and today <= deadline else None),
        "can_extend": can_extend,
        "extension_form": extension_form or (ReportExtensionForm() if can_extend else None),
        "max_mb": services.REPORT_MAX_BYTES // 1024 // 1024,
    }


@require_http_methods(["GET", "POST"])
@login_required
def report(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.view_report")
    if request.method == "GET":
        return render(request, "evaluations/report.html", _report_context(request, agreement))
    if not request.user.has_perm("evaluations.upload_report", agreement):
        raise PermissionDenied
    form = ReportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_upload(
                agreement=agreement, by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Your report is uploaded."))
            return redirect("evaluations:report", pk=agreement.pk)
    context = _report_context(request, agreement, form=form)
    return render(request, "evaluations/report.html", context, status=400)


@require_GET
@login_required
def report_file(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.view_report")
    found = Report.objects.filter(agreement=agreement).first()
    if found is None:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def report_extend(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.extend_report")
    form = ReportExtensionForm(request.POST)
    if form.is_valid():
        try:
            extension = services.report_extend(
                agreement=agreement, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(key if key in form.fields else None, error)
        else:
            messages.success(
                request,
                _("The deadline is extended to %(date)s.")
                % {"date": date_format(extension.until, "DATE_FORMAT")},
            )
            return redirect("evaluations:report", pk=agreement.pk)
    context = _report_context(request, agreement, extension_form=form)
    return render(request, "evaluations/report.html", context, status=400)


# --- Defence --------------------------------------------------------------------------------


def _grade_table(defence):
    """Per criterion: its label, weight, maximum, each member's grade, and the mean."""
    members = list(defence.jury.all())
    table = []
    for criterion in defence.grid:
        grades = []
        for member in members:
            grade = next((g for g in member.grades.all() if g.criterion == criterion["key"]), None)
            grades.append({"member": member, "grade": grade})
        points = [g["grade"].points for g in grades if g["grade"] is not None]
        table.append(
            {
                "criterion": criterion,
                "label": pick(criterion),
                "grades": grades,
                "mean": (sum(points) / len(points)).quantize(Decimal("0.01")) if points else None,
            }
        )
    return members, table


@require_GET
@login_required
def defence(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.view_defence")
    found = selectors.defence_of(agreement)
    user = request.user
    members, table = _grade_table(found) if found else ([], [])
    # Until the release, only the jury, the referent teacher and the office see grades.
    sees_grades = found is not None and (
        found.is_released
        or user.pk in {m.user_id for m in members}
        or is_agreement_referent(user, agreement)
        or is_school_staff(user, agreement)
    )
    grades = [g["grade"] for row in table for g in row["grades"] if g["grade"] is not None]
    return render(
        request,
        "evaluations/defence.html",
        {
            "agreement": agreement,
            "defence": found,
            "members": members,
            "table": table,
            "sees_grades": sees_grades,
            "preview_grade": services.final_grade(found.grid, grades, found.grade_scale)
            if found and sees_grades
            else None,
            "can_schedule": user.has_perm("evaluations.schedule_defence", agreement),
            "can_grade": user.has_perm("evaluations.grade_defence", agreement),
            "can_release": user.has_perm("evaluations.release_defence", agreement),
            "release_form": ReleaseForm(),
            "roles": JuryRole,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def defence_schedule(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.schedule_defence")
    found = selectors.defence_of(agreement)
    initial = {"with_referent": True, "with_tutor": True}
    if found is not None:
        members = list(found.jury.all())
        initial = {
            "scheduled_at": timezone.localtime(found.scheduled_at),
            "place": found.place,
            "video_link": found.video_link,
            "with_referent": any(m.role == JuryRole.REFERENT for m in members),
            "with_tutor": any(m.role == JuryRole.TUTOR for m in members),
            "other_emails": "\n".join(m.user.email for m in members if m.role == JuryRole.OTHER),
        }
    form = DefenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.defence_schedule(
                agreement=agreement,
                by=request.user,
                scheduled_at=data["scheduled_at"],
                place=data["place"],
                video_link=data["video_link"],
                with_referent=data["with_referent"],
                with_tutor=data["with_tutor"],
                other_emails=data["other_emails"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(key if key in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The defence is scheduled and its jury told."))
            return redirect("evaluations:defence", pk=agreement.pk)
    return render(
        request,
        "evaluations/defence_form.html",
        {"agreement": agreement, "form": form, "defence": found},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def defence_grade(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.grade_defence")
    found = selectors.defence_of(agreement)
    member = next(m for m in found.jury.all() if m.user_id == request.user.pk)
    suggestions = services.criterion_suggestions(found, selectors.submitted_evaluations(agreement))
    initial = {"comment": member.comment}
    for grade in member.grades.all():
        initial[f"points_{grade.criterion}"] = grade.points
        initial[f"comment_{grade.criterion}"] = grade.comment
    form = GradeForm(
        request.POST if request.method == "POST" else None,
        grid=found.grid,
        suggestions=suggestions,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.defence_grade(
                defence=found,
                by=request.user,
                grades=form.grades(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                for error in errors:
                    field = f"points_{key}"
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Your grades are saved."))
            return redirect("evaluations:defence", pk=agreement.pk)
    return render(
        request,
        "evaluations/defence_grade.html",
        {"agreement": agreement, "defence": found, "form": form, "member": member},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def defence_release(request, pk):
    agreement = selectors.agreement_for_user(request.user, pk, "evaluations.release_defence")
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            services.defence_release(
                defence=agreement.defence, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The grade is released: the intern can now read it."))
    else:
        messages.error(request, _("The comments are too long."))
    return redirect("evaluations:defence", pk=agreement.pk)
