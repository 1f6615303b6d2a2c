"""The evaluation sheet as PDF, read back as text."""

import io

import pypdf
import pytest
from django.urls import reverse

from balise.evaluations import documents, services
from tests.evaluations.conftest import full_answers


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def submitted_final(personas, running, open_final):
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    services.evaluation_submit(evaluation=open_final, by=personas.tutor)
    open_final.refresh_from_db()
    open_final.agreement = running
    return open_final


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            [
                "Évaluation finale par le tuteur",
                "FICHE D'ÉVALUATION",
                "Atteinte des objectifs",
                "Concevoir l'API de facturation",
                "4/4 · Dépassé",
                "Soumise le",
                "Paul Durand",
                "Recommanderiez-vous ce stagiaire",
                "Oui",
            ],
        ),
        (
            "en",
            [
                "Tutor's final evaluation",
                "EVALUATION SHEET",
                "Objectives reached",
                "Animer une démonstration auprès des clients",
                "4/4 · Exceeded",
                "Submitted on",
                "Would you recommend this intern",
                "Yes",
            ],
        ),
    ],
)
def test_the_sheet_says_what_was_answered_in_the_readers_language(submitted_final, lang, expected):
    sections = services.evaluation_sections(submitted_final, lang=lang)
    text = pdf_text(documents.evaluation_sheet_pdf(submitted_final, sections, lang=lang))
    for fragment in expected:
        assert fragment in text, fragment
    assert "Réponse à" in text  # free text as typed


def test_the_host_welcome_sheet_states_it_never_counts(personas, running):
    evaluation = services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    evaluation.agreement = running
    sections = services.evaluation_sections(evaluation, lang="fr")
    text = pdf_text(documents.evaluation_sheet_pdf(evaluation, sections, lang="fr"))
    assert "n'est pas pris en compte dans l'évaluation du stagiaire" in text
    assert "L124-4" in text
    assert "Brouillon" in text and "Sans réponse" in text


def test_the_sheet_download(personas, running, submitted_final, client):
    client.force_login(personas.referent)
    response = client.get(reverse("evaluations:pdf", args=[submitted_final.pk]) + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Language"] == "en"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Tutor's final evaluation" in text
