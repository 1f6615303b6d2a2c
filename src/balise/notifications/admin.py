from django.contrib import admin

from balise.notifications.models import Notification, NotificationSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "agreement", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email", "recipient__last_name", "agreement__title"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient", "agreement", "actor"]
    list_select_related = ["recipient", "agreement"]
    readonly_fields = ["created_at"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "email_mode", "last_digest_on", "updated_at"]
    list_filter = ["email_mode"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
