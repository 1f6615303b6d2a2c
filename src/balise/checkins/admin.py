from django.contrib import admin

from balise.checkins.models import (
    ActionItem,
    CalendarFeed,
    CheckIn,
    CheckInPlan,
    CompetencyRating,
    CompetencyTarget,
    Feedback,
    ObjectiveRating,
    ReminderSent,
)


@admin.register(CheckInPlan)
class CheckInPlanAdmin(admin.ModelAdmin):
    list_display = ("agreement", "cadence_weeks", "weekday", "time", "updated_at")
    raw_id_fields = ("agreement", "updated_by")


class ObjectiveRatingInline(admin.TabularInline):
    model = ObjectiveRating
    extra = 0
    raw_id_fields = ("objective", "rater")


class CompetencyRatingInline(admin.TabularInline):
    model = CompetencyRating
    extra = 0
    raw_id_fields = ("competency", "rater")


class FeedbackInline(admin.TabularInline):
    model = Feedback
    extra = 0
    raw_id_fields = ("objective", "milestone", "amendment", "author")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("agreement", "starts_at", "kind", "status")
    list_filter = ("status", "kind")
    date_hierarchy = "starts_at"
    raw_id_fields = ("agreement", "created_by", "held_by")
    search_fields = ("agreement__title", "agreement__intern__last_name")
    inlines = [ObjectiveRatingInline, CompetencyRatingInline, FeedbackInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("text", "agreement", "owner", "due_date", "done_at")
    raw_id_fields = ("agreement", "checkin", "owner", "done_in", "done_by")


@admin.register(CompetencyTarget)
class CompetencyTargetAdmin(admin.ModelAdmin):
    list_display = ("agreement", "competency", "level")
    raw_id_fields = ("agreement", "competency")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    raw_id_fields = ("user",)
    exclude = ("token",)  # a secret: revoked from the person's calendar page


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("checkin", "user", "kind", "sent_at")
    list_filter = ("kind",)
    raw_id_fields = ("checkin", "user")
