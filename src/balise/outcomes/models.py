"""What the end of an internship gathers and what the intern keeps: presence and
gratification payments (for the attestation de stage), her professional network and the
recommendations her tutor wrote."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PresenceMonth(models.Model):
    """The effective presence of one calendar month, as the host or the school records it.

    `month` is the first day of the month. The attestation's total effective duration is the
    sum of these hours (D124-9); the minimum gratification due each month is computed from
    them (D124-8).
    """

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="presence_months",
        verbose_name=_("agreement"),
    )
    month = models.DateField(_("month"))
    hours = models.DecimalField(
        _("hours of effective presence"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    absence_days = models.DecimalField(
        _("days of absence"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("31"))],
        help_text=_("Leave and authorised absences taken this month (L124-13)."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("month of presence")
        verbose_name_plural = _("months of presence")
        ordering = ["agreement", "month"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "month"], name="presence_one_per_month"),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="presence_hours_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(absence_days__gte=0), name="presence_absences_positive"
            ),
        ]

    def __str__(self):
        return f"{self.agreement_id} · {self.month:%Y-%m} · {self.hours}"


class Payment(models.Model):
    """A gratification payment to the intern, for one month of presence."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="payments",
        verbose_name=_("agreement"),
    )
    month = models.DateField(_("for the month of"))
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("A transfer or payslip reference, if any."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gratification payment")
        verbose_name_plural = _("gratification payments")
        ordering = ["agreement", "month", "paid_on", "pk"]
        indexes = [models.Index(fields=["agreement", "month"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self):
        return f"{self.agreement_id} · {self.month:%Y-%m} · {self.amount}"


class Contact(models.Model):
    """A person the intern met during the internship. Her own address book: only she sees
    it. An email address is kept only with the person's consent."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("agreement"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    how_we_met = models.TextField(_("how we met"), max_length=1000, blank=True)
    consent_given = models.BooleanField(
        _("this person agreed that I keep their contact details"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["agreement", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email="") | models.Q(consent_given=True),
                name="contact_email_needs_consent",
            )
        ]

    def __str__(self):
        return self.name


class Recommendation(models.Model):
    """A recommendation the intern asked her tutor for, and the tutor's text once written.

    Once written it is final: it is what the intern keeps. She may ask for another one.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("agreement"),
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recommendations_asked",
        verbose_name=_("asked of"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message to the tutor"), max_length=2000, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    author_position = models.CharField(_("your position"), max_length=200, blank=True)
    text = models.TextField(_("recommendation"), max_length=6000, blank=True)
    written_at = models.DateTimeField(_("written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["agreement", "-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(written_at__isnull=True),
                name="recommendation_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(written_at__isnull=True) | ~models.Q(text=""),
                name="recommendation_written_has_text",
            ),
        ]

    def __str__(self):
        return f"{self.agreement_id} · {self.tutor_id}"

    @property
    def is_written(self) -> bool:
        return self.written_at is not None
