from django.contrib import admin

from balise.outcomes.models import Contact, Payment, PresenceMonth, Recommendation


@admin.register(PresenceMonth)
class PresenceMonthAdmin(admin.ModelAdmin):
    list_display = ["agreement", "month", "hours", "absence_days", "recorded_by"]
    list_select_related = ["agreement", "recorded_by"]
    raw_id_fields = ["agreement", "recorded_by"]
    date_hierarchy = "month"


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["agreement", "month", "amount", "paid_on", "reference"]
    list_select_related = ["agreement"]
    raw_id_fields = ["agreement", "recorded_by"]
    date_hierarchy = "paid_on"


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "agreement", "consent_given"]
    list_select_related = ["agreement"]
    raw_id_fields = ["agreement"]
    search_fields = ["name", "organisation"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["agreement", "tutor", "requested_at", "written_at"]
    list_select_related = ["agreement", "tutor"]
    raw_id_fields = ["agreement", "tutor", "requested_by"]
    readonly_fields = ["written_at"]
