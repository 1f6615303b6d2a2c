"""Reminders three and ten days after opening: recorded, never sent twice."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from balise.accounts.services import person_get_or_invite
from balise.agreements.models import Agreement
from balise.evaluations import services
from balise.evaluations.models import Evaluation, EvaluationReminder
from tests.evaluations.conftest import days_ago, full_answers


def _open(agreement, kind="tutor_final", opened_days_ago=0):
    evaluation = services.evaluation_open(agreement=agreement, kind=kind)
    Evaluation.objects.filter(pk=evaluation.pk).update(opened_at=days_ago(opened_days_ago))
    evaluation.refresh_from_db()
    return evaluation


def _remind(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("remind_evaluations", stdout=out)
    return out.getvalue()


def test_reminders_go_once_at_three_then_ten_days(
    personas, running, immediate_tasks, django_capture_on_commit_callbacks
):
    evaluation = _open(running, opened_days_ago=4)
    mail.outbox.clear()
    assert "1 reminder(s) sent" in _remind(django_capture_on_commit_callbacks)
    assert "0 reminder(s) sent" in _remind(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas.tutor.email]
    # A school account gets the notification email, which opens the evaluation itself.
    evaluation_url = reverse("evaluations:evaluation", args=[evaluation.pk])
    assert f"https://balise.example.org{evaluation_url}" in mail.outbox[0].body
    assert list(evaluation.reminders.filter(kind="automatic").values_list("stage", flat=True)) == [
        1
    ]

    Evaluation.objects.filter(pk=evaluation.pk).update(opened_at=days_ago(11))
    _remind(django_capture_on_commit_callbacks)
    _remind(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert list(evaluation.reminders.filter(kind="automatic").values_list("stage", flat=True)) == [
        1,
        2,
    ]
    _remind(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_late_first_run_sends_one_reminder_not_two(
    personas, running, immediate_tasks, django_capture_on_commit_callbacks
):
    evaluation = _open(running, opened_days_ago=12)
    mail.outbox.clear()
    _remind(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    evaluation.refresh_from_db()
    assert evaluation.reminder_stage == 2


def test_no_reminder_for_a_submitted_evaluation_nor_in_a_dry_run(
    personas, running, immediate_tasks, django_capture_on_commit_callbacks
):
    evaluation = _open(running, opened_days_ago=5)
    mail.outbox.clear()
    out = StringIO()
    call_command("remind_evaluations", "--dry-run", stdout=out)
    assert "1 reminder(s) would be sent" in out.getvalue()
    assert not EvaluationReminder.objects.filter(kind="automatic").exists()
    services.evaluation_answers_save(
        evaluation=evaluation, by=personas.tutor, values=full_answers(evaluation)
    )
    services.evaluation_submit(evaluation=evaluation, by=personas.tutor)
    mail.outbox.clear()
    _remind(django_capture_on_commit_callbacks)
    assert [m for m in mail.outbox if m.to == [personas.tutor.email]] == []


def test_a_tutor_without_password_gets_a_personal_link_to_the_evaluation(
    personas, running, immediate_tasks, django_capture_on_commit_callbacks, client
):
    tutor = person_get_or_invite(email="nina.lopez@exemple.fr", first_name="Nina")
    tutor.language = "en"
    tutor.save()
    Agreement.objects.filter(pk=running.pk).update(tutor=tutor)
    running.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.evaluation_open(agreement=running, kind="tutor_final")
    (opening,) = mail.outbox
    assert opening.to == [tutor.email]
    assert opening.extra_headers["Content-Language"] == "en"
    assert f"Your final evaluation of the intern of “{running.title}” is open" in opening.body
    Evaluation.objects.filter(pk=evaluation.pk).update(opened_at=days_ago(4))
    _remind(django_capture_on_commit_callbacks)
    _remind(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    reminder = mail.outbox[1]
    assert "Reminder: your final evaluation" in reminder.body
    link = re.search(r"https://balise\.example\.org(/accounts/magic/\S+)", reminder.body).group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:evaluation", args=[evaluation.pk])
    assert client.get(response["Location"]).status_code == 200
    assert EvaluationReminder.objects.get(kind="automatic").emailed_at is not None


def test_the_personal_email_task_never_sends_twice(personas, running, immediate_tasks):
    from balise.evaluations.tasks import send_personal_link

    tutor = person_get_or_invite(email="nina.lopez@exemple.fr")
    evaluation = _open(running)
    reminder = evaluation.reminders.get()
    kwargs = {
        "person_id": tutor.pk,
        "agreement_id": running.pk,
        "kind": "evaluation_reminder",
        "data": {"evaluation": "tutor_final"},
        "actor_id": None,
        "path": "/",
        "reminder_id": reminder.pk,
    }
    mail.outbox.clear()
    assert send_personal_link.call(**kwargs) is True
    assert send_personal_link.call(**kwargs) is False
    assert len(mail.outbox) == 1


def test_reminders_reach_a_real_mail_server(
    personas, running, immediate_tasks, settings, smtp_server, django_capture_on_commit_callbacks
):
    controller, handler = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    _open(running, opened_days_ago=3)
    _remind(django_capture_on_commit_callbacks)
    _remind(django_capture_on_commit_callbacks)
    assert [m.rcpt_tos for m in handler.messages] == [[personas.tutor.email]]


def test_reminder_by_hand(personas, running, immediate_tasks):
    evaluation = _open(running, opened_days_ago=2)
    evaluation.agreement = running
    EvaluationReminder.objects.filter(evaluation=evaluation).update(sent_at=days_ago(2))
    reminder = services.evaluation_remind(evaluation=evaluation, by=personas.referent)
    assert reminder.kind == "manual" and reminder.sent_by == personas.referent
    with translation.override("en"), pytest.raises(ValidationError, match="tomorrow"):
        services.evaluation_remind(evaluation=evaluation, by=personas.staff)
    for person in (personas.tutor, personas.intern, personas.other_staff):
        with pytest.raises(PermissionDenied):
            services.evaluation_remind(evaluation=evaluation, by=person)
