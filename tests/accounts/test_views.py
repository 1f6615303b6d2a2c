import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_login_page_is_french_by_default_whatever_the_browser_says(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in page and "Se connecter" in page


def test_login_with_email_and_logout(personas, client):
    response = client.post(
        reverse("login"), {"username": "LEA.MARTIN@etu.example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_keeps_the_email_and_explains(personas, client):
    response = client.post(
        reverse("login"), {"username": "lea.martin@etu.example.org", "password": "nope"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="lea.martin@etu.example.org"' in page
    assert "ne correspondent à aucun compte" in page


def test_signed_in_person_on_login_page_goes_home(personas, client):
    client.force_login(personas.intern)
    assert client.get(reverse("login"))["Location"] == reverse("home")


def test_password_reset_by_email(personas, client):
    response = client.post(reverse("password_reset"), {"email": "lea.martin@etu.example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea.martin@etu.example.org"]
    assert "mot de passe" in message.subject.lower()
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "un-nouveau-secret-42", "new_password2": "un-nouveau-secret-42"}
    )
    assert response.status_code == 302
    assert client.login(username="lea.martin@etu.example.org", password="un-nouveau-secret-42")


def test_password_reset_reveals_nothing_about_unknown_addresses(db, client):
    response = client.post(reverse("password_reset"), {"email": "personne@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_language_switch_sets_cookie_and_saves_the_preference(personas, client):
    client.force_login(personas.intern)
    response = client.post(reverse("language_set"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    personas.intern.refresh_from_db()
    assert personas.intern.language == "en"
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page and "My agreements" in page


def test_saved_language_is_used_after_a_new_login(personas, client):
    personas.intern.language = "en"
    personas.intern.save()
    client.force_login(personas.intern)
    assert "My agreements" in client.get(reverse("home")).content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(
        reverse("language_set"), {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"
    assert client.get(reverse("language_set")).status_code == 405


def test_reset_email_goes_through_a_real_smtp_server(personas, client, settings, smtp_server):
    controller, handler = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    client.post(reverse("password_reset"), {"email": "lea.martin@etu.example.org"})
    assert len(handler.messages) == 1
    assert handler.messages[0].rcpt_tos == ["lea.martin@etu.example.org"]
    assert b"/accounts/password/reset/" in handler.messages[0].content


def test_user_manager_normalises_email(db):
    user = get_user_model().objects.create_user("Marie.Curie@Example.ORG", "x")
    assert user.email == "marie.curie@example.org"
    assert get_user_model().objects.get_by_natural_key("MARIE.curie@example.org") == user
