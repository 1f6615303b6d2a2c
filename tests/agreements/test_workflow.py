"""Negotiation, validations, signatures, lifecycle and amendments, through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from balise.agreements import services
from balise.agreements.models import (
    AgreementStatus,
    AgreementVersion,
    AmendmentStatus,
    EventKind,
    Party,
    ProposalStatus,
    Signature,
)
from balise.agreements.versions import agreement_content, content_sha256
from balise.organizations.models import ValidationOrder
from tests.agreements.conftest import agree_all, sign_all, validate_all


def test_a_proposal_is_accepted_by_another_party_and_applied(personas, negotiation):
    objective = negotiation.objectives.get()
    proposed = services.objective_snapshot(objective) | {"title": "Livrer l'API documentée"}
    proposal = services.proposal_create(
        agreement=negotiation,
        by=personas.tutor,
        objective=objective,
        proposed=proposed,
        rationale="Plus précis",
    )
    assert proposal.previous["title"] == "Livrer l'API"
    with pytest.raises(ValidationError, match="Another party|autre partie"):
        services.proposal_accept(proposal=proposal, by=personas.tutor)
    services.proposal_accept(proposal=proposal, by=personas.intern)
    objective.refresh_from_db()
    proposal.refresh_from_db()
    assert objective.title == "Livrer l'API documentée"
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == personas.intern
    with pytest.raises(ValidationError):
        services.proposal_decline(proposal=proposal, by=personas.referent)
    kinds = list(negotiation.events.values_list("kind", flat=True))
    assert EventKind.PROPOSED in kinds and EventKind.PROPOSAL_ACCEPTED in kinds


def test_a_new_objective_can_be_proposed_and_declined(personas, negotiation):
    proposal = services.proposal_create(
        agreement=negotiation,
        by=personas.referent,
        proposed={
            "kind": "specific",
            "title": "Présenter en anglais",
            "description": "",
            "indicators": "",
            "target_date": None,
            "weight": 1,
            "competencies": [],
        },
    )
    assert proposal.is_new_objective
    services.proposal_decline(proposal=proposal, by=personas.intern)
    assert negotiation.objectives.count() == 1


def test_a_proposal_that_changes_nothing_is_refused(personas, negotiation):
    objective = negotiation.objectives.get()
    with pytest.raises(ValidationError):
        services.proposal_create(
            agreement=negotiation,
            by=personas.tutor,
            objective=objective,
            proposed=services.objective_snapshot(objective),
        )


def test_the_signatory_and_outsiders_cannot_negotiate(personas, negotiation):
    for person in (personas.signatory, personas.other_intern, personas.other_staff):
        with pytest.raises(PermissionDenied):
            services.objectives_agree(agreement=negotiation, by=person)
        with pytest.raises(PermissionDenied):
            services.comment_add(agreement=negotiation, by=person, body="?")


def test_any_change_withdraws_the_agreements_given(personas, negotiation):
    agree_all(personas, negotiation)
    services.agreement_validate(agreement=negotiation, by=personas.referent, kind="pedagogical")
    assert negotiation.consents.count() == 4
    services.objective_update(
        objective=negotiation.objectives.get(), by=personas.tutor, title="Autre titre"
    )
    assert negotiation.consents.count() == 0
    assert negotiation.validations.count() == 0
    assert negotiation.events.filter(kind=EventKind.CONSENTS_WITHDRAWN).exists()


def test_validations_need_every_agreement_and_follow_the_school_order(personas, negotiation):
    with pytest.raises(ValidationError, match="missing|manquant"):
        services.agreement_validate(agreement=negotiation, by=personas.referent, kind="pedagogical")
    agree_all(personas, negotiation)
    with pytest.raises(ValidationError):
        services.agreement_validate(agreement=negotiation, by=personas.staff, kind="administrative")
    with pytest.raises(PermissionDenied):
        services.agreement_validate(agreement=negotiation, by=personas.intern, kind="pedagogical")
    services.agreement_validate(agreement=negotiation, by=personas.referent, kind="pedagogical")
    services.agreement_validate(agreement=negotiation, by=personas.staff, kind="administrative")
    with pytest.raises(ValidationError):
        services.agreement_validate(agreement=negotiation, by=personas.staff, kind="administrative")


def test_administrative_first_schools(personas, negotiation):
    personas.school.validation_order = ValidationOrder.ADMINISTRATIVE_FIRST
    personas.school.save()
    negotiation.refresh_from_db()
    agree_all(personas, negotiation)
    with pytest.raises(ValidationError):
        services.agreement_validate(agreement=negotiation, by=personas.referent, kind="pedagogical")
    services.agreement_validate(agreement=negotiation, by=personas.staff, kind="administrative")
    services.agreement_validate(agreement=negotiation, by=personas.referent, kind="pedagogical")


def test_signatures_are_refused_until_everything_is_ready(personas, negotiation):
    with pytest.raises(ValidationError) as refused:
        services.agreement_request_signatures(agreement=negotiation, by=personas.intern)
    assert len(refused.value.messages) >= 3
    agree_all(personas, negotiation)
    validate_all(personas, negotiation)
    services.agreement_update(
        agreement=negotiation, by=personas.staff, gratification_hourly_rate=None
    )
    # The change withdrew the agreements, and the law finds an error: two reasons.
    problems = services.signature_blockers(negotiation)
    assert any("erreur" in p or "error" in p for p in problems)
    assert any("accord" in p or "agreement" in p for p in problems)


def test_the_whole_signature_path(personas, signed):
    assert signed.status == AgreementStatus.SIGNED
    assert signed.signed_on is not None
    version = signed.versions.get()
    assert version.signed_at is not None
    assert version.sha256 == content_sha256(version.content)
    assert version.signatures.count() == 5
    signature = version.signatures.get(party=Party.HOST)
    assert signature.signer == personas.signatory and signature.ip_address == "127.0.0.1"
    assert signature.version_sha256 == version.sha256


def test_a_signer_must_sign_what_they_read(personas, negotiation):
    agree_all(personas, negotiation)
    validate_all(personas, negotiation)
    version = services.agreement_request_signatures(agreement=negotiation, by=personas.staff)
    with pytest.raises(ValidationError):
        services.version_sign(
            version=version, by=personas.intern, party=Party.INTERN, sha256="0" * 64
        )
    with pytest.raises(PermissionDenied):
        services.version_sign(
            version=version, by=personas.intern, party=Party.TUTOR, sha256=version.sha256
        )
    services.version_sign(
        version=version, by=personas.intern, party=Party.INTERN, sha256=version.sha256
    )
    with pytest.raises(ValidationError):
        services.version_sign(
            version=version, by=personas.intern, party=Party.INTERN, sha256=version.sha256
        )


def test_a_signed_version_cannot_be_changed_by_any_service(personas, signed):
    version = signed.versions.get()
    objective = signed.objectives.get()
    attempts = [
        lambda: services.agreement_update(agreement=signed, by=personas.staff, title="x"),
        lambda: services.objective_update(objective=objective, by=personas.intern, title="x"),
        lambda: services.objective_create(agreement=signed, by=personas.intern, title="x"),
        lambda: services.objective_delete(objective=objective, by=personas.intern),
        lambda: services.mission_create(agreement=signed, by=personas.tutor, description="x"),
        lambda: services.milestone_create(
            objective=objective, by=personas.tutor, title="x", due_date=dt.date(2026, 5, 1)
        ),
        lambda: services.comment_add(agreement=signed, by=personas.intern, body="x"),
        lambda: services.objectives_agree(agreement=signed, by=personas.intern),
        lambda: services.agreement_request_signatures(agreement=signed, by=personas.staff),
        lambda: services.version_sign(
            version=version, by=personas.staff, party=Party.STAFF, sha256=version.sha256
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    fresh = AgreementVersion.objects.get(pk=version.pk)
    assert fresh.content == version.content and fresh.sha256 == version.sha256
    assert content_sha256(fresh.content) == fresh.sha256


def test_dates_move_the_agreement_along(personas, signed):
    start, end = signed.start_date, signed.end_date
    assert services.agreements_advance(today=start - dt.timedelta(days=1)) == {
        "started": 0,
        "completed": 0,
    }
    assert services.agreements_advance(today=start, dry_run=True)["started"] == 1
    signed.refresh_from_db()
    assert signed.status == AgreementStatus.SIGNED
    services.agreements_advance(today=start)
    services.agreements_advance(today=start)  # idempotent
    signed.refresh_from_db()
    assert signed.status == AgreementStatus.IN_PROGRESS
    assert signed.events.filter(kind=EventKind.STARTED).count() == 1
    services.agreements_advance(today=end + dt.timedelta(days=1))
    signed.refresh_from_db()
    assert signed.status == AgreementStatus.COMPLETED


def test_cancel_and_interrupt(personas, signed):
    with pytest.raises(ValidationError):
        services.agreement_interrupt(
            agreement=signed,
            by=personas.staff,
            reason="Maladie",
            on=signed.start_date,
            validation="extended",
        )
    with pytest.raises(ValidationError):
        services.agreement_cancel(agreement=signed, by=personas.intern, reason="x")
    services.agreements_advance(today=signed.start_date)
    signed.refresh_from_db()
    with pytest.raises(ValidationError, match="interrupted|interrompt"):
        services.agreement_cancel(agreement=signed, by=personas.staff, reason="x")
    with pytest.raises(ValidationError):
        services.agreement_interrupt(
            agreement=signed,
            by=personas.referent,
            reason="Maladie",
            on=signed.end_date + dt.timedelta(days=3),
            validation="extended",
        )
    services.agreement_interrupt(
        agreement=signed,
        by=personas.referent,
        reason="Maladie",
        on=signed.start_date + dt.timedelta(days=10),
        validation="extended",
    )
    signed.refresh_from_db()
    assert signed.status == AgreementStatus.INTERRUPTED
    assert signed.interruption_validation == "extended"


def test_intern_cancels_her_draft_with_a_reason(personas):
    with pytest.raises(ValidationError):
        services.agreement_cancel(agreement=personas.agreement, by=personas.intern, reason=" ")
    services.agreement_cancel(
        agreement=personas.agreement, by=personas.intern, reason="Stage trouvé ailleurs"
    )
    personas.agreement.refresh_from_db()
    assert personas.agreement.status == AgreementStatus.CANCELLED


def test_an_amendment_extends_the_end_date_and_is_signed_again(personas, signed):
    old_end = signed.end_date
    with pytest.raises(ValidationError):
        services.amendment_open(agreement=signed, by=personas.intern, reason="")
    amendment = services.amendment_open(
        agreement=signed, by=personas.intern, reason="Projet prolongé"
    )
    with pytest.raises(ValidationError):
        services.amendment_open(agreement=signed, by=personas.tutor, reason="Deux à la fois")
    with pytest.raises(ValidationError, match="nothing|rien"):
        services.amendment_request_signatures(amendment=amendment, by=personas.intern)
    new_end = old_end + dt.timedelta(days=14)
    services.amendment_update(
        amendment=amendment, by=personas.intern, changes={"end_date": new_end.isoformat()}
    )
    version = services.amendment_request_signatures(amendment=amendment, by=personas.intern)
    assert version.number == 2
    assert version.content["terms"]["end_date"] == new_end.isoformat()
    signed.refresh_from_db()
    assert signed.end_date == old_end  # not before every party signed
    sign_all(personas, version)
    signed.refresh_from_db()
    amendment.refresh_from_db()
    assert signed.end_date == new_end
    assert amendment.status == AmendmentStatus.SIGNED
    assert agreement_content(signed)["terms"] == version.content["terms"]
    assert signed.versions.get(number=1).content["terms"]["end_date"] == old_end.isoformat()


def test_an_amendment_that_breaks_the_law_cannot_be_sent(personas, signed):
    amendment = services.amendment_open(agreement=signed, by=personas.intern, reason="Moins payé")
    services.amendment_update(
        amendment=amendment, by=personas.intern, changes={"gratification_hourly_rate": "1.00"}
    )
    with pytest.raises(ValidationError) as refused:
        services.amendment_request_signatures(amendment=amendment, by=personas.intern)
    assert any("4,50" in message or "4.50" in message for message in refused.value.messages)
    signed.refresh_from_db()
    assert signed.gratification_hourly_rate == Decimal("4.50")


def test_amendment_changes_objectives_and_missions(personas, signed):
    objective = signed.objectives.get()
    amendment = services.amendment_open(agreement=signed, by=personas.staff, reason="Recentrage")
    services.amendment_update(
        amendment=amendment,
        by=personas.staff,
        changes={
            "objectives": [
                {
                    "id": objective.pk,
                    "kind": "main",
                    "title": "Livrer l'API v2",
                    "indicators": "API v2 en production",
                },
                {
                    "kind": "specific",
                    "title": "Former l'équipe",
                    "indicators": "2 sessions",
                    "competencies": list(objective.competencies.values_list("pk", flat=True)),
                },
            ],
            "missions": ["Développement", "Formation"],
        },
    )
    version = services.amendment_request_signatures(amendment=amendment, by=personas.staff)
    sign_all(personas, version)
    titles = sorted(signed.objectives.values_list("title", flat=True))
    assert titles == ["Former l'équipe", "Livrer l'API v2"]
    assert list(signed.missions.values_list("description", flat=True)) == [
        "Développement",
        "Formation",
    ]


def test_signatures_are_unique_per_party_in_the_database(personas, signed):
    from django.db import IntegrityError, transaction

    version = signed.versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            version=version,
            party=Party.INTERN,
            signer=personas.intern,
            signed_at=version.signed_at,
            version_sha256=version.sha256,
        )
