"""Agreements at each step of their lifecycle, reached through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from balise.agreements import services
from balise.agreements.models import ObjectiveKind, Party
from balise.competencies.models import Competency
from tests import factories


@pytest.fixture
def negotiation(personas):
    agreement = personas.agreement
    # Signed before it starts, as the law requires: the internship starts in a month.
    agreement.start_date = timezone.localdate() + dt.timedelta(days=30)
    agreement.end_date = agreement.start_date + dt.timedelta(weeks=16)
    agreement.save()
    competency = Competency.objects.filter(framework__is_default_transversal=True).first()
    factories.ObjectiveFactory(
        agreement=agreement,
        kind=ObjectiveKind.MAIN,
        title="Livrer l'API",
        competencies=[competency],
    )
    factories.MissionFactory(agreement=agreement)
    services.agreement_submit_for_negotiation(agreement=agreement, by=personas.intern)
    agreement.refresh_from_db()
    return agreement


def agree_all(personas, agreement):
    for person in (personas.intern, personas.tutor, personas.referent, personas.staff):
        services.objectives_agree(agreement=agreement, by=person)


def validate_all(personas, agreement):
    services.agreement_validate(agreement=agreement, by=personas.referent, kind="pedagogical")
    services.agreement_validate(agreement=agreement, by=personas.staff, kind="administrative")


def sign_all(personas, version):
    for party, person in (
        (Party.STAFF, personas.staff),
        (Party.HOST, personas.signatory),
        (Party.INTERN, personas.intern),
        (Party.TUTOR, personas.tutor),
        (Party.REFERENT, personas.referent),
    ):
        services.version_sign(
            version=version,
            by=person,
            party=party,
            sha256=version.sha256,
            ip_address="127.0.0.1",
            user_agent="pytest",
        )


@pytest.fixture
def signed(personas, negotiation):
    agree_all(personas, negotiation)
    validate_all(personas, negotiation)
    version = services.agreement_request_signatures(agreement=negotiation, by=personas.intern)
    sign_all(personas, version)
    negotiation.refresh_from_db()
    return negotiation


@pytest.fixture
def awaiting(personas, negotiation):
    agree_all(personas, negotiation)
    validate_all(personas, negotiation)
    services.agreement_request_signatures(agreement=negotiation, by=personas.intern)
    negotiation.refresh_from_db()
    return negotiation
