from django import forms
from django.utils.translation import gettext_lazy as _

from balise.notifications.models import EmailMode


class NotificationSettingsForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("Emails about my notifications"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        help_text=_("Every notification stays in your list in Balise, whatever you choose."),
    )
