"""A recommendation: the intern asks, the tutor writes through his magic link, she keeps it."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from balise.notifications.models import Notification, NotificationKind
from balise.outcomes import services
from balise.outcomes.models import Recommendation
from tests.outcomes.conftest import pdf_text


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BALISE_BASE_URL = "http://testserver"


def test_request_write_and_keep(
    personas, ended, client, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    personas.tutor.language = "en"
    personas.tutor.save()
    client.force_login(personas.intern)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outcomes:recommendation_request", args=[ended.pk]),
            {"message": "Pour ma candidature en master."},
        )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(agreement=ended)
    assert recommendation.tutor == personas.tutor and not recommendation.is_written
    (email,) = [m for m in mailoutbox if m.to == [personas.tutor.email]]
    assert email.subject == "Léa Martin asks you for a recommendation"
    assert "Pour ma candidature en master." in email.body
    assert "valid for 30 days" in email.body
    link = re.search(r"http://testserver(/accounts/magic/\S+)", email.body).group(1)

    # The tutor follows his link, lands on the page to write it, and writes it.
    client.logout()
    response = client.get(link)
    write = reverse("outcomes:recommendation_write", args=[recommendation.pk])
    assert response["Location"] == write
    page = client.get(write).content.decode()
    assert "Pour ma candidature en master." in page
    response = client.post(
        write,
        {
            "author_position": "Directeur technique",
            "text": "Léa a conçu notre API avec rigueur.\n\nJe la recommande sans réserve.",
        },
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.is_written and recommendation.author_position == "Directeur technique"
    # Written once: the tutor cannot change it any more.
    assert client.get(write).status_code == 403
    assert Notification.objects.filter(
        recipient=personas.intern, kind=NotificationKind.RECOMMENDATION_WRITTEN
    ).exists()

    # The intern sees it on her page and downloads it.
    client.force_login(personas.intern)
    page = client.get(reverse("outcomes:overview", args=[ended.pk])).content.decode()
    assert "Léa a conçu notre API avec rigueur." in page
    response = client.get(
        reverse("outcomes:recommendation_pdf", args=[recommendation.pk]) + "?lang=fr"
    )
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "Recommandation pour Léa Martin" in text
    assert "Rédigée par Paul Durand" in text and "Fonction Directeur technique" in text
    assert "Léa a conçu notre API avec rigueur. Je la recommande sans réserve." in text


def test_asking_again_reminds_the_tutor_of_the_same_request(
    personas, ended, client, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas.intern)
    url = reverse("outcomes:recommendation_request", args=[ended.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "Premier message"})
        client.post(url, {"message": "Relance"})
    recommendation = Recommendation.objects.get(agreement=ended)
    assert recommendation.reminded_at is not None and recommendation.message == "Relance"
    assert len([m for m in mailoutbox if m.to == [personas.tutor.email]]) == 2


def test_an_email_is_not_sent_for_a_request_written_meanwhile(
    personas, ended, immediate_tasks, mailoutbox
):
    from balise.outcomes.tasks import send_recommendation_request

    recommendation = services.recommendation_request(agreement=ended, by=personas.intern)
    services.recommendation_write(
        recommendation=recommendation, by=personas.tutor, text="Excellent travail."
    )
    assert send_recommendation_request.call(recommendation.pk) is False
    assert send_recommendation_request.call(999999) is False


def test_who_may_ask_and_write(personas, ended):
    for person in (personas.tutor, personas.referent, personas.staff):
        with pytest.raises(PermissionDenied):
            services.recommendation_request(agreement=ended, by=person)
    recommendation = services.recommendation_request(agreement=ended, by=personas.intern)
    for person in (personas.intern, personas.referent, personas.signatory):
        with pytest.raises(PermissionDenied):
            services.recommendation_write(recommendation=recommendation, by=person, text="x")
    with pytest.raises(ValidationError):
        services.recommendation_write(recommendation=recommendation, by=personas.tutor, text=" ")


def test_the_tutor_asked_keeps_access_after_a_new_tutor_takes_over(personas, ended, client):
    recommendation = services.recommendation_request(agreement=ended, by=personas.intern)
    ended.tutor = personas.other_tutor
    ended.save()
    client.force_login(personas.other_tutor)
    url = reverse("outcomes:recommendation_write", args=[recommendation.pk])
    assert client.get(url).status_code == 403
    client.force_login(personas.tutor)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Un excellent stage."})
    assert response["Location"] == reverse("home")
    recommendation.refresh_from_db()
    assert recommendation.is_written


def test_the_overview_invites_the_tutor_to_write(personas, ended, client):
    recommendation = services.recommendation_request(agreement=ended, by=personas.intern)
    client.force_login(personas.tutor)
    page = client.get(reverse("outcomes:overview", args=[ended.pk])).content.decode()
    assert reverse("outcomes:recommendation_write", args=[recommendation.pk]) in page
    client.force_login(personas.referent)
    page = client.get(reverse("outcomes:overview", args=[ended.pk])).content.decode()
    assert reverse("outcomes:recommendation_write", args=[recommendation.pk]) not in page
