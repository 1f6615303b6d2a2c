"""Who may do what with an agreement. Used by views, templates and (later) the API."""

import rules

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import AgreementStatus


@rules.predicate
def is_agreement_intern(user, agreement):
    return agreement.intern_id == user.pk


@rules.predicate
def is_agreement_tutor(user, agreement):
    return agreement.tutor_id is not None and agreement.tutor_id == user.pk


@rules.predicate
def is_agreement_referent(user, agreement):
    return agreement.referent_id is not None and agreement.referent_id == user.pk


@rules.predicate
def is_agreement_signatory(user, agreement):
    return agreement.signatory_id is not None and agreement.signatory_id == user.pk


@rules.predicate
def is_school_staff(user, agreement):
    return agreement.school_id in school_ids_for(user, SchoolRole.STAFF)


@rules.predicate
def is_editable(user, agreement):
    return agreement.is_editable


@rules.predicate
def is_draft(user, agreement):
    return agreement.status == AgreementStatus.DRAFT


@rules.predicate
def can_start_agreements(user):
    return bool(school_ids_for(user, SchoolRole.INTERN) or school_ids_for(user, SchoolRole.STAFF))


is_party = is_agreement_intern | is_agreement_tutor | is_agreement_referent | is_agreement_signatory
is_writer = is_agreement_intern | is_agreement_tutor | is_agreement_referent | is_school_staff

rules.add_perm("agreements.view_agreement", rules.is_authenticated & (is_party | is_school_staff))
rules.add_perm("agreements.change_agreement", rules.is_authenticated & is_writer & is_editable)
rules.add_perm(
    "agreements.submit_agreement",
    rules.is_authenticated
    & (is_agreement_intern | is_agreement_referent | is_school_staff)
    & is_draft,
)
rules.add_perm("agreements.add_agreement", rules.is_authenticated & can_start_agreements)


def _status_in(*statuses):
    @rules.predicate
    def predicate(user, agreement):
        return agreement.status in statuses

    return predicate


is_negotiation = _status_in(AgreementStatus.NEGOTIATION)
is_open_for_comments = _status_in(
    AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION, AgreementStatus.AWAITING_SIGNATURES
)
is_cancellable = _status_in(
    AgreementStatus.DRAFT,
    AgreementStatus.NEGOTIATION,
    AgreementStatus.AWAITING_SIGNATURES,
    AgreementStatus.SIGNED,
)
is_in_progress = _status_in(AgreementStatus.IN_PROGRESS)
is_amendable = _status_in(AgreementStatus.SIGNED, AgreementStatus.IN_PROGRESS)
is_live = _status_in(
    AgreementStatus.DRAFT,
    AgreementStatus.NEGOTIATION,
    AgreementStatus.AWAITING_SIGNATURES,
    AgreementStatus.SIGNED,
    AgreementStatus.IN_PROGRESS,
)


@rules.predicate
def has_version_to_sign(user, agreement):
    from balise.agreements.services import version_awaiting_signature

    return version_awaiting_signature(agreement) is not None


authenticated = rules.is_authenticated
rules.add_perm("agreements.comment_agreement", authenticated & is_writer & is_open_for_comments)
rules.add_perm("agreements.propose_agreement", authenticated & is_writer & is_negotiation)
rules.add_perm("agreements.agree_agreement", authenticated & is_writer & is_negotiation)
rules.add_perm(
    "agreements.validate_agreement",
    authenticated & (is_agreement_referent | is_school_staff) & is_negotiation,
)
rules.add_perm(
    "agreements.request_signatures",
    authenticated
    & (is_agreement_intern | is_agreement_referent | is_school_staff)
    & is_negotiation,
)
rules.add_perm(
    "agreements.sign_agreement", authenticated & (is_party | is_school_staff) & has_version_to_sign
)
rules.add_perm(
    "agreements.cancel_agreement",
    authenticated & ((is_school_staff & is_cancellable) | (is_agreement_intern & is_draft)),
)
rules.add_perm(
    "agreements.interrupt_agreement",
    authenticated & (is_school_staff | is_agreement_referent) & is_in_progress,
)
rules.add_perm("agreements.amend_agreement", authenticated & is_writer & is_amendable)
rules.add_perm(
    "agreements.invite_agreement",
    authenticated & (is_school_staff | is_agreement_referent) & is_live,
)
