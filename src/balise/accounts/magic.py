"""Magic links for people outside the school (django-sesame)."""

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from sesame.utils import get_user


@require_GET
def magic_login(request):
    """Sign in with the link's token and open the page it points to; an expired or
    invalid link gets a page that says what to do, never an error."""
    user = get_user(request)
    if user is None:
        return render(request, "registration/magic_link_invalid.html", status=403)
    login(request, user, backend="sesame.backends.ModelBackend")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "home"
    return redirect(next_url)
