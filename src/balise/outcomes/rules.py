"""Who may see and do what at the end of an internship.

- Presence and payments: the host (tutor, signatory) and the internship office record them;
  every party reads them; so is the attestation they feed.
- The report skeleton, the defence outline, the CV lines and the badges are the intern's;
  her referent and the internship office read them.
- Her professional network is hers alone.
- A recommendation: she asks, her tutor writes, both read it; nobody else does.
"""

import rules

from balise.agreements.models import AgreementStatus
from balise.agreements.rules import (
    is_agreement_intern,
    is_agreement_referent,
    is_agreement_signatory,
    is_agreement_tutor,
    is_school_staff,
)

# When presence and payments may be recorded: once the internship has started, and after
# it ends until the file is archived.
PRESENCE_STATUSES = frozenset(
    {
        AgreementStatus.IN_PROGRESS,
        AgreementStatus.COMPLETED,
        AgreementStatus.EVALUATED,
        AgreementStatus.INTERRUPTED,
    }
)
# When the intern may ask her tutor for a recommendation.
RECOMMENDATION_STATUSES = PRESENCE_STATUSES | {AgreementStatus.ARCHIVED}


@rules.predicate
def is_presence_open(user, agreement):
    return agreement.status in PRESENCE_STATUSES


@rules.predicate
def is_recommendation_open(user, agreement):
    return agreement.status in RECOMMENDATION_STATUSES and agreement.tutor_id is not None


@rules.predicate
def is_recommendation_tutor(user, recommendation):
    return recommendation.tutor_id == user.pk


@rules.predicate
def is_recommendation_intern(user, recommendation):
    return recommendation.agreement.intern_id == user.pk


@rules.predicate
def is_recommendation_pending(user, recommendation):
    return recommendation.written_at is None


authenticated = rules.is_authenticated
is_reader = (
    is_agreement_intern
    | is_agreement_tutor
    | is_agreement_referent
    | is_agreement_signatory
    | is_school_staff
)
is_host_or_office = is_agreement_tutor | is_agreement_signatory | is_school_staff
is_intern_or_school = is_agreement_intern | is_agreement_referent | is_school_staff

rules.add_perm("outcomes.view_outcomes", authenticated & is_reader)
rules.add_perm("outcomes.view_presence", authenticated & is_reader)
rules.add_perm("outcomes.record_presence", authenticated & is_host_or_office & is_presence_open)
rules.add_perm("outcomes.view_report", authenticated & is_intern_or_school)
rules.add_perm("outcomes.view_career", authenticated & is_intern_or_school)
rules.add_perm("outcomes.manage_contacts", authenticated & is_agreement_intern)
rules.add_perm(
    "outcomes.request_recommendation",
    authenticated & is_agreement_intern & is_recommendation_open,
)
rules.add_perm(
    "outcomes.write_recommendation",
    authenticated & is_recommendation_tutor & is_recommendation_pending,
)
rules.add_perm(
    "outcomes.view_recommendation",
    authenticated & (is_recommendation_intern | is_recommendation_tutor),
)
