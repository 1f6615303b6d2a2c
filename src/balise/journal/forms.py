from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balise.agreements.forms import DateInput
from balise.journal.models import Moment

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# Extension → the first bytes such a file starts with (None: plain text, checked as UTF-8).
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".txt": None,
    ".md": None,
    ".csv": None,
}


def validate_evidence(upload) -> None:
    """A file of a known type, whose content matches its name, under 5 MB."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            _(
                "Files of type %(type)s are not accepted: use PDF, an image, an office document "
                "or text."
            )
            % {"type": suffix or "?"},
            code="type",
        )
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is 5 MB.")
            % {"size": round(upload.size / 1024 / 1024, 1)},
            code="size",
        )
    head = upload.read(2048)
    upload.seek(0)
    signatures = EVIDENCE_TYPES[suffix]
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if len(head) < 2048:  # a cut multi-byte character at the end is fine
                raise ValidationError(
                    _("This file is not the text file its name says."), code="content"
                ) from exc
    elif not head.startswith(signatures):
        raise ValidationError(
            _("This file's content does not match its name (%(type)s).") % {"type": suffix},
            code="content",
        )


class ActivityRowForm(forms.Form):
    """One line of the logbook entry form. A blank line is ignored."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=2,
        min_value=0.25,
        max_value=12,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}),
    )
    text = forms.CharField(label=_("What I did"), max_length=500)
    objective = forms.ModelChoiceField(
        label=_("Objective served"),
        queryset=None,
        required=False,
        empty_label=_("— no objective —"),
    )
    evidence_file = forms.FileField(
        label=_("Evidence (file)"), required=False, validators=[validate_evidence]
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives


class BaseActivityFormSet(forms.BaseFormSet):
    def __init__(self, *args, objectives, **kwargs):
        self.objectives = objectives
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"objectives": self.objectives}

    def rows(self) -> list[dict]:
        return [
            form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data
        ]


ActivityFormSet = forms.formset_factory(
    ActivityRowForm, formset=BaseActivityFormSet, extra=5, max_num=40, validate_max=True
)


class ActivityEditForm(ActivityRowForm):
    pass


class ReviewForm(forms.Form):
    label = forms.ChoiceField(label=_("This entry serves"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].choices = choices


class ExplanationForm(forms.Form):
    explanation = forms.CharField(
        label=_("Explain this entry"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReflectionForm(forms.Form):
    week_of = forms.DateField(label=_("Week of"), widget=DateInput())
    learned = forms.CharField(
        label=_("What I learned"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    difficulties = forms.CharField(
        label=_("Difficulties"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label=_("Questions for my tutor"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shared_with_tutor = forms.BooleanField(
        label=_("My tutor may read this reflection (the referent teacher always can)"),
        required=False,
        initial=True,
    )


class MomentForm(forms.ModelForm):
    """A key moment: when, what happened, what it taught, which competencies it shows."""

    class Meta:
        model = Moment
        fields = ["date", "kind", "title", "what_happened", "learned", "competencies"]
        widgets = {
            "date": DateInput(),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "competencies": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _("In a few words: “My first presentation to the board”."),
            "what_happened": _("The situation, what you did, how it went."),
        }

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies


class EndorseForm(forms.Form):
    endorsement = forms.CharField(
        label=_("Your endorsement, in a sentence"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
