"""Every write on evaluation forms, evaluations, reports and defences.

Forms are versioned (see `models.py`): every edit goes through `_working_version`,
which copies the current version into a new one when answers exist, and applies the edit
to the copy. Evaluations still without answers move to the new version; the others stay
on the version they answered.

People are told about evaluations and defences in two ways. School accounts (with a
password) get a notification, emailed as their settings say. People of the host have no
password and enter through magic links: they get an email with a personal link to the
page itself, because the agreement page a notification points to would ask them to log in.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from balise.accounts.services import person_get_or_invite
from balise.agreements.models import Agreement, AgreementStatus
from balise.competencies.models import Competency
from balise.evaluations import content
from balise.evaluations.defaults import DEFAULT_CRITERIA, DEFAULT_FORMS
from balise.evaluations.models import (
    CHOICE_KINDS,
    GRADABLE_KINDS,
    RESPONDER_FIELD,
    SCALE_KINDS,
    Answer,
    Defence,
    DefenceSettings,
    Evaluation,
    EvaluationKind,
    EvaluationReminder,
    EvaluationStatus,
    GradingCriterion,
    JuryGrade,
    JuryMember,
    JuryRole,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    ReminderKind,
    Report,
    ReportExtension,
    Section,
    pick,
)
from balise.evaluations.rules import DEFENCE_STATUSES, OPENABLE_STATUSES, REPORT_STATUSES
from balise.evaluations.selectors import report_deadline, version_with_content
from balise.notifications.models import NotificationKind
from balise.notifications.services import notify

logger = logging.getLogger(__name__)

# Automatic reminders, in days after the evaluation opened, while it is not submitted.
REMINDER_DAYS = (3, 10)
# A reminder by hand waits this long after the last message to the same person.
MANUAL_REMINDER_GAP = dt.timedelta(hours=20)
# The final evaluations open this many days before the internship ends.
FINAL_EVALUATIONS_LEAD_DAYS = 7
# Internships over for longer than this are left alone by the automatic opening (so that
# switching the feature on does not write to every intern of the past five years).
OPEN_WINDOW_AFTER_END = dt.timedelta(days=60)
REPORT_MAX_BYTES = 20 * 1024 * 1024


# --- Telling people -----------------------------------------------------------------------


def _tell(
    people: Iterable,
    *,
    kind: str,
    agreement,
    actor=None,
    data: dict,
    path: str,
    reminder_id: int | None = None,
) -> None:
    """Notify school accounts; email people without a password a personal link to `path`."""
    actor_id = getattr(actor, "pk", None)
    unique = {}
    for person in people:
        if person is not None and person.is_active and person.pk != actor_id:
            unique[person.pk] = person
    accounts = [p for p in unique.values() if p.has_usable_password()]
    guests = [p for p in unique.values() if not p.has_usable_password()]
    if accounts:
        notify(recipients=accounts, kind=kind, agreement=agreement, actor=actor, data=data)
    for guest in guests:
        transaction.on_commit(
            partial(
                _enqueue_personal_link,
                person_id=guest.pk,
                agreement_id=agreement.pk,
                kind=kind,
                data=data,
                actor_id=actor_id,
                path=path,
                reminder_id=reminder_id,
            ),
            robust=True,
        )


def _enqueue_personal_link(**kwargs) -> None:
    from balise.evaluations.tasks import send_personal_link

    send_personal_link.enqueue(**kwargs)


def _evaluation_path(evaluation) -> str:
    return reverse("evaluations:evaluation", args=[evaluation.pk])


def _defence_path(agreement) -> str:
    return reverse("evaluations:defence", args=[agreement.pk])


# --- Forms: defaults and versions ---------------------------------------------------------


def _create_version(questionnaire, spec: dict, *, number: int = 1, by=None) -> QuestionnaireVersion:
    version = QuestionnaireVersion(
        questionnaire=questionnaire,
        number=number,
        title_fr=spec["title"]["fr"],
        title_en=spec["title"]["en"],
        intro_fr=spec["intro"]["fr"],
        intro_en=spec["intro"]["en"],
        created_by=by,
    )
    version.full_clean()
    version.save()
    for s_index, section_spec in enumerate(spec["sections"], start=1):
        section = Section.objects.create(
            version=version,
            position=s_index,
            title_fr=section_spec["title"]["fr"],
            title_en=section_spec["title"]["en"],
        )
        for q_index, q in enumerate(section_spec["questions"], start=1):
            question = Question(
                section=section,
                position=q_index,
                kind=q["kind"],
                label_fr=q["label"]["fr"],
                label_en=q["label"]["en"],
                help_fr=q["help"]["fr"],
                help_en=q["help"]["en"],
                required=q["required"],
                scale_max=q["scale_max"],
                options=q["options"],
            )
            question.full_clean()
            question.save()
    return version


@transaction.atomic
def default_forms(program) -> list[Questionnaire]:
    """The programme's four forms, created from the shipped defaults when missing.
    Safe to call on every page that needs them."""
    existing = {q.kind: q for q in Questionnaire.objects.filter(program=program)}
    forms = []
    for kind in EvaluationKind:
        questionnaire = existing.get(kind.value)
        if questionnaire is None:
            questionnaire, created = Questionnaire.objects.get_or_create(
                program=program, kind=kind.value, defaults={"school_id": program.school_id}
            )
            if created:
                _create_version(questionnaire, DEFAULT_FORMS[kind])
        forms.append(questionnaire)
    return forms


def _lock(questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update(of=("self",)).get(pk=questionnaire.pk)


def _current(questionnaire) -> QuestionnaireVersion:
    return questionnaire.versions.order_by("-number").first()


def version_has_answers(version) -> bool:
    """Whether anyone answered this version (a draft counts; so does an evaluation
    submitted with only optional questions left empty)."""
    return (
        Answer.objects.filter(question__section__version=version).exists()
        or Evaluation.objects.filter(version=version, status=EvaluationStatus.SUBMITTED).exists()
    )


class _Copy:
    def __init__(self, version):
        self.version = version
        self.sections: dict[int, Section] = {}
        self.questions: dict[int, Question] = {}


def _copy_version(version, *, by) -> _Copy:
    """The next version: a copy of `version` with its sections and questions. The
    evaluations opened on `version` that nobody answered yet move to the copy."""
    copy = QuestionnaireVersion.objects.create(
        questionnaire=version.questionnaire,
        number=version.number + 1,
        title_fr=version.title_fr,
        title_en=version.title_en,
        intro_fr=version.intro_fr,
        intro_en=version.intro_en,
        created_by=by,
    )
    result = _Copy(copy)
    for section in version.sections.prefetch_related("questions"):
        questions = list(section.questions.all())
        old_pk = section.pk
        section.pk = None
        section.version = copy
        section.save()
        result.sections[old_pk] = section
        for question in questions:
            old_question = question.pk
            question.pk = None
            question.section = section
            question.save()
            result.questions[old_question] = question
    unanswered = Evaluation.objects.filter(version=version, status=EvaluationStatus.OPEN).exclude(
        Exists(Answer.objects.filter(evaluation=OuterRef("pk")))
    )
    unanswered.update(version=copy)
    return result


def _working_version(questionnaire, *, by, expected: QuestionnaireVersion | None = None) -> _Copy:
    """The version an edit applies to: the current one, or its copy when it has answers.
    `expected` is the version the person was looking at: an edit of an older version
    (a page left open while someone else changed the form) is refused."""
    questionnaire = _lock(questionnaire)
    current = _current(questionnaire)
    if expected is not None and expected.pk != current.pk:
        raise ValidationError(
            _(
                "This form changed since you opened the page (it is now at version "
                "%(number)s). Reload the page and make your change again."
            )
            % {"number": current.number},
            code="stale",
        )
    if version_has_answers(current):
        return _copy_version(current, by=by)
    return _Copy(current)


def _ensure_staff(program, by) -> None:
    if not by.has_perm("evaluations.change_program_forms", program):
        raise PermissionDenied


@transaction.atomic
def questionnaire_update(
    *, questionnaire, by, title_fr: str, title_en: str = "", intro_fr: str = "", intro_en: str = ""
) -> QuestionnaireVersion:
    _ensure_staff(questionnaire.program, by)
    work = _working_version(questionnaire, by=by)
    version = work.version
    version.title_fr, version.title_en = title_fr.strip(), title_en.strip()
    version.intro_fr, version.intro_en = intro_fr.strip(), intro_en.strip()
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def questionnaire_set_active(*, questionnaire, by, is_active: bool) -> Questionnaire:
    """Whether the programme uses this evaluation. Not a change of the form's content:
    no new version."""
    _ensure_staff(questionnaire.program, by)
    questionnaire.is_active = is_active
    questionnaire.save(update_fields=["is_active"])
    return questionnaire


@transaction.atomic
def section_add(*, questionnaire, by, title_fr: str, title_en: str = "") -> Section:
    _ensure_staff(questionnaire.program, by)
    work = _working_version(questionnaire, by=by)
    last = work.version.sections.aggregate(m=Max("position"))["m"] or 0
    section = Section(
        version=work.version,
        position=last + 1,
        title_fr=title_fr.strip(),
        title_en=title_en.strip(),
    )
    section.full_clean()
    section.save()
    return section


def _section_in_work(section, by) -> tuple[_Copy, Section]:
    questionnaire = section.version.questionnaire
    _ensure_staff(questionnaire.program, by)
    work = _working_version(questionnaire, by=by, expected=section.version)
    return work, work.sections.get(section.pk, section)


@transaction.atomic
def section_update(*, section, by, title_fr: str, title_en: str = "") -> Section:
    _work, section = _section_in_work(section, by)
    section.title_fr, section.title_en = title_fr.strip(), title_en.strip()
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, section, by) -> QuestionnaireVersion:
    work, section = _section_in_work(section, by)
    if work.version.sections.count() <= 1:
        raise ValidationError(_("A form keeps at least one section."), code="last_section")
    section.delete()
    return work.version


def _swap(items: list, item, direction: str) -> None:
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def section_move(*, section, by, direction: str) -> Section:
    work, section = _section_in_work(section, by)
    _swap(list(work.version.sections.order_by("position", "pk")), section, direction)
    return section


QUESTION_FIELDS = (
    "kind",
    "label_fr",
    "label_en",
    "help_fr",
    "help_en",
    "required",
    "scale_max",
    "options",
)


def _question_fields(fields: dict) -> dict:
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown question fields: {sorted(unknown)}")
    cleaned = dict(fields)
    for name in ("label_fr", "label_en", "help_fr", "help_en"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    kind = cleaned.get("kind")
    if kind is not None and kind not in SCALE_KINDS:
        cleaned["scale_max"] = None
    if kind is not None and kind not in SCALE_KINDS | CHOICE_KINDS:
        cleaned["options"] = []
    return cleaned


@transaction.atomic
def question_add(*, section, by, **fields) -> Question:
    work, section = _section_in_work(section, by)
    last = section.questions.aggregate(m=Max("position"))["m"] or 0
    question = Question(section=section, position=last + 1, **_question_fields(fields))
    question.full_clean()
    question.save()
    return question


def _question_in_work(question, by) -> Question:
    questionnaire = question.section.version.questionnaire
    _ensure_staff(questionnaire.program, by)
    work = _working_version(questionnaire, by=by, expected=question.section.version)
    return work.questions.get(question.pk, question)


@transaction.atomic
def question_update(*, question, by, **fields) -> Question:
    question = _question_in_work(question, by)
    for name, value in _question_fields(fields).items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question, by) -> Section:
    question = _question_in_work(question, by)
    section = question.section
    question.delete()
    return section


@transaction.atomic
def question_move(*, question, by, direction: str) -> Question:
    question = _question_in_work(question, by)
    _swap(list(question.section.questions.order_by("position", "pk")), question, direction)
    return question


# --- Evaluations: opening -----------------------------------------------------------------


def subjects_for(agreement) -> dict:
    """What generated questions expand into, frozen when an evaluation opens: the
    agreement's objectives and the competencies they name, in the agreement's order."""
    objectives = list(
        agreement.objectives.order_by("position", "pk").prefetch_related("competencies")
    )
    competency_ids: list[int] = []
    for objective in objectives:
        for competency in objective.competencies.all():
            if competency.pk not in competency_ids:
                competency_ids.append(competency.pk)
    competencies = {c.pk: c for c in Competency.objects.filter(pk__in=competency_ids)}
    return {
        "objectives": [{"id": o.pk, "title": o.title} for o in objectives],
        "competencies": [
            {
                "id": pk,
                "code": competencies[pk].code,
                "fr": competencies[pk].name_fr,
                "en": competencies[pk].name_en,
            }
            for pk in competency_ids
            if pk in competencies
        ],
    }


def _responder(agreement, kind):
    return getattr(agreement, RESPONDER_FIELD[EvaluationKind(kind)])


def _opening_problem(agreement, kind, questionnaire) -> str | None:
    if agreement.status not in OPENABLE_STATUSES:
        return _("Evaluations open once the internship has started.")
    if questionnaire is None or not questionnaire.is_active:
        return _("This programme does not use this evaluation.")
    if _responder(agreement, kind) is None:
        if RESPONDER_FIELD[EvaluationKind(kind)] == "tutor":
            return _("Name the tutor on the agreement before opening this evaluation.")
        return _("Name the referent teacher on the agreement before opening this evaluation.")
    return None


@transaction.atomic
def evaluation_open(*, agreement, kind: str, by=None, now: dt.datetime | None = None) -> Evaluation:
    """Open the evaluation `kind` of `agreement` on its programme's current form, and
    tell the person who answers. `by` is None when Balise opens it on schedule."""
    kind = EvaluationKind(kind)
    if by is not None and not by.has_perm("evaluations.open_evaluation", agreement):
        raise PermissionDenied
    forms = {q.kind: q for q in default_forms(agreement.program)}
    questionnaire = forms.get(kind.value)
    problem = _opening_problem(agreement, kind, questionnaire)
    if problem:
        raise ValidationError(problem, code="not_openable")
    if Evaluation.objects.filter(agreement=agreement, kind=kind).exists():
        raise ValidationError(_("This evaluation is already open."), code="exists")
    evaluation = Evaluation(
        school_id=agreement.school_id,
        agreement=agreement,
        kind=kind,
        version=_current(questionnaire),
        responder=_responder(agreement, kind),
        subjects=subjects_for(agreement),
        opened_at=now or timezone.now(),
        opened_by=by,
    )
    evaluation.full_clean()
    evaluation.save()
    reminder = EvaluationReminder.objects.create(
        evaluation=evaluation, kind=ReminderKind.OPENED, sent_by=by, sent_at=evaluation.opened_at
    )
    _tell(
        [evaluation.responder],
        kind=NotificationKind.EVALUATION_OPENED,
        agreement=agreement,
        actor=by,
        data={"evaluation": kind.value, "evaluation_id": evaluation.pk},
        path=_evaluation_path(evaluation),
        reminder_id=reminder.pk,
    )
    return evaluation


def kinds_due(agreement, today: dt.date) -> list[str]:
    """Which evaluations are due on `today`: the mid-internship one from the middle of a
    running internship; the final ones from a week before its end, and once it is over."""
    due = []
    status = agreement.status
    middle = agreement.start_date + (agreement.end_date - agreement.start_date) / 2
    if status == AgreementStatus.IN_PROGRESS and middle <= today <= agreement.end_date:
        due.append(EvaluationKind.TUTOR_MID.value)
    final_from = agreement.end_date - dt.timedelta(days=FINAL_EVALUATIONS_LEAD_DAYS)
    if (status == AgreementStatus.IN_PROGRESS and today >= final_from) or (
        status == AgreementStatus.COMPLETED
    ):
        due += [
            EvaluationKind.TUTOR_FINAL.value,
            EvaluationKind.HOST_WELCOME.value,
            EvaluationKind.REFERENT.value,
        ]
    return due


def _agreements_due(today: dt.date):
    middle_reached = Q(status=AgreementStatus.IN_PROGRESS, end_date__gte=today)
    completed_recently = Q(
        status=AgreementStatus.COMPLETED, end_date__gte=today - OPEN_WINDOW_AFTER_END
    )
    return (
        Agreement.objects.filter(middle_reached | completed_recently)
        .filter(start_date__lte=today)
        .order_by("pk")
    )


def evaluations_open_due(
    *, today: dt.date | None = None, dry_run: bool = False
) -> list[tuple[int, str]]:
    """Open every evaluation due today (see `kinds_due`) that is not open yet, each in
    its own transaction. Safe to run at any frequency: an evaluation opens once.
    Returns the (agreement id, kind) pairs opened (or that would be)."""
    today = today or timezone.localdate()
    opened = []
    last_pk = 0
    while True:
        batch = list(
            _agreements_due(today)
            .filter(pk__gt=last_pk)
            .select_related("program", "tutor", "referent", "intern")
            .prefetch_related("evaluations")[:200]
        )
        if not batch:
            return opened
        last_pk = batch[-1].pk
        for agreement in batch:
            existing = {e.kind for e in agreement.evaluations.all()}
            for kind in kinds_due(agreement, today):
                if kind in existing:
                    continue
                if dry_run:
                    questionnaire = Questionnaire.objects.filter(
                        program=agreement.program, kind=kind
                    ).first()
                    # A programme without forms yet gets the defaults, in use.
                    questionnaire = questionnaire or Questionnaire(is_active=True)
                    if _opening_problem(agreement, kind, questionnaire) is None:
                        opened.append((agreement.pk, kind))
                    continue
                try:
                    evaluation_open(agreement=agreement, kind=kind)
                except ValidationError:
                    continue  # not openable (no tutor named, form switched off...)
                opened.append((agreement.pk, kind))


# --- Evaluations: answering ---------------------------------------------------------------


def evaluation_sections(evaluation, *, lang: str, with_answers: bool = True):
    from balise.evaluations.selectors import answers_of

    version = version_with_content(evaluation.version_id)
    return content.build_sections(
        version,
        subjects=evaluation.subjects,
        answers=answers_of(evaluation) if with_answers else None,
        lang=lang,
    )


def _ensure_answering(evaluation, by) -> None:
    if evaluation.responder_id != by.pk:
        raise PermissionDenied
    if evaluation.status != EvaluationStatus.OPEN:
        raise ValidationError(
            _("This evaluation is submitted: its answers can no longer change."), code="submitted"
        )


@transaction.atomic
def evaluation_answers_save(*, evaluation, by, values: dict) -> int:
    """Save the responder's answers as a draft. `values` maps item keys (see
    `content.Item.key`) to what the form returned; an empty value removes the answer.
    Keys not in `values` are left as they are. All or nothing: a value the item does not
    offer raises ValidationError (keyed by item) and nothing is saved. Returns how many
    items are answered."""
    evaluation = Evaluation.objects.select_for_update(of=("self",)).get(pk=evaluation.pk)
    _ensure_answering(evaluation, by)
    items = content.all_items(evaluation_sections(evaluation, lang="fr"))
    errors = {}
    writes, removals = [], []
    for item in items:
        if item.key not in values:
            continue
        try:
            value = content.parse_value(item, values[item.key])
        except ValidationError as exc:
            errors[item.key] = exc.messages
            continue
        if value is None:
            removals.append(item)
        else:
            writes.append((item, value))
    if errors:
        raise ValidationError(errors)
    for item in removals:
        Answer.objects.filter(
            evaluation=evaluation, question=item.question, subject=item.subject
        ).delete()
    for item, value in writes:
        Answer.objects.update_or_create(
            evaluation=evaluation,
            question=item.question,
            subject=item.subject,
            defaults={"value": value},
        )
    evaluation.save(update_fields=["updated_at"])
    return Answer.objects.filter(evaluation=evaluation).count()


@transaction.atomic
def evaluation_submit(*, evaluation, by) -> Evaluation:
    """Submit the saved answers; they become read-only. Every required item must be
    answered (the error lists the missing ones by key)."""
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("agreement__intern", "agreement__referent", "agreement__tutor")
        .get(pk=evaluation.pk)
    )
    _ensure_answering(evaluation, by)
    items = content.all_items(evaluation_sections(evaluation, lang="fr"))
    missing = {
        item.key: [_("This question needs an answer.")]
        for item in items
        if item.required and not item.is_answered
    }
    if missing:
        raise ValidationError(missing, code="incomplete")
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.full_clean()
    evaluation.save(update_fields=["status", "submitted_at", "updated_at"])
    agreement = evaluation.agreement
    # Who hears of it: the people who may read it (the host's welcome goes to nobody
    # but the office, who read it on the follow-up page).
    readers = {
        EvaluationKind.TUTOR_MID: [agreement.intern, agreement.referent],
        EvaluationKind.TUTOR_FINAL: [agreement.intern, agreement.referent],
        EvaluationKind.REFERENT: [agreement.intern],
        EvaluationKind.HOST_WELCOME: [],
    }[EvaluationKind(evaluation.kind)]
    _tell(
        readers,
        kind=NotificationKind.EVALUATION_SUBMITTED,
        agreement=agreement,
        actor=by,
        data={"evaluation": evaluation.kind, "evaluation_id": evaluation.pk},
        path=_evaluation_path(evaluation),
    )
    return evaluation


# --- Evaluations: reminders ---------------------------------------------------------------


def reminder_stage_due(evaluation, now: dt.datetime) -> int:
    """How many automatic reminders should have gone out by `now` (0, 1 or 2)."""
    elapsed = now - evaluation.opened_at
    return sum(1 for days in REMINDER_DAYS if elapsed >= dt.timedelta(days=days))


def _remind(evaluation, *, kind: str, stage: int | None, by, now) -> EvaluationReminder:
    reminder = EvaluationReminder.objects.create(
        evaluation=evaluation, kind=kind, stage=stage, sent_by=by, sent_at=now
    )
    _tell(
        [evaluation.responder],
        kind=NotificationKind.EVALUATION_REMINDER,
        agreement=evaluation.agreement,
        actor=by,
        data={"evaluation": evaluation.kind, "evaluation_id": evaluation.pk},
        path=_evaluation_path(evaluation),
        reminder_id=reminder.pk,
    )
    return reminder


def evaluation_reminders_send(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Remind the people whose evaluation is still open three and ten days after it
    opened. One message per stage reached, never twice: the stage is claimed in the
    database before anything is sent (a run that finds the 3-day and 10-day stages both
    due sends one reminder). Safe to run at any frequency. Returns how many went out."""
    now = now or timezone.now()
    first = dt.timedelta(days=REMINDER_DAYS[0])
    candidates = Evaluation.objects.filter(
        status=EvaluationStatus.OPEN,
        opened_at__lte=now - first,
        reminder_stage__lt=len(REMINDER_DAYS),
    ).order_by("pk")
    sent = 0
    last_pk = 0
    while True:
        batch = list(
            candidates.filter(pk__gt=last_pk).values_list("pk", "opened_at", "reminder_stage")[:500]
        )
        if not batch:
            return sent
        last_pk = batch[-1][0]
        for pk, opened_at, stage in batch:
            due = sum(1 for days in REMINDER_DAYS if now - opened_at >= dt.timedelta(days=days))
            if due <= stage:
                continue
            if dry_run:
                sent += 1
                continue
            with transaction.atomic():
                claimed = Evaluation.objects.filter(
                    pk=pk, status=EvaluationStatus.OPEN, reminder_stage=stage
                ).update(reminder_stage=due)
                if not claimed:
                    continue  # submitted meanwhile, or another run took it
                evaluation = Evaluation.objects.select_related("agreement", "responder").get(pk=pk)
                _remind(evaluation, kind=ReminderKind.AUTOMATIC, stage=due, by=None, now=now)
            sent += 1


