"""The `remind` command: two days before, on the day, overdue; never twice."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from balise.agreements.models import Agreement, AgreementStatus
from balise.checkins import services
from balise.checkins.models import ReminderKind, ReminderSent
from balise.checkins.reminders import reminders_send
from balise.notifications.models import Notification
from balise.notifications.services import settings_update

TODAY = timezone.localdate()


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def add(personas, agreement, when, **options):
    return services.checkin_add(agreement=agreement, by=personas.tutor, starts_at=when, **options)


def remind(*args):
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def reminders_to(person):
    return Notification.objects.filter(recipient=person, kind="checkin_reminder")


def test_run_twice_one_email_each(personas, running, immediate, django_capture_on_commit_callbacks):
    checkin = add(personas, running, at(TODAY + dt.timedelta(days=2)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = remind()
    with django_capture_on_commit_callbacks(execute=True):
        second = remind()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.intern.email, personas.tutor.email]
    )
    assert "2 reminder(s) sent" in first and "0 reminder(s) sent" in second
    assert (
        ReminderSent.objects.filter(checkin=checkin, kind=ReminderKind.TWO_DAYS_BEFORE).count() == 2
    )
    notification = reminders_to(personas.intern).get()
    assert notification.data["reminder"] == "two_days"
    assert reminders_to(personas.referent).count() == 0


def test_a_real_mail_server_gets_one_email_per_person(
    personas, running, immediate, settings, smtp_server, django_capture_on_commit_callbacks
):
    controller, handler = smtp_server
    add(personas, running, at(TODAY + dt.timedelta(days=1)))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    for _run in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            remind()
    recipients = sorted(rcpt for message in handler.messages for rcpt in message.rcpt_tos)
    assert recipients == sorted([personas.intern.email, personas.tutor.email])


def test_dry_run_sends_and_records_nothing(
    personas, running, immediate, django_capture_on_commit_callbacks
):
    add(personas, running, at(TODAY + dt.timedelta(days=2)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        out = remind("--dry-run", "--verbosity", "2")
    assert "2 reminder(s) would be sent" in out and personas.intern.email in out
    assert mail.outbox == [] and not ReminderSent.objects.exists()
    assert not reminders_to(personas.intern).exists()


def test_on_the_day_and_after_a_move(personas, running):
    morning = at(TODAY, 8)
    checkin = add(personas, running, at(TODAY, 14))
    run = reminders_send(now=morning)
    assert [r.kind for r in run.due] == [ReminderKind.SAME_DAY]
    assert reminders_send(now=morning + dt.timedelta(hours=1)).due == []
    # Over already: no "today" reminder any more.
    assert reminders_send(now=at(TODAY, 16)).due == []
    # Moved two days later: the new date gets its own reminders.
    checkin.agreement = running
    services.checkin_move(
        checkin=checkin, by=personas.tutor, starts_at=at(TODAY + dt.timedelta(days=2), 14)
    )
    run = reminders_send(now=morning)
    assert [r.kind for r in run.due] == [ReminderKind.TWO_DAYS_BEFORE]
    assert run.people_reminded == 2


def test_overdue_goes_to_those_who_have_not_signed_off(personas, running):
    Agreement.objects.filter(pk=running.pk).update(start_date=TODAY - dt.timedelta(days=30))
    running.refresh_from_db()
    checkin = add(personas, running, at(TODAY - dt.timedelta(days=3)))
    checkin.agreement = running
    services.checkin_hold(checkin=checkin, by=personas.tutor)
    checkin.refresh_from_db()
    services.checkin_sign(checkin=checkin, by=personas.intern)
    run = reminders_send()
    (due,) = run.due
    assert due.kind == ReminderKind.OVERDUE and due.recipients == (personas.tutor,)
    assert reminders_send().due == []
    data = reminders_to(personas.tutor).get().data
    assert data["reminder"] == "overdue"


def test_the_referent_is_reminded_of_the_check_ins_they_attend(personas, running):
    add(personas, running, at(TODAY + dt.timedelta(days=2)), with_referent=True)
    run = reminders_send()
    assert set(run.sent[0][1]) == {personas.intern, personas.tutor, personas.referent}


def test_emails_follow_each_persons_settings(
    personas, running, immediate, django_capture_on_commit_callbacks
):
    settings_update(user=personas.tutor, email_mode="digest")
    add(personas, running, at(TODAY + dt.timedelta(days=2)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        remind()
    assert [m.to for m in mail.outbox] == [[personas.intern.email]]
    assert reminders_to(personas.tutor).filter(emailed_at__isnull=True).count() == 1


def test_no_reminder_for_a_cancelled_check_in_or_internship(personas, running):
    checkin = add(personas, running, at(TODAY + dt.timedelta(days=1)))
    checkin.agreement = running
    services.checkin_cancel(checkin=checkin, by=personas.tutor, reason="Absente")
    add(personas, running, at(TODAY + dt.timedelta(days=2)))
    Agreement.objects.filter(pk=running.pk).update(status=AgreementStatus.INTERRUPTED)
    assert reminders_send().due == []


def test_reminder_sentences(personas, running, settings):
    from django.utils import translation

    add(personas, running, at(TODAY + dt.timedelta(days=2)))
    reminders_send()
    with translation.override("en"):
        message = reminders_to(personas.intern).get().message
    assert message.startswith("Reminder: check-in of the internship")
    assert running.title in message and "10:00" in message


def test_balise_remind_and_balise_manage_remind(personas, running, capsys):
    from balise.cli import main

    add(personas, running, at(TODAY + dt.timedelta(days=2)))
    assert main(["remind", "--dry-run", "-v", "2"]) == 0
    out = capsys.readouterr().out
    assert "2 reminder(s) would be sent" in out and personas.tutor.email in out
    # The evaluations' reminders run in the same command.
    assert "0 reminder(s) would be sent (dry run)." in out
    assert not ReminderSent.objects.exists()
    with pytest.raises(SystemExit) as done:
        main(["manage", "remind", "--help"])
    assert done.value.code == 0
    assert "--dry-run" in capsys.readouterr().out
    assert main(["remind", "-v", "0"]) == 0
    assert capsys.readouterr().out == ""
    assert ReminderSent.objects.count() == 2
