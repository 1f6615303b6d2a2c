"""Who may do what with check-ins. The host signatory has no business there.

Agreement-level permissions take the agreement; check-in-level ones take a check-in whose
`agreement` is loaded. A signed-off check-in is read-only: no permission below but the
`view_*` ones holds on it.
"""

import rules

from balise.agreements.models import AgreementStatus
from balise.agreements.rules import (
    is_agreement_intern,
    is_agreement_referent,
    is_agreement_tutor,
    is_school_staff,
)
from balise.checkins.models import CheckInStatus

# Check-ins are planned, moved, added and cancelled while the internship is ahead or under way.
PLANNING_STATUSES = frozenset({AgreementStatus.SIGNED, AgreementStatus.IN_PROGRESS})
# They are prepared, held and signed off until the internship is completed (the last one
# may be signed off after the last day).
RECORDING_STATUSES = frozenset(
    {AgreementStatus.SIGNED, AgreementStatus.IN_PROGRESS, AgreementStatus.COMPLETED}
)


@rules.predicate
def is_planning_open(user, agreement):
    return agreement.status in PLANNING_STATUSES


@rules.predicate
def is_checkin_intern(user, checkin):
    return is_agreement_intern(user, checkin.agreement)


@rules.predicate
def is_checkin_tutor(user, checkin):
    return is_agreement_tutor(user, checkin.agreement)


@rules.predicate
def is_checkin_referent(user, checkin):
    return is_agreement_referent(user, checkin.agreement)


@rules.predicate
def is_checkin_staff(user, checkin):
    return is_school_staff(user, checkin.agreement)


@rules.predicate
def is_scheduled(user, checkin):
    return checkin.status == CheckInStatus.SCHEDULED


@rules.predicate
def is_held(user, checkin):
    return checkin.status == CheckInStatus.HELD


@rules.predicate
def is_open(user, checkin):
    return checkin.status in (CheckInStatus.SCHEDULED, CheckInStatus.HELD)


@rules.predicate
def is_checkin_planning_open(user, checkin):
    return checkin.agreement.status in PLANNING_STATUSES


@rules.predicate
def is_checkin_recording_open(user, checkin):
    return checkin.agreement.status in RECORDING_STATUSES


@rules.predicate
def has_own_preparation_open(user, checkin):
    """The person has not submitted (and so locked) their own preparation yet."""
    if checkin.agreement.intern_id == user.pk:
        return checkin.intern_submitted_at is None
    if checkin.agreement.tutor_id == user.pk:
        return checkin.tutor_submitted_at is None
    if checkin.agreement.referent_id == user.pk:
        return checkin.referent_submitted_at is None
    return False


@rules.predicate
def has_own_signoff_open(user, checkin):
    if checkin.agreement.intern_id == user.pk:
        return checkin.intern_signed_at is None
    if checkin.agreement.tutor_id == user.pk:
        return checkin.tutor_signed_at is None
    return False


authenticated = rules.is_authenticated
follows = is_agreement_intern | is_agreement_tutor | is_agreement_referent | is_school_staff
follows_checkin = is_checkin_intern | is_checkin_tutor | is_checkin_referent | is_checkin_staff
leads = is_checkin_tutor | is_checkin_referent
rater = is_checkin_intern | is_checkin_tutor | is_checkin_referent

rules.add_perm("checkins.view_checkins", authenticated & follows)
rules.add_perm(
    "checkins.plan_checkins",
    authenticated & (is_agreement_tutor | is_agreement_referent) & is_planning_open,
)
rules.add_perm("checkins.view_checkin", authenticated & follows_checkin)
rules.add_perm(
    "checkins.change_checkin", authenticated & leads & is_scheduled & is_checkin_planning_open
)
rules.add_perm(
    "checkins.prepare_checkin",
    authenticated & rater & is_scheduled & has_own_preparation_open & is_checkin_recording_open,
)
rules.add_perm(
    "checkins.hold_checkin", authenticated & leads & is_scheduled & is_checkin_recording_open
)
rules.add_perm(
    "checkins.record_checkin", authenticated & leads & is_held & is_checkin_recording_open
)
rules.add_perm("checkins.tick_action", authenticated & rater & is_open & is_checkin_recording_open)
rules.add_perm(
    "checkins.sign_checkin",
    authenticated
    & (is_checkin_intern | is_checkin_tutor)
    & is_held
    & has_own_signoff_open
    & is_checkin_recording_open,
)