@transaction.atomic
def evaluation_remind(*, evaluation, by, now: dt.datetime | None = None) -> EvaluationReminder:
    """A reminder sent by hand by the referent teacher or the internship office."""
    now = now or timezone.now()
    if not by.has_perm("evaluations.remind_evaluation", evaluation):
        raise PermissionDenied
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("agreement", "responder")
        .get(pk=evaluation.pk)
    )
    if evaluation.status != EvaluationStatus.OPEN:
        raise ValidationError(_("This evaluation is already submitted."), code="submitted")
    last = evaluation.reminders.order_by("-sent_at").first()
    if last is not None and now - last.sent_at < MANUAL_REMINDER_GAP:
        raise ValidationError(
            _(
                "%(name)s was already written to at %(time)s: wait until tomorrow before "
                "sending another reminder."
            )
            % {
                "name": evaluation.responder,
                "time": timezone.localtime(last.sent_at).strftime("%H:%M"),
            },
            code="too_soon",
        )
    return _remind(evaluation, kind=ReminderKind.MANUAL, stage=None, by=by, now=now)


# --- Report ---------------------------------------------------------------------------------


def defence_settings_for(program) -> DefenceSettings:
    """The programme's report and defence settings, created with a starting grading grid
    the first time they are needed."""
    with transaction.atomic():
        found, created = DefenceSettings.objects.get_or_create(program=program)
        if created and not GradingCriterion.objects.filter(program=program).exists():
            for position, spec in enumerate(DEFAULT_CRITERIA, start=1):
                GradingCriterion.objects.create(
                    program=program,
                    position=position,
                    label_fr=spec["label"]["fr"],
                    label_en=spec["label"]["en"],
                    description_fr=spec["description"]["fr"],
                    description_en=spec["description"]["en"],
                    weight=Decimal(spec["weight"]),
                    max_points=Decimal(spec["max_points"]),
                    source=spec["source"],
                )
    return found


