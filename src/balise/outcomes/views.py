"""Pages and downloads of the end of an internship. Thin: access, form, service or
selector, render."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balise.competencies.models import Competency
from balise.organizations.models import School
from balise.outcomes import career, documents, reports, selectors, services
from balise.outcomes.forms import (
    ContactForm,
    PaymentForm,
    PresenceForm,
    RecommendationRequestForm,
    RecommendationWriteForm,
)
from balise.outcomes.ledger import first_of_month, months_between


def _lang(request, fallback: str | None = None) -> str:
    """The language asked for (`?lang=`), else `fallback`, else the page's."""
    return documents.document_lang(
        request.GET.get("lang"), fallback or (get_language() or "fr")[:2]
    )


def _download(content: bytes, filename: str, content_type: str, lang: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(content), content_type=content_type, filename=filename, as_attachment=True
    )
    response["Content-Language"] = lang
    response["Cache-Control"] = "private, no-store"
    return response


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


# --- The outcomes page ------------------------------------------------------------------------


@require_GET
@login_required
def overview(request, pk):
    agreement = selectors.agreement_for(request.user, pk)
    user = request.user
    can = {
        name: user.has_perm(f"outcomes.{name}", agreement)
        for name in (
            "view_presence",
            "record_presence",
            "view_report",
            "view_career",
            "manage_contacts",
            "request_recommendation",
        )
    }
    context = {
        "agreement": agreement,
        "doc_lang": _lang(request, agreement.intern.language),
        "can": can,
        "totals": selectors.presence_totals(agreement),
        "recommendations": selectors.recommendations_for(agreement, user),
        "request_form": RecommendationRequestForm() if can["request_recommendation"] else None,
        "contact_count": selectors.contacts_of(agreement).count()
        if can["manage_contacts"]
        else None,
    }
    if can["view_career"]:
        context["badges"] = career.badge_competencies(reports.gather(agreement))
    return render(request, "outcomes/overview.html", context)


# --- Presence and payments --------------------------------------------------------------------


def _months(agreement, overview) -> list:
    """The months one may record: those of the internship that have begun."""
    last = min(first_of_month(timezone.localdate()), overview.last_day)
    return months_between(agreement.start_date, last)


def _presence_page(
    request, agreement, *, overview=None, presence_form=None, payment_form=None, status=200
):
    if overview is None:
        overview = selectors.presence_overview(agreement)
    can_record = request.user.has_perm("outcomes.record_presence", agreement)
    months = _months(agreement, overview)
    if can_record:
        presence_form = presence_form or PresenceForm(months=months, prefix="presence")
        payment_form = payment_form or PaymentForm(months=months, prefix="payment")
    return render(
        request,
        "outcomes/presence.html",
        {
            "agreement": agreement,
            "overview": overview,
            "ledger": overview.ledger,
            "can_record": can_record,
            "presence_form": presence_form,
            "payment_form": payment_form,
        },
        status=status,
    )


