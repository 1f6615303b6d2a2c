"""Evaluations of an internship: opening, answering, submitting, reading, and the law."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from balise.agreements.models import Agreement, AgreementStatus
from balise.evaluations import content, services
from balise.evaluations.models import (
    Answer,
    Evaluation,
    EvaluationKind,
    EvaluationStatus,
    GradingCriterion,
    Questionnaire,
)
from balise.notifications.models import Notification
from tests import factories
from tests.evaluations.conftest import full_answers, items_of


def test_opening_freezes_the_form_version_and_tells_the_tutor(personas, running):
    with transaction.atomic():
        evaluation = services.evaluation_open(
            agreement=running, kind="tutor_final", by=personas.referent
        )
    assert evaluation.responder == personas.tutor
    assert evaluation.status == EvaluationStatus.OPEN
    assert evaluation.version.number == 1
    assert evaluation.reminders.get().kind == "opened"
    notification = Notification.objects.get(recipient=personas.tutor)
    assert notification.kind == "evaluation_opened"
    with translation.override("en"):
        assert notification.message == (
            f"Your final evaluation of the intern of “{running.title}” is open: please fill it in."
        )


def test_an_evaluation_opens_once_and_only_while_the_internship_runs(personas, running):
    services.evaluation_open(agreement=running, kind="tutor_final", by=personas.staff)
    with pytest.raises(ValidationError):
        services.evaluation_open(agreement=running, kind="tutor_final", by=personas.staff)
    draft = personas.agreement.__class__.objects.get(pk=personas.agreement.pk)
    Agreement.objects.filter(pk=draft.pk).update(status=AgreementStatus.NEGOTIATION)
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.evaluation_open(agreement=draft, kind="referent", by=personas.staff)
    with pytest.raises(ValidationError):
        services.evaluation_open(agreement=draft, kind="referent")


@pytest.mark.parametrize("person", ["intern", "tutor", "signatory", "other_staff"])
def test_only_the_referent_and_staff_open_evaluations(personas, running, person):
    with pytest.raises(PermissionDenied):
        services.evaluation_open(agreement=running, kind="tutor_final", by=personas.by_name(person))


def test_an_evaluation_needs_the_person_who_answers(personas, running):
    Agreement.objects.filter(pk=running.pk).update(tutor=None)
    running.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError, match="Name the tutor"):
        services.evaluation_open(agreement=running, kind="tutor_mid", by=personas.staff)


def test_a_form_switched_off_is_never_opened(personas, running):
    forms = services.default_forms(personas.program)
    mid = next(q for q in forms if q.kind == "tutor_mid")
    services.questionnaire_set_active(questionnaire=mid, by=personas.staff, is_active=False)
    with pytest.raises(ValidationError):
        services.evaluation_open(agreement=running, kind="tutor_mid", by=personas.staff)


def test_draft_then_submit_makes_answers_read_only(personas, running, open_final):
    values = full_answers(open_final)
    first_half = dict(list(values.items())[:3])
    assert (
        services.evaluation_answers_save(
            evaluation=open_final, by=personas.tutor, values=first_half
        )
        == 3
    )
    with pytest.raises(ValidationError) as missing:
        services.evaluation_submit(evaluation=open_final, by=personas.tutor)
    assert set(missing.value.message_dict) == {
        item.key for item in items_of(open_final) if item.required and item.key not in first_half
    }
    services.evaluation_answers_save(evaluation=open_final, by=personas.tutor, values=values)
    services.evaluation_submit(evaluation=open_final, by=personas.tutor)
    open_final.refresh_from_db()
    assert open_final.is_submitted and open_final.submitted_at is not None
    with pytest.raises(ValidationError):
        services.evaluation_answers_save(
            evaluation=open_final, by=personas.tutor, values={next(iter(values)): "1"}
        )


def test_only_the_responder_answers(personas, running, open_final):
    for person in (personas.intern, personas.referent, personas.staff):
        with pytest.raises(PermissionDenied):
            services.evaluation_answers_save(evaluation=open_final, by=person, values={})


def test_a_value_the_item_does_not_offer_saves_nothing(personas, running, open_final):
    values = full_answers(open_final)
    scale_key = next(i.key for i in items_of(open_final) if i.question.kind == "rating")
    values[scale_key] = "9"
    with pytest.raises(ValidationError) as error:
        services.evaluation_answers_save(evaluation=open_final, by=personas.tutor, values=values)
    assert list(error.value.message_dict) == [scale_key]
    assert Answer.objects.filter(evaluation=open_final).count() == 0


def test_clearing_an_answer_removes_it(personas, running, open_final):
    key = next(i.key for i in items_of(open_final) if i.is_text)
    services.evaluation_answers_save(evaluation=open_final, by=personas.tutor, values={key: "Bien"})
    services.evaluation_answers_save(evaluation=open_final, by=personas.tutor, values={key: "  "})
    assert Answer.objects.filter(evaluation=open_final).count() == 0


def test_submitting_tells_the_intern_and_the_referent(personas, running, open_final):
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    services.evaluation_submit(evaluation=open_final, by=personas.tutor)
    told = set(
        Notification.objects.filter(kind="evaluation_submitted").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {personas.intern.email, personas.referent.email}


def test_the_host_welcome_evaluation_is_told_to_nobody_but_read_by_the_office(personas, running):
    evaluation = services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    assert evaluation.responder == personas.intern
    services.evaluation_answers_save(
        evaluation=evaluation, by=personas.intern, values=full_answers(evaluation)
    )
    services.evaluation_submit(evaluation=evaluation, by=personas.intern)
    assert not Notification.objects.filter(kind="evaluation_submitted").exists()
    evaluation.refresh_from_db()
    evaluation.agreement = running
    readers = {
        name
        for name in ("intern", "tutor", "referent", "staff", "signatory")
        if personas.by_name(name).has_perm("evaluations.read_answers", evaluation)
    }
    assert readers == {"intern", "staff"}


def test_the_host_welcome_evaluation_can_never_count_in_a_grade(personas, running):
    """L124-4: no score, no grading criterion fed by it, not even through the database."""
    evaluation = services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    services.evaluation_answers_save(
        evaluation=evaluation, by=personas.intern, values=full_answers(evaluation)
    )
    with pytest.raises(content.NotGradable):
        content.evaluation_score(evaluation, items_of(evaluation))
    assert not Questionnaire(kind="host_welcome").counts_in_grades
    assert not evaluation.counts_in_grades
    criterion = GradingCriterion(
        program=personas.program, label_fr="Accueil", source=EvaluationKind.HOST_WELCOME
    )
    with pytest.raises(ValidationError):
        criterion.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        GradingCriterion.objects.create(
            program=personas.program, label_fr="Accueil", source="host_welcome"
        )


def test_the_score_of_a_tutor_evaluation(personas, running, open_final):
    values = full_answers(open_final)  # the top of every scale
    services.evaluation_answers_save(evaluation=open_final, by=personas.tutor, values=values)
    assert content.evaluation_score(open_final, items_of(open_final)) == 1
    lowest = {item.key: item.choices[0][0] for item in items_of(open_final) if item.is_scored}
    services.evaluation_answers_save(evaluation=open_final, by=personas.tutor, values=lowest)
    assert content.evaluation_score(open_final, items_of(open_final)) == 0


# --- Opening on schedule -----------------------------------------------------------------


def _agreement(personas, *, start, end, status):
    return factories.AgreementFactory(
        program=personas.program,
        intern=personas.intern,
        tutor=personas.tutor,
        referent=personas.referent,
        start_date=start,
        end_date=end,
        status=status,
    )


@pytest.mark.parametrize(
    ("days_in", "length", "status", "expected"),
    [
        (10, 60, "in_progress", []),
        (30, 60, "in_progress", ["tutor_mid"]),
        (55, 60, "in_progress", ["tutor_mid", "tutor_final", "host_welcome", "referent"]),
        (70, 60, "completed", ["tutor_final", "host_welcome", "referent"]),
        (30, 60, "signed", []),
    ],
)
def test_which_evaluations_are_due(personas, days_in, length, status, expected):
    today = dt.date(2026, 6, 1)
    start = today - dt.timedelta(days=days_in)
    agreement = _agreement(
        personas, start=start, end=start + dt.timedelta(days=length), status=status
    )
    assert services.kinds_due(agreement, today) == expected


def test_open_evaluations_command_is_safe_to_rerun(personas):
    today = timezone.localdate()
    start = today - dt.timedelta(days=58)
    agreement = _agreement(
        personas, start=start, end=today + dt.timedelta(days=2), status="in_progress"
    )
    long_ago = _agreement(
        personas,
        start=today - dt.timedelta(days=400),
        end=today - dt.timedelta(days=300),
        status="completed",
    )
    out = StringIO()
    call_command("open_evaluations", "--dry-run", stdout=out)
    assert "4 evaluation(s) would open" in out.getvalue()
    assert not Evaluation.objects.exists()
    call_command("open_evaluations", stdout=out)
    call_command("open_evaluations", stdout=out)
    assert sorted(Evaluation.objects.values_list("kind", flat=True)) == sorted(
        ["tutor_mid", "tutor_final", "host_welcome", "referent"]
    )
    assert set(Evaluation.objects.values_list("agreement_id", flat=True)) == {agreement.pk}
    assert not long_ago.evaluations.exists()
    assert all(e.opened_by is None for e in Evaluation.objects.all())


def test_open_evaluations_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("open_evaluations", "--date", "31/12/2026")
