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