@require_GET
@login_required
def presence(request, pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.view_presence")
    return _presence_page(request, agreement)


def _record(request, pk, *, form_class, prefix, service, message):
    """Record a month's presence or a payment from the presence page's form `prefix`."""
    agreement = selectors.agreement_for(request.user, pk, "outcomes.record_presence")
    overview = selectors.presence_overview(agreement)
    form = form_class(request.POST, months=_months(agreement, overview), prefix=prefix)
    if form.is_valid():
        try:
            service(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("outcomes:presence", pk=agreement.pk)
    return _presence_page(
        request, agreement, overview=overview, status=400, **{f"{prefix}_form": form}
    )


@require_POST
@login_required
def presence_record(request, pk):
    return _record(
        request,
        pk,
        form_class=PresenceForm,
        prefix="presence",
        service=services.presence_record,
        message=_("The presence of the month is recorded."),
    )


@require_POST
@login_required
def presence_delete(request, pk):
    record = selectors.presence_for_user(request.user, pk)
    services.presence_delete(presence=record, by=request.user)
    messages.success(request, _("The presence of the month is deleted."))
    return redirect("outcomes:presence", pk=record.agreement.pk)


@require_POST
@login_required
def payment_record(request, pk):
    return _record(
        request,
        pk,
        form_class=PaymentForm,
        prefix="payment",
        service=services.payment_record,
        message=_("The payment is recorded."),
    )


@require_POST
@login_required
def payment_delete(request, pk):
    payment = selectors.payment_for_user(request.user, pk)
    services.payment_delete(payment=payment, by=request.user)
    messages.success(request, _("The payment is deleted."))
    return redirect("outcomes:presence", pk=payment.agreement.pk)


@require_GET
@login_required
def attestation(request, pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.view_presence")
    overview = selectors.presence_overview(agreement)
    if not overview.has_presence:
        raise Http404
    # The attestation is the intern's: in her language unless another is asked for.
    lang = _lang(request, agreement.intern.language)
    return _download(
        documents.attestation_pdf(agreement=agreement, overview=overview, lang=lang),
        documents.attestation_filename(agreement, lang),
        "application/pdf",
        lang,
    )


# --- Report skeleton and defence outline ------------------------------------------------------

REPORT_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}


def _report_download(request, pk, kind: str, extension: str):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.view_report")
    lang = _lang(request, agreement.intern.language)
    data = reports.gather(agreement)
    if kind == "report":
        content = (
            reports.report_docx(data, lang)
            if extension == "docx"
            else reports.report_markdown(data, lang).encode()
        )
    else:
        content = (
            reports.defence_docx(data, lang)
            if extension == "docx"
            else reports.defence_markdown(data, lang).encode()
        )
    return _download(
        content,
        reports.filename(data, kind, extension, lang),
        REPORT_FORMATS[extension],
        lang,
    )


@require_GET
@login_required
def report_docx(request, pk):
    return _report_download(request, pk, "report", "docx")


@require_GET
@login_required
def report_markdown(request, pk):
    return _report_download(request, pk, "report", "md")


@require_GET
@login_required
def defence_docx(request, pk):
    return _report_download(request, pk, "defence", "docx")


@require_GET
@login_required
def defence_markdown(request, pk):
    return _report_download(request, pk, "defence", "md")


# --- CV lines, JSON Resume, badges ------------------------------------------------------------


@require_GET
@login_required
def cv(request, pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.view_career")
    lang = _lang(request)
    data = reports.gather(agreement)
    return render(
        request,
        "outcomes/cv.html",
        {
            "agreement": agreement,
            "lang": lang,
            "other_lang": "en" if lang == "fr" else "fr",
            "cv": career.cv_lines(data, lang),
        },
    )


@require_GET
@login_required
def json_resume(request, pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.view_career")
    lang = _lang(request)
    data = reports.gather(agreement)
    resume = career.json_resume(data, lang)
    response = HttpResponse(
        json.dumps(resume, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{career.resume_filename(data, lang)}"'
    response["Content-Language"] = lang
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def badge(request, pk, competency_pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.view_career")
    lang = _lang(request)
    data = reports.gather(agreement)
    item = next(
        (item for item in career.badge_competencies(data) if item.competency.pk == competency_pk),
        None,
    )
    if item is None:
        raise Http404
    credential = career.open_badge(data, item, lang)
    response = JsonResponse(credential, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{career.badge_filename(data, item)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Professional network ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def contacts(request, pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.manage_contacts")
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_create(agreement=agreement, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The contact is added to your network."))
                return redirect("outcomes:contacts", pk=agreement.pk)
        status = 400
    return render(
        request,
        "outcomes/contacts.html",
        {"agreement": agreement, "contacts": selectors.contacts_of(agreement), "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def contact_edit(request, pk):
    contact = selectors.contact_for_user(request.user, pk)
    form = ContactForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_update(contact=contact, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The contact is saved."))
                return redirect("outcomes:contacts", pk=contact.agreement.pk)
        status = 400
    return render(
        request,
        "outcomes/contact_form.html",
        {"agreement": contact.agreement, "contact": contact, "form": form},
        status=status,
    )


@require_POST
@login_required
def contact_delete(request, pk):
    contact = selectors.contact_for_user(request.user, pk)
    services.contact_delete(contact=contact, by=request.user)
    messages.success(request, _("The contact is deleted."))
    return redirect("outcomes:contacts", pk=contact.agreement.pk)


@require_GET
@login_required
def vcard(request, pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.manage_contacts")
    version = request.GET.get("version", "4.0")
    if version not in career.VCARD_VERSIONS:
        raise Http404
    content = career.vcards(list(selectors.contacts_of(agreement)), version=version)
    response = HttpResponse(content, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{career.vcard_filename(agreement, version)}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Recommendations --------------------------------------------------------------------------


@require_POST
@login_required
def recommendation_request(request, pk):
    agreement = selectors.agreement_for(request.user, pk, "outcomes.request_recommendation")
    form = RecommendationRequestForm(request.POST)
    if form.is_valid():
        recommendation = services.recommendation_request(
            agreement=agreement, by=request.user, message=form.cleaned_data["message"]
        )
        if recommendation.reminded_at:
            messages.success(request, _("Your tutor is reminded of your request."))
        else:
            messages.success(request, _("Your request is sent to your tutor."))
    else:
        messages.error(request, _("The message is too long: 2,000 characters at most."))
    return redirect("outcomes:overview", pk=agreement.pk)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_write(request, pk):
    recommendation = selectors.recommendation_for_user(
        request.user, pk, "outcomes.write_recommendation"
    )
    form = RecommendationWriteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.recommendation_write(
                    recommendation=recommendation, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Thank you: your recommendation is sent."))
                # The tutor asked may have handed the internship over since.
                if request.user.has_perm("outcomes.view_outcomes", recommendation.agreement):
                    return redirect("outcomes:overview", pk=recommendation.agreement_id)
                return redirect("home")
        status = 400
    return render(
        request,
        "outcomes/recommendation_form.html",
        {"recommendation": recommendation, "agreement": recommendation.agreement, "form": form},
        status=status,
    )


@require_GET
@login_required
def recommendation_pdf(request, pk):
    recommendation = selectors.recommendation_for_user(
        request.user, pk, "outcomes.view_recommendation"
    )
    if not recommendation.is_written:
        raise Http404
    lang = _lang(request, recommendation.agreement.intern.language)
    return _download(
        documents.recommendation_pdf(recommendation=recommendation, lang=lang),
        documents.recommendation_filename(recommendation, lang),
        "application/pdf",
        lang,
    )


# --- Public: what an Open Badge points to -----------------------------------------------------


def _public_json(payload: dict) -> JsonResponse:
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def achievement(request, pk):
    """The Achievement a badge names: a competency of a framework, nothing personal."""
    competency = get_object_or_404(Competency.objects.select_related("framework"), pk=pk)
    lang = _lang(request)
    return _public_json({"@context": career.OB_CONTEXT, **career.achievement(competency, lang)})


@require_GET
def issuer(request, pk):
    """The issuer's profile a badge names: the school's name."""
    school = get_object_or_404(School, pk=pk)
    return _public_json({"@context": career.OB_CONTEXT, **career.issuer_profile(school)})
