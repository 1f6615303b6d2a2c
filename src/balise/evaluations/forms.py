from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from balise.agreements.forms import DateInput
from balise.evaluations.content import TEXT_MAX_CHARS, raw_value
from balise.evaluations.models import (
    CHOICE_KINDS,
    GRADABLE_KINDS,
    MAX_OPTIONS,
    SCALE_KINDS,
    SCALE_MAX_LIMIT,
    EvaluationKind,
    QuestionKind,
    pick,
)

MAX_JURY_EMAILS = 6


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionnaireForm(forms.Form):
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    intro_fr = forms.CharField(
        label=_("Introduction (French)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SectionForm(forms.Form):
    title_fr = forms.CharField(label=_("Section title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Section title (English)"), max_length=200, required=False)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    label_fr = forms.CharField(label=_("Question (French)"), max_length=500)
    label_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    help_fr = forms.CharField(label=_("Help (French)"), max_length=1000, required=False)
    help_en = forms.CharField(label=_("Help (English)"), max_length=1000, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    scale_max = forms.IntegerField(
        label=_("Points on the scale (rating questions)"),
        min_value=2,
        max_value=SCALE_MAX_LIMIT,
        required=False,
        initial=4,
    )
    options_fr = forms.CharField(
        label=_("Options or scale labels (French), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a choice question, its options. For a rating scale, one label per point "
            "from 1 upwards, or nothing."
        ),
    )
    options_en = forms.CharField(
        label=_("Options or scale labels (English), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty to show the French ones, or give as many lines."),
    )

    @classmethod
    def initial_for(cls, question) -> dict:
        return {
            "kind": question.kind,
            "label_fr": question.label_fr,
            "label_en": question.label_en,
            "help_fr": question.help_fr,
            "help_en": question.help_en,
            "required": question.required,
            "scale_max": question.scale_max,
            "options_fr": "\n".join(o.get("fr", "") for o in question.options or []),
            "options_en": "\n".join(o.get("en", "") for o in question.options or []),
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        french, english = _lines(data.get("options_fr")), _lines(data.get("options_en"))
        if english and len(english) != len(french):
            self.add_error(
                "options_en",
                _("Give as many English lines as French ones (%(count)s), or none.")
                % {"count": len(french)},
            )
        if kind in SCALE_KINDS:
            if not data.get("scale_max"):
                self.add_error("scale_max", _("Give the number of points on the scale."))
            elif french and len(french) != data["scale_max"]:
                self.add_error(
                    "options_fr",
                    _("Give one label per point of the scale (%(count)s), or none.")
                    % {"count": data["scale_max"]},
                )
        elif kind in CHOICE_KINDS and not 2 <= len(french) <= MAX_OPTIONS:
            self.add_error(
                "options_fr",
                _("A choice question needs between 2 and %(max)s options, one per line.")
                % {"max": MAX_OPTIONS},
            )
        data["options"] = (
            [{"fr": fr, "en": english[index] if english else ""} for index, fr in enumerate(french)]
            if kind in SCALE_KINDS | CHOICE_KINDS
            else []
        )
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "label_fr": data["label_fr"],
            "label_en": data["label_en"],
            "help_fr": data["help_fr"],
            "help_en": data["help_en"],
            "required": data["required"],
            "scale_max": data["scale_max"] if data["kind"] in SCALE_KINDS else None,
            "options": data["options"],
        }


class AnswerForm(forms.Form):
    """One field per item of an evaluation. Fields are all optional here: a draft may be
    incomplete; submitting checks the required ones (see `evaluation_submit`)."""

    def __init__(self, *args, items, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            if item.is_text:
                field = forms.CharField(
                    label=item.label,
                    required=False,
                    max_length=TEXT_MAX_CHARS,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            elif item.multiple:
                field = forms.MultipleChoiceField(
                    label=item.label,
                    required=False,
                    choices=item.choices,
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = forms.ChoiceField(
                    label=item.label,
                    required=False,
                    choices=item.choices,
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                )
            field.initial = raw_value(item)
            field.disabled = disabled
            field.item = item
            self.fields[item.key] = field

    def values(self) -> dict:
        return {item.key: self.cleaned_data.get(item.key) for item in self.items}


class OpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Evaluation"), choices=EvaluationKind.choices)


class DefenceSettingsForm(forms.Form):
    report_deadline_days = forms.IntegerField(
        label=_("Report due, in days after the end of the internship"),
        min_value=0,
        max_value=365,
    )
    report_deadline_date = forms.DateField(
        label=_("Or a fixed date for every internship of the programme"),
        required=False,
        widget=DateInput(),
        help_text=_("When set, this date replaces the number of days above."),
    )
    grade_scale = forms.IntegerField(label=_("Final grade out of"), min_value=1, max_value=1000)


class CriterionForm(forms.Form):
    label_fr = forms.CharField(label=_("Criterion (French)"), max_length=200)
    label_en = forms.CharField(label=_("Criterion (English)"), max_length=200, required=False)
    description_fr = forms.CharField(
        label=_("Description (French)"), max_length=1000, required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), max_length=1000, required=False
    )
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2, localize=True
    )
    max_points = forms.DecimalField(
        label=_("Maximum points"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        localize=True,
    )
    source = forms.ChoiceField(
        label=_("Suggested from the evaluation"),
        required=False,
        choices=[("", _("— none —"))] + [(k.value, k.label) for k in GRADABLE_KINDS],
        help_text=_(
            "The jury sees this evaluation's score as a suggestion. The intern's evaluation "
            "of the host is not offered: it never counts in her grades (Code de l'éducation, "
            "L124-4)."
        ),
    )


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your report (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        from balise.evaluations.services import check_report_file

        upload = self.cleaned_data["file"]
        check_report_file(upload)
        return upload


class ReportExtensionForm(forms.Form):
    until = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class DefenceForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For a defence held remotely, or to let a jury member join remotely."),
    )
    with_referent = forms.BooleanField(
        label=_("The referent teacher sits on the jury"), required=False, initial=True
    )
    with_tutor = forms.BooleanField(
        label=_("The tutor sits on the jury"), required=False, initial=True
    )
    other_emails = forms.CharField(
        label=_("Other jury members: their email addresses, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Each receives a personal link to the defence and its grading grid."),
    )

    def clean_other_emails(self):
        emails = _lines(self.cleaned_data.get("other_emails"))
        if len(emails) > MAX_JURY_EMAILS:
            raise ValidationError(_("At most %(max)s other members.") % {"max": MAX_JURY_EMAILS})
        for email in emails:
            try:
                validate_email(email)
            except ValidationError as exc:
                raise ValidationError(
                    _("%(email)s is not a valid email address.") % {"email": email}
                ) from exc
        return [email.lower() for email in emails]

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("video_link") and "video_link" not in self.errors:
            self.add_error("place", _("Give the place of the defence, a video link, or both."))
        return data


class GradeForm(forms.Form):
    """A jury member's points and comments on each criterion of the defence's grid."""

    comment = forms.CharField(
        label=_("General comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, grid, suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.rows = []
        for criterion in grid:
            key = criterion["key"]
            maximum = Decimal(criterion["max_points"])
            points = forms.DecimalField(
                label=_("Points out of %(max)s") % {"max": maximum.normalize()},
                required=False,
                min_value=Decimal(0),
                max_value=maximum,
                max_digits=6,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
            )
            comment = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"points_{key}"] = points
            self.fields[f"comment_{key}"] = comment
            self.rows.append(
                {
                    "criterion": criterion,
                    "label": pick(criterion),
                    "description": pick(
                        {
                            "fr": criterion.get("description_fr"),
                            "en": criterion.get("description_en"),
                        }
                    ),
                    "suggestion": (suggestions or {}).get(key),
                    "points": self[f"points_{key}"],
                    "comment": self[f"comment_{key}"],
                }
            )

    def grades(self) -> dict:
        return {
            row["criterion"]["key"]: {
                "points": self.cleaned_data.get(row["points"].name),
                "comment": self.cleaned_data.get(row["comment"].name) or "",
            }
            for row in self.rows
        }


class ReleaseForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments for the intern"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
