import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from balise.notifications.models import EmailMode, Notification
from balise.notifications.selectors import notification_settings_for
from balise.notifications.services import notify, settings_update

PERSONAS = [
    "intern",
    "tutor",
    "referent",
    "staff",
    "signatory",
    "other_intern",
    "other_tutor",
    "other_staff",
]


@pytest.fixture
def inbox(personas):
    """One notification for each persona, about a comment by someone else."""
    found = {}
    for name in PERSONAS:
        person = personas.by_name(name)
        actor = personas.staff if person != personas.staff else personas.intern
        (found[name],) = notify(
            recipients=[person],
            kind="comment",
            agreement=personas.agreement,
            actor=actor,
            data={"objective": f"Objectif de {name}"},
        )
    return found


@pytest.mark.parametrize("name", PERSONAS)
def test_list_shows_only_the_persons_own_notifications(personas, inbox, client, name):
    client.force_login(personas.by_name(name))
    response = client.get(reverse("notifications:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(f"Objectif de {name}") in page
    assert reverse("notifications:open", args=[inbox[name].pk]) in page
    others = [other for other in PERSONAS if other != name]
    assert not any(escape(f"Objectif de {other}") in page for other in others)
    assert 'class="panel notification unread"' in page


def test_list_is_french_by_default_and_newest_first(personas, client):
    for objective in ("Premier", "Second"):
        notify(
            recipients=[personas.intern],
            kind="comment",
            agreement=personas.agreement,
            actor=personas.tutor,
            data={"objective": objective},
        )
    client.force_login(personas.intern)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '<html lang="fr">' in page
    assert "maintenant" in page  # humanize's French "à l'instant" / "maintenant"
    assert page.index("Second") < page.index("Premier")


def test_empty_list(personas, client):
    client.force_login(personas.other_tutor)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200 and 'class="empty"' in response.content.decode()
    assert reverse("notifications:read_all") not in response.content.decode()


def test_list_is_paginated(personas, client):
    for version in range(30):
        notify(
            recipients=[personas.intern],
            kind="signed",
            agreement=personas.agreement,
            actor=personas.tutor,
            data={"version": version + 1},
        )
    client.force_login(personas.intern)
    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_list_costs_a_fixed_number_of_queries(
    personas, client, django_assert_max_num_queries, count
):
    for person in (personas.tutor, personas.staff, personas.referent):
        for _ in range(count // 3):
            notify(
                recipients=[personas.intern],
                kind="comment",
                agreement=personas.agreement,
                actor=person,
                data={"objective": "x"},
            )
    client.force_login(personas.intern)
    # session, user, count, page, unread count (and the school roles of base.html)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notifications:list")).status_code == 200


@pytest.mark.parametrize("name", PERSONAS)
def test_opening_marks_read_and_goes_to_the_agreement(personas, inbox, client, name):
    client.force_login(personas.by_name(name))
    response = client.post(reverse("notifications:open", args=[inbox[name].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[personas.agreement.pk])
    inbox[name].refresh_from_db()
    assert inbox[name].read_at is not None


def test_opening_a_notification_without_agreement_goes_back_to_the_list(personas, client):
    (notification,) = notify(recipients=[personas.tutor], kind="invitation", actor=personas.intern)
    client.force_login(personas.tutor)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.parametrize("name", PERSONAS)
def test_someone_elses_notification_is_not_found(personas, inbox, client, name):
    client.force_login(personas.by_name(name))
    for other in PERSONAS:
        if other == name:
            continue
        response = client.post(reverse("notifications:open", args=[inbox[other].pk]))
        assert response.status_code == 404, other
    assert Notification.objects.filter(read_at__isnull=False).count() == 0
    assert client.post(reverse("notifications:open", args=[999999])).status_code == 404


def test_mark_all_read_marks_only_the_persons_own(personas, inbox, client):
    client.force_login(personas.tutor)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notifications:list")
    assert 'class="panel notification unread"' not in response.content.decode()
    read = Notification.objects.filter(read_at__isnull=False)
    assert list(read) == [inbox["tutor"]]


def test_settings_page_shows_the_choice_and_saves_it(personas, client):
    client.force_login(personas.signatory)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert 'value="immediate" required id="id_email_mode_0" checked>' in page
    response = client.post(reverse("notifications:settings"), {"email_mode": "digest"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:settings")
    assert notification_settings_for(personas.signatory).email_mode == EmailMode.DIGEST
    page = client.get(reverse("notifications:settings")).content.decode()
    assert 'value="digest" required id="id_email_mode_1" checked>' in page
    assert 'id="id_email_mode_0" checked' not in page
    response = client.post(reverse("notifications:settings"), {"email_mode": "hourly"})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert notification_settings_for(personas.signatory).email_mode == EmailMode.DIGEST


def test_settings_are_each_persons_own(personas, client):
    settings_update(user=personas.intern, email_mode=EmailMode.NONE)
    client.force_login(personas.tutor)
    client.post(reverse("notifications:settings"), {"email_mode": "digest"})
    assert notification_settings_for(personas.intern).email_mode == EmailMode.NONE
    assert notification_settings_for(personas.tutor).email_mode == EmailMode.DIGEST


def test_anonymous_goes_to_login(personas, inbox, client):
    login = reverse("login")
    for method, url in [
        ("get", reverse("notifications:list")),
        ("get", reverse("notifications:settings")),
        ("post", reverse("notifications:settings")),
        ("post", reverse("notifications:read_all")),
        ("post", reverse("notifications:open", args=[inbox["intern"].pk])),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_wrong_methods(personas, inbox, client):
    client.force_login(personas.intern)
    own = reverse("notifications:open", args=[inbox["intern"].pk])
    for method, url in [
        ("post", reverse("notifications:list")),
        ("delete", reverse("notifications:list")),
        ("get", reverse("notifications:read_all")),
        ("get", own),
        ("put", reverse("notifications:settings")),
    ]:
        assert getattr(client, method)(url).status_code == 405, (method, url)
    inbox["intern"].refresh_from_db()
    assert inbox["intern"].read_at is None


def test_header_link_shows_the_unread_count(personas, inbox):
    template = Template("{% load notifications %}{% notifications_link %}")
    request = RequestFactory().get("/")
    request.user = personas.intern
    html = template.render(Context({"request": request}))
    assert f'href="{reverse("notifications:list")}"' in html
    assert '<span class="chip" aria-hidden="true">1</span>' in html
    Notification.objects.update(read_at=inbox["intern"].created_at)
    assert "chip" not in template.render(Context({"request": request}))


def test_header_count_stops_at_99_plus(personas):
    for _ in range(101):
        notify(
            recipients=[personas.intern],
            kind="comment",
            agreement=personas.agreement,
            actor=personas.tutor,
        )
    template = Template("{% load notifications %}{% unread_notification_count as n %}{{ n }}")
    request = RequestFactory().get("/")
    request.user = personas.intern
    assert template.render(Context({"request": request})) == "100"
    html = Template("{% load notifications %}{% notifications_link %}").render(
        Context({"request": request})
    )
    assert ">99+</span>" in html
