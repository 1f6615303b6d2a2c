from django.urls import path

from balise.checkins import views

app_name = "checkins"

urlpatterns = [
    path("agreements/<int:pk>/", views.checkin_list, name="list"),
    path("agreements/<int:pk>/plan/", views.plan, name="plan"),
    path("agreements/<int:pk>/add/", views.checkin_add, name="add"),
    path("<int:pk>/", views.checkin_detail, name="detail"),
    path("<int:pk>/ratings/", views.ratings, name="ratings"),
    path("<int:pk>/prepare/", views.prepare, name="prepare"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/hold/", views.hold, name="hold"),
    path("<int:pk>/feedback/", views.feedback_add, name="feedback_add"),
    path("<int:pk>/adjustments/", views.adjustment_add, name="adjustment_add"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:item>/done/", views.action_done, name="action_done"),
    path("<int:pk>/milestones/", views.milestone_reached, name="milestone_reached"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("feedback/<int:pk>/delete/", views.feedback_delete, name="feedback_delete"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new-address/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
