from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balise.notifications import selectors, services
from balise.notifications.forms import NotificationSettingsForm

PAGE_SIZE = 25


@require_GET
@login_required
def notification_list(request):
    notifications = selectors.notifications_for_user(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@require_POST
@login_required
def notification_read_all(request):
    if services.notification_mark_read(user=request.user):
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@require_POST
@login_required
def notification_open(request, pk):
    notification = selectors.notification_for_user(request.user, pk)
    services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect(notification.target_path())


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    current = selectors.notification_settings_for(request.user)
    form = NotificationSettingsForm(
        request.POST or None, initial={"email_mode": current.email_mode}
    )
    if request.method == "POST" and form.is_valid():
        services.settings_update(user=request.user, email_mode=form.cleaned_data["email_mode"])
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
