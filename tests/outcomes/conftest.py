"""An internship that is over, with what the path recorded: presence, payments, a logbook,
signed-off check-ins with feedback and ratings."""

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone

from balise.agreements.models import Agreement, AgreementStatus, ObjectiveKind
from balise.checkins.models import (
    ActionItem,
    CheckIn,
    CheckInStatus,
    CompetencyRating,
    Feedback,
    FeedbackKind,
    ObjectiveRating,
)
from balise.competencies.models import Competency, Framework
from balise.journal.models import Activity
from balise.outcomes.models import Payment, PresenceMonth
from tests import factories

PERSONAS = [
    "intern",
    "tutor",
    "referent",
    "staff",
    "signatory",
    "other_intern",
    "other_tutor",
    "other_staff",
]
OUTSIDERS = {"other_intern", "other_tutor", "other_staff"}
READERS = {"intern", "tutor", "referent", "staff", "signatory"}
RECORDERS = {"tutor", "signatory", "staff"}
SCHOOL_SIDE = {"intern", "referent", "staff"}

# March to June 2025: hours recorded and what was paid for each month.
PRESENCE = {
    dt.date(2025, 3, 1): Decimal("140"),
    dt.date(2025, 4, 1): Decimal("147"),
    dt.date(2025, 5, 1): Decimal("126"),
    dt.date(2025, 6, 1): Decimal("133.5"),
}
PAID = {
    dt.date(2025, 3, 1): (Decimal("630.00"), dt.date(2025, 4, 2)),
    dt.date(2025, 4, 1): (Decimal("661.50"), dt.date(2025, 5, 2)),
    dt.date(2025, 5, 1): (Decimal("500.00"), dt.date(2025, 6, 3)),
    dt.date(2025, 6, 1): (Decimal("580.73"), dt.date(2025, 7, 1)),
}


def expect(persona, allowed, ok):
    if persona in OUTSIDERS:
        return 404
    return ok if persona in allowed else 403


def pdf_text(data: bytes) -> str:
    """The PDF's text on one line, words separated by single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


@pytest.fixture
def framework(db):
    framework = Framework.objects.create(
        slug="but-info-outcomes", name_fr="BUT Informatique", name_en="BUT Computer science"
    )
    levels = [{"fr": f"Niveau {n} en français", "en": f"Level {n} in English"} for n in range(1, 5)]
    return [
        Competency.objects.create(
            framework=framework,
            code="C1",
            name_fr="Réaliser un développement d'application",
            name_en="Develop an application",
            description_fr="Concevoir, coder et tester une application.",
            description_en="Design, code and test an application.",
            levels=levels,
        ),
        Competency.objects.create(
            framework=framework,
            code="C2",
            name_fr="Travailler en équipe",
            name_en="Work in a team",
            levels=levels,
        ),
    ]


def _checkin(agreement, when, personas, *, status=CheckInStatus.SIGNED):
    return CheckIn.objects.create(
        agreement=agreement,
        starts_at=when,
        status=status,
        held_at=when,
        intern_signed_at=when if status == CheckInStatus.SIGNED else None,
        tutor_signed_at=when if status == CheckInStatus.SIGNED else None,
        created_by=personas.tutor,
    )


@pytest.fixture
def ended(personas, framework):
    """Léa's internship from 3 March to 27 June 2025, completed: two objectives, presence
    for four months, four payments (May underpaid), a logbook, two signed check-ins."""
    agreement = personas.agreement
    host = agreement.host
    host.name = "Acme SAS"
    host.address = "12 rue de la République"
    host.postal_code = "69002"
    host.city = "Lyon"
    host.save()
    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 6, 27),
        status=AgreementStatus.COMPLETED,
        gratification_hourly_rate=Decimal("4.50"),
    )
    agreement.refresh_from_db()
    api = factories.ObjectiveFactory(
        agreement=agreement,
        kind=ObjectiveKind.MAIN,
        title="Livrer l'API de facturation",
        description="Concevoir et mettre en production l'API.",
        indicators="API documentée\nTests automatisés à 80 %",
        competencies=[framework[0]],
        position=0,
    )
    demo = factories.ObjectiveFactory(
        agreement=agreement,
        title="Animer une démonstration client",
        indicators="Deux démonstrations réalisées",
        competencies=[framework[1]],
        position=1,
    )
    factories.MilestoneFactory(
        objective=api,
        title="Maquette validée",
        due_date=dt.date(2025, 4, 1),
        reached_on=dt.date(2025, 3, 28),
    )
    factories.MilestoneFactory(
        objective=demo, title="Première démonstration", due_date=dt.date(2025, 6, 1)
    )
    factories.MissionFactory(agreement=agreement, description="Développer les points d'accès")

    for month, hours in PRESENCE.items():
        PresenceMonth.objects.create(
            agreement=agreement,
            month=month,
            hours=hours,
            absence_days=Decimal("1") if month.month == 5 else Decimal("0"),
            recorded_by=personas.tutor,
        )
    for month, (amount, paid_on) in PAID.items():
        Payment.objects.create(agreement=agreement, month=month, amount=amount, paid_on=paid_on)

    Activity.objects.create(
        agreement=agreement,
        date=dt.date(2025, 3, 12),
        hours=Decimal("6"),
        text="Écriture des endpoints de facturation",
        objective=api,
        evidence_url="https://git.example.com/acme/api/pull/12",
        created_by=personas.intern,
    )
    Activity.objects.create(
        agreement=agreement,
        date=dt.date(2025, 5, 20),
        hours=Decimal("3"),
        text="Préparation de la démonstration",
        objective=demo,
        created_by=personas.intern,
    )
    Activity.objects.create(
        agreement=agreement,
        date=dt.date(2025, 5, 21),
        hours=Decimal("1.5"),
        text="Photocopies pour l'accueil",
        reviewed_label="unrelated",
        reviewed_by=personas.tutor,
        created_by=personas.intern,
    )

    paris = timezone.get_current_timezone()
    first = _checkin(agreement, dt.datetime(2025, 4, 10, 14, 0, tzinfo=paris), personas)
    second = _checkin(agreement, dt.datetime(2025, 6, 12, 14, 0, tzinfo=paris), personas)
    Feedback.objects.create(
        checkin=first,
        kind=FeedbackKind.STRENGTH,
        text="Code clair et bien testé",
        author=personas.tutor,
    )
    Feedback.objects.create(
        checkin=first,
        kind=FeedbackKind.IMPROVEMENT,
        text="Prendre la parole en réunion",
        author=personas.tutor,
    )
    ActionItem.objects.create(
        agreement=agreement,
        checkin=first,
        text="Présenter l'API à l'équipe support",
        owner=personas.intern,
        due_date=dt.date(2025, 4, 24),
    )
    for checkin, level_api, level_team in ((first, 2, 1), (second, 3, 2)):
        CompetencyRating.objects.create(
            checkin=checkin,
            competency=framework[0],
            role="tutor",
            rater=personas.tutor,
            level=level_api,
        )
        CompetencyRating.objects.create(
            checkin=checkin,
            competency=framework[1],
            role="tutor",
            rater=personas.tutor,
            level=level_team,
        )
        CompetencyRating.objects.create(
            checkin=checkin,
            competency=framework[0],
            role="intern",
            rater=personas.intern,
            level=level_api + 1,
        )
    ObjectiveRating.objects.create(
        checkin=second, objective=api, role="tutor", rater=personas.tutor, zone=2
    )
    ObjectiveRating.objects.create(
        checkin=second, objective=demo, role="tutor", rater=personas.tutor, zone=1
    )
    return agreement
