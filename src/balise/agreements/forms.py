from django import forms
from django.utils.translation import gettext_lazy as _

from balise.accounts.models import SchoolMembership, SchoolRole, User
from balise.agreements.models import Agreement, Milestone, Objective, Weekday
from balise.organizations.models import HostOrganization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


AGREEMENT_FIELDS = [
    "title",
    "program",
    "host",
    "place",
    "start_date",
    "end_date",
    "weekly_hours",
    "working_days",
    "daily_hours_max",
    "night_work",
    "sunday_work",
    "public_holiday_work",
    "gratification_hourly_rate",
    "leave_provided",
    "prior_hours_same_host_same_year",
    "previous_intern_start",
    "previous_intern_end",
    "previous_intern_ended_early",
    "purpose_permanent_post",
    "purpose_temporary_increase",
    "purpose_seasonal_job",
    "purpose_replaces_employee",
    "dangerous_tasks",
]


DECIMAL_FIELDS = [
    "weekly_hours",
    "daily_hours_max",
    "gratification_hourly_rate",
    "prior_hours_same_host_same_year",
]


class AgreementForm(forms.ModelForm):
    """The agreement's terms and its people. Objectives, milestones and missions are
    edited on the agreement page."""

    working_days = forms.MultipleChoiceField(
        label=_("Working days"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["mon", "tue", "wed", "thu", "fri"],
    )
    host = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=HostOrganization.objects.all(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the host organisation.")},
    )
    intern = forms.ModelChoiceField(label=_("Intern"), queryset=User.objects.none(), required=False)
    referent = forms.ModelChoiceField(
        label=_("Referent teacher"), queryset=User.objects.none(), required=False
    )
    tutor_email = forms.EmailField(label=_("Tutor's email"), required=False)
    tutor_first_name = forms.CharField(label=_("Tutor's first name"), required=False)
    tutor_last_name = forms.CharField(label=_("Tutor's last name"), required=False)
    signatory_email = forms.EmailField(label=_("Host signatory's email"), required=False)
    signatory_first_name = forms.CharField(label=_("Host signatory's first name"), required=False)
    signatory_last_name = forms.CharField(label=_("Host signatory's last name"), required=False)

    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "previous_intern_start": DateInput(),
            "previous_intern_end": DateInput(),
        }

    def __init__(self, *args, user, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # French users type "4,50"; "4.50" is accepted too.
        for name in DECIMAL_FIELDS:
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True
        self.fields["program"].queryset = programs
        school_ids = {program.school_id for program in programs}
        if self.instance.pk:
            school_ids.add(self.instance.school_id)
        people = User.objects.filter(memberships__school_id__in=school_ids).distinct()
        self.fields["referent"].queryset = people.filter(memberships__role=SchoolRole.REFERENT)
        staff = SchoolMembership.objects.filter(
            user=user, role=SchoolRole.STAFF, school_id__in=school_ids
        ).exists()
        if staff:
            self.fields["intern"].queryset = people.filter(memberships__role=SchoolRole.INTERN)
            self.fields["intern"].required = not self.instance.pk
        else:
            del self.fields["intern"]
        if self.instance.pk:
            self.fields["host"].queryset = HostOrganization.objects.all()
            self.initial.setdefault("referent", self.instance.referent_id)
            for role in ("tutor", "signatory"):
                person = getattr(self.instance, role)
                if person is not None:
                    self.initial.setdefault(f"{role}_email", person.email)
                    self.initial.setdefault(f"{role}_first_name", person.first_name)
                    self.initial.setdefault(f"{role}_last_name", person.last_name)
            if "intern" in self.fields:
                self.initial.setdefault("intern", self.instance.intern_id)

    def selected_host(self):
        """The host to show as chosen in the picker, from the data or the instance."""
        value = self.data.get("host") if self.is_bound else self.initial.get("host")
        if value:
            value = str(value)
            return HostOrganization.objects.filter(pk=value).first() if value.isdigit() else None
        return self.instance.host if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        for role in ("tutor", "signatory"):
            if not cleaned.get(f"{role}_email") and (
                cleaned.get(f"{role}_first_name") or cleaned.get(f"{role}_last_name")
            ):
                self.add_error(f"{role}_email", _("Give an email address to invite this person."))
        return cleaned


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "kind",
            "title",
            "description",
            "indicators",
            "target_date",
            "planned_hours",
            "weight",
            "competencies",
        ]
        widgets = {
            "target_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "competencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies
        if "planned_hours" in self.fields:
            # French users type "12,5"; "12.5" is accepted too.
            field = self.fields["planned_hours"]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "reached_on"]
        widgets = {"due_date": DateInput(), "reached_on": DateInput()}


