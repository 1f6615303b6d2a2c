from django.urls import path

from balise.agreements import document_views as views

app_name = "documents"

urlpatterns = [
    path(
        "agreements/<int:pk>/versions/<int:number>/pdf/",
        views.version_pdf,
        name="version_pdf",
    ),
    path("amendments/<int:pk>/pdf/", views.amendment_pdf, name="amendment_pdf"),
    path("verify/", views.verify, name="verify"),
    path("hosts/<int:pk>/register.csv", views.host_register, name="host_register"),
]
