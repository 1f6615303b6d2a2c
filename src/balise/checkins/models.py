"""Check-ins (points d'étape): the dated, structured exchanges of the marked path.

A check-in is prepared separately by the intern and the tutor (ratings and notes kept apart,
never averaged), held, given structured feedback and next steps, then signed off by both, after
which it is read-only. Ratings are turned into progress by the pure `balise.progress` core.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Every two weeks unless the tutor or the referent says otherwise.
DEFAULT_CADENCE_WEEKS = 2
# The level a linked competency should reach, unless set otherwise for the agreement.
DEFAULT_TARGET_LEVEL = 3


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class CheckInPlan(models.Model):
    """The cadence of an agreement's check-ins, set by the tutor or the referent."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="checkin_plan"
    )
    cadence_weeks = models.PositiveSmallIntegerField(
        _("every (weeks)"),
        default=DEFAULT_CADENCE_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        default=3,  # Thursday: mid-week, away from Monday planning and Friday departures
        choices=WEEKDAYS,
    )
    time = models.TimeField(_("time"), default="14:00")
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=45,
        validators=[MinValueValidator(10), MaxValueValidator(480)],
    )
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("check-in plan")
        verbose_name_plural = _("check-in plans")

    def __str__(self):
        return f"{self.agreement} · {self.cadence_weeks}"


class CheckInKind(models.TextChoices):
    REGULAR = "regular", _("regular check-in")
    MID = "mid", _("mid-internship check-in with the referent")
    AD_HOC = "ad_hoc", _("additional check-in")


class CheckInStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("check-in", "scheduled")
    HELD = "held", pgettext_lazy("check-in", "held, awaiting sign-off")
    SIGNED = "signed", pgettext_lazy("check-in", "signed off")
    CANCELLED = "cancelled", pgettext_lazy("check-in", "cancelled")


