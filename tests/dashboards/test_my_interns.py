"""The "my interns" page of tutors, referents and staff."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from balise.agreements.models import Agreement, AgreementStatus
from balise.checkins.models import CheckInStatus
from balise.dashboards import views
from balise.journal.models import AlertCode, AlertState
from tests import factories
from tests.dashboards import helpers as h

TODAY = timezone.localdate()
URL = reverse("dashboards:my_interns")
# Those who follow interns: the tutor and the referent of an agreement, a school's staff.
FOLLOWERS = {"tutor", "referent", "staff", "other_tutor", "other_staff"}


def listed(response):
    return [row.agreement for row in response.context["page"].object_list]


@pytest.mark.parametrize("persona", h.PERSONAS)
def test_who_has_the_page(personas, running, client, persona):
    client.force_login(personas.by_name(persona))
    response = client.get(URL)
    assert response.status_code == (200 if persona in FOLLOWERS else 403), persona
    if response.status_code == 200:
        names = [str(agreement.intern) for agreement in listed(response)]
        if persona in {"tutor", "referent", "staff"}:
            assert names == ["Léa Martin"], persona
        else:  # other_tutor's agreement is a draft; other_staff is of another school
            assert names == [], persona


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_is_read_only(personas, client):
    client.force_login(personas.tutor)
    assert client.post(URL).status_code == 405


def test_which_internships_are_listed(personas, running, client):
    def agreement(status, **people):
        return factories.AgreementFactory(
            program=personas.program,
            intern=factories.UserFactory(),
            status=status,
            title=f"Stage {status}",
            **people,
        )

    signed = agreement(AgreementStatus.SIGNED, tutor=personas.tutor)
    completed = agreement(AgreementStatus.COMPLETED, referent=personas.referent)
    agreement(AgreementStatus.NEGOTIATION, tutor=personas.tutor)
    agreement(AgreementStatus.CANCELLED, tutor=personas.tutor, referent=personas.referent)
    agreement(AgreementStatus.DRAFT, referent=personas.referent)
    unfollowed = agreement(AgreementStatus.IN_PROGRESS)  # no tutor, no referent yet

    client.force_login(personas.tutor)
    assert set(listed(client.get(URL))) == {running, signed}
    client.force_login(personas.referent)
    assert set(listed(client.get(URL))) == {running, completed}
    # Staff see their school's internships in progress, followed by them or not.
    client.force_login(personas.staff)
    assert set(listed(client.get(URL))) == {running, unfollowed}
    client.force_login(personas.other_staff)
    assert listed(client.get(URL)) == []


def test_what_needs_attention_comes_first(personas, running, client, followed):
    quiet, alarming = followed(2)
    # Both have an open alert and overdue actions from the fixture; only one keeps them.
    quiet.alerts.update(state=AlertState.RESOLVED)
    quiet.action_items.update(done_at=timezone.now())
    h.alert(alarming, AlertCode.UNRELATED_SHARE_HIGH)
    client.force_login(personas.tutor)
    response = client.get(URL)
    rows = response.context["page"].object_list
    assert [row.agreement for row in rows][0] == alarming
    scores = [row.attention.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    html = response.content.decode()
    assert html.index(str(alarming.intern)) < html.index(str(quiet.intern))


def test_each_row_says_why(personas, running, client):
    main = running.objectives.get(kind="main")
    other = running.objectives.exclude(pk=main.pk).get()
    factories.MilestoneFactory(objective=other, title="Démo", due_date=TODAY - dt.timedelta(days=4))
    held = h.checkin(running, TODAY - dt.timedelta(days=10))
    h.rate_objective(held, main, 1, role="tutor", rater=personas.tutor)
    h.action(held, "Écrire les tests", owner=personas.intern, due=TODAY - dt.timedelta(days=1))
    h.action(held, "Déjà fait", owner=personas.intern, due=TODAY - dt.timedelta(days=1), done=True)
    h.action(held, "Plus tard", owner=personas.intern, due=TODAY + dt.timedelta(days=5))
    later = h.checkin(running, TODAY + dt.timedelta(days=4), status=CheckInStatus.SCHEDULED)
    h.checkin(running, TODAY + dt.timedelta(days=18), status=CheckInStatus.SCHEDULED)
    h.checkin(running, TODAY - dt.timedelta(days=3), status=CheckInStatus.CANCELLED)
    h.alert(running, AlertCode.LOGBOOK_SILENT)
    h.alert(running, AlertCode.OBJECTIVE_NEGLECTED, objective=other)
    h.alert(running, AlertCode.REPETITIVE_ROUTINE, state=AlertState.ACKNOWLEDGED)
    client.force_login(personas.referent)
    response = client.get(URL)
    (row,) = response.context["page"].object_list
    assert row.last_checkin == TODAY - dt.timedelta(days=10)
    assert row.next_checkin == later.starts_at
    assert not row.next_checkin_overdue
    assert row.overdue_actions == 1
    assert row.open_alerts == 2
    assert row.late_objectives == [other.title]
    assert row.attention.score == 3 * 2 + 2 * 1 + 1
    html = response.content.decode()
    assert other.title in html
    assert reverse("dashboards:path", args=[running.pk]) in html


def test_a_check_in_past_its_date_and_not_held_is_flagged(personas, running, client):
    h.checkin(running, TODAY - dt.timedelta(days=2), status=CheckInStatus.SCHEDULED)
    client.force_login(personas.tutor)
    response = client.get(URL)
    (row,) = response.context["page"].object_list
    assert row.next_checkin_overdue
    assert row.last_checkin is None
    assert row.attention.days_since_last_checkin == 21  # since the start
    assert "planned but not held yet" in response.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_the_page_costs_the_same_whatever_the_number_of_interns(
    personas, client, followed, django_assert_max_num_queries, count
):
    followed(count)
    client.force_login(personas.tutor)
    with django_assert_max_num_queries(14):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == count
    assert all(row.open_alerts == 1 for row in response.context["page"].object_list)
    assert all(row.overdue_actions == 2 for row in response.context["page"].object_list)


def test_staff_see_their_school_page_by_page(
    personas, client, followed, django_assert_max_num_queries
):
    made = followed(views.MY_INTERNS_PAGE_SIZE + 2)
    client.force_login(personas.staff)
    with django_assert_max_num_queries(14):
        first = client.get(URL)
    second = client.get(URL, {"page": 2})
    seen = listed(first) + listed(second)
    assert len(listed(first)) == views.MY_INTERNS_PAGE_SIZE
    assert sorted(a.pk for a in seen) == sorted(a.pk for a in made)
    assert 'rel="next"' in first.content.decode()


def test_the_home_link_shows_to_those_who_follow_interns(personas):
    request = RequestFactory().get("/")
    for roles, shown in (
        (["tutor"], True),
        (["referent"], True),
        (["staff"], True),
        (["intern", "signatory"], False),
    ):
        html = render_to_string("dashboards/_home_link.html", {"roles": roles}, request)
        assert (URL in html) is shown, roles


def test_the_path_link_shows_to_those_who_may_read_the_path(personas, running):
    request = RequestFactory().get("/")
    for persona, shown in (("intern", True), ("staff", True), ("signatory", False)):
        request.user = personas.by_name(persona)
        html = render_to_string(
            "dashboards/_path_link.html",
            {"agreement": running, "user": request.user},
            request,
        )
        assert (reverse("dashboards:path", args=[running.pk]) in html) is shown, persona


def test_an_agreement_without_objectives_counts_nothing(personas, client):
    Agreement.objects.filter(pk=personas.agreement.pk).update(
        status=AgreementStatus.IN_PROGRESS,
        start_date=TODAY - dt.timedelta(days=3),
        end_date=TODAY + dt.timedelta(days=30),
    )
    client.force_login(personas.tutor)
    (row,) = client.get(URL).context["page"].object_list
    assert row.overall.progress == 0 and row.late_objectives == []
    assert row.attention.score == 0
