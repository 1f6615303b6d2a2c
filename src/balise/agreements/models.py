from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement status", "draft")
    NEGOTIATION = "negotiation", pgettext_lazy("agreement status", "under negotiation")
    AWAITING_SIGNATURES = (
        "awaiting_signatures",
        pgettext_lazy("agreement status", "awaiting signatures"),
    )
    SIGNED = "signed", pgettext_lazy("agreement status", "signed")
    IN_PROGRESS = "in_progress", pgettext_lazy("agreement status", "in progress")
    COMPLETED = "completed", pgettext_lazy("agreement status", "completed")
    EVALUATED = "evaluated", pgettext_lazy("agreement status", "evaluated")
    ARCHIVED = "archived", pgettext_lazy("agreement status", "archived")
    CANCELLED = "cancelled", pgettext_lazy("agreement status", "cancelled")
    INTERRUPTED = "interrupted", pgettext_lazy("agreement status", "interrupted")


# Before signature the content is still being written; after it, only an amendment changes it.
EDITABLE_STATUSES = frozenset({AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION})
# Statuses that take a place at the host, with the tutor and with the referent.
ACTIVE_STATUSES = frozenset(
    {
        AgreementStatus.NEGOTIATION,
        AgreementStatus.AWAITING_SIGNATURES,
        AgreementStatus.SIGNED,
        AgreementStatus.IN_PROGRESS,
    }
)


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


def default_working_days() -> list[str]:
    return ["mon", "tue", "wed", "thu", "fri"]


hours_validators = [MinValueValidator(Decimal("0"))]


