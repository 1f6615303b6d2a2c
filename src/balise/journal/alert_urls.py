"""Included at /alerts/ by the project's urls."""

from django.urls import path

from balise.journal import alert_views

app_name = "alerts"

urlpatterns = [
    path("<int:pk>/acknowledge/", alert_views.acknowledge, name="acknowledge"),
    path("<int:pk>/resolve/", alert_views.resolve, name="resolve"),
]
