import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from balise.agreements.forms import DateInput
from balise.outcomes.models import Contact


class MonthChoiceField(forms.TypedChoiceField):
    """A month of the internship, chosen in a list (a month input is not supported
    everywhere): the value is the month's first day."""

    def __init__(self, *, months=(), **kwargs):
        super().__init__(coerce=dt.date.fromisoformat, **kwargs)
        self.set_months(months)

    def set_months(self, months) -> None:
        self.choices = [("", "—")] + [
            (month.isoformat(), date_format(month, "YEAR_MONTH_FORMAT")) for month in months
        ]


def _decimal(label, *, max_digits, decimal_places, min_value, max_value=None, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=decimal_places,
        min_value=min_value,
        max_value=max_value,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        **kwargs,
    )


class PresenceForm(forms.Form):
    month = MonthChoiceField(label=_("Month"))
    hours = _decimal(
        _("Hours of effective presence"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=_("The hours actually worked this month, leave and absences excluded."),
    )
    absence_days = _decimal(
        _("Days of leave or absence"),
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("31"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].set_months(months)

    def clean_absence_days(self):
        return self.cleaned_data["absence_days"] or Decimal("0")


class PaymentForm(forms.Form):
    month = MonthChoiceField(label=_("For the month of"))
    amount = _decimal(
        _("Amount paid (€)"), max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("A transfer or payslip reference, if any."),
    )

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].set_months(months)


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "organisation", "email", "how_we_met", "consent_given"]
        widgets = {"how_we_met": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "email": _("Kept only if the person agreed: tick the box below."),
            "how_we_met": _("A project, a meeting, an event: what will remind you of them."),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("consent_given"):
            self.add_error(
                "email",
                _(
                    "Keep an email address only with the person's consent: tick the box, or "
                    "leave the address empty."
                ),
            )
        return cleaned


class RecommendationRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A message for your tutor (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the recommendation is for, what you would like it to mention."),
    )


class RecommendationWriteForm(forms.Form):
    author_position = forms.CharField(
        label=_("Your position"),
        max_length=200,
        required=False,
        help_text=_("As it should appear under your name, such as “Lead developer”."),
    )
    text = forms.CharField(
        label=_("Your recommendation"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Once sent it cannot be changed: the intern keeps it. Leave a blank line between "
            "paragraphs."
        ),
    )