class Agreement(models.Model):
    """An internship agreement (convention de stage) and what the law looks at."""

    school = models.ForeignKey(
        "organizations.School",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("school"),
    )
    program = models.ForeignKey(
        "organizations.Program",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("programme"),
    )
    host = models.ForeignKey(
        "organizations.HostOrganization",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("host organisation"),
    )
    intern = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agreements_as_intern",
        verbose_name=_("intern"),
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_as_tutor",
        verbose_name=_("tutor"),
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_as_referent",
        verbose_name=_("referent teacher"),
    )
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_as_signatory",
        verbose_name=_("host signatory"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short name for the internship, such as the main mission."),
    )
    place = models.CharField(
        _("place of the internship"),
        max_length=250,
        blank=True,
        help_text=_("Where the intern works, if not at the host's address."),
    )

    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=5, decimal_places=2, validators=hours_validators
    )
    working_days = models.JSONField(_("working days"), default=default_working_days)
    daily_hours_max = models.DecimalField(
        _("maximum daily hours"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=hours_validators,
        help_text=_("Leave empty when the hours are spread evenly over the working days."),
    )
    night_work = models.BooleanField(_("presence at night"), default=False)
    sunday_work = models.BooleanField(_("presence on Sundays"), default=False)
    public_holiday_work = models.BooleanField(_("presence on public holidays"), default=False)
    gratification_hourly_rate = models.DecimalField(
        _("hourly gratification (€)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=hours_validators,
    )
    leave_provided = models.BooleanField(
        _("leave and absences provided"),
        default=True,
        help_text=_("The agreement provides leave and authorised absences (L124-13)."),
    )
    prior_hours_same_host_same_year = models.DecimalField(
        _("earlier hours at this host this teaching year"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=hours_validators,
    )
    previous_intern_start = models.DateField(
        _("previous intern on the post: start"), null=True, blank=True
    )
    previous_intern_end = models.DateField(
        _("previous intern on the post: end"), null=True, blank=True
    )
    previous_intern_ended_early = models.BooleanField(
        _("the previous intern ended the internship early"), default=False
    )
    purpose_permanent_post = models.BooleanField(_("fills a permanent post"), default=False)
    purpose_temporary_increase = models.BooleanField(
        _("meets a temporary increase in activity"), default=False
    )
    purpose_seasonal_job = models.BooleanField(_("fills a seasonal job"), default=False)
    purpose_replaces_employee = models.BooleanField(_("replaces an absent employee"), default=False)
    dangerous_tasks = models.BooleanField(_("involves dangerous tasks"), default=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    interrupted_on = models.DateField(_("interrupted on"), null=True, blank=True)
    interruption_reason = models.TextField(_("reason for the interruption"), blank=True)
    interruption_validation = models.CharField(
        _("validation of the interrupted internship"),
        max_length=20,
        choices=[
            ("validated", _("validated as it stands")),
            ("extended", _("to be completed later (report or extension)")),
            ("not_validated", _("not validated")),
        ],
        blank=True,
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="agreement_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gte=0), name="agreement_weekly_hours_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["host", "start_date"]),
        ]

    def __str__(self):
        return f"{self.title} · {self.intern}"

    def get_absolute_url(self):
        return reverse("agreements:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def main_objective(self):
        return next((o for o in self.objectives.all() if o.is_main), None)


class Mission(models.Model):
    """An activity the host entrusts to the intern (D124-4)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="missions", verbose_name=_("agreement")
    )
    description = models.CharField(_("description"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["agreement", "position", "pk"]

    def __str__(self):
        return self.description


class ObjectiveKind(models.TextChoices):
    MAIN = "main", _("main objective")
    SPECIFIC = "specific", _("specific objective")


class Objective(models.Model):
    """One objective of the internship: the main one, or a specific SMART one."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ObjectiveKind.choices, default=ObjectiveKind.SPECIFIC
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    indicators = models.TextField(
        _("success indicators"),
        blank=True,
        help_text=_("One indicator per line: how everyone will know the objective is reached."),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Relative importance of this objective, from 1 to 100."),
    )
    # A planning estimate for the writing assistant (are the objectives achievable in the
    # presence hours?), not a term of the agreement: signed versions do not hold it.
    planned_hours = models.DecimalField(
        _("planned hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("2000"))],
        help_text=_(
            "An estimate of the hours of work this objective needs; together the objectives "
            "must fit in the hours of presence."
        ),
    )
    competencies = models.ManyToManyField(
        "competencies.Competency",
        blank=True,
        related_name="objectives",
        verbose_name=_("competencies"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(kind="main"),
                name="objective_one_main_per_agreement",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_main(self) -> bool:
        return self.kind == ObjectiveKind.MAIN

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]


class Milestone(models.Model):
    """A dated step towards an objective."""

    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("objective"),
    )
    title = models.CharField(_("title"), max_length=250)
    due_date = models.DateField(_("due date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["objective", "due_date", "position", "pk"]

    def __str__(self):
        return self.title


class Party(models.TextChoices):
    """The parties of an agreement, as they agree, validate and sign."""

    INTERN = "intern", _("intern")
    TUTOR = "tutor", _("tutor")
    REFERENT = "referent", _("referent teacher")
    STAFF = "staff", _("internship office")
    HOST = "host", _("host signatory")


# Who marks "I agree with these objectives" before signatures.
AGREEING_PARTIES = (Party.INTERN, Party.TUTOR, Party.REFERENT, Party.STAFF)
# Who signs each version: the school (through its internship office), the host signatory,
# the intern, the tutor and the referent teacher (D124-4 names them all).
SIGNING_PARTIES = (Party.STAFF, Party.HOST, Party.INTERN, Party.TUTOR, Party.REFERENT)


class ObjectivesConsent(models.Model):
    """A party's "I agree with these objectives". Any change to the objectives removes
    every consent given (an event records it)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="consents")
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement with the objectives")
        verbose_name_plural = _("agreements with the objectives")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="consent_one_per_party")
        ]

    def __str__(self):
        return f"{self.get_party_display()} · {self.user}"


class ValidationKind(models.TextChoices):
    PEDAGOGICAL = "pedagogical", _("pedagogical validation")
    ADMINISTRATIVE = "administrative", _("administrative validation")


class Validation(models.Model):
    """The referent's pedagogical or the internship office's administrative validation."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="validations")
    kind = models.CharField(_("kind"), max_length=16, choices=ValidationKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("validated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("validation")
        verbose_name_plural = _("validations")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="validation_one_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user}"


class Comment(models.Model):
    """A party's comment on the agreement or on one of its objectives."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Proposal(models.Model):
    """A proposed change to an objective, or a proposed new objective (objective empty).

    `proposed` holds the objective's fields as proposed; `previous` what they were when the
    proposal was made, so the diff stays readable after the objective changes.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="proposals")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    rationale = models.TextField(_("why this change"), blank=True, max_length=2000)
    previous = models.JSONField(default=dict, blank=True)
    proposed = models.JSONField(default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(self.proposed.get("title", ""))

    @property
    def is_new_objective(self) -> bool:
        return not self.previous


class AgreementVersion(models.Model):
    """A frozen version of the agreement: its canonical JSON and that JSON's SHA-256.

    Version 1 is what the parties first sign; each amendment adds the next one. Rows are
    never updated once written (the services only create them).
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(_("fully signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_unique_number")
        ]

    def __str__(self):
        return f"{self.agreement} · v{self.number}"


class Signature(models.Model):
    """A simple electronic signature of one version by one party."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField(_("signed at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    version_sha256 = models.CharField(_("signed hash"), max_length=64)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="signature_one_per_party")
        ]

    def __str__(self):
        return f"{self.get_party_display()} · {self.signer}"


class AmendmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("amendment status", "draft")
    AWAITING_SIGNATURES = (
        "awaiting_signatures",
        pgettext_lazy("amendment status", "awaiting signatures"),
    )
    SIGNED = "signed", pgettext_lazy("amendment status", "signed")
    CANCELLED = "cancelled", pgettext_lazy("amendment status", "cancelled")


class Amendment(models.Model):
    """An amendment (avenant): proposed changes that become a new signed version.

    `changes` holds the new values of what changes: any of `start_date`, `end_date`,
    `weekly_hours`, `gratification_hourly_rate`, `tutor` (a person id), `missions` (list of
    strings) and `objectives` (the whole list, each with its id when it already exists).
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT
    )
    reason = models.TextField(_("reason"), max_length=2000)
    changes = models.JSONField(default=dict, blank=True)
    base_version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="+")
    version = models.OneToOneField(
        AgreementVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="amendment_unique_number"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(status__in=["draft", "awaiting_signatures"]),
                name="amendment_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.agreement} · {self.number}"


class EventKind(models.TextChoices):
    CREATED = "created", _("agreement created")
    UPDATED = "updated", _("terms changed")
    OBJECTIVE_ADDED = "objective_added", _("objective added")
    OBJECTIVE_CHANGED = "objective_changed", _("objective changed")
    OBJECTIVE_DELETED = "objective_deleted", _("objective deleted")
    NEGOTIATION_OPENED = "negotiation_opened", _("negotiation opened")
    COMMENTED = "commented", _("comment")
    PROPOSED = "proposed", _("change proposed")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("proposal accepted")
    PROPOSAL_DECLINED = "proposal_declined", _("proposal declined")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("proposal withdrawn")
    AGREED = "agreed", _("agreed with the objectives")
    CONSENTS_WITHDRAWN = "consents_withdrawn", _("agreements withdrawn after a change")
    VALIDATED = "validated", _("validated")
    SIGNATURES_REQUESTED = "signatures_requested", _("signatures requested")
    SIGNED = "signed", _("signed")
    FULLY_SIGNED = "fully_signed", _("signed by every party")
    STARTED = "started", _("internship started")
    COMPLETED = "completed", _("internship completed")
    CANCELLED = "cancelled", _("agreement cancelled")
    INTERRUPTED = "interrupted", _("internship interrupted")
    AMENDMENT_OPENED = "amendment_opened", _("amendment opened")
    AMENDMENT_SIGNED = "amendment_signed", _("amendment signed")
    INVITED = "invited", _("invitation sent")


class AgreementEvent(models.Model):
    """What happened to an agreement, who did it and when: its history."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.get_kind_display()
