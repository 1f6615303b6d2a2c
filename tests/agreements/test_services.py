import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from balise.agreements import services
from balise.agreements.checks import agreement_law_report
from balise.agreements.models import AgreementStatus, ObjectiveKind
from balise.competencies.models import Competency, Framework
from tests import factories


def codes(agreement):
    return {finding.code for finding in agreement_law_report(agreement).findings}


def complete(agreement):
    """Give the agreement what the law asks beyond its terms: an objective and a mission."""
    competency = Competency.objects.filter(framework__is_default_transversal=True).first()
    factories.ObjectiveFactory(agreement=agreement, competencies=[competency])
    factories.MissionFactory(agreement=agreement)
    return agreement


def test_create_starts_a_draft_in_the_programme_school(personas):
    host = factories.HostFactory()
    agreement = services.agreement_create(
        by=personas.intern,
        intern=personas.intern,
        program=personas.program,
        host=host,
        title="Stage",
        start_date=dt.date(2026, 6, 1),
        end_date=dt.date(2026, 7, 10),
        weekly_hours=Decimal("35"),
    )
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.school == personas.school
    assert agreement.working_days == ["mon", "tue", "wed", "thu", "fri"]


def test_dates_out_of_order_are_refused_by_the_database_constraint(personas):
    with pytest.raises(ValidationError):
        services.agreement_create(
            by=personas.intern,
            intern=personas.intern,
            program=personas.program,
            host=factories.HostFactory(),
            title="Stage",
            start_date=dt.date(2026, 7, 1),
            end_date=dt.date(2026, 6, 1),
            weekly_hours=Decimal("35"),
        )


def test_an_agreement_with_a_legal_error_cannot_leave_draft(personas):
    agreement = complete(personas.agreement)
    services.agreement_update(
        agreement=agreement, by=personas.intern, gratification_hourly_rate=None
    )
    assert "gratification.missing" in codes(agreement)
    with pytest.raises(ValidationError, match="erreur"):
        services.agreement_submit_for_negotiation(agreement=agreement, by=personas.intern)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT

    services.agreement_update(
        agreement=agreement, by=personas.intern, gratification_hourly_rate=Decimal("4.50")
    )
    services.agreement_submit_for_negotiation(agreement=agreement, by=personas.intern)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NEGOTIATION


def test_a_draft_without_objectives_cannot_leave_draft(personas):
    factories.MissionFactory(agreement=personas.agreement)
    assert "objectives.missing" in codes(personas.agreement)
    with pytest.raises(ValidationError):
        services.agreement_submit_for_negotiation(agreement=personas.agreement, by=personas.intern)


@pytest.mark.parametrize(
    "status", [AgreementStatus.SIGNED, AgreementStatus.IN_PROGRESS, AgreementStatus.CANCELLED]
)
def test_content_of_a_signed_or_closed_agreement_is_immutable(personas, status):
    objective = factories.ObjectiveFactory(agreement=personas.agreement)
    personas.agreement.status = status
    personas.agreement.save()
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=personas.agreement, by=personas.staff, title="x")
    with pytest.raises(ValidationError):
        services.objective_update(objective=objective, by=personas.staff, title="x")
    with pytest.raises(ValidationError):
        services.objective_create(agreement=personas.agreement, by=personas.staff, title="y")
    with pytest.raises(ValidationError):
        services.mission_create(agreement=personas.agreement, by=personas.staff, description="z")
    objective.refresh_from_db()
    assert objective.title != "x"


def test_only_one_main_objective(personas):
    services.objective_create(
        agreement=personas.agreement,
        by=personas.intern,
        title="Livrer l'API",
        kind=ObjectiveKind.MAIN,
    )
    with pytest.raises(ValidationError):
        services.objective_create(
            agreement=personas.agreement, by=personas.intern, title="Autre", kind=ObjectiveKind.MAIN
        )
    specific = services.objective_create(
        agreement=personas.agreement, by=personas.intern, title="Tester"
    )
    with pytest.raises(ValidationError):
        services.objective_update(objective=specific, by=personas.intern, kind=ObjectiveKind.MAIN)


