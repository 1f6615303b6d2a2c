import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone, translation

from balise.agreements.models import AgreementStatus, ObjectiveKind
from balise.checkins.models import CheckInStatus
from balise.competencies.services import default_transversal_framework
from balise.journal.models import AlertCode
from tests import factories
from tests.dashboards import helpers as h


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English: the new strings have no French translation yet."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def followed(personas):
    """`followed(n)`: n more internships in progress at Léa's school, tutored by her tutor and
    followed by her referent, each with objectives, milestones, two signed-off check-ins
    with ratings, one to come, an overdue next step, an open alert and a logbook entry."""
    today = timezone.localdate()
    competencies = list(default_transversal_framework().competencies.all()[:2])

    def make(count, **fields):
        made = []
        for index in range(count):
            agreement = factories.AgreementFactory(
                program=personas.program,
                intern=factories.UserFactory(last_name=f"Stagiaire {index:02d}"),
                tutor=personas.tutor,
                referent=personas.referent,
                status=AgreementStatus.IN_PROGRESS,
                start_date=today - dt.timedelta(days=40),
                end_date=today + dt.timedelta(days=40),
                title=f"Stage {index}",
                **fields,
            )
            main = factories.ObjectiveFactory(
                agreement=agreement, kind=ObjectiveKind.MAIN, competencies=competencies[:1]
            )
            other = factories.ObjectiveFactory(agreement=agreement, competencies=competencies[1:])
            for objective in (main, other):
                factories.MilestoneFactory(
                    objective=objective, due_date=today - dt.timedelta(days=3)
                )
            for days_ago in (28, 14):
                checkin = h.checkin(agreement, today - dt.timedelta(days=days_ago))
                for objective in (main, other):
                    h.rate_objective(checkin, objective, 1, role="tutor", rater=personas.tutor)
                    h.rate_objective(checkin, objective, 2, role="intern", rater=agreement.intern)
                for competency in competencies:
                    h.rate_competency(checkin, competency, 2, role="tutor", rater=personas.tutor)
                h.action(
                    checkin, "Relire", owner=agreement.intern, due=today - dt.timedelta(days=2)
                )
            h.checkin(agreement, today + dt.timedelta(days=3), status=CheckInStatus.SCHEDULED)
            h.alert(agreement, AlertCode.LOGBOOK_SILENT)
            h.entry(agreement, today - dt.timedelta(days=1), "Travail", objective=main)
            made.append(agreement)
        return made

    return make
