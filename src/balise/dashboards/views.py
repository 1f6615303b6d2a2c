from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from balise.agreements.selectors import agreement_for_user
from balise.dashboards import charts, selectors

MY_INTERNS_PAGE_SIZE = 25


@require_GET
@login_required
def path(request, agreement_pk):
    """The intern's path: timeline, objectives against expected progress, competencies."""
    agreement = agreement_for_user(request.user, agreement_pk)
    if not request.user.has_perm("dashboards.view_path", agreement):
        raise PermissionDenied
    page = selectors.path_page(agreement, today=timezone.localdate())
    for group in page.groups:
        for row in group.rows:
            row.svg = charts.competency_svg(row.status, label=row.competency.name)
            row.history = charts.history_rows(row.status.history)
    return render(
        request,
        "dashboards/path.html",
        {"agreement": agreement, "page": page, "roles": list(charts.role_names().items())},
    )


@require_GET
@login_required
def my_interns(request):
    """The interns a tutor, a referent or the school's staff follow, neediest first."""
    if not request.user.has_perm("dashboards.view_my_interns"):
        raise PermissionDenied
    rows = selectors.followed_interns(request.user, now=timezone.now())
    page = Paginator(rows, MY_INTERNS_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_agreements(page.object_list)
    return render(
        request,
        "dashboards/my_interns.html",
        {"page": page, "today": timezone.localdate()},
    )
