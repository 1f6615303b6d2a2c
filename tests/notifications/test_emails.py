import datetime as dt
import email
import signal
from email import policy

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from balise.notifications.models import EmailMode, Notification
from balise.notifications.services import (
    digests_send,
    notification_email_send,
    notify,
    settings_update,
)
from balise.notifications.tasks import send_notification_email

APRIL = timezone.make_aware(dt.datetime(2026, 4, 20, 9, 30))


@pytest.fixture
def base_url(settings):
    settings.BALISE_BASE_URL = "https://balise.example.org"
    return settings.BALISE_BASE_URL


def _one(personas, recipient, kind="signatures_requested", data=None, actor=None):
    (notification,) = notify(
        recipients=[recipient],
        kind=kind,
        agreement=personas.agreement,
        actor=actor or personas.staff,
        data={"version": 1} if data is None else data,
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=APRIL)
    return notification


def test_email_is_in_the_recipients_language_with_the_link(personas, base_url):
    personas.tutor.language = "en"
    personas.tutor.save()
    french = _one(personas, personas.intern)
    english = _one(personas, personas.tutor)
    with translation.override("fr"):  # whatever the language of the code that sends it
        assert send_notification_email.call(french.pk) is True
        assert send_notification_email.call(english.pk) is True
    to_intern, to_tutor = mail.outbox
    link = f"https://balise.example.org/agreements/{personas.agreement.pk}/"
    assert to_intern.to == ["lea.martin@etu.example.org"]
    assert to_intern.extra_headers["Content-Language"] == "fr"
    assert "20 avril 2026" in to_intern.body  # Django's own French month names
    assert link in to_intern.body
    assert to_tutor.to == ["paul.durand@acme.example.com"]
    assert to_tutor.extra_headers["Content-Language"] == "en"
    assert "20 April 2026" in to_tutor.body
    assert "Hello Paul," in to_tutor.body
    assert to_tutor.subject == f"Signatures requested: {personas.agreement.title}"
    assert (
        f"Version 1 of the agreement “{personas.agreement.title}” is ready: please read and "
        "sign it." in to_tutor.body
    )
    assert link in to_tutor.body
    assert "https://balise.example.org/notifications/settings/" in to_tutor.body
    html, mimetype = to_tutor.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html and '<html lang="en">' in html
    assert "\n" not in to_tutor.subject


def test_email_task_is_idempotent(personas):
    notification = _one(personas, personas.intern)
    assert send_notification_email.call(notification.pk) is True
    notification.refresh_from_db()
    emailed_at = notification.emailed_at
    assert emailed_at is not None
    assert send_notification_email.call(notification.pk) is False
    notification.refresh_from_db()
    assert len(mail.outbox) == 1 and notification.emailed_at == emailed_at


def test_email_task_respects_a_change_of_mind_and_a_deleted_notification(personas):
    notification = _one(personas, personas.intern)
    settings_update(user=personas.intern, email_mode=EmailMode.DIGEST)
    assert notification_email_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.emailed_at is None  # left for the digest
    assert notification_email_send(notification_id=notification.pk + 1000) is False
    assert mail.outbox == []


def test_a_failed_email_is_released_for_a_later_attempt(personas, settings):
    notification = _one(personas, personas.intern)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(OSError):
        notification_email_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None


# --- Digests -------------------------------------------------------------------------------


def test_digest_one_email_per_digest_user_then_none_the_same_day(personas, base_url):
    for person in (personas.intern, personas.tutor):
        settings_update(user=person, email_mode=EmailMode.DIGEST)
    settings_update(user=personas.referent, email_mode=EmailMode.NONE)
    personas.tutor.language = "en"
    personas.tutor.save()
    _one(personas, personas.intern)
    _one(personas, personas.intern, kind="comment", data={"excerpt": "Je relis ce soir."})
    _one(personas, personas.tutor)
    _one(personas, personas.referent)
    _one(personas, personas.signatory, kind="comment", data={})  # immediate mode: not here
    morning = APRIL + dt.timedelta(hours=12)

    assert digests_send(now=morning) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {personas.intern.email, personas.tutor.email}
    to_tutor = by_recipient[personas.tutor.email]
    assert to_tutor.subject == "Balise: 1 new notification"
    assert to_tutor.extra_headers["Content-Language"] == "en"
    assert f"https://balise.example.org/agreements/{personas.agreement.pk}/" in to_tutor.body
    to_intern = by_recipient[personas.intern.email]
    assert to_intern.extra_headers["Content-Language"] == "fr"
    assert "Je relis ce soir." in to_intern.body and "20 avril 2026" in to_intern.body
    assert not Notification.objects.filter(
        recipient__in=[personas.intern, personas.tutor], emailed_at__isnull=True
    ).exists()
    assert Notification.objects.get(recipient=personas.referent).emailed_at is None

    # Later the same day, with something new: nothing until tomorrow.
    _one(personas, personas.intern, kind="signed")
    Notification.objects.filter(kind="signed").update(created_at=morning)
    assert digests_send(now=morning + dt.timedelta(hours=2)) == 0
    assert len(mail.outbox) == 2
    tomorrow = morning + dt.timedelta(days=1)
    assert digests_send(now=tomorrow) == 1
    assert mail.outbox[-1].to == [personas.intern.email]
    assert digests_send(now=tomorrow) == 0


