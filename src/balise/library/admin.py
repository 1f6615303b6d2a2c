from django.contrib import admin

from balise.library.models import ObjectiveExample


@admin.register(ObjectiveExample)
class ObjectiveExampleAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "title_en", "school", "program", "usage_count"]
    list_filter = ["school", "program"]
    search_fields = ["title_fr", "title_en", "key"]
    autocomplete_fields = ["competencies"]
    readonly_fields = ["usage_count"]
    list_select_related = ["school", "program"]
