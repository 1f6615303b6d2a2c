"""Reads for evaluation, form, report and defence pages, scoped by school and role.

The access helpers raise 404 for people who may not know the object exists and 403 for
those who may see it but not do what they ask (see `rules.py`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import Agreement, AgreementStatus
from balise.agreements.selectors import agreements_visible_to
from balise.evaluations.models import (
    RESPONDER_FIELD,
    Answer,
    DefenceSettings,
    Evaluation,
    EvaluationKind,
    GradingCriterion,
    JuryGrade,
    JuryMember,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
)
from balise.organizations.models import Program

AGREEMENT_RELATED = ("school", "program", "host", "intern", "tutor", "referent", "signatory")


def _check(user, perm: str | None, obj) -> None:
    if perm and not user.has_perm(perm, obj):
        raise PermissionDenied


# --- Agreements and evaluations -----------------------------------------------------------


def agreements_for_evaluations(user) -> QuerySet[Agreement]:
    """The agreements `user` may know of here: as a party or staff, or as a jury member."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    jury = JuryMember.objects.filter(user=user).values("defence__agreement_id")
    return Agreement.objects.filter(
        Q(pk__in=agreements_visible_to(user).values("pk")) | Q(pk__in=jury)
    )


def agreement_for_user(user, pk: int, perm: str | None = None) -> Agreement:
    """The agreement (404 when `user` may not know it) if `user` has `perm` on it (403)."""
    agreement = (
        agreements_for_evaluations(user).select_related(*AGREEMENT_RELATED).filter(pk=pk).first()
    )
    if agreement is None:
        raise Http404
    _check(user, perm, agreement)
    return agreement


def evaluations_of(agreement) -> list[Evaluation]:
    """The agreement's evaluations, in the order of the internship."""
    order = list(EvaluationKind.values)
    found = list(
        Evaluation.objects.filter(agreement=agreement)
        .select_related("responder", "version")
        .prefetch_related("reminders")
    )
    for evaluation in found:
        evaluation.agreement = agreement
    return sorted(found, key=lambda e: order.index(e.kind))


def evaluation_rows(user, agreement, evaluations) -> list[dict]:
    """One row per kind of evaluation, as `user` may see it: the evaluation if open, what
    they may do with it, and the last message sent to the person who answers."""
    by_kind = {e.kind: e for e in evaluations}
    can_open = user.has_perm("evaluations.open_evaluation", agreement)
    follows_all = can_open or user.has_perm("evaluations.extend_report", agreement)
    rows = []
    for kind in EvaluationKind:
        evaluation = by_kind.get(kind.value)
        if evaluation is None:
            if follows_all or getattr(agreement, RESPONDER_FIELD[kind] + "_id") == user.pk:
                rows.append({"kind": kind, "evaluation": None, "can_open": can_open})
            continue
        can_view = user.has_perm("evaluations.view_evaluation", evaluation)
        if not (can_view or follows_all or agreement.referent_id == user.pk):
            continue
        reminders = sorted(evaluation.reminders.all(), key=lambda r: r.sent_at)
        rows.append(
            {
                "kind": kind,
                "evaluation": evaluation,
                "can_view": can_view,
                "can_answer": user.has_perm("evaluations.answer_evaluation", evaluation),
                "can_remind": user.has_perm("evaluations.remind_evaluation", evaluation),
                "reminders": reminders,
                "last_message": reminders[-1] if reminders else None,
            }
        )
    return rows


def evaluation_for_user(user, pk: int, perm: str | None = None) -> Evaluation:
    evaluation = Evaluation.objects.select_related("responder", "version").filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    evaluation.agreement = agreement_for_user(user, evaluation.agreement_id)
    _check(user, perm, evaluation)
    return evaluation


def version_with_content(version_id: int) -> QuestionnaireVersion:
    """A form version with its sections and questions, in two more queries."""
    return (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.prefetch_related(
                    Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
                ).order_by("position", "pk"),
            )
        )
        .get(pk=version_id)
    )


def answers_of(evaluation) -> dict[tuple[int, str], object]:
    return {
        (question_id, subject): value
        for question_id, subject, value in Answer.objects.filter(evaluation=evaluation).values_list(
            "question_id", "subject", "value"
        )
    }