def test_digest_leaves_out_what_was_read_or_is_stale(personas):
    settings_update(user=personas.intern, email_mode=EmailMode.DIGEST)
    read = _one(personas, personas.intern)
    Notification.objects.filter(pk=read.pk).update(read_at=APRIL)
    stale = _one(personas, personas.intern, kind="comment", data={})
    Notification.objects.filter(pk=stale.pk).update(created_at=APRIL - dt.timedelta(days=30))
    assert digests_send(now=APRIL + dt.timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_digest_failure_is_retried_on_the_next_run(personas, settings):
    settings_update(user=personas.intern, email_mode=EmailMode.DIGEST)
    _one(personas, personas.intern)
    later = APRIL + dt.timedelta(hours=1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    assert digests_send(now=later) == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send(now=later) == 1
    assert len(mail.outbox) == 1


def test_long_digest_lists_the_newest_and_says_how_many_more(personas, monkeypatch):
    from balise.notifications import services

    monkeypatch.setattr(services, "DIGEST_MAX_ITEMS", 2)
    settings_update(user=personas.intern, email_mode=EmailMode.DIGEST)
    personas.intern.language = "en"
    personas.intern.save()
    for version in (1, 2, 3, 4):
        _one(personas, personas.intern, data={"version": version})
    assert digests_send(now=APRIL + dt.timedelta(hours=1)) == 1
    (message,) = mail.outbox
    assert message.subject == "Balise: 4 new notifications"
    assert "And 2 more notifications in Balise\n" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


# --- Command ---------------------------------------------------------------------------------


def test_send_digests_command_with_dry_run_and_verbosity(personas, capsys):
    settings_update(user=personas.intern, email_mode=EmailMode.DIGEST)
    _one(personas, personas.intern)
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))

    call_command("send_digests", "--dry-run", verbosity=2)
    out = capsys.readouterr().out
    assert "lea.martin@etu.example.org" in out and "1 digest(s) would be sent" in out
    assert mail.outbox == [] and Notification.objects.filter(emailed_at__isnull=True).count() == 1

    call_command("send_digests", verbosity=0)
    assert capsys.readouterr().out == ""
    assert len(mail.outbox) == 1

    call_command("send_digests")
    assert "0 digest(s) sent." in capsys.readouterr().out
    assert len(mail.outbox) == 1


# --- Through the task queue and a real mail server ---------------------------------------


@pytest.fixture
def restore_signals():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


# The worker closes the database connection between tasks, as in production: these tests
# commit for real instead of running inside a transaction rolled back at the end.
@pytest.mark.django_db(transaction=True)
def test_db_worker_runs_the_stored_task_and_the_email_leaves(
    personas, database_tasks, restore_signals
):
    with transaction.atomic():  # a service's transaction: nothing is queued until it commits
        (notification,) = notify(
            recipients=[personas.intern],
            kind="fully_signed",
            agreement=personas.agreement,
            actor=personas.staff,
            data={"version": 1},
        )
        assert not DBTaskResult.objects.exists()
    (stored,) = DBTaskResult.objects.all()
    assert stored.status == "READY" and stored.args_kwargs["args"] == [notification.pk]
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL" and stored.return_value is True
    (message,) = mail.outbox
    assert message.to == [personas.intern.email]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_real_email_through_a_real_smtp_server(
    personas, base_url, database_tasks, smtp_settings, restore_signals
):
    personas.tutor.language = "en"
    personas.tutor.save()
    with transaction.atomic():
        notify(
            recipients=[personas.intern, personas.tutor],
            kind="signed",
            agreement=personas.agreement,
            actor=personas.referent,
            data={"version": 1},
        )
    assert smtp_settings.messages == []  # queued, not sent in the request

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    received = {
        envelope.rcpt_tos[0]: email.message_from_bytes(envelope.content, policy=policy.default)
        for envelope in smtp_settings.messages
    }
    assert set(received) == {personas.intern.email, personas.tutor.email}
    to_tutor = received[personas.tutor.email]
    assert to_tutor["Content-Language"] == "en"
    assert to_tutor["Auto-Submitted"] == "auto-generated"
    text = to_tutor.get_body(preferencelist=("plain",)).get_content()
    assert "Anne Roux signed version 1 of the agreement" in text
    assert f"https://balise.example.org/agreements/{personas.agreement.pk}/" in text
    assert received[personas.intern.email]["Content-Language"] == "fr"
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
