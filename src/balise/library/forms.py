from django import forms
from django.utils.translation import gettext_lazy as _

from balise.library.models import ObjectiveExample

_TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ObjectiveExampleForm(forms.ModelForm):
    """An example of the library, in French and in English. `school` is chosen only by staff
    of several schools; programmes and competencies are those of the staff's schools."""

    class Meta:
        model = ObjectiveExample
        fields = [
            "school",
            "program",
            "title_fr",
            "description_fr",
            "indicators_fr",
            "title_en",
            "description_en",
            "indicators_en",
            "competencies",
            "typical_weeks",
            "typical_hours",
            "key",
        ]
        widgets = {
            "description_fr": _TEXTAREA,
            "description_en": _TEXTAREA,
            "indicators_fr": _TEXTAREA,
            "indicators_en": _TEXTAREA,
            "competencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, schools, programs, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["program"].queryset = programs
        self.fields["competencies"].queryset = competencies
        self.fields["key"].required = False
        only = schools.first() if len(schools) == 1 else None
        if self.instance.pk or only is not None:
            # An example stays in its school; staff of one school has nothing to choose.
            self.fields["school"].disabled = True
            self.fields["school"].widget = forms.HiddenInput()
            if not self.instance.pk:
                self.initial["school"] = only.pk
        self.fields["competencies"].label_from_instance = lambda competency: (
            f"{competency.code} · {competency.name}"
        )

    def clean(self):
        cleaned = super().clean()
        if (
            not (cleaned.get("title_fr") or "").strip()
            and not (cleaned.get("title_en") or "").strip()
        ):
            self.add_error("title_fr", _("Give the title in French, in English or in both."))
        for name in ("indicators_fr", "indicators_en"):
            lines = (cleaned.get(name) or "").splitlines()
            cleaned[name] = "\n".join(line.strip() for line in lines if line.strip())
        school, program = cleaned.get("school"), cleaned.get("program")
        if school and program and program.school_id != school.pk:
            self.add_error("program", _("Choose a programme of this school."))
        return cleaned
