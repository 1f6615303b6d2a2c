from django.contrib import admin

from balise.agreements.models import Agreement, Milestone, Mission, Objective


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0
    autocomplete_fields = ["competencies"]


class MissionInline(admin.TabularInline):
    model = Mission
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "intern", "host", "status", "start_date", "end_date", "school"]
    list_filter = ["status", "school"]
    search_fields = ["title", "intern__email", "intern__last_name", "host__name"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["intern", "tutor", "referent", "signatory", "host", "program"]
    inlines = [ObjectiveInline, MissionInline]
    list_select_related = ["intern", "host", "school"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "due_date", "reached_on"]
    search_fields = ["title"]
