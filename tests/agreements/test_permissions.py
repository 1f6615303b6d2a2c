"""Every agreement view, for every persona: allowed → 2xx/3xx, read-only → 403,
outsider → 404, anonymous → login, wrong method → 405."""

import pytest
from django.urls import reverse

from balise.agreements.models import AgreementStatus
from tests import factories

WRITERS = ["intern", "tutor", "referent", "staff"]
READ_ONLY = ["signatory"]
OUTSIDERS = ["other_intern", "other_tutor", "other_staff"]
EVERYONE = WRITERS + READ_ONLY + OUTSIDERS


@pytest.fixture
def objects(personas):
    objective = factories.ObjectiveFactory(agreement=personas.agreement)
    milestone = factories.MilestoneFactory(objective=objective)
    mission = factories.MissionFactory(agreement=personas.agreement)
    return {
        "agreement": personas.agreement.pk,
        "objective": objective.pk,
        "milestone": milestone.pk,
        "mission": mission.pk,
    }


def expected_for(persona, *, readers_ok, writers_only):
    if persona in OUTSIDERS:
        return 404
    if persona in READ_ONLY and writers_only:
        return 403
    return readers_ok


# (url name, object key, method, data, success status, writers only)
VIEWS = [
    ("agreements:detail", "agreement", "get", None, 200, False),
    ("agreements:edit", "agreement", "get", None, 200, True),
    ("agreements:check", "agreement", "post", {"start_date": "2026-04-13"}, 200, True),
    ("agreements:objective_create", "agreement", "post", {"new-title": ""}, 400, True),
    ("agreements:mission_create", "agreement", "post", {"mission-description": "Tests"}, 302, True),
    ("agreements:objective_edit", "objective", "get", None, 200, True),
    ("agreements:objective_move", "objective", "post", {"direction": "up"}, 302, True),
    (
        "agreements:milestone_create",
        "objective",
        "post",
        {"milestone-title": "Revue", "milestone-due_date": "2026-06-01"},
        302,
        True,
    ),
    ("agreements:milestone_edit", "milestone", "get", None, 200, True),
    ("agreements:milestone_delete", "milestone", "post", {}, 302, True),
    ("agreements:mission_move", "mission", "post", {"direction": "down"}, 302, True),
    ("agreements:mission_delete", "mission", "post", {}, 302, True),
    ("agreements:objective_delete", "objective", "post", {}, 302, True),
]


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize(
    ("name", "key", "method", "data", "success", "writers_only"),
    VIEWS,
    ids=[view[0].split(":")[1] for view in VIEWS],
)
def test_agreement_views_per_persona(
    personas, objects, client, persona, name, key, method, data, success, writers_only
):
    client.force_login(personas.by_name(persona))
    url = reverse(name, args=[objects[key]])
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected_for(
        persona, readers_ok=success, writers_only=writers_only
    )


@pytest.mark.parametrize(
    ("name", "key", "method", "data", "success", "writers_only"),
    VIEWS,
    ids=[view[0].split(":")[1] for view in VIEWS],
)
def test_anonymous_is_sent_to_login(
    objects, client, name, key, method, data, success, writers_only
):
    url = reverse(name, args=[objects[key]])
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "key", "wrong"),
    [
        ("agreements:detail", "agreement", "post"),
        ("agreements:submit", "agreement", "get"),
        ("agreements:check", "agreement", "get"),
        ("agreements:objective_delete", "objective", "get"),
        ("agreements:milestone_delete", "milestone", "get"),
        ("agreements:mission_delete", "mission", "get"),
        ("agreements:objective_move", "objective", "get"),
    ],
)
def test_wrong_method_is_405(personas, objects, client, name, key, wrong):
    client.force_login(personas.intern)
    response = getattr(client, wrong)(reverse(name, args=[objects[key]]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("intern", 302),
        ("referent", 302),
        ("staff", 302),
        ("tutor", 403),
        ("signatory", 403),
        ("other_intern", 404),
        ("other_tutor", 404),
        ("other_staff", 404),
    ],
)
def test_submit_per_persona(personas, client, persona, expected):
    client.force_login(personas.by_name(persona))
    response = client.post(reverse("agreements:submit", args=[personas.agreement.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize("persona", WRITERS)
def test_signed_agreement_is_read_only_for_everyone(personas, client, persona):
    personas.agreement.status = AgreementStatus.SIGNED
    personas.agreement.save()
    client.force_login(personas.by_name(persona))
    assert client.get(reverse("agreements:detail", args=[personas.agreement.pk])).status_code == 200
    assert client.get(reverse("agreements:edit", args=[personas.agreement.pk])).status_code == 403


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("intern", 200),
        ("staff", 200),
        ("tutor", 403),
        ("referent", 403),
        ("signatory", 403),
        ("other_intern", 200),
        ("other_tutor", 403),
    ],
)
def test_create_and_host_picker_per_persona(personas, client, persona, expected):
    client.force_login(personas.by_name(persona))
    for url in (
        reverse("agreements:create"),
        reverse("organizations:host_search") + "?q=Entre",
        reverse("organizations:host_create"),
    ):
        assert client.get(url).status_code == expected, url


def test_create_pages_send_anonymous_to_login(client):
    for url in (
        reverse("agreements:create"),
        reverse("organizations:host_search"),
        reverse("organizations:host_create"),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_unknown_agreement_is_404_like_a_hidden_one(personas, client):
    client.force_login(personas.intern)
    assert client.get(reverse("agreements:detail", args=[999999])).status_code == 404
