from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _localized(obj, field: str) -> str:
    """The French or English value of a bilingual field, following the active language."""
    english = (get_language() or "fr").startswith("en")
    value = getattr(obj, f"{field}_en" if english else f"{field}_fr")
    return value or getattr(obj, f"{field}_fr")


class Framework(models.Model):
    """A competency framework (référentiel): a tree of competencies.

    A framework without a school is shared by every school (the default transversal one).
    """

    school = models.ForeignKey(
        "organizations.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frameworks",
        verbose_name=_("school"),
    )
    slug = models.SlugField(_("identifier"), max_length=80)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_default_transversal = models.BooleanField(_("default transversal framework"), default=False)

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["school", "slug"], name="framework_unique_slug"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(school=None),
                name="framework_unique_shared_slug",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _localized(self, "name")


class CompetencyKind(models.TextChoices):
    TECHNICAL = "technical", _("technical")
    TRANSVERSAL = "transversal", _("transversal")


class Competency(models.Model):
    """A competency, possibly grouped under a parent (a block of the framework)."""

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("framework"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=12, choices=CompetencyKind.choices, default=CompetencyKind.TECHNICAL
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Four level descriptors, novice to expert: [{"fr": "...", "en": "..."}, ...]
    levels = models.JSONField(_("level descriptors"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competency_unique_code")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _localized(self, "name")

    @property
    def description(self) -> str:
        return _localized(self, "description")

    def level_labels(self) -> list[str]:
        english = (get_language() or "fr").startswith("en")
        return [
            (level.get("en") if english else None) or level.get("fr", "") for level in self.levels
        ]