class MissionForm(forms.Form):
    description = forms.CharField(label=_("Mission"), max_length=500)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    objective = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ProposalForm(ObjectiveForm):
    rationale = forms.CharField(
        label=_("Why this change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta(ObjectiveForm.Meta):
        fields = [
            "kind",
            "title",
            "description",
            "indicators",
            "target_date",
            "weight",
            "competencies",
        ]

    def proposed(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "indicators": data["indicators"],
            "target_date": data["target_date"].isoformat() if data["target_date"] else None,
            "weight": data["weight"],
            "competencies": sorted(c.pk for c in data["competencies"]),
        }


class SignForm(forms.Form):
    party = forms.ChoiceField(label=_("I sign as"))
    sha256 = forms.CharField(widget=forms.HiddenInput)
    read = forms.BooleanField(
        label=_("I have read this version of the agreement and I approve it."),
        error_messages={"required": _("Tick the box to confirm you read the agreement.")},
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = parties
        if len(parties) == 1:
            self.fields["party"].initial = parties[0][0]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InterruptForm(forms.Form):
    on = forms.DateField(label=_("Last day of the internship"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for the interruption"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    validation = forms.ChoiceField(
        label=_("What happens to the validation of the internship (L124-15)"),
        choices=[
            ("validated", _("validated as it stands")),
            ("extended", _("to be completed later (report or extension)")),
            ("not_validated", _("not validated")),
        ],
        widget=forms.RadioSelect,
    )


class AmendmentOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why amend the agreement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AmendmentForm(forms.Form):
    """What an amendment may change: terms, tutor, missions and objectives.

    Objectives get a group of fields each (title, indicators, target date, remove), from
    the signed version, and one group to add a new objective.
    """

    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"), max_digits=5, decimal_places=2, min_value=0, localize=True
    )
    gratification_hourly_rate = forms.DecimalField(
        label=_("Hourly gratification (€)"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
    )
    tutor_email = forms.EmailField(label=_("Tutor's email"))
    missions = forms.CharField(
        label=_("Missions entrusted, one per line"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, objectives, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = objectives
        for objective in objectives:
            prefix = f"objective_{objective['key']}"
            self.fields[f"{prefix}_title"] = forms.CharField(
                label=_("Objective"), max_length=250, initial=objective["title"]
            )
            self.fields[f"{prefix}_indicators"] = forms.CharField(
                label=_("Success indicators"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="\n".join(objective["indicators"]),
            )
            self.fields[f"{prefix}_target_date"] = forms.DateField(
                label=_("Target date"),
                required=False,
                widget=DateInput(),
                initial=objective["target_date"],
            )
            self.fields[f"{prefix}_remove"] = forms.BooleanField(
                label=_("Remove this objective"), required=False
            )
        self.fields["new_title"] = forms.CharField(
            label=_("New objective"), max_length=250, required=False
        )
        self.fields["new_indicators"] = forms.CharField(
            label=_("Its success indicators"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["new_target_date"] = forms.DateField(
            label=_("Its target date"), required=False, widget=DateInput()
        )
        self.fields["new_competencies"] = forms.ModelMultipleChoiceField(
            label=_("Its competencies"),
            queryset=competencies,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def objective_groups(self):
        """The bound fields of each existing objective, for the template."""
        return [
            [
                self[f"objective_{o['key']}_{name}"]
                for name in ("title", "indicators", "target_date", "remove")
            ]
            for o in self.objectives
        ]

    def new_objective_fields(self):
        return [
            self[name]
            for name in ("new_title", "new_indicators", "new_target_date", "new_competencies")
        ]

    def objectives_after(self) -> list[dict]:
        """The objectives as the amendment leaves them, in the `changes` shape."""
        data = self.cleaned_data
        result = []
        for objective in self.objectives:
            prefix = f"objective_{objective['key']}"
            if data[f"{prefix}_remove"]:
                continue
            target = data[f"{prefix}_target_date"]
            item = {
                "id": objective.get("id"),
                "kind": objective["kind"],
                "title": data[f"{prefix}_title"],
                "description": objective.get("description", ""),
                "indicators": data[f"{prefix}_indicators"].strip(),
                "target_date": target.isoformat() if target else None,
                "weight": objective.get("weight", 1),
            }
            if objective.get("id") is None:
                item["competencies"] = objective.get("competencies", [])
            result.append(item)
        if data["new_title"]:
            target = data["new_target_date"]
            result.append(
                {
                    "kind": "specific",
                    "title": data["new_title"],
                    "description": "",
                    "indicators": data["new_indicators"].strip(),
                    "target_date": target.isoformat() if target else None,
                    "weight": 1,
                    "competencies": [c.pk for c in data["new_competencies"]],
                }
            )
        return result

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        if cleaned.get("new_title") and not cleaned.get("new_competencies"):
            self.add_error(
                "new_competencies", _("Link the new objective to at least one competency.")
            )
        return cleaned
