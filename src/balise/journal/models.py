from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The labels of the alignment engine besides objective ids (see spec/align.md).
PROGRAM = "program"
UNRELATED = "unrelated"


def evidence_path(instance, filename):
    return f"evidence/{instance.agreement_id}/{filename}"


class Activity(models.Model):
    """An entry of the logbook: what the intern did, when, for how long, and for what.

    Three opinions on what the entry serves are kept apart: the intern's (`objective`),
    the engine's (`engine_label`), and the tutor's review (`reviewed_label`). A person's
    opinion always wins over the engine's.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("12"))],
    )
    text = models.CharField(_("what I did"), max_length=500)
    objective = models.ForeignKey(
        "agreements.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("objective served"),
    )
    engine_label = models.CharField(max_length=40, blank=True)
    engine_score = models.FloatField(null=True, blank=True)
    reviewed_label = models.CharField(_("label confirmed by the tutor"), max_length=40, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True, max_length=2000)
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to=evidence_path, blank=True, max_length=300
    )
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["agreement", "date", "pk"]
        indexes = [models.Index(fields=["agreement", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="activity_hours_positive")
        ]

    def __str__(self):
        return self.text

    @property
    def label(self) -> str:
        """What the entry serves: the tutor's review, else the intern's choice, else the
        engine's guess ('' when nobody said anything yet)."""
        if self.reviewed_label:
            return self.reviewed_label
        if self.objective_id:
            return str(self.objective_id)
        return self.engine_label

    @property
    def flagged_unrelated(self) -> bool:
        return self.label == UNRELATED


class Reflection(models.Model):
    """The intern's weekly reflection. The referent always reads it; the tutor only if
    the intern shares it."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="reflections"
    )
    week_start = models.DateField(_("week of"))
    learned = models.TextField(_("what I learned"), blank=True, max_length=4000)
    difficulties = models.TextField(_("difficulties"), blank=True, max_length=4000)
    questions = models.TextField(_("questions for my tutor"), blank=True, max_length=4000)
    shared_with_tutor = models.BooleanField(_("my tutor may read it"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("weekly reflection")
        verbose_name_plural = _("weekly reflections")
        ordering = ["agreement", "-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "week_start"], name="reflection_one_per_week"
            )
        ]

    def __str__(self):
        return f"{self.agreement} · {self.week_start}"


class AlertCode(models.TextChoices):
    UNRELATED_SHARE_HIGH = "alignment.unrelated_share_high", _("much time on unrelated tasks")
    REPETITIVE_ROUTINE = "alignment.repetitive_routine", _("repetitive routine")
    OBJECTIVE_NEGLECTED = "alignment.objective_neglected", _("objective neglected")
    LOGBOOK_SILENT = "logbook.silent", _("no logbook entry for seven days")


class AlertState(models.TextChoices):
    OPEN = "open", _("open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    RESOLVED = "resolved", _("resolved")


class Alert(models.Model):
    """A problem the alignment watch found on an agreement, and what people did about it."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="alerts"
    )
    code = models.CharField(_("alert"), max_length=40, choices=AlertCode.choices)
    objective = models.ForeignKey(
        "agreements.Objective", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=AlertState.choices, default=AlertState.OPEN
    )
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "code", "objective"],
                condition=~models.Q(state="resolved"),
                name="alert_one_live_per_kind",
            )
        ]

    def __str__(self):
        return self.get_code_display()


class MomentKind(models.TextChoices):
    """What kind of moment, for the report skeleton and the CV lines; free to leave `other`."""

    PUBLIC_SPEAKING = "public_speaking", _("speaking in public")
    PROPOSAL = "proposal", _("defending a proposal")
    UNEXPECTED = "unexpected", _("handling the unexpected")
    CLIENT_MEETING = "client_meeting", _("a first client meeting")
    LEADING_MEETING = "leading_meeting", _("leading a meeting")
    OTHER = "other", _("another key moment")


class Moment(models.Model):
    """A key moment of the internship, told by the intern, and the tutor's endorsement.

    Changing what the moment says withdraws the endorsement: the tutor endorsed the moment as
    it was told.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="moments"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind of moment"), max_length=20, choices=MomentKind.choices, default=MomentKind.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    what_happened = models.TextField(_("what happened"), max_length=4000)
    learned = models.TextField(_("what I learned"), blank=True, max_length=4000)
    competencies = models.ManyToManyField(
        "competencies.Competency",
        blank=True,
        related_name="moments",
        verbose_name=_("competencies shown"),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsement = models.TextField(_("endorsement"), blank=True, max_length=1000)
    endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("key moment")
        verbose_name_plural = _("key moments")
        ordering = ["agreement", "date", "pk"]
        indexes = [models.Index(fields=["agreement", "date"])]
        constraints = [
            # An endorsement is a sentence and a date, or nothing.
            models.CheckConstraint(
                condition=(models.Q(endorsed_at__isnull=True) & models.Q(endorsement=""))
                | (models.Q(endorsed_at__isnull=False) & ~models.Q(endorsement="")),
                name="moment_endorsement_complete",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_at is not None