@transaction.atomic
def defence_settings_update(*, program, by, **fields) -> DefenceSettings:
    _ensure_staff(program, by)
    found = defence_settings_for(program)
    for name in ("report_deadline_days", "report_deadline_date", "grade_scale"):
        if name in fields:
            setattr(found, name, fields[name])
    found.full_clean()
    found.save()
    return found


CRITERION_FIELDS = (
    "label_fr",
    "label_en",
    "description_fr",
    "description_en",
    "weight",
    "max_points",
    "source",
)


@transaction.atomic
def criterion_add(*, program, by, **fields) -> GradingCriterion:
    _ensure_staff(program, by)
    defence_settings_for(program)
    last = program.grading_criteria.aggregate(m=Max("position"))["m"] or 0
    criterion = GradingCriterion(
        program=program,
        position=last + 1,
        **{k: fields[k] for k in CRITERION_FIELDS if k in fields},
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(*, criterion, by, **fields) -> GradingCriterion:
    _ensure_staff(criterion.program, by)
    for name in CRITERION_FIELDS:
        if name in fields:
            setattr(criterion, name, fields[name])
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, criterion, by) -> None:
    _ensure_staff(criterion.program, by)
    criterion.delete()


@transaction.atomic
def criterion_move(*, criterion, by, direction: str) -> None:
    _ensure_staff(criterion.program, by)
    _swap(list(criterion.program.grading_criteria.order_by("position", "pk")), criterion, direction)


