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
    path("<int:pk>/objectives/advice/", views.objective_advice, name="objective_advice"),
    path("<int:pk>/objectives/fill/", views.objective_fill, name="objective_fill"),
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

urlpatterns += [
    path("<int:pk>/comments/new/", views.comment_create, name="comment_create"),
    path("<int:pk>/proposals/new/", views.proposal_create, name="proposal_create"),
    path("<int:pk>/proposals/advice/", views.proposal_advice, name="proposal_advice"),
    path(
        "proposals/<int:pk>/<str:decision>/",
        views.proposal_decide,
        name="proposal_decide",
    ),
    path("<int:pk>/agree/", views.agreement_agree, name="agree"),
    path("<int:pk>/validate/", views.agreement_validate, name="validate"),
    path(
        "<int:pk>/request-signatures/",
        views.agreement_request_signatures,
        name="request_signatures",
    ),
    path("<int:pk>/sign/", views.agreement_sign, name="sign"),
    path("<int:pk>/cancel/", views.agreement_cancel, name="cancel"),
    path("<int:pk>/interrupt/", views.agreement_interrupt, name="interrupt"),
    path("<int:pk>/history/", views.agreement_history, name="history"),
    path("<int:pk>/invite/", views.invitation_send, name="invite"),
    path("<int:pk>/amendments/new/", views.amendment_create, name="amendment_create"),
    path("amendments/<int:pk>/", views.amendment_edit, name="amendment_edit"),
    path(
        "amendments/<int:pk>/request-signatures/",
        views.amendment_request_signatures,
        name="amendment_request_signatures",
    ),
    path("amendments/<int:pk>/cancel/", views.amendment_cancel, name="amendment_cancel"),
]
