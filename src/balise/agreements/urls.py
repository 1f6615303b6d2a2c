from django.urls import path

from balise.agreements import views

app_name = "agreements"

urlpatterns = [
    path("new/", views.agreement_create, name="create"),
    path("check/", views.agreement_check, name="check_new"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/check/", views.agreement_check, name="check"),
    path("<int:pk>/submit/", views.agreement_submit, name="submit"),
    path("<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path("<int:pk>/missions/new/", views.mission_create, name="mission_create"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective_delete"),
    path("objectives/<int:pk>/move/", views.objective_move, name="objective_move"),
    path("objectives/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("missions/<int:pk>/delete/", views.mission_delete, name="mission_delete"),
    path("missions/<int:pk>/move/", views.mission_move, name="mission_move"),
]
