"""Background work of outcomes (run by `balise manage db_worker`). Tasks take ids."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from sesame.utils import get_query_string

from balise.outcomes.models import Recommendation


def recommendation_link(recommendation: Recommendation) -> str:
    """An absolute link that signs the tutor in and opens the page to write it."""
    path = reverse("magic_login")
    query = get_query_string(recommendation.tutor)  # "?sesame=..."
    target = reverse("outcomes:recommendation_write", args=[recommendation.pk])
    return f"{settings.BALISE_BASE_URL}{path}{query}&next={target}"


@task()
def send_recommendation_request(recommendation_id: int) -> bool:
    """Email the tutor the request and a personal link; nothing once it is written."""
    recommendation = (
        Recommendation.objects.select_related("tutor", "agreement__intern", "agreement__host")
        .filter(pk=recommendation_id)
        .first()
    )
    if recommendation is None or recommendation.is_written:
        return False
    tutor = recommendation.tutor
    context = {
        "tutor": tutor,
        "intern": recommendation.agreement.intern,
        "agreement": recommendation.agreement,
        "recommendation": recommendation,
        "link": recommendation_link(recommendation),
        "days": settings.SESAME_MAX_AGE // (24 * 3600),
    }
    with translation.override(tutor.language):
        subject = render_to_string("outcomes/email/recommendation_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("outcomes/email/recommendation.txt", context),
            to=[tutor.email],
            headers={"Content-Language": tutor.language, "Auto-Submitted": "auto-generated"},
        )
        message.send()
    return True
