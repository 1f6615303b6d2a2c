from django.urls import path

from balise.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("agreements/<int:pk>/", views.overview, name="overview"),
    path("agreements/<int:pk>/presence/", views.presence, name="presence"),
    path("agreements/<int:pk>/presence/record/", views.presence_record, name="presence_record"),
    path("agreements/<int:pk>/payments/record/", views.payment_record, name="payment_record"),
    path("presence/<int:pk>/delete/", views.presence_delete, name="presence_delete"),
    path("payments/<int:pk>/delete/", views.payment_delete, name="payment_delete"),
    path("agreements/<int:pk>/attestation.pdf", views.attestation, name="attestation"),
    path("agreements/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("agreements/<int:pk>/report.md", views.report_markdown, name="report_markdown"),
    path("agreements/<int:pk>/defence.docx", views.defence_docx, name="defence_docx"),
    path("agreements/<int:pk>/defence.md", views.defence_markdown, name="defence_markdown"),
    path("agreements/<int:pk>/cv/", views.cv, name="cv"),
    path("agreements/<int:pk>/resume.json", views.json_resume, name="json_resume"),
    path("agreements/<int:pk>/badges/<int:competency_pk>.json", views.badge, name="badge"),
    path("agreements/<int:pk>/contacts/", views.contacts, name="contacts"),
    path("agreements/<int:pk>/contacts.vcf", views.vcard, name="vcard"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path(
        "agreements/<int:pk>/recommendation/request/",
        views.recommendation_request,
        name="recommendation_request",
    ),
    path(
        "recommendations/<int:pk>/write/",
        views.recommendation_write,
        name="recommendation_write",
    ),
    path("recommendations/<int:pk>.pdf", views.recommendation_pdf, name="recommendation_pdf"),
    # Public: what an Open Badge points to.
    path("achievements/<int:pk>/", views.achievement, name="achievement"),
    path("issuers/<int:pk>/", views.issuer, name="issuer"),
]
