"""Acknowledging and resolving alerts: POST only, for the tutor, the referent and the
school's staff; back to where the person came from (the agreement page by default)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balise.agreements.selectors import agreement_for_user
from balise.journal import alerts as services
from balise.journal.models import Alert


def _alert_for(user, pk) -> Alert:
    """The alert if `user` may handle it: 404 for those who may not read its agreement,
    403 for those who may read it but not handle alerts."""
    alert = get_object_or_404(Alert.objects.only("pk", "agreement_id"), pk=pk)
    agreement = agreement_for_user(user, alert.agreement_id)
    if not user.has_perm("journal.handle_alert", agreement):
        raise PermissionDenied
    alert.agreement = agreement
    return alert


def _back(request, alert):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(f"{alert.agreement.get_absolute_url()}#alerts")


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def acknowledge(request, pk):
    alert = _alert_for(request.user, pk)
    try:
        services.alert_acknowledge(
            alert=alert, by=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Alert acknowledged. There will be no more reminders."))
    return _back(request, alert)


@login_required
@require_POST
def resolve(request, pk):
    alert = _alert_for(request.user, pk)
    try:
        services.alert_resolve(
            alert=alert, by=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Alert resolved."))
    return _back(request, alert)
