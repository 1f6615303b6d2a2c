from django.contrib import admin

from balise.organizations.models import HostOrganization, Program, School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "level", "teaching_hours_per_year"]
    list_filter = ["level", "school"]
    search_fields = ["name"]
    autocomplete_fields = ["school"]


@admin.register(HostOrganization)
class HostOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "city", "headcount"]
    search_fields = ["name", "siret"]
