"""Downloads of an agreement's documents, the public verification page, the host register."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements import (
    document_rules,  # also registers the permission
    documents,
)
from balise.agreements.models import Amendment
from balise.agreements.selectors import agreement_for_user
from balise.organizations.models import HostOrganization


def _document_lang(request) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in documents.LANGUAGES else (get_language() or "fr")[:2]


def _pdf_response(pdf: bytes, filename: str, lang: str) -> FileResponse:
    response = FileResponse(io.BytesIO(pdf), content_type="application/pdf", filename=filename)
    response["Content-Language"] = lang
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def version_pdf(request, pk: int, number: int):
    agreement = agreement_for_user(request.user, pk)
    version = get_object_or_404(
        agreement.versions.prefetch_related("signatures__signer"), number=number
    )
    lang = _document_lang(request)
    return _pdf_response(
        documents.version_pdf(version=version, lang=lang),
        documents.document_filename(version, lang),
        lang,
    )


@require_GET
@login_required
def amendment_pdf(request, pk: int):
    amendment = Amendment.objects.select_related("base_version", "version").filter(pk=pk).first()
    if amendment is None:
        raise Http404
    agreement_for_user(request.user, amendment.agreement_id)
    if amendment.version is None:
        raise Http404
    lang = _document_lang(request)
    return _pdf_response(
        documents.amendment_pdf(amendment=amendment, lang=lang),
        documents.amendment_filename(amendment, lang),
        lang,
    )


class VerifyForm(forms.Form):
    sha256 = forms.CharField(
        label=_("SHA-256 fingerprint"),
        required=False,
        max_length=200,
        help_text=_("The 64 characters printed at the foot of every page of the document."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    document = forms.FileField(
        label=_("Or the PDF file"),
        required=False,
        help_text=_("A PDF downloaded from Balise, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "too_large": _("The file is larger than 10 MB: it cannot be a Balise document.")
        },
    )

    def clean_sha256(self) -> str:
        value = self.cleaned_data["sha256"]
        if not value.strip():
            return ""
        sha256 = documents.normalise_sha256(value)
        if sha256 is None:
            raise forms.ValidationError(
                _("A fingerprint is 64 characters, digits and letters a to f."), code="invalid"
            )
        return sha256

    def clean_document(self) -> str | None:
        """The fingerprint found in the uploaded PDF: "" when it has none, None without a file."""
        upload = self.cleaned_data["document"]
        if not upload:
            return None
        if upload.size > documents.MAX_PDF_BYTES:
            raise forms.ValidationError(
                self.fields["document"].error_messages["too_large"], code="too_large"
            )
        try:
            return documents.version_from_pdf(upload.read()) or ""
        except documents.DocumentError as exc:
            raise forms.ValidationError(exc.message, code="unreadable") from exc

    def clean(self):
        cleaned = super().clean()
        typed, uploaded = cleaned.get("sha256"), cleaned.get("document")
        if self.errors:
            return cleaned
        if typed and uploaded is not None:
            raise forms.ValidationError(
                _("Enter a fingerprint or choose a file, not both."), code="both"
            )
        if not typed and uploaded is None:
            raise forms.ValidationError(
                _("Enter the fingerprint or choose the PDF file to verify."), code="empty"
            )
        return cleaned

    @classmethod
    def too_large(cls) -> VerifyForm:
        """The form refusing an upload whose request body was too large to be read."""
        form = cls(data={})
        form.full_clean()
        form.errors.clear()
        form.add_error("document", cls.base_fields["document"].error_messages["too_large"])
        return form

    @property
    def fingerprint(self) -> str:
        """The fingerprint to look up ("" for a PDF without one, which matches nothing)."""
        return self.cleaned_data.get("sha256") or self.cleaned_data.get("document") or ""


# What a form with a 10 MB file may weigh, with its boundaries and other fields.
UPLOAD_OVERHEAD = 64 * 1024


@csrf_protect
def _verify(request):
    checked, result = False, None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            checked = True
            if form.fingerprint:
                result = documents.verify_sha256(form.fingerprint)
    else:
        form = VerifyForm()
    return render(
        request, "agreements/verify.html", {"form": form, "checked": checked, "result": result}
    )


# CSRF protection reads the POST body, which would store any upload, however large, before
# the view could refuse it: the size is checked first, then the protection applies.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request):
    """Public: whoever holds a Balise document may check which version it is."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.method == "POST" and length > documents.MAX_PDF_BYTES + UPLOAD_OVERHEAD:
        form = VerifyForm.too_large()
        return render(
            request,
            "agreements/verify.html",
            {"form": form, "checked": False, "result": None},
            status=413,
        )
    return _verify(request)


def _register_scope(user, pk: int):
    """The host and the schools whose agreements `user` sees in its register (None: all);
    404 for anyone else."""
    host = get_object_or_404(HostOrganization, pk=pk)
    if not user.has_perm("documents.view_host_register", host):
        raise Http404
    if document_rules.signs_for_host(user, host):
        return host, None
    return host, school_ids_for(user, SchoolRole.STAFF)


@require_GET
@login_required
def host_register(request, pk: int):
    host, school_ids = _register_scope(request.user, pk)
    agreements = documents.host_register_agreements(host=host, school_ids=school_ids)
    response = HttpResponse(
        documents.host_register_csv(host=host, agreements=agreements),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.host_register_filename(host)}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
