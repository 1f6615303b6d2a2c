from django import forms

from balise.organizations.models import HostOrganization


class HostForm(forms.ModelForm):
    class Meta:
        model = HostOrganization
        fields = ["name", "siret", "address", "postal_code", "city", "country", "headcount"]
