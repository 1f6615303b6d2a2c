"""Shared fixtures: the personas of STYLE.md and the switches of the test run.

BALISE_TEST_POSTGRES: run on PostgreSQL (`required`: fail when it is unreachable
instead of falling back to SQLite). BALISE_TEST_BROWSER=required: fail the browser
tests when Chromium is absent instead of skipping them.
"""

import datetime as dt
import os
import socket
from dataclasses import dataclass

import pytest

from tests import factories

pytest_plugins = ["tests.browser"]


def _postgres_reachable(url: str) -> str | None:
    import psycopg

    dsn = url.replace("postgres://", "postgresql://", 1)
    # Connect to the maintenance database: the test database may not exist yet.
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        psycopg.connect(maintenance, connect_timeout=3).close()
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    return None


def pytest_configure(config):
    mode = os.environ.get("BALISE_TEST_POSTGRES", "")
    if not mode:
        return
    url = os.environ.get(
        "BALISE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/balise_test"
    )
    problem = _postgres_reachable(url)
    if problem is None:
        return
    if mode == "required":
        pytest.exit(f"PostgreSQL is required but unreachable at {url}: {problem}", returncode=3)
    # Not required: fall back to SQLite, said loudly.
    os.environ.pop("BALISE_TEST_POSTGRES")
    config.issue_config_time_warning(
        pytest.PytestConfigWarning(f"PostgreSQL unreachable ({problem}); running on SQLite."),
        stacklevel=2,
    )


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@dataclass
class Personas:
    """An intern, her tutor, her referent, a staff member of her school, a signatory of
    her host, and outsiders: another school's intern, another company's tutor, another
    school's staff."""

    school: object
    program: object
    agreement: object
    intern: object
    tutor: object
    referent: object
    staff: object
    signatory: object
    other_intern: object
    other_tutor: object
    other_staff: object

    def by_name(self, name):
        return getattr(self, name)


@pytest.fixture
def personas(db):
    from balise.competencies.services import default_transversal_framework

    # Loaded by a migration, but a browser test's flush may have removed it.
    default_transversal_framework()
    school = factories.SchoolFactory(name="IUT de Lyon", slug="iut-lyon")
    other_school = factories.SchoolFactory(name="Université de Rennes", slug="rennes")
    program = factories.ProgramFactory(school=school)
    intern = factories.UserFactory(
        email="lea.martin@etu.example.org", first_name="Léa", last_name="Martin"
    )
    referent = factories.UserFactory(
        email="anne.roux@example.org", first_name="Anne", last_name="Roux"
    )
    staff = factories.UserFactory(email="service.stages@example.org")
    tutor = factories.UserFactory(
        email="paul.durand@acme.example.com", first_name="Paul", last_name="Durand"
    )
    signatory = factories.UserFactory(email="drh@acme.example.com")
    factories.MembershipFactory(user=intern, school=school, role="intern")
    factories.MembershipFactory(user=referent, school=school, role="referent")
    factories.MembershipFactory(user=staff, school=school, role="staff")
    other_intern = factories.UserFactory(email="autre@etu.example.org")
    other_staff = factories.UserFactory(email="staff@rennes.example.org")
    other_tutor = factories.UserFactory(email="tuteur@autre.example.com")
    factories.MembershipFactory(user=other_intern, school=other_school, role="intern")
    factories.MembershipFactory(user=other_staff, school=other_school, role="staff")
    # The outsiders have agreements of their own, so "nothing visible" is not vacuous.
    factories.AgreementFactory(
        program=factories.ProgramFactory(school=other_school),
        intern=other_intern,
        tutor=other_tutor,
        title="Stage ailleurs",
    )
    agreement = factories.AgreementFactory(
        program=program, intern=intern, tutor=tutor, referent=referent, signatory=signatory
    )
    return Personas(
        school=school,
        program=program,
        agreement=agreement,
        intern=intern,
        tutor=tutor,
        referent=referent,
        staff=staff,
        signatory=signatory,
        other_intern=other_intern,
        other_tutor=other_tutor,
        other_staff=other_staff,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1, keeping what it receives."""
    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 Message accepted for delivery"

    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def running(personas):
    """Léa's internship, in progress for three weeks, with two objectives."""
    from django.utils import timezone

    from balise.agreements.models import Agreement, AgreementStatus, ObjectiveKind
    from balise.competencies.services import default_transversal_framework

    today = timezone.localdate()
    agreement = personas.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=today - dt.timedelta(days=21),
        end_date=today + dt.timedelta(days=60),
        status=AgreementStatus.IN_PROGRESS,
    )
    agreement.refresh_from_db()
    competencies = list(default_transversal_framework().competencies.all()[:2])
    factories.ObjectiveFactory(
        agreement=agreement,
        kind=ObjectiveKind.MAIN,
        competencies=competencies[:1],
        title="Concevoir l'API de facturation",
        description="Endpoints REST de création et d'envoi des factures",
        indicators="API documentée\nTests automatisés à 80 %",
    )
    factories.ObjectiveFactory(
        agreement=agreement,
        competencies=competencies[1:],
        title="Animer une démonstration auprès des clients",
        description="Présenter le nouveau module aux clients pilotes",
        indicators="Deux démonstrations réalisées",
    )
    factories.MissionFactory(agreement=agreement)
    return agreement
