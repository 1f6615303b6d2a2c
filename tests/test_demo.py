"""`balise demo`: what it builds, who can log in, and when it refuses."""

import time
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from balise.accounts.models import SchoolMembership, SchoolRole, User
from balise.agreements.checks import agreement_law_report
from balise.agreements.models import Agreement, AgreementStatus, Milestone, Mission, Objective
from balise.competencies.models import Competency, Framework
from balise.demo import DEMO_ACCOUNTS, DEMO_URL, demo_load
from balise.organizations.models import HostOrganization, Program, School

pytestmark = pytest.mark.django_db

EMAILS = [account.email for account in DEMO_ACCOUNTS]
INTERN_EMAIL, TUTOR_EMAIL, REFERENT_EMAIL, STAFF_EMAIL, SIGNATORY_EMAIL = EMAILS


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (
        School,
        Program,
        HostOrganization,
        User,
        SchoolMembership,
        Framework,
        Competency,
        Agreement,
        Objective,
        Milestone,
        Mission,
    )
    return {model.__name__: model.objects.count() for model in models}


def law_errors(agreement) -> list[str]:
    return [f.code for f in agreement_law_report(agreement).findings if f.severity == "error"]


@dataclass
class Built:
    output: str
    seconds: float


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """One demo for the tests that only read it (a build takes a couple of seconds), rolled
    back after the class."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        output = run_demo()
        yield Built(output=output, seconds=time.monotonic() - started)
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo")
class TestTheDemo:
    def test_it_builds_the_promised_school(self):
        assert School.objects.filter(is_demo=True).count() == 1
        assert Program.objects.count() == 3
        for program in Program.objects.select_related("framework"):
            assert 4 <= program.framework.competencies.count() <= 6
        assert HostOrganization.objects.filter(is_demo=True).count() == 5
        assert 28 <= Agreement.objects.filter(is_demo=True).count() <= 32
        assert {
            AgreementStatus.DRAFT,
            AgreementStatus.NEGOTIATION,
            AgreementStatus.AWAITING_SIGNATURES,
            AgreementStatus.SIGNED,
            AgreementStatus.IN_PROGRESS,
            AgreementStatus.COMPLETED,
            AgreementStatus.CANCELLED,
        } <= set(Agreement.objects.values_list("status", flat=True))
        assert not User.objects.filter(is_demo=False).exists()

    def test_every_agreement_has_one_main_objective_and_specific_ones(self):
        agreements = Agreement.objects.annotate(
            main=Count("objectives", filter=Q(objectives__kind="main"), distinct=True),
            specific=Count("objectives", filter=Q(objectives__kind="specific"), distinct=True),
            mission_count=Count("missions", distinct=True),
        )
        for agreement in agreements:
            assert agreement.main == 1
            assert 2 <= agreement.specific <= 4
            assert agreement.mission_count >= 2
        assert Milestone.objects.filter(reached_on__isnull=False).exists()

    def test_objectives_are_measurable_dated_and_linked_to_the_programme(self):
        transversal = Framework.objects.get(is_default_transversal=True, school=None)
        objectives = Objective.objects.select_related("agreement__program").prefetch_related(
            "competencies"
        )
        for objective in objectives:
            agreement = objective.agreement
            assert objective.indicator_list
            assert agreement.start_date <= objective.target_date <= agreement.end_date
            frameworks = {competency.framework_id for competency in objective.competencies.all()}
            assert frameworks
            assert frameworks <= {agreement.program.framework_id, transversal.pk}
        assert Objective.objects.filter(competencies__framework=transversal).exists()

    def test_the_demo_accounts_log_in_with_the_demo_password(self):
        for email in EMAILS:
            assert authenticate(username=email, password="demo") is not None, email
            assert authenticate(username=email, password="wrong") is None

    def test_the_intern_has_agreements_in_several_states_and_a_draft_to_edit(self):
        intern = User.objects.get(email=INTERN_EMAIL)
        own = Agreement.objects.filter(intern=intern)
        assert 2 <= own.count() <= 3
        assert len(set(own.values_list("status", flat=True))) == own.count()
        assert intern.has_perm("agreements.change_agreement", own.get(status=AgreementStatus.DRAFT))
        assert SchoolMembership.objects.filter(user=intern, role=SchoolRole.INTERN).exists()

    def test_the_other_accounts_have_their_roles(self):
        intern, tutor, referent, staff, signatory = (User.objects.get(email=e) for e in EMAILS)
        assert Agreement.objects.filter(tutor=tutor).count() >= 3
        assert Agreement.objects.filter(tutor=tutor).exclude(intern=intern).exists()
        assert 8 <= Agreement.objects.filter(referent=referent).count() <= 12
        assert SchoolMembership.objects.filter(user=referent, role=SchoolRole.REFERENT).exists()
        assert SchoolMembership.objects.filter(user=staff, role=SchoolRole.STAFF).exists()
        assert Agreement.objects.filter(signatory=signatory).count() >= 2

    def test_most_agreements_respect_the_law_and_a_draft_shows_a_finding(self):
        agreements = Agreement.objects.select_related(
            "program", "host", "intern", "tutor", "referent"
        )
        invalid = [agreement for agreement in agreements if law_errors(agreement)]
        assert 1 <= len(invalid) <= 3
        assert all(agreement.status == AgreementStatus.DRAFT for agreement in invalid)
        intern_draft = agreements.get(intern__email=INTERN_EMAIL, status=AgreementStatus.DRAFT)
        assert law_errors(intern_draft) == ["gratification.missing"]

    def test_signed_agreements_were_signed_before_they_started(self):
        signed_statuses = [
            AgreementStatus.SIGNED,
            AgreementStatus.IN_PROGRESS,
            AgreementStatus.COMPLETED,
        ]
        signed = Agreement.objects.filter(status__in=signed_statuses)
        assert signed.exists()
        for agreement in signed:
            assert agreement.signed_on is not None
            assert agreement.signed_on < agreement.start_date
        assert not (
            Agreement.objects.exclude(status__in=signed_statuses)
            .filter(signed_on__isnull=False)
            .exists()
        )

    @pytest.mark.parametrize(
        ("email", "role"),
        [
            ("stagiaire@demo.balise.fr", "intern"),
            ("tuteur@demo.balise.fr", "tutor"),
            ("referent@demo.balise.fr", "referent"),
            ("gestionnaire@demo.balise.fr", None),
            ("signataire@demo.balise.fr", "signatory"),
        ],
    )
    def test_each_account_logs_in_and_sees_exactly_its_agreements(self, client, email, role):
        from django.urls import reverse

        assert client.login(username=email, password="demo")
        response = client.get(reverse("home"))
        assert response.status_code == 200
        shown = response.context["page"].paginator.object_list
        expected = (
            Agreement.objects.filter(**{f"{role}__email": email})
            if role
            else Agreement.objects.filter(school__is_demo=True)
        )
        assert sorted(a.pk for a in shown) == sorted(expected.values_list("pk", flat=True))
        assert shown.count() > 0

    def test_it_prints_the_accounts_and_where_to_log_in(self, demo):
        for account in DEMO_ACCOUNTS:
            line = next(line for line in demo.output.splitlines() if account.email in line)
            assert "demo" in line.replace(account.email, "")
            assert account.role in line
        assert "enseignant référent" in demo.output
        assert DEMO_URL in demo.output

    def test_a_second_run_creates_nothing_and_prints_the_same_accounts(self, demo):
        before = counts()

        output = run_demo()

        assert counts() == before
        assert "déjà" in output
        # Same table of accounts and URL; only the first line (what was done) differs.
        assert output.splitlines()[1:] == demo.output.splitlines()[1:]

    def test_it_prints_nothing_at_verbosity_zero(self):
        assert run_demo(verbosity=0) == ""


def test_it_refuses_to_mix_with_real_data():
    User.objects.create_user("vraie.personne@example.fr", "secret")

    with pytest.raises(CommandError, match="--force") as refusal:
        run_demo()

    assert "\n" not in str(refusal.value)
    assert not School.objects.exists()
    assert User.objects.count() == 1


def test_force_loads_the_demo_beside_real_data():
    real = User.objects.create_user("vraie.personne@example.fr", "secret")

    output = run_demo(force=True)

    assert School.objects.filter(is_demo=True).count() == 1
    assert Agreement.objects.filter(is_demo=True).count() >= 28
    real.refresh_from_db()
    assert real.is_demo is False
    assert INTERN_EMAIL in output


def test_it_is_reproducible():
    def snapshot():
        return sorted(
            Agreement.objects.values_list(
                "intern__email", "tutor__email", "title", "start_date", "status"
            )
        )

    with transaction.atomic():
        demo_load()
        first = snapshot()
        transaction.set_rollback(True)
    assert not Agreement.objects.exists()

    demo_load()

    assert snapshot() == first
