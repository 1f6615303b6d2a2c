from django.urls import path

from balise.organizations import views

app_name = "organizations"

urlpatterns = [
    path("search/", views.host_search, name="host_search"),
    path("new/", views.host_create, name="host_create"),
]