def test_main_objective_leads_and_objectives_can_be_reordered(personas):
    first = services.objective_create(
        agreement=personas.agreement, by=personas.intern, title="Premier"
    )
    second = services.objective_create(
        agreement=personas.agreement, by=personas.intern, title="Second"
    )
    main = services.objective_create(
        agreement=personas.agreement, by=personas.intern, title="Principal", kind=ObjectiveKind.MAIN
    )
    titles = lambda: [o.title for o in personas.agreement.objectives.all()]  # noqa: E731
    assert titles() == ["Principal", "Premier", "Second"]
    services.objective_move(objective=second, by=personas.intern, direction="up")
    assert titles() == ["Principal", "Second", "Premier"]
    services.objective_move(objective=main, by=personas.intern, direction="up")
    assert titles()[0] == "Principal"
    with pytest.raises(ValidationError):
        services.objective_move(objective=first, by=personas.intern, direction="sideways")


def test_objective_competencies_must_come_from_the_programme(personas):
    foreign = Framework.objects.create(slug="autre", name_fr="Autre")
    stranger = Competency.objects.create(framework=foreign, code="X1", name_fr="Étrangère")
    own = Competency.objects.filter(framework__is_default_transversal=True)[:2]
    with pytest.raises(ValidationError):
        services.objective_create(
            agreement=personas.agreement,
            by=personas.intern,
            title="Objectif",
            competencies=[stranger],
        )
    objective = services.objective_create(
        agreement=personas.agreement, by=personas.intern, title="Objectif", competencies=list(own)
    )
    assert objective.competencies.count() == 2


def test_milestones_and_missions(personas):
    objective = factories.ObjectiveFactory(agreement=personas.agreement)
    milestone = services.milestone_create(
        objective=objective, by=personas.tutor, title="Maquette", due_date=dt.date(2026, 5, 1)
    )
    services.milestone_update(
        milestone=milestone, by=personas.tutor, reached_on=dt.date(2026, 4, 30)
    )
    milestone.refresh_from_db()
    assert milestone.reached_on == dt.date(2026, 4, 30)
    a = services.mission_create(agreement=personas.agreement, by=personas.tutor, description="A")
    services.mission_create(agreement=personas.agreement, by=personas.tutor, description="B")
    services.mission_move(mission=a, by=personas.tutor, direction="down")
    assert [m.description for m in personas.agreement.missions.all()] == ["B", "A"]
    services.milestone_delete(milestone=milestone, by=personas.tutor)
    assert not objective.milestones.exists()


def test_tutor_capacity_counts_the_tutors_other_active_internships(personas):
    agreement = complete(personas.agreement)
    assert "supervision.tutor_capacity" not in codes(agreement)
    for _ in range(3):
        factories.AgreementFactory(tutor=personas.tutor, status=AgreementStatus.IN_PROGRESS)
    # A draft or a cancelled internship takes no place.
    factories.AgreementFactory(tutor=personas.tutor, status=AgreementStatus.CANCELLED)
    assert "supervision.tutor_capacity" in codes(agreement)


def test_host_quota_counts_interns_present_at_the_same_time(personas):
    agreement = complete(personas.agreement)
    agreement.host.headcount = 10
    agreement.host.save()
    for _ in range(2):
        factories.AgreementFactory(host=agreement.host, status=AgreementStatus.SIGNED)
    assert "host.quota" not in codes(agreement)
    factories.AgreementFactory(host=agreement.host, status=AgreementStatus.SIGNED)
    assert "host.quota" in codes(agreement)
    # Someone who left before this internship started does not count.
    other = factories.AgreementFactory(
        host=agreement.host,
        status=AgreementStatus.COMPLETED,
        start_date=dt.date(2025, 1, 6),
        end_date=dt.date(2025, 3, 28),
    )
    assert other.pk


def test_intern_under_18_is_read_from_her_profile(personas):
    agreement = complete(personas.agreement)
    personas.intern.birth_date = dt.date(2009, 1, 1)
    personas.intern.save()
    agreement.refresh_from_db()
    assert not {"hours.weekly_max", "minor.night_work"} & codes(agreement)
    services.agreement_update(
        agreement=agreement, by=personas.staff, night_work=True, weekly_hours=Decimal("36")
    )
    assert {"hours.weekly_max", "minor.night_work"} <= codes(agreement)
    personas.intern.birth_date = dt.date(2000, 1, 1)
    personas.intern.save()
    agreement.refresh_from_db()
    assert not {"hours.weekly_max", "minor.night_work"} & codes(agreement)
