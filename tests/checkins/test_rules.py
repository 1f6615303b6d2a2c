"""Who may do what with check-ins, by status."""

import pytest

from balise.agreements.models import Agreement, AgreementStatus
from balise.checkins import services
from tests.checkins.conftest import hold_and_sign, prepare

PERSONAS = ["intern", "tutor", "referent", "staff", "signatory", "other_intern", "other_tutor"]


def allowed(personas, perm, obj):
    return {name for name in PERSONAS if personas.by_name(name).has_perm(perm, obj)}


def test_reading_is_for_those_who_follow_the_internship(personas, planned, first):
    assert allowed(personas, "checkins.view_checkins", planned) == {
        "intern",
        "tutor",
        "referent",
        "staff",
    }
    assert allowed(personas, "checkins.view_checkin", first) == {
        "intern",
        "tutor",
        "referent",
        "staff",
    }


def test_writing_by_role_and_status(personas, planned, first, second):
    assert allowed(personas, "checkins.plan_checkins", planned) == {"tutor", "referent"}
    assert allowed(personas, "checkins.change_checkin", second) == {"tutor", "referent"}
    assert allowed(personas, "checkins.prepare_checkin", second) == {"intern", "tutor", "referent"}
    assert allowed(personas, "checkins.hold_checkin", first) == {"tutor", "referent"}
    assert allowed(personas, "checkins.record_checkin", first) == set()
    assert allowed(personas, "checkins.sign_checkin", first) == set()
    prepare(second, personas.intern)
    second.refresh_from_db()
    assert allowed(personas, "checkins.prepare_checkin", second) == {"tutor", "referent"}
    services.checkin_hold(checkin=first, by=personas.tutor)
    first.refresh_from_db()
    assert allowed(personas, "checkins.record_checkin", first) == {"tutor", "referent"}
    assert allowed(personas, "checkins.sign_checkin", first) == {"intern", "tutor"}
    assert allowed(personas, "checkins.change_checkin", first) == set()
    assert allowed(personas, "checkins.tick_action", first) == {"intern", "tutor", "referent"}


def test_nothing_but_reading_once_signed_off(personas, planned, first):
    hold_and_sign(first, personas)
    first.refresh_from_db()
    for perm in (
        "change_checkin",
        "prepare_checkin",
        "hold_checkin",
        "record_checkin",
        "tick_action",
        "sign_checkin",
    ):
        assert allowed(personas, f"checkins.{perm}", first) == set(), perm
    assert "intern" in allowed(personas, "checkins.view_checkin", first)


@pytest.mark.parametrize(
    ("status", "plans", "records"),
    [
        (AgreementStatus.SIGNED, True, True),
        (AgreementStatus.IN_PROGRESS, True, True),
        (AgreementStatus.COMPLETED, False, True),
        (AgreementStatus.INTERRUPTED, False, False),
        (AgreementStatus.CANCELLED, False, False),
    ],
)
def test_the_agreements_status_opens_and_closes_them(
    personas, planned, second, status, plans, records
):
    Agreement.objects.filter(pk=planned.pk).update(status=status)
    planned.refresh_from_db()
    second.agreement = planned
    assert personas.tutor.has_perm("checkins.plan_checkins", planned) is plans
    assert personas.tutor.has_perm("checkins.change_checkin", second) is plans
    assert personas.intern.has_perm("checkins.prepare_checkin", second) is records
