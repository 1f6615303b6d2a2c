from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The law caps an internship at 924 hours of presence at one host (L124-5).
MAX_TYPICAL_HOURS = 924
MAX_TYPICAL_WEEKS = 52


class ObjectiveExample(models.Model):
    """A well-written objective the school's internship office offers as a model.

    Written in French and in English (one of the two may be empty); `program` empty means
    every programme of the school. `key` identifies the example across imports and exports.
    """

    school = models.ForeignKey(
        "organizations.School",
        on_delete=models.CASCADE,
        related_name="objective_examples",
        verbose_name=_("school"),
    )
    program = models.ForeignKey(
        "organizations.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objective_examples",
        verbose_name=_("programme"),
        help_text=_("Leave empty to offer the example to every programme of the school."),
    )
    key = models.SlugField(
        _("identifier"),
        max_length=80,
        help_text=_("Identifies the example in imports and exports. Made from the title if empty."),
    )
    competencies = models.ManyToManyField(
        "competencies.Competency",
        blank=True,
        related_name="objective_examples",
        verbose_name=_("competencies"),
    )
    title_fr = models.CharField(_("title (French)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    indicators_fr = models.TextField(
        _("success indicators (French)"), blank=True, help_text=_("One indicator per line.")
    )
    indicators_en = models.TextField(
        _("success indicators (English)"), blank=True, help_text=_("One indicator per line.")
    )
    typical_weeks = models.PositiveSmallIntegerField(
        _("typical duration (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TYPICAL_WEEKS)],
        help_text=_("How long reaching it usually takes; sets the target date when it is used."),
    )
    typical_hours = models.PositiveSmallIntegerField(
        _("typical workload (hours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TYPICAL_HOURS)],
    )
    usage_count = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("objective example")
        verbose_name_plural = _("objective examples")
        ordering = ["school", "title_fr", "title_en", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="example_unique_key"),
            models.CheckConstraint(
                condition=~models.Q(title_fr="") | ~models.Q(title_en=""),
                name="example_has_a_title",
            ),
        ]
        indexes = [models.Index(fields=["school", "program"])]

    def __str__(self):
        return self.title

    def text(self, field: str, lang: str | None = None) -> str:
        """A bilingual field in `lang` (default: the active language), or the whole example
        in the other language when it has no title in `lang`."""
        return getattr(self, f"{field}_{self.language_of(lang)}")

    def language_of(self, lang: str | None = None) -> str:
        """The language the example is shown in for `lang`: it, when the example has a title
        in it, else the other one."""
        english = (lang or get_language() or "fr").startswith("en")
        if english:
            return "en" if self.title_en else "fr"
        return "fr" if self.title_fr else "en"

    @property
    def title(self) -> str:
        return self.text("title")

    @property
    def description(self) -> str:
        return self.text("description")

    def indicator_list(self, lang: str | None = None) -> list[str]:
        lang = self.language_of(lang)
        return [
            line.strip()
            for line in getattr(self, f"indicators_{lang}").splitlines()
            if line.strip()
        ]

    @property
    def indicators(self) -> list[str]:
        return self.indicator_list()
