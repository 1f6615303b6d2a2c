from django.urls import path

from balise.library import views

app_name = "library"

urlpatterns = [
    path("", views.example_list, name="list"),
    path("new/", views.example_create, name="create"),
    path("export.json", views.library_download, name="export"),
    path("<int:pk>/edit/", views.example_edit, name="edit"),
    path("<int:pk>/delete/", views.example_delete, name="delete"),
]
