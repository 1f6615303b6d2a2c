from django.urls import path

from balise.evaluations import views

app_name = "evaluations"

urlpatterns = [
    # Programmes: evaluation forms, report deadline, grading grid (school staff).
    path("programs/", views.program_list, name="programs"),
    path("programs/<int:pk>/", views.program_detail, name="program"),
    path("programs/<int:pk>/settings/", views.program_settings, name="program_settings"),
    path("programs/<int:pk>/criteria/new/", views.criterion_create, name="criterion_create"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("criteria/<int:pk>/move/", views.criterion_move, name="criterion_move"),
    path("forms/<int:pk>/", views.form_detail, name="form"),
    path("forms/<int:pk>/edit/", views.form_edit, name="form_edit"),
    path("forms/<int:pk>/active/", views.form_active, name="form_active"),
    path("forms/<int:pk>/preview/", views.form_preview, name="form_preview"),
    path("forms/<int:pk>/sections/new/", views.section_create, name="section_create"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    # Evaluations of an internship.
    path("follow-up/", views.follow_up, name="follow_up"),
    path("agreements/<int:pk>/", views.agreement_overview, name="agreement"),
    path("agreements/<int:pk>/open/", views.evaluation_open, name="open"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("<int:pk>/remind/", views.evaluation_remind, name="remind"),
    path("<int:pk>/sheet.pdf", views.evaluation_pdf, name="pdf"),
    # Report and defence.
    path("agreements/<int:pk>/report/", views.report, name="report"),
    path("agreements/<int:pk>/report/file/", views.report_file, name="report_file"),
    path("agreements/<int:pk>/report/extend/", views.report_extend, name="report_extend"),
    path("agreements/<int:pk>/defence/", views.defence, name="defence"),
    path("agreements/<int:pk>/defence/schedule/", views.defence_schedule, name="defence_schedule"),
    path("agreements/<int:pk>/defence/grade/", views.defence_grade, name="defence_grade"),
    path("agreements/<int:pk>/defence/release/", views.defence_release, name="defence_release"),
]
