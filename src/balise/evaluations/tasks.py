"""Background work of evaluations (run by `balise manage db_worker`). Tasks take ids."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from sesame.utils import get_query_string

from balise.accounts.models import User
from balise.agreements.models import Agreement
from balise.evaluations.models import EvaluationReminder
from balise.notifications.models import Notification
from balise.notifications.texts import notification_message


def personal_link(person: User, path: str) -> str:
    """An absolute link that signs `person` in (django-sesame) and opens `path`."""
    query = get_query_string(person)  # "?sesame=..."
    return f"{settings.BALISE_BASE_URL}{reverse('magic_login')}{query}&next={path}"


def personal_link_email(
    *, person: User, agreement: Agreement, kind: str, data: dict, actor: User | None, path: str
) -> EmailMultiAlternatives:
    """The email: the same sentence as the notification, and a personal link to the page,
    in the recipient's language."""
    # An unsaved notification gives the sentence and the subject their usual wording.
    notification = Notification(
        recipient=person, agreement=agreement, actor=actor, kind=kind, data=data
    )
    with translation.override(person.language):
        context = {
            "recipient": person,
            "notification": notification,
            "message": notification_message(notification),
            "link": personal_link(person, path),
            "days": settings.SESAME_MAX_AGE // (24 * 3600),
        }
        subject = render_to_string("notifications/email/notification_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("evaluations/email/personal_link.txt", context),
            to=[person.email],
            headers={"Content-Language": person.language, "Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(
            render_to_string("evaluations/email/personal_link.html", context), "text/html"
        )
    return message


@task()
def send_personal_link(
    *,
    person_id: int,
    agreement_id: int,
    kind: str,
    data: dict,
    actor_id: int | None,
    path: str,
    reminder_id: int | None = None,
) -> bool:
    """Email a person without a password about an evaluation or a defence, with a link
    that signs them in. For an evaluation's reminder, at most once: the reminder is
    claimed first and released if sending fails. Returns whether an email went out."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if person is None or agreement is None:
        return False
    now = timezone.now()
    if reminder_id is not None:
        with transaction.atomic():
            claimed = EvaluationReminder.objects.filter(
                pk=reminder_id, emailed_at__isnull=True
            ).update(emailed_at=now)
        if not claimed:
            return False
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        personal_link_email(
            person=person, agreement=agreement, kind=kind, data=data, actor=actor, path=path
        ).send()
    except Exception:
        if reminder_id is not None:
            EvaluationReminder.objects.filter(pk=reminder_id, emailed_at=now).update(
                emailed_at=None
            )
        raise
    return True