def check_report_file(upload) -> int | None:
    """Raise ValidationError unless `upload` is a PDF Balise can open, of at most
    REPORT_MAX_BYTES; return its number of pages."""
    import pypdf
    from pypdf.errors import PdfReadError

    name = (upload.name or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(
            _("The report must be a PDF file (a name ending in .pdf)."), code="type"
        )
    if upload.size > REPORT_MAX_BYTES:
        raise ValidationError(
            _(
                "The file is %(size)s MB; the limit is %(max)s MB. Compress the images or export the PDF again at a lower quality."
            )
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "max": REPORT_MAX_BYTES // 1024 // 1024,
            },
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    if not upload.read(5).startswith(b"%PDF"):
        upload.seek(0)
        raise ValidationError(
            _("This file is not a PDF, whatever its name says: export your report as PDF."),
            code="content",
        )
    upload.seek(0)
    try:
        reader = pypdf.PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password: upload it without protection."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(
            _("This PDF is damaged and cannot be opened: export it again."), code="damaged"
        ) from exc
    finally:
        upload.seek(0)
    return pages


@transaction.atomic
def report_upload(*, agreement, by, upload, today: dt.date | None = None) -> Report:
    """Store the intern's report, replacing the previous one. Refused after the
    deadline (unless the office extended it): nothing is stored then."""
    if agreement.intern_id != by.pk:
        raise PermissionDenied
    if agreement.status not in REPORT_STATUSES:
        raise ValidationError(
            _("The report is uploaded while the internship runs or once it is over."),
            code="status",
        )
    today = today or timezone.localdate()
    deadline = report_deadline(
        agreement, DefenceSettings.objects.filter(program_id=agreement.program_id).first()
    )
    if today > deadline:
        raise ValidationError(
            _(
                "The deadline for the report was %(date)s. Ask the internship office to "
                "extend it if you need more time."
            )
            % {"date": date_format(deadline, "DATE_FORMAT")},
            code="late",
        )
    pages = check_report_file(upload)
    previous = Report.objects.filter(agreement=agreement).first()
    old_name = previous.file.name if previous else None
    report = previous or Report(agreement=agreement)
    report.original_name = upload.name.rsplit("/", 1)[-1][:255]
    report.size = upload.size
    report.pages = pages
    report.uploaded_by = by
    report.uploaded_at = timezone.now()
    report.file.save(f"report-{agreement.pk}.pdf", upload, save=False)
    stored = report.file.name
    # If anything below fails, the new file goes; if it all commits, the old one goes.
    transaction.on_commit(partial(_delete_file, report.file.storage, old_name, keep=stored))
    try:
        report.full_clean()
        report.save()
    except Exception:
        _delete_file(report.file.storage, stored)
        raise
    return report