class CheckIn(models.Model):
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="checkins"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CheckInKind.choices, default=CheckInKind.REGULAR
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.SCHEDULED
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=45,
        validators=[MinValueValidator(10), MaxValueValidator(480)],
    )
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    # The referent is expected (always for the mid-internship check-in): it is then in their
    # calendar and reminders. Regular check-ins are the intern's and the tutor's.
    with_referent = models.BooleanField(_("with the referent teacher"), default=False)
    # Set when a person moved it: kept so a plan change does not move it back.
    moved = models.BooleanField(default=False)
    # iCalendar SEQUENCE: bumped each time the date changes or it is cancelled, so calendar
    # applications replace the event they already hold.
    sequence = models.PositiveIntegerField(default=0)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, max_length=1000)
    # Preparation. The intern's notes and ratings stay hidden from the tutor (and the tutor's
    # from the intern) until both have submitted.
    intern_went_well = models.TextField(_("what went well"), blank=True, max_length=4000)
    intern_blocked = models.TextField(_("what blocked me"), blank=True, max_length=4000)
    intern_submitted_at = models.DateTimeField(null=True, blank=True)
    tutor_notes = models.TextField(_("tutor's notes"), blank=True, max_length=4000)
    tutor_submitted_at = models.DateTimeField(null=True, blank=True)
    referent_submitted_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(_("held on"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    intern_signed_at = models.DateTimeField(null=True, blank=True)
    tutor_signed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["agreement", "starts_at", "pk"]
        indexes = [
            models.Index(fields=["agreement", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self):
        return f"{self.agreement} · {self.starts_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        """Still being prepared or held: not signed off, not cancelled."""
        return self.status in (CheckInStatus.SCHEDULED, CheckInStatus.HELD)

    @property
    def both_submitted(self) -> bool:
        return self.intern_submitted_at is not None and self.tutor_submitted_at is not None

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_signed(self) -> bool:
        return self.status == CheckInStatus.SIGNED


class RaterRole(models.TextChoices):
    INTERN = "intern", _("intern")
    TUTOR = "tutor", _("tutor")
    REFERENT = "referent", _("referent")


class ObjectiveZone(models.IntegerChoices):
    NOT_STARTED = 0, _("not started")
    IN_PROGRESS = 1, _("in progress")
    TARGET_REACHED = 2, _("target reached")
    BEYOND_TARGET = 3, _("beyond target")


class ObjectiveRating(models.Model):
    """One rater's zone for one objective at one check-in."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="objective_ratings")
    objective = models.ForeignKey(
        "agreements.Objective", on_delete=models.CASCADE, related_name="ratings"
    )
    role = models.CharField(_("rated by"), max_length=10, choices=RaterRole.choices)
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    zone = models.PositiveSmallIntegerField(_("where it stands"), choices=ObjectiveZone.choices)
    justification = models.CharField(_("why it moved"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("objective rating")
        verbose_name_plural = _("objective ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "objective", "role"], name="objective_rating_once_per_role"
            ),
            models.CheckConstraint(condition=models.Q(zone__lte=3), name="objective_zone_range"),
        ]

    def __str__(self):
        return f"{self.objective} · {self.role} · {self.zone}"


class CompetencyRating(models.Model):
    """One rater's level (the framework's four) for one competency at one check-in."""

    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, related_name="competency_ratings"
    )
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("rated by"), max_length=10, choices=RaterRole.choices)
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    justification = models.CharField(_("why it moved"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competency rating")
        verbose_name_plural = _("competency ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "competency", "role"], name="competency_rating_once_per_role"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="competency_level_range"
            ),
        ]

    def __str__(self):
        return f"{self.competency} · {self.role} · {self.level}"


class CompetencyTarget(models.Model):
    """The level a competency should reach in this internship (default: DEFAULT_TARGET_LEVEL)."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="competency_targets"
    )
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("target level"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("competency target")
        verbose_name_plural = _("competency targets")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "competency"], name="competency_target_once"
            )
        ]

    def __str__(self):
        return f"{self.competency} → {self.level}"


class FeedbackKind(models.TextChoices):
    STRENGTH = "strength", _("strength")
    IMPROVEMENT = "improvement", _("area to improve")
    ADJUSTMENT = "adjustment", _("mission adjustment")


class AdjustmentScope(models.TextChoices):
    MISSION = "mission", _("the missions (no change to a signed objective)")
    MILESTONE = "milestone", _("a milestone's date")
    OBJECTIVE = "objective", _("a signed objective (opens an amendment)")


class Feedback(models.Model):
    """A strength, an area to improve or a mission adjustment recorded at a check-in."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("kind"), max_length=12, choices=FeedbackKind.choices)
    text = models.CharField(_("text"), max_length=1000)
    objective = models.ForeignKey(
        "agreements.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objective concerned"),
    )
    # Adjustments only.
    scope = models.CharField(
        _("what it changes"), max_length=10, choices=AdjustmentScope.choices, blank=True
    )
    milestone = models.ForeignKey(
        "agreements.Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("milestone"),
    )
    previous_due_date = models.DateField(null=True, blank=True)
    new_due_date = models.DateField(_("new due date"), null=True, blank=True)
    amendment = models.ForeignKey(
        "agreements.Amendment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["checkin", "kind", "pk"]

    def __str__(self):
        return self.text


class ActionItem(models.Model):
    """A next step agreed at a check-in, carried to the next ones until done."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="action_items"
    )
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("next step"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    due_date = models.DateField(_("by"))
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_in = models.ForeignKey(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["agreement", "due_date", "pk"]
        indexes = [models.Index(fields=["agreement", "done_at"])]

    def __str__(self):
        return self.text


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed of check-ins; revoking replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class ReminderKind(models.TextChoices):
    TWO_DAYS_BEFORE = "two_days", _("two days before")
    SAME_DAY = "same_day", _("on the day")
    OVERDUE = "overdue", _("overdue")


class ReminderSent(models.Model):
    """What the reminder command already sent: it never sends the same reminder twice."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    # The check-in's date when the reminder was sent: moving the check-in allows new reminders.
    for_starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "user", "kind", "for_starts_at"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.checkin} · {self.kind} · {self.user}"
