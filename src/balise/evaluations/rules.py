"""Who may do what with evaluations, forms, reports and defences.

Who reads an evaluation depends on its kind. The intern's evaluation of the host's
welcome goes to the school's internship office only: neither the tutor (the host) nor
the referent teacher (who grades her) reads it, so it cannot weigh on her grades
(Code de l'éducation, L124-4). Answers in progress are the responder's alone.
"""

import rules

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import AgreementStatus
from balise.agreements.rules import (
    is_agreement_intern,
    is_agreement_referent,
    is_agreement_tutor,
    is_school_staff,
)
from balise.evaluations.models import EvaluationKind, EvaluationStatus

# Evaluations may be opened once the internship runs, and until it is evaluated.
OPENABLE_STATUSES = frozenset(
    {AgreementStatus.IN_PROGRESS, AgreementStatus.COMPLETED, AgreementStatus.EVALUATED}
)
# The report is uploaded while the internship runs or once it is over.
REPORT_STATUSES = frozenset({AgreementStatus.IN_PROGRESS, AgreementStatus.COMPLETED})
# A defence is scheduled for an internship that runs, is over or is being evaluated.
DEFENCE_STATUSES = frozenset(
    {AgreementStatus.IN_PROGRESS, AgreementStatus.COMPLETED, AgreementStatus.EVALUATED}
)

# Besides the person who answers and the school's internship office, who reads each kind
# once it is submitted.
READERS = {
    EvaluationKind.TUTOR_MID: {"intern", "tutor", "referent"},
    EvaluationKind.TUTOR_FINAL: {"intern", "tutor", "referent"},
    EvaluationKind.REFERENT: {"intern", "referent"},
    EvaluationKind.HOST_WELCOME: {"intern"},
}


def _held(user, agreement) -> set[str]:
    held = set()
    if agreement.intern_id == user.pk:
        held.add("intern")
    if agreement.tutor_id is not None and agreement.tutor_id == user.pk:
        held.add("tutor")
    if agreement.referent_id is not None and agreement.referent_id == user.pk:
        held.add("referent")
    return held


@rules.predicate
def is_jury_member(user, agreement):
    cache = agreement.__dict__.setdefault("_jury_user_ids", None)
    if cache is None:
        from balise.evaluations.models import JuryMember

        cache = set(
            JuryMember.objects.filter(defence__agreement_id=agreement.pk).values_list(
                "user_id", flat=True
            )
        )
        agreement.__dict__["_jury_user_ids"] = cache
    return user.pk in cache


@rules.predicate
def has_defence(user, agreement):
    return _defence(agreement) is not None


@rules.predicate
def defence_not_released(user, agreement):
    defence = _defence(agreement)
    return defence is None or defence.released_at is None


def _defence(agreement):
    from balise.evaluations.models import Defence

    try:
        return agreement.defence
    except Defence.DoesNotExist:
        return None


def _status_in(statuses):
    @rules.predicate
    def predicate(user, agreement):
        return agreement.status in statuses

    return predicate


# --- On an evaluation ---------------------------------------------------------------------


@rules.predicate
def is_responder(user, evaluation):
    return evaluation.responder_id == user.pk


@rules.predicate
def is_evaluation_staff(user, evaluation):
    return evaluation.school_id in school_ids_for(user, SchoolRole.STAFF)


@rules.predicate
def is_evaluation_reader(user, evaluation):
    return bool(_held(user, evaluation.agreement) & READERS[EvaluationKind(evaluation.kind)])


@rules.predicate
def is_evaluation_referent(user, evaluation):
    return evaluation.agreement.referent_id == user.pk


@rules.predicate
def is_open(user, evaluation):
    return evaluation.status == EvaluationStatus.OPEN


@rules.predicate
def is_submitted(user, evaluation):
    return evaluation.status == EvaluationStatus.SUBMITTED


# --- On a programme -----------------------------------------------------------------------


@rules.predicate
def is_program_staff(user, program):
    return program.school_id in school_ids_for(user, SchoolRole.STAFF)


@rules.predicate
def is_program_referent(user, program):
    return program.school_id in school_ids_for(user, SchoolRole.REFERENT)


authenticated = rules.is_authenticated
follows = is_agreement_intern | is_agreement_tutor | is_agreement_referent | is_school_staff

rules.add_perm("evaluations.view_agreement_evaluations", authenticated & follows)
rules.add_perm(
    "evaluations.open_evaluation",
    authenticated & (is_agreement_referent | is_school_staff) & _status_in(OPENABLE_STATUSES),
)
rules.add_perm(
    "evaluations.view_evaluation",
    authenticated & (is_responder | is_evaluation_staff | is_evaluation_reader),
)
rules.add_perm(
    "evaluations.read_answers",
    authenticated & (is_responder | ((is_evaluation_staff | is_evaluation_reader) & is_submitted)),
)
rules.add_perm("evaluations.answer_evaluation", authenticated & is_responder & is_open)
rules.add_perm(
    "evaluations.remind_evaluation",
    authenticated & (is_evaluation_referent | is_evaluation_staff) & ~is_responder & is_open,
)

rules.add_perm("evaluations.view_report", authenticated & (follows | is_jury_member))
rules.add_perm(
    "evaluations.upload_report", authenticated & is_agreement_intern & _status_in(REPORT_STATUSES)
)
rules.add_perm("evaluations.extend_report", authenticated & is_school_staff)
rules.add_perm("evaluations.view_defence", authenticated & (follows | is_jury_member))
rules.add_perm(
    "evaluations.schedule_defence",
    authenticated
    & (is_agreement_referent | is_school_staff)
    & _status_in(DEFENCE_STATUSES)
    & defence_not_released,
)
rules.add_perm(
    "evaluations.grade_defence",
    authenticated & is_jury_member & has_defence & defence_not_released,
)
rules.add_perm(
    "evaluations.release_defence",
    authenticated & (is_agreement_referent | is_school_staff) & has_defence & defence_not_released,
)

rules.add_perm(
    "evaluations.view_program_forms", authenticated & (is_program_staff | is_program_referent)
)
rules.add_perm("evaluations.change_program_forms", authenticated & is_program_staff)
