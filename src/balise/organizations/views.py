from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balise.organizations import selectors, services
from balise.organizations.forms import HostForm


def _check_can_pick_hosts(user) -> None:
    # Hosts are shared by every school; anyone who may start an agreement may find or add one.
    if not user.has_perm("organizations.pick_host"):
        raise PermissionDenied


@require_GET
@login_required
def host_search(request):
    _check_can_pick_hosts(request.user)
    query = request.GET.get("q", "")
    return render(
        request,
        "organizations/_host_results.html",
        {
            "hosts": selectors.host_search(query),
            "query": query,
            "selected": request.GET.get("host"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def host_create(request):
    _check_can_pick_hosts(request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    form = HostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        host = services.host_create(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("%(name)s was added to the host organisations.") % {"name": host.name}
        )
        if next_url:
            separator = "&" if "?" in next_url else "?"
            return redirect(f"{next_url}{separator}host={host.pk}")
        return redirect("agreements:create")
    return render(request, "organizations/host_form.html", {"form": form, "next": next_url})
