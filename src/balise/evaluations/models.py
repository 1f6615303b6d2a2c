"""Evaluation forms, evaluations of an internship, the report and the oral defence.

Forms are versioned: a `Questionnaire` (one per programme and kind) has numbered
`QuestionnaireVersion`s, each with its own sections and questions. Answers point to the
question rows of the version they answered, and the services never change a version
that has answers: they copy it into the next version first. Old answers therefore stay
readable exactly as they were given.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("fr", "en")


def pick(values: dict | None, lang: str | None = None) -> str:
    """The French or English text of a `{"fr": ..., "en": ...}` pair; French when the
    English is missing."""
    values = values or {}
    lang = (lang or get_language() or "fr")[:2]
    return (values.get("en") if lang == "en" else None) or values.get("fr") or ""


def localized(obj, field: str, lang: str | None = None) -> str:
    """The French or English value of a bilingual model field (`<field>_fr`, `<field>_en`)."""
    return pick({"fr": getattr(obj, f"{field}_fr"), "en": getattr(obj, f"{field}_en")}, lang)


class EvaluationKind(models.TextChoices):
    TUTOR_MID = "tutor_mid", _("tutor's mid-internship evaluation")
    TUTOR_FINAL = "tutor_final", _("tutor's final evaluation")
    HOST_WELCOME = "host_welcome", _("intern's evaluation of the host's welcome")
    REFERENT = "referent", _("referent teacher's evaluation")


# Code de l'éducation, L124-4: the intern's evaluation of the welcome she received "is not
# taken into account in her evaluation or in the award of her diploma". Only these kinds
# may ever feed a grade; the database refuses a grading criterion fed by any other.
GRADABLE_KINDS = (EvaluationKind.TUTOR_MID, EvaluationKind.TUTOR_FINAL, EvaluationKind.REFERENT)

# Who answers each kind: the agreement's field holding that person.
RESPONDER_FIELD = {
    EvaluationKind.TUTOR_MID: "tutor",
    EvaluationKind.TUTOR_FINAL: "tutor",
    EvaluationKind.HOST_WELCOME: "intern",
    EvaluationKind.REFERENT: "referent",
}


class Questionnaire(models.Model):
    """The evaluation form of one kind for one programme. Its content lives in versions."""

    school = models.ForeignKey(
        "organizations.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    program = models.ForeignKey(
        "organizations.Program",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvaluationKind.choices)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("When off, this evaluation is never opened for the programme's internships."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")
        ordering = ["program", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="questionnaire_one_per_kind")
        ]

    def __str__(self):
        return f"{self.program} · {self.get_kind_display()}"

    @property
    def counts_in_grades(self) -> bool:
        return self.kind in GRADABLE_KINDS


class QuestionnaireVersion(models.Model):
    """One version of a form: its title, introduction, sections and questions."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True, max_length=4000)
    intro_en = models.TextField(_("introduction (English)"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluation form version")
        verbose_name_plural = _("evaluation form versions")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.title} · v{self.number}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def intro(self) -> str:
        return localized(self, "intro")


class Section(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")
        ordering = ["version", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("rating scale")
    AGREEMENT = "agreement", _("agreement scale (strongly disagree to strongly agree)")
    YES_NO = "yes_no", _("yes or no")
    SINGLE_CHOICE = "single_choice", _("single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("multiple choice")
    TEXT = "text", _("free text")
    OBJECTIVE_RATINGS = "objective_ratings", _("one rating per objective of the agreement")
    COMPETENCY_RATINGS = "competency_ratings", _("one rating per competency of the agreement")


# Questions answered on a 1..N scale whose points may carry labels.
SCALE_KINDS = frozenset(
    {QuestionKind.RATING, QuestionKind.OBJECTIVE_RATINGS, QuestionKind.COMPETENCY_RATINGS}
)
CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
# Questions expanded, when an evaluation opens, into one item per objective or competency.
GENERATED_KINDS = frozenset({QuestionKind.OBJECTIVE_RATINGS, QuestionKind.COMPETENCY_RATINGS})
# The agreement scale's five points, in both languages (part of the form's content).
AGREEMENT_SCALE = (
    {"fr": "Pas du tout d'accord", "en": "Strongly disagree"},
    {"fr": "Plutôt pas d'accord", "en": "Disagree"},
    {"fr": "Ni d'accord ni pas d'accord", "en": "Neither agree nor disagree"},
    {"fr": "Plutôt d'accord", "en": "Agree"},
    {"fr": "Tout à fait d'accord", "en": "Strongly agree"},
)
YES_NO = ({"fr": "Oui", "en": "Yes"}, {"fr": "Non", "en": "No"})
SCALE_MAX_LIMIT = 10
MAX_OPTIONS = 20


class Question(models.Model):
    """A question of a section. `options` holds `{"fr", "en"}` pairs: the labels of the
    scale's points (empty, or one per point) or the choices of a choice question."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=QuestionKind.choices)
    label_fr = models.CharField(_("question (French)"), max_length=500)
    label_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_fr = models.CharField(_("help (French)"), max_length=1000, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=1000, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    scale_max = models.PositiveSmallIntegerField(
        _("points on the scale"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(SCALE_MAX_LIMIT)],
    )
    options = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        verbose_name = _("form question")
        verbose_name_plural = _("form questions")
        ordering = ["section", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__isnull=True)
                | models.Q(scale_max__gte=2, scale_max__lte=SCALE_MAX_LIMIT),
                name="question_scale_in_range",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")

    @property
    def help(self) -> str:
        return localized(self, "help")

    @property
    def is_generated(self) -> bool:
        return self.kind in GENERATED_KINDS

    def clean(self):
        options = self.options or []
        if not isinstance(options, list) or not all(
            isinstance(o, dict) and str(o.get("fr", "")).strip() for o in options
        ):
            raise ValidationError({"options": _("Each option needs a French label.")})
        if self.kind in SCALE_KINDS:
            if not self.scale_max:
                raise ValidationError({"scale_max": _("Give the number of points on the scale.")})
            if options and len(options) != self.scale_max:
                raise ValidationError(
                    {
                        "options": _("Give one label per point of the scale (%(count)s), or none.")
                        % {"count": self.scale_max}
                    }
                )
        elif self.scale_max is not None:
            raise ValidationError({"scale_max": _("Only a rating scale has points.")})
        if self.kind in CHOICE_KINDS and not 2 <= len(options) <= MAX_OPTIONS:
            raise ValidationError(
                {
                    "options": _("A choice question needs between 2 and %(max)s options.")
                    % {"max": MAX_OPTIONS}
                }
            )
        if self.kind not in SCALE_KINDS | CHOICE_KINDS and options:
            raise ValidationError({"options": _("This kind of question has no options.")})


class EvaluationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("evaluation status", "to be completed")
    SUBMITTED = "submitted", pgettext_lazy("evaluation status", "submitted")


class Evaluation(models.Model):
    """One evaluation of one internship, answered by one person on one form version.

    `subjects` freezes, when the evaluation opens, what the generated questions expand
    into: `{"objectives": [{"id", "title"}], "competencies": [{"id", "code", "fr", "en"}]}`.
    `reminder_stage` is how many automatic reminders went out (see `REMINDER_DAYS`).
    """

    school = models.ForeignKey(
        "organizations.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvaluationKind.choices)
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("form version"),
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.OPEN
    )
    subjects = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reminder_stage = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["agreement", "opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="evaluation_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(status="open", submitted_at__isnull=True)
                | models.Q(status="submitted", submitted_at__isnull=False),
                name="evaluation_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "opened_at"], name="evaluation_to_remind")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.agreement}"

    @property
    def is_submitted(self) -> bool:
        return self.status == EvaluationStatus.SUBMITTED

    @property
    def counts_in_grades(self) -> bool:
        return self.kind in GRADABLE_KINDS


class Answer(models.Model):
    """The answer to one item: a question, or for a generated question one of its
    subjects (`objective:<id>` or `competency:<id>`)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    subject = models.CharField(max_length=40, blank=True)
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "question", "subject"], name="answer_one_per_item"
            )
        ]

    def __str__(self):
        return f"{self.question_id}/{self.subject}: {self.value}"


class ReminderKind(models.TextChoices):
    OPENED = "opened", _("evaluation opened")
    AUTOMATIC = "automatic", _("automatic reminder")
    MANUAL = "manual", _("reminder sent by hand")


class EvaluationReminder(models.Model):
    """A message sent to the person who answers: when the evaluation opened, then each
    reminder. Automatic reminders are unique per stage, so none is ever sent twice."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=12, choices=ReminderKind.choices)
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # Set when the personal email (magic link) went out; notifications track their own.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation reminder")
        verbose_name_plural = _("evaluation reminders")
        ordering = ["evaluation", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "stage"],
                condition=models.Q(kind="automatic"),
                name="reminder_one_per_stage",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.sent_at:%Y-%m-%d}"


# --- Report and defence -----------------------------------------------------------------


class DefenceSettings(models.Model):
    """A programme's rules for the report and the defence."""

    program = models.OneToOneField(
        "organizations.Program",
        on_delete=models.CASCADE,
        related_name="defence_settings",
        verbose_name=_("programme"),
    )
    report_deadline_days = models.PositiveSmallIntegerField(
        _("report due, in days after the end of the internship"),
        default=14,
        validators=[MaxValueValidator(365)],
    )
    report_deadline_date = models.DateField(
        _("or a fixed date for every internship of the programme"),
        null=True,
        blank=True,
        help_text=_("When set, this date replaces the number of days above."),
    )
    grade_scale = models.PositiveSmallIntegerField(
        _("final grade out of"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )

    class Meta:
        verbose_name = _("report and defence settings")
        verbose_name_plural = _("report and defence settings")

    def __str__(self):
        return str(self.program)


positive = [MinValueValidator(Decimal("0.01"))]


class GradingCriterion(models.Model):
    """A criterion of a programme's grading grid, with its weight and maximum points.

    `source` optionally names an evaluation whose score the jury sees as a suggestion.
    The intern's evaluation of the host can never be a source (L124-4).
    """

    program = models.ForeignKey(
        "organizations.Program",
        on_delete=models.CASCADE,
        related_name="grading_criteria",
        verbose_name=_("programme"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    label_fr = models.CharField(_("criterion (French)"), max_length=200)
    label_en = models.CharField(_("criterion (English)"), max_length=200, blank=True)
    description_fr = models.CharField(_("description (French)"), max_length=1000, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=1000, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal("1"), validators=positive
    )
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
        validators=positive,
    )
    source = models.CharField(
        _("suggested from the evaluation"),
        max_length=16,
        blank=True,
        choices=[(kind.value, kind.label) for kind in GRADABLE_KINDS],
        help_text=_(
            "The jury sees this evaluation's score as a suggestion. The intern's evaluation "
            "of the host can never be used (Code de l'éducation, L124-4)."
        ),
    )

    class Meta:
        verbose_name = _("grading criterion")
        verbose_name_plural = _("grading criteria")
        ordering = ["program", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source="")
                | models.Q(source__in=[k.value for k in GRADABLE_KINDS]),
                name="criterion_source_never_host_welcome",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0, max_points__gt=0), name="criterion_positive"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")

    @property
    def description(self) -> str:
        return localized(self, "description")


def report_path(instance, filename):
    return f"reports/{instance.agreement_id}/{filename}"


class Report(models.Model):
    """The intern's internship report (one PDF; a new upload replaces it)."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="report"
    )
    file = models.FileField(_("report (PDF)"), upload_to=report_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("internship report")
        verbose_name_plural = _("internship reports")

    def __str__(self):
        return self.original_name


class ReportExtension(models.Model):
    """A later deadline the internship office granted for one intern's report."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="report_extension"
    )
    until = models.DateField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report deadline extension")
        verbose_name_plural = _("report deadline extensions")

    def __str__(self):
        return f"{self.agreement} · {self.until}"


class Defence(models.Model):
    """The oral defence of an internship and its grading.

    `grid` freezes the programme's grading grid when the defence is scheduled (the
    criteria as `{"key", "fr", "en", "weight", "max_points", "source"}`), so that a later
    change of the grid never changes a defence already graded.
    """

    school = models.ForeignKey(
        "organizations.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="defence"
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    grid = models.JSONField(default=list, blank=True)
    grade_scale = models.PositiveSmallIntegerField(_("final grade out of"), default=20)
    final_grade = models.DecimalField(
        _("final grade"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    final_comment = models.TextField(_("comments for the intern"), blank=True, max_length=4000)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("defence")
        verbose_name_plural = _("defences")
        ordering = ["scheduled_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="", video_link=""), name="defence_has_place_or_link"
            ),
            models.CheckConstraint(
                condition=models.Q(released_at__isnull=True) | models.Q(final_grade__isnull=False),
                name="defence_released_has_grade",
            ),
        ]

    def __str__(self):
        return f"{self.agreement} · {self.scheduled_at:%Y-%m-%d}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class JuryRole(models.TextChoices):
    REFERENT = "referent", _("referent teacher")
    TUTOR = "tutor", _("tutor")
    OTHER = "other", _("other member")


class JuryMember(models.Model):
    defence = models.ForeignKey(Defence, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats"
    )
    role = models.CharField(_("role"), max_length=10, choices=JuryRole.choices)
    comment = models.TextField(_("general comment"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["defence", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["defence", "user"], name="jury_member_once")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class JuryGrade(models.Model):
    """A jury member's points on one criterion of the defence's grid."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="grades")
    criterion = models.CharField(max_length=20)
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jury grade")
        verbose_name_plural = _("jury grades")
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion"], name="jury_grade_once"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="jury_grade_positive"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"
