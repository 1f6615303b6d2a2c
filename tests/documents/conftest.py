import datetime as dt
import io
import re

import pypdf
import pytest
from django.utils import timezone

from balise.agreements.models import (
    SIGNING_PARTIES,
    AgreementStatus,
    AgreementVersion,
    Amendment,
    AmendmentStatus,
    ObjectiveKind,
    Party,
    Signature,
)
from balise.agreements.versions import agreement_content, content_sha256
from balise.competencies.models import Competency, Framework
from tests import factories

PARIS = dt.timezone(dt.timedelta(hours=2))  # Europe/Paris in summer time


def pdf_text(data: bytes) -> str:
    """The PDF's text on one line: words separated by single spaces, whatever the layout."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def freeze(agreement, number=1):
    content = agreement_content(agreement)
    return AgreementVersion.objects.create(
        agreement=agreement, number=number, content=content, sha256=content_sha256(content)
    )


def sign(version, party, signer, when):
    return Signature.objects.create(
        version=version,
        party=party,
        signer=signer,
        signed_at=when,
        ip_address="192.0.2.10",
        user_agent="Firefox",
        version_sha256=version.sha256,
    )


def signers(personas):
    return {
        Party.STAFF: personas.staff,
        Party.HOST: personas.signatory,
        Party.INTERN: personas.intern,
        Party.TUTOR: personas.tutor,
        Party.REFERENT: personas.referent,
    }


@pytest.fixture
def competencies(db):
    framework = Framework.objects.create(
        slug="but-info-docs", name_fr="BUT Informatique", name_en="BUT Computer science"
    )
    return [
        Competency.objects.create(
            framework=framework,
            code="C1",
            name_fr="Réaliser un développement d'application",
            name_en="Develop an application",
        ),
        Competency.objects.create(
            framework=framework,
            code="C4",
            name_fr="Gérer des données de l'information",
            name_en="Manage information data",
        ),
    ]


@pytest.fixture
def agreement(personas, competencies):
    """The personas' agreement, complete and signed: objectives, missions, place."""
    agreement = personas.agreement
    agreement.host.name = "Acme SAS"
    agreement.host.address = "12 rue de la République"
    agreement.host.postal_code = "69002"
    agreement.host.save()
    agreement.place = "Site de Villeurbanne, 3 avenue Einstein"
    agreement.status = AgreementStatus.SIGNED
    agreement.save()
    main = factories.ObjectiveFactory(
        agreement=agreement,
        kind=ObjectiveKind.MAIN,
        title="Livrer une API de facturation en production",
        description="Concevoir, développer et mettre en production l'API.",
        indicators="API en production avant le 31 juillet\nCouverture de tests ≥ 80 %",
        target_date=dt.date(2026, 7, 31),
        weight=3,
        competencies=[competencies[0]],
        position=0,
    )
    factories.MilestoneFactory(
        objective=main, title="Maquette validée", due_date=dt.date(2026, 5, 15)
    )
    factories.ObjectiveFactory(
        agreement=agreement,
        title="Modéliser les données de facturation",
        indicators="Schéma relu par l'équipe",
        competencies=[competencies[1]],
        weight=1,
        position=1,
    )
    factories.MissionFactory(
        agreement=agreement, description="Développer les points d'accès de l'API"
    )
    factories.MissionFactory(agreement=agreement, description="Rédiger la documentation technique")
    return agreement


@pytest.fixture
def version(agreement, personas):
    """Version 1, signed by every party on 10 April 2026."""
    version = freeze(agreement)
    for minute, (party, signer) in enumerate(signers(personas).items()):
        sign(version, party, signer, dt.datetime(2026, 4, 10, 9, minute * 5, tzinfo=PARIS))
    assert version.signatures.count() == len(SIGNING_PARTIES)
    return version


@pytest.fixture
def amendment(agreement, version, personas):
    """Amendment 1: the end date moves to 28 August, an objective is added and one changed,
    a mission is replaced. Signed by the intern only so far."""
    agreement.end_date = dt.date(2026, 8, 28)
    agreement.save()
    specific = agreement.objectives.get(kind=ObjectiveKind.SPECIFIC)
    specific.title = "Modéliser et migrer les données de facturation"
    specific.save()
    factories.ObjectiveFactory(
        agreement=agreement, title="Mettre en place la supervision", indicators="Alertes actives"
    )
    agreement.missions.filter(description__startswith="Rédiger").delete()
    factories.MissionFactory(agreement=agreement, description="Former l'équipe support")
    new = freeze(agreement, number=2)
    sign(new, Party.INTERN, personas.intern, timezone.make_aware(dt.datetime(2026, 6, 2, 14, 30)))
    return Amendment.objects.create(
        agreement=agreement,
        number=1,
        status=AmendmentStatus.AWAITING_SIGNATURES,
        reason="Le projet prend trois semaines de plus.\n\nLa supervision devient un objectif.",
        changes={"end_date": "2026-08-28"},
        base_version=version,
        version=new,
        created_by=personas.intern,
    )
