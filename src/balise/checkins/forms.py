import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balise.agreements.forms import DateInput
from balise.checkins.models import (
    AdjustmentScope,
    CheckInPlan,
    ObjectiveZone,
    RaterRole,
)
from balise.checkins.selectors import level_descriptors, level_label
from balise.progress import level_jump_needs_justification


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PlanForm(forms.ModelForm):
    class Meta:
        model = CheckInPlan
        fields = ["cadence_weeks", "weekday", "time", "duration_minutes", "place"]
        labels = {
            "cadence_weeks": _("Every how many weeks"),
            "weekday": _("Day of the week"),
            "time": _("Time"),
            "duration_minutes": _("Length (minutes)"),
            "place": _("Place or video link"),
        }
        widgets = {
            "time": TimeInput(),
            "cadence_weeks": forms.NumberInput(attrs={"min": 1, "max": 8}),
            "duration_minutes": forms.NumberInput(attrs={"min": 10, "max": 480, "step": 5}),
        }


class CheckInForm(forms.Form):
    """A date, a time, a length and a place: to add a check-in or to move one."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=10, max_value=480, initial=45
    )
    place = forms.CharField(label=_("Place or video link"), max_length=300, required=False)

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )


class AddCheckInForm(CheckInForm):
    with_referent = forms.BooleanField(
        label=_("The referent teacher is expected too"), required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? The others will read it."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PreparationForm(forms.Form):
    """One person's preparation: a zone per objective, a level per competency (with the
    competency's four level descriptors as the choices), their notes. A rating two steps or
    more away from the person's previous one asks for a one-line justification."""

    def __init__(self, *args, scope, role, previous_zones, previous_levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self._rows = []
        zone_labels = dict(ObjectiveZone.choices)
        for objective in scope.objectives:
            self._add_row(
                "objective",
                objective,
                choices=ObjectiveZone.choices,
                previous=previous_zones.get(objective.pk),
                previous_label=zone_labels.get(previous_zones.get(objective.pk), ""),
            )
        for competency in scope.competencies:
            descriptors = level_descriptors(competency)
            choices = [
                (
                    level,
                    f"{level} — {descriptors[level - 1]}"
                    if descriptors[level - 1]
                    else level_label(level),
                )
                for level in range(1, 5)
            ]
            previous = previous_levels.get(competency.pk)
            self._add_row(
                "competency",
                competency,
                choices=choices,
                previous=previous,
                previous_label=level_label(previous) if previous else "",
            )
        widget = forms.Textarea(attrs={"rows": 3})
        if role == RaterRole.INTERN:
            self.fields["went_well"] = forms.CharField(
                label=_("What went well"), required=False, max_length=4000, widget=widget
            )
            self.fields["blocked"] = forms.CharField(
                label=_("What blocked me"), required=False, max_length=4000, widget=widget
            )
        elif role == RaterRole.TUTOR:
            self.fields["notes"] = forms.CharField(
                label=_("My notes for the check-in"),
                required=False,
                max_length=4000,
                widget=widget,
            )

    def _add_row(self, kind, subject, *, choices, previous, previous_label):
        name = f"{kind}-{subject.pk}"
        self.fields[name] = forms.TypedChoiceField(
            label=str(subject),
            choices=choices,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
        if previous is not None:
            self.fields[f"{name}-why"] = forms.CharField(
                label=_("Why it moved, in one line (needed when it moves by two steps or more)"),
                required=False,
                max_length=300,
            )
        self._rows.append(
            {
                "kind": kind,
                "subject": subject,
                "name": name,
                "previous": previous,
                "previous_label": previous_label,
            }
        )

    @property
    def submitting(self) -> bool:
        return self.data.get("action") == "submit"

    def rows(self, kind: str) -> list[dict]:
        return [
            {
                **row,
                "field": self[row["name"]],
                "why": self[f"{row['name']}-why"] if f"{row['name']}-why" in self.fields else None,
            }
            for row in self._rows
            if row["kind"] == kind
        ]

    def objective_rows(self):
        return self.rows("objective")

    def competency_rows(self):
        return self.rows("competency")

    def text_fields(self):
        return [self[name] for name in ("went_well", "blocked", "notes") if name in self.fields]

    def clean(self):
        data = super().clean()
        complete = self.submitting and self.role in (RaterRole.INTERN, RaterRole.TUTOR)
        for row in self._rows:
            name = row["name"]
            value = data.get(name)
            if value is None:
                if complete and name not in self.errors:
                    self.add_error(name, _("Rate it before submitting."))
                continue
            why = (data.get(f"{name}-why") or "").strip()
            if level_jump_needs_justification(row["previous"], value) and not why:
                self.add_error(
                    f"{name}-why",
                    _(
                        "It moved by two steps or more since your last rating (%(previous)s): say why in one line."
                    )
                    % {"previous": row["previous_label"]},
                )
        return data

    def ratings(self, kind: str) -> dict[int, tuple[int, str]]:
        """`{id: (value, justification)}` of what was rated, for `checkin_prepare`."""
        found = {}
        for row in self._rows:
            value = self.cleaned_data.get(row["name"])
            if row["kind"] == kind and value is not None:
                found[row["subject"].pk] = (value, self.cleaned_data.get(f"{row['name']}-why", ""))
        return found


class FeedbackForm(forms.Form):
    """A strength or an area to improve."""

    text = forms.CharField(label=_("Text"), max_length=1000)
    objective = forms.ModelChoiceField(
        label=_("Objective concerned (optional)"),
        queryset=None,
        required=False,
        empty_label=_("— the internship as a whole —"),
    )

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives


class AdjustmentForm(forms.Form):
    text = forms.CharField(
        label=_("The adjustment and its reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scope = forms.ChoiceField(
        label=_("What it changes"),
        choices=AdjustmentScope.choices,
        initial=AdjustmentScope.MISSION,
        widget=forms.RadioSelect,
    )
    objective = forms.ModelChoiceField(
        label=_("Objective concerned"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        help_text=_("Needed when a signed objective changes: an amendment is then opened."),
    )
    milestone = forms.ModelChoiceField(
        label=_("Milestone that moves"), queryset=None, required=False, empty_label=_("— none —")
    )
    new_due_date = forms.DateField(label=_("Its new due date"), required=False, widget=DateInput())

    def __init__(self, *args, objectives, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["milestone"].queryset = milestones
        self.fields["milestone"].label_from_instance = lambda m: f"{m.title} ({m.objective.title})"


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("Next step"), max_length=500)
    owner = forms.TypedChoiceField(label=_("Who"), coerce=int)
    due_date = forms.DateField(label=_("By"), widget=DateInput())

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {person.pk: person for person in owners}
        self.fields["owner"].choices = [(person.pk, str(person)) for person in owners]

    def clean_owner(self):
        return self.owners[self.cleaned_data["owner"]]


class MilestoneReachedForm(forms.Form):
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=None)
    reached_on = forms.DateField(label=_("Reached on"), widget=DateInput())

    def __init__(self, *args, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = milestones
        self.fields["milestone"].label_from_instance = lambda m: f"{m.title} ({m.objective.title})"
