import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from balise.notifications.models import (
    EmailMode,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from balise.notifications.selectors import notification_settings_for, unread_count
from balise.notifications.services import notification_mark_read, notify, settings_update
from balise.notifications.texts import notification_message
from tests import factories


def _everyone(personas):
    return [personas.intern, personas.tutor, personas.referent, personas.signatory]


def test_notify_creates_one_row_per_recipient_but_not_for_the_actor(personas):
    created = notify(
        recipients=[*_everyone(personas), None, personas.tutor],
        kind="signed",
        agreement=personas.agreement,
        actor=personas.intern,
        data={"version": 1},
    )
    assert {n.recipient for n in created} == {
        personas.tutor,
        personas.referent,
        personas.signatory,
    }
    rows = Notification.objects.filter(agreement=personas.agreement)
    assert rows.count() == 3
    assert not rows.filter(recipient=personas.intern).exists()
    assert all(n.actor == personas.intern and n.data == {"version": 1} for n in rows)
    assert all(n.read_at is None and n.emailed_at is None for n in rows)


def test_notify_skips_deactivated_accounts_and_empty_lists(personas):
    personas.tutor.is_active = False
    personas.tutor.save()
    created = notify(recipients=[personas.tutor], kind="comment", agreement=personas.agreement)
    assert created == [] and not Notification.objects.exists()
    assert notify(recipients=[], kind="comment") == []


def test_notify_refuses_an_unknown_kind(personas):
    with pytest.raises(ValueError):
        notify(recipients=[personas.intern], kind="party", agreement=personas.agreement)
    assert not Notification.objects.exists()


def test_nothing_is_queued_before_the_commit_then_one_task_per_immediate_recipient(
    personas, database_tasks, django_capture_on_commit_callbacks
):
    settings_update(user=personas.referent, email_mode=EmailMode.DIGEST)
    settings_update(user=personas.signatory, email_mode=EmailMode.NONE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = notify(
            recipients=_everyone(personas),
            kind="negotiation_opened",
            agreement=personas.agreement,
            actor=personas.staff,
        )
        assert len(created) == 4
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.count() == 0  # still nothing: the commit has not happened
    assert len(callbacks) == 1
    callbacks[0]()
    tasks = DBTaskResult.objects.all()
    assert [t.task_path for t in tasks] == [
        "balise.notifications.tasks.send_notification_email"
    ] * 2
    by_pk = {n.pk: n.recipient for n in created}
    queued_for = {by_pk[t.args_kwargs["args"][0]] for t in tasks}
    assert queued_for == {personas.intern, personas.tutor}  # not digest, not none


def test_no_task_when_nobody_wants_an_immediate_email(
    personas, database_tasks, django_capture_on_commit_callbacks
):
    settings_update(user=personas.intern, email_mode=EmailMode.NONE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[personas.intern], kind="comment", agreement=personas.agreement)
    assert callbacks == [] and DBTaskResult.objects.count() == 0


def test_mark_read_touches_only_the_persons_own_notifications(personas):
    mine = notify(
        recipients=[personas.intern, personas.tutor], kind="comment", agreement=personas.agreement
    )
    intern_one = next(n for n in mine if n.recipient == personas.intern)
    tutor_one = next(n for n in mine if n.recipient == personas.tutor)
    assert notification_mark_read(user=personas.intern, notification_ids=[tutor_one.pk]) == 0
    tutor_one.refresh_from_db()
    assert tutor_one.read_at is None
    assert notification_mark_read(user=personas.intern, notification_ids=[intern_one.pk]) == 1
    assert notification_mark_read(user=personas.intern, notification_ids=[intern_one.pk]) == 0
    intern_one.refresh_from_db()
    assert intern_one.read_at is not None
    notify(recipients=[personas.tutor], kind="signed", agreement=personas.agreement)
    assert unread_count(personas.tutor) == 2
    assert notification_mark_read(user=personas.tutor) == 2
    assert unread_count(personas.tutor) == 0


def test_settings_are_created_lazily_and_validated(personas):
    assert notification_settings_for(personas.intern).email_mode == EmailMode.IMMEDIATE
    assert not NotificationSettings.objects.exists()  # reading does not create
    settings_update(user=personas.intern, email_mode="digest")
    settings_update(user=personas.intern, email_mode="none")
    assert notification_settings_for(personas.intern).email_mode == EmailMode.NONE
    with pytest.raises(ValidationError):
        settings_update(user=personas.intern, email_mode="hourly")
    assert notification_settings_for(personas.intern).email_mode == EmailMode.NONE


EXPECTED_SENTENCES = [
    (
        "proposal",
        {"objective": "Tests"},
        "Paul Durand proposed a change to the objective “Tests” of the agreement “API”.",
    ),
    (
        "proposal",
        {"objective": "Tests", "new": True},
        "Paul Durand proposed a new objective “Tests” for the agreement “API”.",
    ),
    (
        "proposal_decided",
        {"objective": "Tests", "accepted": True},
        "Paul Durand accepted your proposal on the objective “Tests” of the agreement “API”.",
    ),
    (
        "proposal_decided",
        {"objective": "Tests", "accepted": False},
        "Paul Durand declined your proposal on the objective “Tests” of the agreement “API”.",
    ),
    ("comment", {"objective": ""}, "Paul Durand commented on the agreement “API”."),
    (
        "comment",
        {"objective": "Tests"},
        "Paul Durand commented on the objective “Tests” of the agreement “API”.",
    ),
    (
        "negotiation_opened",
        {},
        "Paul Durand opened the negotiation of the agreement “API”: you can now comment on "
        "its objectives and propose changes.",
    ),
    (
        "validation",
        {"validation": "pedagogical"},
        "Paul Durand gave the pedagogical validation of the agreement “API”.",
    ),
    (
        "validation",
        {"validation": "administrative"},
        "Paul Durand gave the administrative validation of the agreement “API”.",
    ),
    (
        "signatures_requested",
        {"version": 2},
        "Version 2 of the agreement “API” is ready: please read and sign it.",
    ),
    ("signed", {"version": 1}, "Paul Durand signed version 1 of the agreement “API”."),
    ("fully_signed", {"version": 1}, "Every party has signed version 1 of the agreement “API”."),
    (
        "amendment",
        {"version": 2},
        "Every party has signed the amendment to the agreement “API”: version 2 is now in force.",
    ),
    ("amendment", {}, "Paul Durand opened an amendment to the agreement “API”."),
    ("cancelled", {"reason": "Stage annulé"}, "Paul Durand cancelled the agreement “API”."),
    (
        "interrupted",
        {"on": "2026-06-01"},
        "Paul Durand recorded that the internship “API” was interrupted on June 1, 2026.",
    ),
    ("invitation", {}, "Paul Durand invited you to take part in the agreement “API”."),
    # Without the optional data, a sentence that does without it.
    ("proposal", {}, "Paul Durand proposed a change to the objectives of the agreement “API”."),
    (
        "proposal_decided",
        {"accepted": True},
        "Paul Durand accepted your proposal on the agreement “API”.",
    ),
    ("proposal_decided", {}, "Paul Durand declined your proposal on the agreement “API”."),
    ("signatures_requested", {}, "The agreement “API” is ready: please read and sign it."),
    ("signed", {}, "Paul Durand signed the agreement “API”."),
    ("fully_signed", {}, "Every party has signed the agreement “API”."),
    (
        "interrupted",
        {"on": "not a date"},
        "Paul Durand recorded that the internship “API” was interrupted.",
    ),
]


@pytest.mark.parametrize(("kind", "data", "expected"), EXPECTED_SENTENCES)
def test_each_kind_reads_as_one_sentence(personas, kind, data, expected):
    personas.agreement.title = "API"
    personas.agreement.save()
    (notification,) = notify(
        recipients=[personas.intern],
        kind=kind,
        agreement=personas.agreement,
        actor=personas.tutor,
        data=data,
    )
    with translation.override("en"):
        assert notification_message(notification) == expected
        assert notification.message == expected


def test_every_kind_has_its_own_sentence(personas):
    """A kind added to the choices without a sentence would fall back to a generic one."""
    with translation.override("en"):
        generic = f"There is news about the agreement “{personas.agreement.title}”."
        for kind in NotificationKind:
            notification = Notification(
                recipient=personas.intern, agreement=personas.agreement, kind=kind, data={}
            )
            assert notification.message != generic, kind


def test_sentence_without_actor_and_the_detail(personas):
    outsider = factories.UserFactory(first_name="Zoé", last_name="Blanc")
    (notification,) = notify(
        recipients=[personas.intern],
        kind="cancelled",
        agreement=personas.agreement,
        actor=outsider,
        data={"reason": "L'entreprise a fermé.\n" + "x" * 1000},
    )
    notification.actor = None
    notification.actor_id = None
    with translation.override("en"):
        assert notification.message.startswith("Someone cancelled the agreement")
        assert notification.detail.startswith("L'entreprise a fermé.")
        assert len(notification.detail) <= 300


def test_sentences_without_agreement(personas):
    (invitation,) = notify(recipients=[personas.tutor], kind="invitation", actor=personas.intern)
    (other,) = notify(recipients=[personas.tutor], kind="signed", actor=personas.intern)
    with translation.override("en"):
        assert invitation.message == "Léa Martin invited you to Balise."
        assert other.message == "Signed"
