from django.contrib import admin

from balise.evaluations.models import (
    Defence,
    DefenceSettings,
    Evaluation,
    EvaluationReminder,
    GradingCriterion,
    JuryMember,
    Questionnaire,
    QuestionnaireVersion,
    Report,
    ReportExtension,
)


class VersionInline(admin.TabularInline):
    model = QuestionnaireVersion
    extra = 0
    fields = ["number", "title_fr", "title_en", "created_at", "created_by"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["program", "kind", "is_active", "school"]
    list_filter = ["kind", "is_active", "school"]
    search_fields = ["program__name"]
    raw_id_fields = ["program", "school"]
    list_select_related = ["program", "school"]
    inlines = [VersionInline]


class ReminderInline(admin.TabularInline):
    model = EvaluationReminder
    extra = 0
    fields = ["kind", "stage", "sent_at", "sent_by", "emailed_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["agreement", "kind", "status", "responder", "opened_at", "submitted_at"]
    list_filter = ["kind", "status", "school"]
    search_fields = ["agreement__title", "agreement__intern__last_name", "responder__email"]
    date_hierarchy = "opened_at"
    raw_id_fields = ["agreement", "version", "responder", "opened_by", "school"]
    list_select_related = ["agreement", "responder"]
    # Answers are the responder's: the admin shows them through the evaluation's page.
    readonly_fields = ["subjects", "reminder_stage"]
    inlines = [ReminderInline]


@admin.register(DefenceSettings)
class DefenceSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "report_deadline_days", "report_deadline_date", "grade_scale"]
    raw_id_fields = ["program"]


@admin.register(GradingCriterion)
class GradingCriterionAdmin(admin.ModelAdmin):
    list_display = ["label_fr", "program", "weight", "max_points", "source"]
    list_filter = ["source"]
    raw_id_fields = ["program"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["agreement", "original_name", "size", "uploaded_at"]
    raw_id_fields = ["agreement", "uploaded_by"]


@admin.register(ReportExtension)
class ReportExtensionAdmin(admin.ModelAdmin):
    list_display = ["agreement", "until", "granted_by", "granted_at"]
    raw_id_fields = ["agreement", "granted_by"]


class JuryInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Defence)
class DefenceAdmin(admin.ModelAdmin):
    list_display = ["agreement", "scheduled_at", "final_grade", "released_at"]
    list_filter = ["school"]
    date_hierarchy = "scheduled_at"
    raw_id_fields = ["agreement", "school", "released_by", "created_by"]
    readonly_fields = ["grid", "final_grade", "released_at", "released_by"]
    inlines = [JuryInline]
