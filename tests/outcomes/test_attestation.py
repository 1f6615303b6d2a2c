"""The attestation de stage (D124-9), read back as text: its figures are those recorded."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse

from balise.agreements.models import Agreement, AgreementStatus
from balise.law import formatting as fmt
from balise.outcomes import documents, selectors
from balise.outcomes.models import Payment, PresenceMonth
from tests.outcomes.conftest import pdf_text, plain


def _download(client, agreement, lang=""):
    url = reverse("outcomes:attestation", args=[agreement.pk])
    return client.get(f"{url}?lang={lang}" if lang else url)


def test_figures_match_the_presence_and_payments_recorded(personas, ended, client):
    hours = PresenceMonth.objects.filter(agreement=ended).aggregate(t=Sum("hours"))["t"]
    paid = Payment.objects.filter(agreement=ended).aggregate(t=Sum("amount"))["t"]
    assert (hours, paid) == (Decimal("546.5"), Decimal("2372.23"))
    client.force_login(personas.intern)
    response = _download(client, ended, "fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Language"] == "fr"
    text = pdf_text(b"".join(response.streaming_content))
    assert f"Durée effective totale {plain(fmt.hours(hours, 'fr'))} de présence effective" in text
    assert "546,5 heures de présence effective, soit 78 jours (3 mois et 12 jours)" in text
    assert f"Montant total de la gratification versée {plain(fmt.euros(paid, 'fr'))}" in text
    assert "2 372,23 €" in text
    for month, amount in (("mars 2025 140 630,00 €", ""), ("mai 2025 126 500,00 €", "")):
        assert month in text, amount
    assert "Total 546,5 2 372,23 €" in text
    mentions = [
        "Attestation de stage",
        "D124-9",
        "Acme SAS",
        "12 rue de la République, 69002 Lyon",
        f"Représenté par {personas.signatory.get_full_name()}",
        "Nom et prénom Léa Martin",
        "Établissement d'enseignement IUT de Lyon",
        f"Formation {personas.program.name}",
        "du 3 mars 2025 au 27 juin 2025",
        "1 jour de congés et d'absences autorisées",
        "L351-17",
        "Fait à Lyon",
    ]
    for mention in mentions:
        assert mention in text, mention
    assert "provisoire" not in text


def test_english_on_request_and_by_default_for_an_english_speaking_intern(personas, ended, client):
    client.force_login(personas.staff)
    text = pdf_text(b"".join(_download(client, ended, "en").streaming_content))
    assert "Internship certificate" in text
    assert "Total effective duration 546.5 hours of actual presence, that is 78 days" in text
    assert "Total gratification paid €2,372.23" in text
    personas.intern.language = "en"
    personas.intern.save()
    response = _download(client, ended)
    assert response["Content-Language"] == "en"
    assert "attestation-de-stage" not in response["Content-Disposition"]
    assert "internship-certificate" in response["Content-Disposition"]


def test_an_internship_not_over_gets_a_provisional_attestation(personas, running, client):
    month = running.start_date.replace(day=1)
    PresenceMonth.objects.create(agreement=running, month=month, hours=Decimal("70"))
    client.force_login(personas.tutor)
    text = pdf_text(b"".join(_download(client, running, "fr").streaming_content))
    assert "Attestation provisoire" in text
    assert "70 heures de présence effective, soit 10 jours" in text
    assert "Aucune gratification versée" in text


def test_an_interrupted_internship_ends_on_the_day_it_stopped(personas, ended):
    Agreement.objects.filter(pk=ended.pk).update(
        status=AgreementStatus.INTERRUPTED, interrupted_on=dt.date(2025, 5, 16)
    )
    ended.refresh_from_db()
    PresenceMonth.objects.filter(agreement=ended, month=dt.date(2025, 6, 1)).delete()
    Payment.objects.filter(agreement=ended, month=dt.date(2025, 6, 1)).delete()
    overview = selectors.presence_overview(ended)
    text = pdf_text(documents.attestation_pdf(agreement=ended, overview=overview, lang="fr"))
    assert "du 3 mars 2025 au 16 mai 2025 (interrompu le 16 mai 2025)" in text
    assert "413 heures de présence effective" in text
    assert "1 791,50 €" in text
    assert "juin 2025" not in text


def test_missing_months_are_said_not_hidden(personas, ended):
    PresenceMonth.objects.filter(agreement=ended, month=dt.date(2025, 4, 1)).delete()
    overview = selectors.presence_overview(ended)
    text = pdf_text(documents.attestation_pdf(agreement=ended, overview=overview, lang="fr"))
    assert "Aucune présence n'est enregistrée pour avril 2025" in text
    # The payment of April still counts in what was paid.
    assert "2 372,23 €" in text and "399,5 heures" in text
