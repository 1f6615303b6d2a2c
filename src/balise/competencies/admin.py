from django.contrib import admin

from balise.competencies.models import Competency, Framework


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0
    fields = ["code", "kind", "name_fr", "name_en", "parent", "position"]
    fk_name = "framework"


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "school", "is_default_transversal"]
    search_fields = ["name_fr", "name_en", "slug"]
    inlines = [CompetencyInline]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "framework", "kind"]
    list_filter = ["framework", "kind"]
    search_fields = ["code", "name_fr", "name_en"]
