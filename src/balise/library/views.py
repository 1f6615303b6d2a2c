import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.competencies.models import Competency
from balise.library import selectors, services
from balise.library.forms import ObjectiveExampleForm

PAGE_SIZE = 25


def _require_library(user) -> None:
    """The library pages are the internship office's: 403 for everyone else (a list page
    reveals nothing)."""
    if not user.has_perm("library.view_library"):
        raise PermissionDenied


def _form(user, data=None, *, instance=None) -> ObjectiveExampleForm:
    school_ids = school_ids_for(user, SchoolRole.STAFF)
    return ObjectiveExampleForm(
        data,
        instance=instance,
        schools=selectors.schools_of_library(user),
        programs=selectors.programs_of_library(user),
        competencies=Competency.objects.filter(
            Q(framework__school_id__in=school_ids) | Q(framework__school__isnull=True)
        )
        .select_related("framework")
        .order_by("framework__is_default_transversal", "framework__name_fr", "position", "code"),
    )


def _fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("school", None)
    return data


@require_GET
@login_required
def example_list(request):
    _require_library(request.user)
    programs = selectors.programs_of_library(request.user)
    program = request.GET.get("program", "")
    program_id = int(program) if program.isdigit() else None
    if program_id is not None and not any(p.pk == program_id for p in programs):
        program_id = None
    query = request.GET.get("q", "").strip()
    examples = selectors.library_page(request.user, program=program_id, query=query)
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/list.html",
        {
            "page": page,
            "programs": programs,
            "program": program_id,
            "query": query,
            "schools": selectors.schools_of_library(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def example_create(request):
    if not request.user.has_perm("library.add_objectiveexample"):
        raise PermissionDenied
    form = _form(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        competencies = form.cleaned_data["competencies"]
        fields = _fields(form)
        fields.pop("competencies")
        try:
            services.example_create(
                by=request.user,
                school=form.cleaned_data["school"],
                competencies=competencies,
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Example added to the library."))
            return redirect("library:list")
    return render(request, "library/form.html", {"form": form, "example": None})


@require_http_methods(["GET", "POST"])
@login_required
def example_edit(request, pk):
    example = selectors.example_for_user(request.user, pk)
    form = _form(request.user, request.POST or None, instance=example)
    if request.method == "POST" and form.is_valid():
        fields = _fields(form)
        competencies = fields.pop("competencies")
        try:
            services.example_update(
                example=example, by=request.user, competencies=competencies, **fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Example saved."))
            return redirect("library:list")
    return render(request, "library/form.html", {"form": form, "example": example})


@require_http_methods(["GET", "POST"])
@login_required
def example_delete(request, pk):
    example = selectors.example_for_user(request.user, pk)
    if request.method == "POST":
        services.example_delete(example=example, by=request.user)
        messages.success(request, _("Example deleted from the library."))
        return redirect("library:list")
    return render(request, "library/delete.html", {"example": example})


@require_GET
@login_required
def library_download(request):
    """The library of one of the user's schools as JSON, ready for `library_import`."""
    _require_library(request.user)
    schools = selectors.schools_of_library(request.user)
    slug = request.GET.get("school", "")
    school = schools.filter(slug=slug).first() if slug else schools.first()
    if school is None:
        raise Http404
    data = services.library_export(school=school)
    filename = f"library-{school.slug}-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