def _delete_file(storage, name: str | None, keep: str | None = None) -> None:
    if name and name != keep:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the report file %s.", name)


@transaction.atomic
def report_extend(*, agreement, by, until: dt.date, reason: str = "") -> ReportExtension:
    if not by.has_perm("evaluations.extend_report", agreement):
        raise PermissionDenied
    if until < timezone.localdate():
        raise ValidationError({"until": _("The new deadline cannot be in the past.")})
    extension, _created = ReportExtension.objects.update_or_create(
        agreement=agreement,
        defaults={
            "until": until,
            "reason": reason.strip(),
            "granted_by": by,
            "granted_at": timezone.now(),
        },
    )
    return extension


# --- Defence ----------------------------------------------------------------------------------


def grid_of(program) -> list[dict]:
    """The programme's grading grid as frozen on a defence."""
    defence_settings_for(program)
    return [
        {
            "key": str(c.pk),
            "fr": c.label_fr,
            "en": c.label_en,
            "description_fr": c.description_fr,
            "description_en": c.description_en,
            "weight": str(c.weight),
            "max_points": str(c.max_points),
            "source": c.source if c.source in GRADABLE_KINDS else "",
        }
        for c in program.grading_criteria.order_by("position", "pk")
    ]


@transaction.atomic
def defence_schedule(
    *,
    agreement,
    by,
    scheduled_at: dt.datetime,
    place: str = "",
    video_link: str = "",
    with_referent: bool = True,
    with_tutor: bool = True,
    other_emails: Iterable[str] = (),
) -> Defence:
    """Schedule (or move) the defence and set its jury. The grid is frozen from the
    programme's until the first grade; later changes of the grid leave it alone."""
    if not by.has_perm("evaluations.schedule_defence", agreement):
        raise PermissionDenied
    if agreement.status not in DEFENCE_STATUSES:
        raise ValidationError(_("A defence is scheduled once the internship has started."))
    defence = Defence.objects.select_for_update(of=("self",)).filter(agreement=agreement).first()
    if defence is not None and defence.released_at is not None:
        raise ValidationError(_("The grade is released: the defence can no longer change."))
    settings = defence_settings_for(agreement.program)
    created = defence is None
    defence = defence or Defence(agreement=agreement, school_id=agreement.school_id, created_by=by)
    moved = not created and defence.scheduled_at != scheduled_at
    defence.scheduled_at = scheduled_at
    defence.place = place.strip()
    defence.video_link = video_link.strip()
    graded = not created and JuryGrade.objects.filter(member__defence=defence).exists()
    if not graded:
        defence.grid = grid_of(agreement.program)
        defence.grade_scale = settings.grade_scale
    if not defence.place and not defence.video_link:
        raise ValidationError({"place": _("Give the place of the defence, a video link, or both.")})
    if not defence.grid:
        raise ValidationError(
            _("The programme has no grading grid: the internship office sets one first.")
        )
    defence.full_clean()
    defence.save()

    wanted: dict[int, tuple] = {}
    if with_referent and agreement.referent is not None:
        wanted[agreement.referent.pk] = (agreement.referent, JuryRole.REFERENT)
    if with_tutor and agreement.tutor is not None:
        wanted.setdefault(agreement.tutor.pk, (agreement.tutor, JuryRole.TUTOR))
    for email in other_emails:
        person = person_get_or_invite(email=email)
        wanted.setdefault(person.pk, (person, JuryRole.OTHER))
    if not wanted:
        raise ValidationError(_("The jury needs at least one member."))
    current = {m.user_id: m for m in defence.jury.all()}
    removed = [m for uid, m in current.items() if uid not in wanted]
    for member in removed:
        if member.grades.exists():
            raise ValidationError(
                _("%(name)s has already graded: they stay on the jury.") % {"name": member.user}
            )
        member.delete()
    newcomers = []
    for user_id, (person, role) in wanted.items():
        if user_id not in current:
            JuryMember.objects.create(defence=defence, user=person, role=role)
            newcomers.append(person)
    agreement.__dict__.pop("_jury_user_ids", None)

    people = [agreement.intern, *[p for p, _role in wanted.values()]]
    if not (created or moved):
        people = newcomers
    _tell(
        people,
        kind=NotificationKind.DEFENCE_SCHEDULED,
        agreement=agreement,
        actor=by,
        data={"on": timezone.localtime(scheduled_at).date().isoformat()},
        path=_defence_path(agreement),
    )
    return defence


