"""Who may read and write a logbook. The host signatory has no business there."""

import rules

from balise.agreements.models import AgreementStatus
from balise.agreements.rules import (
    is_agreement_intern,
    is_agreement_referent,
    is_agreement_tutor,
    is_school_staff,
)

LOGGING_STATUSES = frozenset(
    {AgreementStatus.SIGNED, AgreementStatus.IN_PROGRESS, AgreementStatus.COMPLETED}
)


@rules.predicate
def is_logging_open(user, agreement):
    return agreement.status in LOGGING_STATUSES


@rules.predicate
def is_reflection_shared(user, reflection):
    return reflection.shared_with_tutor


@rules.predicate
def is_reflection_intern(user, reflection):
    return reflection.agreement.intern_id == user.pk


@rules.predicate
def is_reflection_referent(user, reflection):
    return reflection.agreement.referent_id == user.pk


@rules.predicate
def is_reflection_tutor(user, reflection):
    return reflection.agreement.tutor_id == user.pk


authenticated = rules.is_authenticated
rules.add_perm(
    "journal.view_logbook",
    authenticated
    & (is_agreement_intern | is_agreement_tutor | is_agreement_referent | is_school_staff),
)
rules.add_perm("journal.write_logbook", authenticated & is_agreement_intern & is_logging_open)
rules.add_perm("journal.review_logbook", authenticated & is_agreement_tutor & is_logging_open)
rules.add_perm(
    "journal.view_reflection",
    authenticated
    & (
        is_reflection_intern | is_reflection_referent | (is_reflection_tutor & is_reflection_shared)
    ),
)
rules.add_perm(
    "journal.handle_alert",
    authenticated & (is_agreement_tutor | is_agreement_referent | is_school_staff),
)

# Key moments: the intern tells them, the tutor endorses them, the referent and the internship
# office read them. Like the logbook, they are written once the agreement is signed.
rules.add_perm(
    "journal.view_moments",
    authenticated
    & (is_agreement_intern | is_agreement_tutor | is_agreement_referent | is_school_staff),
)
rules.add_perm("journal.record_moment", authenticated & is_agreement_intern & is_logging_open)
rules.add_perm("journal.endorse_moment", authenticated & is_agreement_tutor & is_logging_open)
