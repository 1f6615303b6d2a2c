"""Background work of agreements (run by `balise manage db_worker`). Tasks take ids."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from sesame.utils import get_query_string

from balise.accounts.models import User
from balise.agreements.models import Agreement


def magic_link(person: User, agreement: Agreement) -> str:
    """An absolute link that signs `person` in and opens the agreement."""
    path = reverse("magic_login")
    query = get_query_string(person)  # "?sesame=..."
    return f"{settings.BALISE_BASE_URL}{path}{query}&next={agreement.get_absolute_url()}"


@task()
def send_invitation(agreement_id: int, person_id: int) -> None:
    agreement = Agreement.objects.select_related("intern", "host", "school").get(pk=agreement_id)
    person = User.objects.get(pk=person_id)
    context = {
        "person": person,
        "agreement": agreement,
        "link": magic_link(person, agreement),
        "days": settings.SESAME_MAX_AGE // (24 * 3600),
    }
    with translation.override(person.language):
        subject = render_to_string("agreements/email/invitation_subject.txt", context).strip()
        body = render_to_string("agreements/email/invitation.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[person.email])
        message.extra_headers["Content-Language"] = person.language
        message.send()