def _points(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def defence_grade(*, defence, by, grades: dict[str, dict], comment: str = "") -> JuryMember:
    """A jury member's points (and comments) on the grid's criteria. `grades` maps a
    criterion key to `{"points": Decimal | None, "comment": str}`; a criterion without
    points is left ungraded by this member."""
    defence = Defence.objects.select_for_update(of=("self",)).get(pk=defence.pk)
    member = JuryMember.objects.filter(defence=defence, user=by).first()
    if member is None:
        raise PermissionDenied
    if defence.released_at is not None:
        raise ValidationError(_("The grade is released: the jury's grades can no longer change."))
    criteria = {c["key"]: c for c in defence.grid}
    errors = {}
    for key, grade in grades.items():
        criterion = criteria.get(key)
        if criterion is None:
            errors[key] = [_("This criterion is not in the defence's grid.")]
            continue
        points = grade.get("points")
        if points is not None and not Decimal(0) <= Decimal(points) <= Decimal(
            criterion["max_points"]
        ):
            errors[key] = [
                _("Give between 0 and %(max)s points.")
                % {"max": _points(criterion["max_points"]).normalize()}
            ]
    if errors:
        raise ValidationError(errors)
    for key, grade in grades.items():
        points = grade.get("points")
        if points is None:
            JuryGrade.objects.filter(member=member, criterion=key).delete()
            continue
        JuryGrade.objects.update_or_create(
            member=member,
            criterion=key,
            defaults={"points": _points(points), "comment": (grade.get("comment") or "").strip()},
        )
    member.comment = comment.strip()
    member.full_clean()
    member.save(update_fields=["comment"])
    return member


def final_grade(grid: list[dict], grades: Iterable, scale: int) -> Decimal | None:
    """The defence's final grade out of `scale`, or None while a criterion has no grade.

    For each criterion c of weight w_c and maximum m_c, p_c is the mean of the points
    the jury members gave it (members who did not grade it are left out). Then

        final = scale × Σ_c (w_c × p_c / m_c) / Σ_c w_c

    rounded half up to two decimals: each criterion counts by its weight whatever its
    maximum, and a jury member's absence on one criterion does not lower the grade.
    """
    if not grid:
        return None
    by_criterion: dict[str, list[Decimal]] = {}
    for grade in grades:
        by_criterion.setdefault(grade.criterion, []).append(Decimal(grade.points))
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for criterion in grid:
        points = by_criterion.get(criterion["key"])
        if not points:
            return None
        weight = Decimal(criterion["weight"])
        mean = sum(points, Decimal(0)) / len(points)
        weighted += weight * mean / Decimal(criterion["max_points"])
        total_weight += weight
    return (Decimal(scale) * weighted / total_weight).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@transaction.atomic
def defence_release(*, defence, by, comment: str = "") -> Defence:
    """Record the final grade and the comments, and show them to the intern."""
    defence = (
        Defence.objects.select_for_update(of=("self",))
        .select_related("agreement__intern")
        .get(pk=defence.pk)
    )
    agreement = defence.agreement
    if not by.has_perm("evaluations.release_defence", agreement):
        raise PermissionDenied
    grades = list(JuryGrade.objects.filter(member__defence=defence))
    grade = final_grade(defence.grid, grades, defence.grade_scale)
    if grade is None:
        graded = {g.criterion for g in grades}
        missing = [c for c in defence.grid if c["key"] not in graded]
        raise ValidationError(
            _("Every criterion needs at least one grade before release. Not graded yet: %(names)s.")
            % {"names": ", ".join(pick(c) for c in missing)},
            code="incomplete",
        )
    defence.final_grade = grade
    defence.final_comment = comment.strip()
    defence.released_at = timezone.now()
    defence.released_by = by
    defence.full_clean()
    defence.save()
    _tell(
        [agreement.intern],
        kind=NotificationKind.GRADE_RELEASED,
        agreement=agreement,
        actor=by,
        data={},
        path=_defence_path(agreement),
    )
    return defence


def criterion_suggestions(defence, evaluations: dict) -> dict[str, Decimal]:
    """For criteria fed by an evaluation, the points that evaluation's score suggests
    (score × maximum). Only submitted evaluations of gradable kinds count: the intern's
    evaluation of the host never does (L124-4)."""
    suggestions = {}
    for criterion in defence.grid:
        source = criterion.get("source")
        if source not in GRADABLE_KINDS or source not in evaluations:
            continue
        evaluation = evaluations[source]
        score = content.evaluation_score(
            evaluation, content.all_items(evaluation_sections(evaluation, lang="fr"))
        )
        if score is not None:
            suggestions[criterion["key"]] = _points(score * Decimal(criterion["max_points"]))
    return suggestions