def follow_up(user, *, program_id: int | None = None, incomplete: bool = False):
    """The internships whose evaluations `user` follows: as their referent teacher, or
    as staff of their school; running or over, newest first, with their evaluations,
    report and defence (prefetched: a page costs the same whatever its length)."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    staff_schools = school_ids_for(user, SchoolRole.STAFF)
    queryset = Agreement.objects.filter(
        Q(referent=user) | Q(school_id__in=staff_schools),
        status__in=[
            AgreementStatus.IN_PROGRESS,
            AgreementStatus.COMPLETED,
            AgreementStatus.EVALUATED,
        ],
    )
    if program_id:
        queryset = queryset.filter(program_id=program_id)
    if incomplete:
        queryset = queryset.filter(evaluations__status="open").distinct()
    return (
        queryset.select_related(
            "intern", "tutor", "referent", "host", "program", "report", "defence"
        )
        .prefetch_related(
            Prefetch("evaluations", queryset=Evaluation.objects.prefetch_related("reminders"))
        )
        .order_by("-end_date", "-pk")
    )


# --- Programmes and forms -----------------------------------------------------------------


def programs_configured_by(user) -> QuerySet[Program]:
    """The programmes whose forms `user` may read: staff and referents of their school."""
    schools = school_ids_for(user, SchoolRole.STAFF) | school_ids_for(user, SchoolRole.REFERENT)
    return (
        Program.objects.filter(school_id__in=schools)
        .select_related("school")
        .order_by("school__name", "name")
    )


def program_for_user(user, pk: int, *, write: bool = False) -> Program:
    program = programs_configured_by(user).filter(pk=pk).first()
    if program is None:
        raise Http404
    _check(user, "evaluations.view_program_forms", program)
    if write:
        _check(user, "evaluations.change_program_forms", program)
    return program


def questionnaire_for_user(user, pk: int, *, write: bool = False) -> Questionnaire:
    questionnaire = Questionnaire.objects.select_related("program").filter(pk=pk).first()
    if questionnaire is None:
        raise Http404
    questionnaire.program = program_for_user(user, questionnaire.program_id, write=write)
    return questionnaire


def section_for_user(user, pk: int) -> Section:
    section = Section.objects.select_related("version__questionnaire").filter(pk=pk).first()
    if section is None:
        raise Http404
    questionnaire_for_user(user, section.version.questionnaire_id, write=True)
    return section


def question_for_user(user, pk: int) -> Question:
    question = (
        Question.objects.select_related("section__version__questionnaire").filter(pk=pk).first()
    )
    if question is None:
        raise Http404
    questionnaire_for_user(user, question.section.version.questionnaire_id, write=True)
    return question


def criterion_for_user(user, pk: int) -> GradingCriterion:
    criterion = GradingCriterion.objects.filter(pk=pk).first()
    if criterion is None:
        raise Http404
    criterion.program = program_for_user(user, criterion.program_id, write=True)
    return criterion


def current_version(questionnaire) -> QuestionnaireVersion:
    return questionnaire.versions.order_by("-number").first()


def versions_with_use(questionnaire) -> list[QuestionnaireVersion]:
    """Every version of a form, newest first, with how many evaluations answered it."""
    from django.db.models import Count

    return list(questionnaire.versions.annotate(used=Count("evaluations")).order_by("-number"))


def defence_settings_of(program) -> DefenceSettings | None:
    return DefenceSettings.objects.filter(program=program).first()


# --- Report and defence -------------------------------------------------------------------


def report_deadline(agreement, settings: DefenceSettings | None) -> dt.date:
    """The last day to upload the report: the programme's fixed date or a number of days
    after the end of the internship; a later extension granted by the office wins."""
    from balise.evaluations.models import ReportExtension

    if settings is not None and settings.report_deadline_date:
        deadline = settings.report_deadline_date
    else:
        days = settings.report_deadline_days if settings is not None else 14
        deadline = agreement.end_date + dt.timedelta(days=days)
    extension = ReportExtension.objects.filter(agreement=agreement).first()
    if extension is not None and extension.until > deadline:
        return extension.until
    return deadline


def defence_of(agreement):
    """The agreement's defence with its jury and their grades, or None."""
    from balise.evaluations.models import Defence

    return (
        Defence.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch(
                "jury",
                queryset=JuryMember.objects.select_related("user").prefetch_related(
                    Prefetch("grades", queryset=JuryGrade.objects.order_by("pk"))
                ),
            )
        )
        .first()
    )


def submitted_evaluations(agreement) -> dict[str, Evaluation]:
    return {
        e.kind: e
        for e in Evaluation.objects.filter(agreement=agreement, status="submitted").select_related(
            "version"
        )
    }
