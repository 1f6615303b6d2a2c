from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """The steps people are told about. Each has one sentence in `texts.py`."""

    PROPOSAL = "proposal", _("change proposed")
    PROPOSAL_DECIDED = "proposal_decided", _("proposal decided")
    COMMENT = "comment", _("comment")
    NEGOTIATION_OPENED = "negotiation_opened", _("negotiation opened")
    VALIDATION = "validation", _("validated")
    SIGNATURES_REQUESTED = "signatures_requested", _("signatures requested")
    SIGNED = "signed", _("signed")
    FULLY_SIGNED = "fully_signed", _("signed by every party")
    AMENDMENT = "amendment", _("amendment")
    CANCELLED = "cancelled", _("agreement cancelled")
    INTERRUPTED = "interrupted", _("internship interrupted")
    INVITATION = "invitation", _("invitation")
    ALERT = "alert", _("alert on the logbook")
    CHECKIN_SCHEDULED = "checkin_scheduled", _("check-in scheduled or moved")
    CHECKIN_CANCELLED = "checkin_cancelled", _("check-in cancelled")
    CHECKIN_REMINDER = "checkin_reminder", _("check-in reminder")
    CHECKIN_PREPARED = "checkin_prepared", _("check-in prepared")
    CHECKIN_SIGNED = "checkin_signed", _("check-in signed off")
    MOMENT_ENDORSED = "moment_endorsed", _("key moment endorsed")
    EVALUATION_OPENED = "evaluation_opened", _("evaluation to complete")
    EVALUATION_REMINDER = "evaluation_reminder", _("evaluation reminder")
    EVALUATION_SUBMITTED = "evaluation_submitted", _("evaluation submitted")
    DEFENCE_SCHEDULED = "defence_scheduled", _("defence scheduled")
    GRADE_RELEASED = "grade_released", _("grade released")
    RECOMMENDATION_REQUESTED = "recommendation_asked", _("recommendation requested")
    RECOMMENDATION_WRITTEN = "recommendation_written", _("recommendation written")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("an email for each notification")
    DIGEST = "digest", _("one email a day, with the day's notifications")
    NONE = "none", _("no email: I read them in Balise")


class Notification(models.Model):
    """Something a person should know about, shown in their list and emailed to them.

    `data` holds what the sentence needs and the agreement does not say by itself (the
    objective's title, the version number, the reason...), frozen when it happened.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        # The (recipient, read_at) index below starts with the recipient and serves too.
        db_index=False,
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("agreement"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NotificationKind.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The unread count in the header of every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # A person's list, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # The daily digest looks only at what was not emailed yet.
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_not_emailed",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.recipient}"

    def target_path(self) -> str:
        """The page the notification leads to: the check-in it is about, else its agreement,
        else the list of notifications."""
        checkin = (self.data or {}).get("checkin")
        if checkin:
            return reverse("checkins:detail", args=[checkin])
        evaluation = (self.data or {}).get("evaluation_id")
        if evaluation:
            return reverse("evaluations:evaluation", args=[evaluation])
        if self.agreement_id is not None and self.kind in {"defence_scheduled", "grade_released"}:
            return reverse("evaluations:defence", args=[self.agreement_id])
        if self.agreement_id is not None:
            return self.agreement.get_absolute_url()
        return reverse("notifications:list")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        """The sentence, in the active language."""
        from balise.notifications.texts import notification_message

        return notification_message(self)

    @property
    def detail(self) -> str:
        from balise.notifications.texts import notification_detail

        return notification_detail(self)


class NotificationSettings(models.Model):
    """How a person wants to be emailed. Created the first time they change it: without
    a row, they get an email for each notification."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
        verbose_name=_("person"),
    )
    email_mode = models.CharField(
        _("notification emails"),
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATE,
    )
    # The calendar day (in TIME_ZONE) of the last digest: at most one a day, whatever
    # how often `send_digests` runs.
    last_digest_on = models.DateField(_("last digest sent on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        indexes = [
            models.Index(
                fields=["last_digest_on"],
                condition=models.Q(email_mode="digest"),
                name="notification_settings_digest",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_email_mode_display()}"
