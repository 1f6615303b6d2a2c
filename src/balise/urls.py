from django.contrib import admin
from django.urls import include, path

from balise.agreements import views as agreement_views

urlpatterns = [
    path("", agreement_views.home, name="home"),
    path("accounts/", include("balise.accounts.urls")),
    path("agreements/", include("balise.agreements.urls")),
    path("hosts/", include("balise.organizations.urls")),
    path("documents/", include("balise.agreements.document_urls")),
    path("notifications/", include("balise.notifications.urls")),
    path("logbook/", include("balise.journal.urls")),
    path("alerts/", include("balise.journal.alert_urls")),
    path("checkins/", include("balise.checkins.urls")),
    path("", include("balise.dashboards.urls")),
    path("evaluations/", include("balise.evaluations.urls")),
    path("outcomes/", include("balise.outcomes.urls")),
    path("library/", include("balise.library.urls")),
    path("admin/", admin.site.urls),
]
