from django.urls import path

from balise.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("path/<int:agreement_pk>/", views.path, name="path"),
    path("my-interns/", views.my_interns, name="my_interns"),
]
