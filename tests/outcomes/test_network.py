"""The intern's professional network: contacts with consent, exported as vCards."""

import pytest
import vobject
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from balise.outcomes import services
from balise.outcomes.models import Contact


def test_intern_adds_edits_and_deletes_a_contact(personas, ended, client):
    client.force_login(personas.intern)
    url = reverse("outcomes:contacts", args=[ended.pk])
    response = client.post(
        url,
        {
            "name": "Zoé Dupont",
            "role": "Responsable produit",
            "organisation": "Acme SAS",
            "email": "zoe.dupont@acme.example.com",
            "how_we_met": "Démonstration client de juin",
            "consent_given": "on",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(agreement=ended)
    assert contact.email == "zoe.dupont@acme.example.com" and contact.consent_given
    page = client.get(url).content.decode()
    assert "Zoé Dupont" in page and "Responsable produit · Acme SAS" in page
    edit = reverse("outcomes:contact_edit", args=[contact.pk])
    assert 'value="Zoé Dupont"' in client.get(edit).content.decode()
    client.post(edit, {"name": "Zoé Dupont-Martin", "role": "Directrice produit"})
    contact.refresh_from_db()
    assert contact.name == "Zoé Dupont-Martin" and contact.email == ""
    client.post(reverse("outcomes:contact_delete", args=[contact.pk]))
    assert not Contact.objects.filter(agreement=ended).exists()


def test_an_email_is_kept_only_with_consent(personas, ended, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("outcomes:contacts", args=[ended.pk]),
        {"name": "Zoé Dupont", "email": "zoe@acme.example.com", "how_we_met": "Salon"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="zoe@acme.example.com"' in page and "Salon" in page  # nothing lost
    assert not Contact.objects.exists()
    with pytest.raises(ValidationError) as caught:
        services.contact_create(
            agreement=ended, by=personas.intern, name="Zoé", email="zoe@acme.example.com"
        )
    assert caught.value.error_dict["email"][0].code == "consent_required"
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(agreement=ended, name="Zoé", email="zoe@acme.example.com")


def test_only_the_intern_manages_her_network(personas, ended):
    contact = services.contact_create(agreement=ended, by=personas.intern, name="Zoé")
    for person in (personas.tutor, personas.referent, personas.staff):
        with pytest.raises(PermissionDenied):
            services.contact_create(agreement=ended, by=person, name="X")
        with pytest.raises(PermissionDenied):
            services.contact_update(contact=contact, by=person, name="X")
        with pytest.raises(PermissionDenied):
            services.contact_delete(contact=contact, by=person)


@pytest.fixture
def network(personas, ended):
    services.contact_create(
        agreement=ended,
        by=personas.intern,
        name="Zoé Dupont",
        role="Responsable produit",
        organisation="Acme; SAS",
        email="zoe.dupont@acme.example.com",
        how_we_met="Démonstration client, juin 2025\nTrès disponible",
        consent_given=True,
    )
    services.contact_create(agreement=ended, by=personas.intern, name="Karim", organisation="Beta")
    return ended


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcards_parse_back(personas, network, client, version):
    client.force_login(personas.intern)
    response = client.get(reverse("outcomes:vcard", args=[network.pk]) + f"?version={version}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert f"vcard{version.replace('.', '')}.vcf" in response["Content-Disposition"]
    karim, zoe = vobject.readComponents(response.content.decode())
    for card in (karim, zoe):
        assert card.version.value == version
    assert zoe.fn.value == "Zoé Dupont"
    assert (zoe.n.value.given, zoe.n.value.family) == ("Zoé", "Dupont")
    assert zoe.org.value == ["Acme; SAS"]
    assert zoe.title.value == "Responsable produit"
    assert zoe.email.value == "zoe.dupont@acme.example.com"
    assert zoe.note.value == "Démonstration client, juin 2025\nTrès disponible"
    assert karim.fn.value == "Karim" and "email" not in karim.contents
    if version == "4.0":
        assert zoe.kind.value == "individual"
        assert zoe.email.params["TYPE"] == ["work"]
    else:
        assert zoe.email.params["TYPE"] == ["INTERNET"]


def test_an_unknown_vcard_version_is_404(personas, network, client):
    client.force_login(personas.intern)
    response = client.get(reverse("outcomes:vcard", args=[network.pk]) + "?version=2.1")
    assert response.status_code == 404


def test_the_network_is_hidden_from_everyone_else(personas, network, client):
    client.force_login(personas.staff)
    page = client.get(reverse("outcomes:overview", args=[network.pk])).content.decode()
    assert "Zoé" not in page and reverse("outcomes:contacts", args=[network.pk]) not in page
