from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siret as siret_number


class ValidationOrder(models.TextChoices):
    PEDAGOGICAL_FIRST = "pedagogical_first", _("pedagogical validation first")
    ADMINISTRATIVE_FIRST = "administrative_first", _("administrative validation first")
    ANY = "any", _("in any order")


class School(models.Model):
    """The tenant: every school-owned row carries a school."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    validation_order = models.CharField(
        _("order of the validations"),
        max_length=24,
        choices=ValidationOrder.choices,
        default=ValidationOrder.PEDAGOGICAL_FIRST,
        help_text=_(
            "Which comes first before signatures: the referent teacher's pedagogical "
            "validation or the internship office's administrative validation."
        ),
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgramLevel(models.TextChoices):
    HIGHER_EDUCATION = "higher_education", _("higher education")
    SECONDARY = "secondary", _("secondary education")


class Program(models.Model):
    """A programme (formation / diplôme) and the training volume the law looks at."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="programs", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=ProgramLevel.choices,
        default=ProgramLevel.HIGHER_EDUCATION,
    )
    teaching_hours_per_year = models.PositiveIntegerField(
        _("teaching hours per year"),
        help_text=_("At least 200 hours for the programme to include internships (D124-2)."),
    )
    in_person_hours_per_year = models.PositiveIntegerField(
        _("in-person teaching hours per year"),
        help_text=_("At least 50 hours in higher education (D124-2)."),
    )
    framework = models.ForeignKey(
        "competencies.Framework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("competency framework"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="program_unique_name")
        ]

    def __str__(self):
        return self.name


def validate_siret(value: str) -> None:
    try:
        siret_number.validate(value)
    except StdnumValidationError as exc:
        raise ValidationError(
            _("%(value)s is not a valid SIRET number (14 digits with a valid check digit)."),
            code="invalid_siret",
            params={"value": value},
        ) from exc


class HostOrganization(models.Model):
    """A host organisation (organisme d'accueil), shared by every school."""

    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 digits. Leave empty for a host without SIRET (abroad, association)."),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, default="France")
    headcount = models.PositiveIntegerField(
        _("headcount"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Number of employees; it sets how many interns the host may welcome."),
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host organisation")
        verbose_name_plural = _("host organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name
