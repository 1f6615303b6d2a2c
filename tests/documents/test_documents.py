"""The agreement and amendment PDFs, read back as text the way a person reads them."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from django.utils import translation

from balise.agreements import documents
from balise.agreements.models import ObjectiveKind, Party
from balise.law import formatting as fmt
from tests import factories
from tests.documents.conftest import freeze, pdf_text, sign


def test_the_agreement_pdf_has_every_mention_of_d124_4(version, personas):
    pdf = documents.version_pdf(version=version, lang="fr")
    text = pdf_text(pdf)
    terms = version.content["terms"]
    presence = fmt.hours(Decimal(terms["presence_hours"]), "fr").replace("\xa0", " ")
    mentions = {
        "parties": ["IUT de Lyon", "Acme SAS", "12 rue de la République", "Léa Martin"],
        "host representative": [f"Représenté par {personas.signatory.get_full_name()}"],
        "programme and its hours": [
            f"Formation {personas.program.name}",
            "600 heures d'enseignement par année, dont 500 heures en présence",
        ],
        "referent and tutor": ["Enseignant référent Anne Roux", "Paul Durand"],
        "competencies": [
            "Compétences à acquérir ou à développer",
            "C1 – Réaliser un développement d'application",
            "C4 – Gérer des données de l'information",
        ],
        "activities": [
            "Activités confiées au stagiaire",
            "Développer les points d'accès de l'API",
            "Rédiger la documentation technique",
        ],
        "dates and total duration": [
            "Date de début 13 avril 2026",
            "Date de fin 7 août 2026",
            f"Durée totale prévue {presence} de présence effective, soit",
            "Lieu du stage Site de Villeurbanne, 3 avenue Einstein",
        ],
        "weekly hours, night, Sunday, holidays": [
            "Durée hebdomadaire de présence effective 35 heures",
            "Jours de présence lundi, mardi, mercredi, jeudi et vendredi",
            "Présence de nuit Non",
            "Présence le dimanche Non",
            "Présence les jours fériés Non",
            "L124-14",
        ],
        "supervision": [
            "Encadrement et suivi du stagiaire",
            "L'enseignant référent s'assure auprès du tuteur",
        ],
        "gratification and its payment": [
            "4,50 € par heure de présence effective",
            "Versement mensuel",
            "L124-6",
        ],
        "social protection": [
            "Le stagiaire bénéficie de la protection sociale prévue par les articles L412-8 "
            "(2°) et R412-4 du code de la sécurité sociale",
            "responsabilité civile",
        ],
        "absences and leave": ["Absences et congés", "autorisations d'absence", "L124-13"],
        "suspension and termination": ["Suspension et résiliation", "suspendu", "résiliée"],
        "validation if interrupted": [
            "Validation du stage en cas d'interruption",
            "l'établissement d'enseignement valide le stage",
            "L124-15",
        ],
        "benefits": ["titres-restaurant", "frais de transport", "L124-16"],
        "internal rules": ["règlement intérieur de l'organisme d'accueil"],
        "attestation": ["attestation de stage", "D124-9"],
    }
    missing = {
        mention: [phrase for phrase in phrases if phrase not in text]
        for mention, phrases in mentions.items()
    }
    assert {mention: phrases for mention, phrases in missing.items() if phrases} == {}


def test_the_agreement_pdf_shows_the_objectives(version):
    text = pdf_text(documents.version_pdf(version=version, lang="fr"))
    assert "OBJECTIF PRINCIPAL Livrer une API de facturation en production" in text
    assert "Concevoir, développer et mettre en production l'API." in text
    assert "API en production avant le 31 juillet" in text
    assert "Couverture de tests ≥ 80 %" in text
    assert "OBJECTIF SPÉCIFIQUE 1 Modéliser les données de facturation" in text
    assert "Schéma relu par l'équipe" in text
    assert "Maquette validée (15 mai 2026)" in text
    assert "Échéance 31 juillet 2026" in text
    # The main objective comes first, before the specific one.
    assert text.index("Livrer une API") < text.index("Modéliser les données")


def test_the_signature_block_names_every_party_with_the_date_and_the_hash(version, personas):
    text = pdf_text(documents.version_pdf(version=version, lang="fr"))
    block = text[text.index("Article 15 – Signatures") :]
    for role, person, time in [
        ("POUR L'ÉTABLISSEMENT D'ENSEIGNEMENT", personas.staff, "9 h 00"),
        ("POUR L'ORGANISME D'ACCUEIL", personas.signatory, "9 h 05"),
        ("LE STAGIAIRE", personas.intern, "9 h 10"),
        ("LE TUTEUR", personas.tutor, "9 h 15"),
        ("L'ENSEIGNANT RÉFÉRENT", personas.referent, "9 h 20"),
    ]:
        assert role in block
        assert f"{person.get_full_name()} Signé électroniquement le 10 avril 2026 à {time}" in block
    assert "Version signée par toutes les parties le 10 avril 2026." in block
    assert f"Empreinte SHA-256 de cette version {version.sha256}" in block
    # And on the foot of every page.
    reader = pypdf.PdfReader(io.BytesIO(documents.version_pdf(version=version)))
    for page in reader.pages:
        assert f"SHA-256 : {version.sha256}" in " ".join(page.extract_text().split())


def test_a_version_not_signed_yet_says_so(agreement, personas):
    version = freeze(agreement)
    sign(version, Party.INTERN, personas.intern, dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC))
    text = pdf_text(documents.version_pdf(version=version, lang="fr"))
    block = text[text.index("Article 15 – Signatures") :]
    assert "Léa Martin Signé électroniquement le 10 avril 2026 à 11 h 00" in block  # Paris time
    assert block.count("Pas encore signé") == 4
    assert "Signatures recueillies : 1 sur 5." in block
    assert "Version signée par toutes les parties" not in block


def test_the_english_agreement(version, personas):
    text = pdf_text(documents.version_pdf(version=version, lang="en"))
    for phrase in [
        "INTERNSHIP AGREEMENT",
        "Programme BUT Informatique",
        "600 hours of teaching per year, of which 500 hours in person",
        "Referent teacher Anne Roux",
        "C1 – Develop an application",
        "Start date 13 April 2026",
        "Weekly hours of actual presence 35 hours",
        "Presence at night No",
        "€4.50 per hour of actual presence",
        "articles L412-8 (2°) and R412-4 of the French Social Security Code",
        "Absences and leave",
        "Suspension and termination",
        "L124-15",
        "meal vouchers",
        "internal rules",
        "certificate (attestation de stage)",
        "MAIN OBJECTIVE Livrer une API de facturation en production",
        "Léa Martin Signed electronically on 10 April 2026 at 09:10",
        f"SHA-256 fingerprint of this version {version.sha256}",
    ]:
        assert phrase in text, phrase
    assert "Code de l'éducation, article" not in text


def test_the_pdf_shows_what_was_signed_not_the_live_agreement(version, agreement, personas):
    before = documents.version_pdf(version=version, lang="fr")
    agreement.title = "Un tout autre stage"
    agreement.weekly_hours = Decimal("20")
    agreement.save()
    agreement.objectives.update(title="Objectif réécrit")
    agreement.missions.all().delete()
    personas.intern.last_name = "Dupont"
    personas.intern.save()
    after = documents.version_pdf(version=version, lang="fr")
    assert pdf_text(after) == pdf_text(before)
    assert after == before  # the same version renders the same bytes
    assert "Un tout autre stage" not in pdf_text(after)
    assert "Léa Martin" in pdf_text(after)


@pytest.mark.parametrize(
    "evil",
    [
        '#panic("x")',
        "*bold* and _emphasis_ ] [",
        "$x^2$ \\ `code` <label> @ref // not a comment",
        '#set page(fill: red) #eval("1")',
    ],
)
def test_user_text_is_printed_literally_never_run_as_typst(personas, evil):
    agreement = personas.agreement
    agreement.title = evil
    agreement.save()
    factories.ObjectiveFactory(
        agreement=agreement, kind=ObjectiveKind.MAIN, title=evil, description=evil, indicators=evil
    )
    factories.MissionFactory(agreement=agreement, description=evil)
    personas.intern.first_name = evil
    personas.intern.save()
    version = freeze(agreement)
    text = pdf_text(documents.version_pdf(version=version, lang="fr"))
    literal = " ".join(evil.split())
    # Title, objective (title, description, indicator), mission and intern's name.
    assert text.count(literal) >= 6


def test_both_languages_have_every_text():
    assert set(documents.TEXTS["fr"]) == set(documents.TEXTS["en"])
    assert set(documents.TEXTS["fr"]["roles"]) == set(documents.TEXTS["en"]["roles"])


def test_the_templates_never_evaluate_text():
    for template in Path(documents.TYPST_DIR).glob("*.typ"):
        assert "eval(" not in template.read_text(), template


def test_the_amendment_pdf_shows_what_changed(amendment, personas):
    text = pdf_text(documents.amendment_pdf(amendment=amendment, lang="fr"))
    assert "AVENANT À LA CONVENTION DE STAGE" in text
    assert "Avenant n° 1" in text
    assert "Le projet prend trois semaines de plus." in text
    assert "La supervision devient un objectif." in text
    assert "Élément Avant (version 1) Après (version 2)" in text
    assert "Date de fin 7 août 2026 → 28 août 2026" in text
    assert "Durée totale prévue" in text  # the end date moves the total duration
    assert "Date de début" not in text  # what did not change is not listed
    assert "Objectifs ajoutés" in text and "Mettre en place la supervision" in text
    assert "Objectif modifié : Modéliser et migrer les données de facturation" in text
    assert (
        "Intitulé Modéliser les données de facturation → "
        "Modéliser et migrer les données de facturation"
    ) in text
    assert "Activités ajoutées – Former l'équipe support" in text
    assert "Activités retirées – Rédiger la documentation technique" in text
    base, new = amendment.base_version.sha256, amendment.version.sha256
    assert f"Empreinte SHA-256 de la version modifiée (version 1) {base}" in text
    assert f"Empreinte SHA-256 de la nouvelle version (version 2) {new}" in text
    assert f"SHA-256 : {new}" in text
    assert "Léa Martin Signé électroniquement le 2 juin 2026 à 14 h 30" in text
    assert text.count("Pas encore signé") == 4


def test_the_english_amendment_pdf(amendment):
    text = pdf_text(documents.amendment_pdf(amendment=amendment, lang="en"))
    assert "AMENDMENT TO THE INTERNSHIP AGREEMENT" in text
    assert "End date 7 August 2026 → 28 August 2026" in text
    assert "Objectives added" in text
    assert "Activities removed – Rédiger la documentation technique" in text


def test_an_amendment_that_removes_an_objective(agreement, version, personas):
    agreement.objectives.filter(kind=ObjectiveKind.SPECIFIC).delete()
    new = freeze(agreement, number=2)
    changes = documents.amendment_changes(version.content, new.content, "fr")
    assert [o["title"] for o in changes["objectives_removed"]] == [
        "Modéliser les données de facturation"
    ]
    assert changes["terms"] == []
    assert changes["objectives_added"] == changes["objectives_changed"] == []


def test_the_hash_comes_back_from_the_pdf(version, amendment):
    assert documents.version_from_pdf(documents.version_pdf(version=version)) == version.sha256
    assert (
        documents.version_from_pdf(documents.amendment_pdf(amendment=amendment, lang="en"))
        == amendment.version.sha256
    )


def _without_metadata(pdf: bytes) -> bytes:
    reader, writer = pypdf.PdfReader(io.BytesIO(pdf)), pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    assert "sha256" not in str(pypdf.PdfReader(io.BytesIO(out.getvalue())).metadata)
    return out.getvalue()


def test_the_hash_is_found_in_the_text_when_the_metadata_is_gone(version, amendment):
    stripped = _without_metadata(documents.version_pdf(version=version))
    assert documents.version_from_pdf(stripped) == version.sha256
    # An amendment prints both hashes: its own version's is the one it is.
    stripped = _without_metadata(documents.amendment_pdf(amendment=amendment))
    assert documents.version_from_pdf(stripped) == amendment.version.sha256


def test_a_pdf_without_a_balise_hash_gives_none():
    import typst

    assert documents.version_from_pdf(typst.compile(b"= Une autre facture", format="pdf")) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 a zip file", "not a PDF"),
        (b"", "not a PDF"),
        (b"%PDF-1.7\n\x00\x01 broken beyond repair", "cannot be read"),
    ],
)
def test_what_is_not_a_readable_pdf_is_refused(data, message):
    with translation.override("en"):
        with pytest.raises(documents.DocumentError) as error:
            documents.version_from_pdf(data)
        assert message in str(error.value.message)


def test_a_file_over_10_mb_is_refused():
    with translation.override("en"), pytest.raises(documents.DocumentError, match="10 MB"):
        documents.version_from_pdf(b"%PDF-1.7\n" + b"0" * documents.MAX_PDF_BYTES)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("AB" * 32, "ab" * 32),
        (" ".join(["abcd"] * 16), "abcd" * 16),
        ("ab:" * 31 + "ab\n", "ab" * 32),
        ("ab" * 31, None),
        ("g" * 64, None),
        ("", None),
    ],
)
def test_a_typed_hash_is_normalised(typed, expected):
    assert documents.normalise_sha256(typed) == expected


def test_file_names(version, amendment):
    assert documents.document_filename(version, "fr") == (
        f"convention-de-stage-{version.agreement_id}-v1-lea-martin.pdf"
    )
    assert documents.document_filename(version, "en") == (
        f"internship-agreement-{version.agreement_id}-v1-lea-martin.pdf"
    )
    assert documents.amendment_filename(amendment, "fr") == (
        f"avenant-1-convention-{version.agreement_id}-lea-martin.pdf"
    )


def test_a_short_internship_without_gratification(personas):
    agreement = personas.agreement
    agreement.end_date = dt.date(2026, 5, 22)
    agreement.gratification_hourly_rate = None
    agreement.save()
    text = pdf_text(documents.version_pdf(version=freeze(agreement), lang="fr"))
    assert "Montant de la gratification Aucune gratification" in text
    assert "aucune gratification n'est prévue" in text
    assert "Le stagiaire bénéficie de la protection sociale prévue par les articles L412-8" in text


def test_a_gratification_above_the_threshold_changes_who_declares_accidents(personas):
    agreement = personas.agreement
    agreement.gratification_hourly_rate = Decimal("9.00")
    agreement.night_work = True
    agreement.save()
    text = pdf_text(documents.version_pdf(version=freeze(agreement), lang="fr"))
    assert "les cotisations sociales sont dues sur la fraction qui le dépasse" in text
    assert "Présence de nuit Oui" in text


def test_an_agreement_with_people_not_named_yet_still_renders(personas):
    agreement = factories.AgreementFactory(program=personas.program, intern=personas.intern)
    text = pdf_text(documents.version_pdf(version=freeze(agreement), lang="fr"))
    assert "Enseignant référent non désigné" in text
    assert "Tuteur dans l'organisme d'accueil non désigné" in text
    assert "Aucun objectif n'est défini dans cette version." in text
    assert "Aucune activité n'est décrite dans cette version." in text
    assert text.count("Pas encore signé") == 5
