from django.urls import path

from balise.journal import views

app_name = "journal"

urlpatterns = [
    path("agreements/<int:pk>/logbook/", views.logbook, name="logbook"),
    path("agreements/<int:pk>/logbook/add/", views.activities_add, name="add"),
    path("agreements/<int:pk>/logbook/suggest/", views.suggest, name="suggest"),
    path("agreements/<int:pk>/logbook/weeks/", views.weekly, name="weekly"),
    path("agreements/<int:pk>/logbook/reflection/", views.reflection_save, name="reflection"),
    path("entries/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("entries/<int:pk>/delete/", views.activity_delete, name="delete"),
    path("entries/<int:pk>/review/", views.activity_review, name="review"),
    path("entries/<int:pk>/explain/", views.activity_explain, name="explain"),
    path("entries/<int:pk>/evidence/", views.evidence, name="evidence"),
    # Key moments
    path("agreements/<int:pk>/moments/", views.moments, name="moments"),
    path("agreements/<int:pk>/moments/add/", views.moment_add, name="moment_add"),
    path("moments/<int:pk>/edit/", views.moment_edit, name="moment_edit"),
    path("moments/<int:pk>/delete/", views.moment_delete, name="moment_delete"),
    path("moments/<int:pk>/endorse/", views.moment_endorse, name="moment_endorse"),
]
