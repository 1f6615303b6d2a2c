"""Every check-in view for every persona; hidden preparations in pages and fragments; the
justification of a jump; read-only after sign-off; query counts."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from balise.checkins import services
from balise.checkins.models import (
    ActionItem,
    CalendarFeed,
    CheckIn,
    CheckInStatus,
    Feedback,
    ObjectiveRating,
)
from tests import factories
from tests.checkins.conftest import hold_and_sign, prepare, ratings_for, start_of_internship

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
OUTSIDERS = {"other_intern", "other_tutor", "other_staff"}
READERS = {"intern", "tutor", "referent", "staff"}
LEADS = {"tutor", "referent"}
RATERS = {"intern", "tutor", "referent"}
SIGNERS = {"intern", "tutor"}
TODAY = timezone.localdate()


def expect(persona, allowed, ok):
    if persona in OUTSIDERS:
        return 404
    return ok if persona in allowed else 403


@pytest.fixture
def english(personas):
    for person in (personas.intern, personas.tutor, personas.referent, personas.staff):
        person.language = "en"
        person.save()


@pytest.fixture
def held(personas, planned, first):
    services.checkin_hold(checkin=first, by=personas.tutor)
    first.refresh_from_db()
    return first


# The agreement's pages ------------------------------------------------------------------------

AGREEMENT_VIEWS = [
    ("list", "get", None, READERS, 200),
    ("plan", "get", None, LEADS, 200),
    ("plan", "post", {"cadence_weeks": "0"}, LEADS, 400),
    ("add", "get", None, LEADS, 200),
    ("add", "post", {"date": "x"}, LEADS, 400),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "allowed", "ok"),
    AGREEMENT_VIEWS,
    ids=[f"{v[0]}-{v[1]}" for v in AGREEMENT_VIEWS],
)
def test_agreement_views_per_persona(
    personas, planned, client, persona, name, method, data, allowed, ok
):
    client.force_login(personas.by_name(persona))
    url = reverse(f"checkins:{name}", args=[planned.pk])
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expect(persona, allowed, ok)


# One check-in's pages -------------------------------------------------------------------------

CHECKIN_VIEWS = [
    # name, method, data, which check-in, allowed, ok
    ("detail", "get", None, "second", READERS, 200),
    ("ratings", "get", None, "second", READERS, 200),
    ("prepare", "post", {"action": "save"}, "second", RATERS, 302),
    ("move", "get", None, "second", LEADS, 200),
    ("move", "post", {"date": ""}, "second", LEADS, 400),
    ("cancel", "get", None, "second", LEADS, 200),
    ("cancel", "post", {"reason": "Séminaire"}, "second", LEADS, 302),
    ("hold", "post", None, "first", LEADS, 302),
    ("feedback_add", "post", {"kind": "strength", "strength-text": "Rigueur"}, "held", LEADS, 302),
    (
        "adjustment_add",
        "post",
        {"adjustment-text": "Moins de support", "adjustment-scope": "mission"},
        "held",
        LEADS,
        302,
    ),
    ("action_add", "post", {"action-text": ""}, "held", LEADS, 400),
    ("milestone_reached", "post", {}, "held", LEADS, 400),
    ("sign", "post", None, "held", SIGNERS, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "which", "allowed", "ok"),
    CHECKIN_VIEWS,
    ids=[f"{v[0]}-{v[1]}" for v in CHECKIN_VIEWS],
)
def test_checkin_views_per_persona(
    personas, planned, first, second, client, persona, name, method, data, which, allowed, ok
):
    if which == "held":
        services.checkin_hold(checkin=first, by=personas.tutor)
    checkin = second if which == "second" else first
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(reverse(f"checkins:{name}", args=[checkin.pk]), data or {})
    assert response.status_code == expect(persona, allowed, ok), response.content[:500]


@pytest.mark.parametrize("persona", PERSONAS)
def test_record_item_views_per_persona(personas, planned, held, second, client, persona):
    feedback = services.feedback_add(checkin=held, by=personas.tutor, kind="strength", text="x")
    item = services.action_item_add(
        checkin=held, by=personas.tutor, text="y", owner=personas.intern, due_date=TODAY
    )
    client.force_login(personas.by_name(persona))
    for url, allowed in (
        (reverse("checkins:action_done", args=[held.pk, item.pk]), RATERS),
        (reverse("checkins:feedback_delete", args=[feedback.pk]), LEADS),
        (reverse("checkins:action_delete", args=[item.pk]), LEADS),
    ):
        assert client.post(url).status_code == expect(persona, allowed, 302), url
    gone = persona in LEADS
    assert Feedback.objects.filter(pk=feedback.pk).exists() is not gone
    assert ActionItem.objects.filter(pk=item.pk).exists() is not gone


@pytest.mark.parametrize("persona", PERSONAS)
def test_calendar_views_per_persona(personas, planned, client, persona):
    client.force_login(personas.by_name(persona))
    assert client.get(reverse("checkins:calendar")).status_code == 200
    feed = CalendarFeed.objects.get(user=personas.by_name(persona))
    assert client.post(reverse("checkins:calendar_revoke")).status_code == 302
    assert CalendarFeed.objects.get(pk=feed.pk).token != feed.token


LOGIN_VIEWS = [
    ("list", "agreement", "get"),
    ("plan", "agreement", "get"),
    ("plan", "agreement", "post"),
    ("add", "agreement", "get"),
    ("add", "agreement", "post"),
    ("detail", "checkin", "get"),
    ("ratings", "checkin", "get"),
    ("prepare", "checkin", "post"),
    ("move", "checkin", "get"),
    ("move", "checkin", "post"),
    ("cancel", "checkin", "get"),
    ("cancel", "checkin", "post"),
    ("hold", "checkin", "post"),
    ("feedback_add", "checkin", "post"),
    ("adjustment_add", "checkin", "post"),
    ("action_add", "checkin", "post"),
    ("milestone_reached", "checkin", "post"),
    ("sign", "checkin", "post"),
    ("action_done", "item", "post"),
    ("feedback_delete", "feedback", "post"),
    ("action_delete", "action", "post"),
    ("calendar", None, "get"),
    ("calendar_revoke", None, "post"),
]


@pytest.mark.parametrize(
    ("name", "target", "method"), LOGIN_VIEWS, ids=[f"{v[0]}-{v[2]}" for v in LOGIN_VIEWS]
)
def test_anonymous_goes_to_the_login_page(personas, planned, held, client, name, target, method):
    feedback = services.feedback_add(checkin=held, by=personas.tutor, kind="strength", text="x")
    item = services.action_item_add(
        checkin=held, by=personas.tutor, text="y", owner=personas.intern, due_date=TODAY
    )
    args = {
        "agreement": [planned.pk],
        "checkin": [held.pk],
        "item": [held.pk, item.pk],
        "feedback": [feedback.pk],
        "action": [item.pk],
        None: [],
    }[target]
    before = (CheckIn.objects.filter(status="held").count(), Feedback.objects.count())
    response = getattr(client, method)(reverse(f"checkins:{name}", args=args), {"reason": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert (CheckIn.objects.filter(status="held").count(), Feedback.objects.count()) == before
    assert ActionItem.objects.get(pk=item.pk).done_at is None


WRONG_METHODS = [
    ("list", "agreement", "post"),
    ("detail", "checkin", "post"),
    ("ratings", "checkin", "post"),
    ("prepare", "checkin", "get"),
    ("hold", "checkin", "get"),
    ("feedback_add", "checkin", "get"),
    ("adjustment_add", "checkin", "get"),
    ("action_add", "checkin", "get"),
    ("milestone_reached", "checkin", "get"),
    ("sign", "checkin", "get"),
    ("move", "checkin", "put"),
    ("cancel", "checkin", "delete"),
    ("plan", "agreement", "put"),
    ("calendar", None, "post"),
    ("calendar_revoke", None, "get"),
]


@pytest.mark.parametrize(
    ("name", "target", "method"), WRONG_METHODS, ids=[f"{v[0]}-{v[2]}" for v in WRONG_METHODS]
)
def test_wrong_method_is_405(personas, planned, first, client, name, target, method):
    args = {"agreement": [planned.pk], "checkin": [first.pk], None: []}[target]
    client.force_login(personas.tutor)
    assert getattr(client, method)(reverse(f"checkins:{name}", args=args)).status_code == 405


def test_the_feed_needs_no_login_and_revoking_kills_the_old_address(personas, planned, client):
    feed = services.calendar_feed_get(user=personas.intern)
    url = reverse("checkins:feed", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert client.post(url).status_code == 405
    services.calendar_feed_revoke(user=personas.intern)
    assert client.get(url).status_code == 404
    assert client.get(reverse("checkins:feed", args=["guessed-token"])).status_code == 404
    personas.intern.is_active = False
    personas.intern.save()
    feed.refresh_from_db()
    assert client.get(reverse("checkins:feed", args=[feed.token])).status_code == 404


# Hidden preparations ----------------------------------------------------------------------------

SECRET_WHY = "Parce que le lot deux est déjà livré"
SECRET_NOTES = "Secret : le client pilote hésite"


def intern_cells(html):
    return re.findall(r'<td data-role="intern"([^>]*)>', html)


def test_the_tutor_never_sees_the_interns_preparation_before_both_submitted(
    personas, planned, first, second, client
):
    prepare(first, personas.intern, zone=1)
    objectives, competencies = ratings_for(planned, zone=2)
    objective = planned.objectives.first()
    objectives[objective.pk] = (3, SECRET_WHY)
    services.checkin_prepare(
        checkin=second,
        by=personas.intern,
        objectives=objectives,
        competencies=competencies,
        went_well=SECRET_NOTES,
        blocked=SECRET_NOTES,
        submit=True,
    )
    pages = {
        "detail": reverse("checkins:detail", args=[second.pk]),
        "ratings": reverse("checkins:ratings", args=[second.pk]),
    }
    for persona in ("tutor", "referent", "staff"):
        client.force_login(personas.by_name(persona))
        for name, url in pages.items():
            html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
            assert SECRET_NOTES not in html and SECRET_WHY not in html, (persona, name)
            cells = intern_cells(html)
            assert cells and all('data-hidden="1"' in c and "data-value" not in c for c in cells)
    # The fragment polls until both have submitted.
    client.force_login(personas.tutor)
    assert 'hx-trigger="every 30s"' in client.get(pages["ratings"]).content.decode()
    # Once the tutor submits, each sees the other's, side by side.
    prepare(second, personas.tutor, zone=1)
    for persona in ("tutor", "intern"):
        client.force_login(personas.by_name(persona))
        html = client.get(pages["detail"]).content.decode()
        assert SECRET_NOTES in html and SECRET_WHY in html
        assert 'data-role="intern" data-value="3"' in html
        assert 'data-role="tutor" data-value="1"' in html
        assert 'hx-trigger="every 30s"' not in html


def test_the_intern_does_not_see_the_tutors_notes_either(personas, planned, second, client):
    prepare(second, personas.tutor, zone=2, notes=SECRET_NOTES)
    client.force_login(personas.intern)
    html = client.get(reverse("checkins:detail", args=[second.pk])).content.decode()
    assert SECRET_NOTES not in html
    assert all('data-hidden="1"' in c for c in re.findall(r'<td data-role="tutor"([^>]*)>', html))


# The preparation form ---------------------------------------------------------------------------


def form_data(agreement, zone, level, action="save", **extra):
    data = {"action": action}
    for objective in agreement.objectives.all():
        data[f"prep-objective-{objective.pk}"] = str(zone)
        for competency in objective.competencies.all():
            data[f"prep-competency-{competency.pk}"] = str(level)
    return data | extra


def test_a_jump_without_justification_is_a_form_error_and_keeps_what_was_typed(
    personas, planned, first, second, client, english
):
    prepare(first, personas.intern, zone=0, level=1)
    objective = planned.objectives.order_by("position").first()
    client.force_login(personas.intern)
    data = form_data(planned, 1, 2, action="submit", **{"prep-went_well": "J'ai livré le lot un"})
    data[f"prep-objective-{objective.pk}"] = "2"
    response = client.post(reverse("checkins:prepare", args=[second.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "moved by two steps or more" in html
    assert "J&#x27;ai livré le lot un" in html
    assert re.search(
        rf'<input type="radio" name="prep-objective-{objective.pk}" value="2"[^>]*checked', html
    )
    assert not ObjectiveRating.objects.filter(checkin=second).exists()
    second.refresh_from_db()
    assert second.intern_submitted_at is None
    # With the line of justification, it goes through.
    data[f"prep-objective-{objective.pk}-why"] = "Le lot un est livré et testé"
    response = client.post(reverse("checkins:prepare", args=[second.pk]), data)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.intern_submitted_at is not None
    rating = ObjectiveRating.objects.get(checkin=second, objective=objective, role="intern")
    assert (rating.zone, rating.justification) == (2, "Le lot un est livré et testé")
    # Submitted: locked.
    assert client.post(reverse("checkins:prepare", args=[second.pk]), data).status_code == 403


def test_submitting_an_incomplete_preparation_says_what_is_missing(
    personas, planned, second, client, english
):
    client.force_login(personas.tutor)
    data = form_data(planned, 1, 2, action="submit")
    objective = planned.objectives.first()
    del data[f"prep-objective-{objective.pk}"]
    response = client.post(reverse("checkins:prepare", args=[second.pk]), data)
    assert response.status_code == 400
    assert "Rate it before submitting." in response.content.decode()
    # Saving the same without submitting is fine.
    data["action"] = "save"
    assert client.post(reverse("checkins:prepare", args=[second.pk]), data).status_code == 302


# Holding, recording, signing through the pages ---------------------------------------------------


def test_the_tutor_records_and_both_sign_off_then_it_is_read_only(
    personas, planned, first, second, client, english
):
    client.force_login(personas.tutor)
    assert client.post(reverse("checkins:hold", args=[first.pk])).status_code == 302
    for kind, text in (("strength", "Rigueur"), ("improvement", "Prioriser")):
        response = client.post(
            reverse("checkins:feedback_add", args=[first.pk]),
            {"kind": kind, f"{kind}-text": text},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("checkins:action_add", args=[first.pk]),
        {
            "action-text": "Documenter l'API",
            "action-owner": str(personas.intern.pk),
            "action-due_date": (TODAY + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("checkins:sign", args=[first.pk])).status_code == 302
    client.force_login(personas.intern)
    assert client.post(reverse("checkins:sign", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.status == CheckInStatus.SIGNED
    html = client.get(reverse("checkins:detail", args=[first.pk])).content.decode()
    assert "this record is final" in html and "Documenter l" in html
    assert 'action="/checkins/' not in html.split('id="record"')[1].split("</section>")[0]
    feedback = Feedback.objects.filter(checkin=first).first()
    item = ActionItem.objects.get(checkin=first)
    writes = [
        (reverse("checkins:hold", args=[first.pk]), {}),
        (reverse("checkins:prepare", args=[first.pk]), {"action": "save"}),
        (
            reverse("checkins:feedback_add", args=[first.pk]),
            {"kind": "strength", "strength-text": "x"},
        ),
        (reverse("checkins:adjustment_add", args=[first.pk]), {}),
        (reverse("checkins:action_add", args=[first.pk]), {}),
        (reverse("checkins:milestone_reached", args=[first.pk]), {}),
        (reverse("checkins:sign", args=[first.pk]), {}),
        (reverse("checkins:move", args=[first.pk]), {}),
        (reverse("checkins:cancel", args=[first.pk]), {"reason": "x"}),
        (reverse("checkins:feedback_delete", args=[feedback.pk]), {}),
        (reverse("checkins:action_delete", args=[item.pk]), {}),
        (reverse("checkins:action_done", args=[first.pk, item.pk]), {}),
    ]
    for persona in READERS:
        client.force_login(personas.by_name(persona))
        for url, data in writes:
            assert client.post(url, data).status_code == 403, (persona, url)
    assert Feedback.objects.filter(checkin=first).count() == 2
    # The next check-in carries the open next step, and it is ticked there.
    html = client.get(reverse("checkins:detail", args=[second.pk])).content.decode()
    assert "Documenter l" in html.split('id="changes"')[1]
    client.force_login(personas.intern)
    response = client.post(reverse("checkins:action_done", args=[second.pk, item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_in_id == second.pk


def test_holding_before_the_day_says_so(personas, planned, client, english):
    third = CheckIn.objects.filter(agreement=planned).order_by("starts_at")[2]
    client.force_login(personas.tutor)
    html = client.get(reverse("checkins:detail", args=[third.pk])).content.decode()
    assert "from its day on" in html
    response = client.post(reverse("checkins:hold", args=[third.pk]), follow=True)
    assert "held on its day or later" in response.content.decode()
    third.refresh_from_db()
    assert third.status == CheckInStatus.SCHEDULED


def test_plan_add_move_and_cancel_through_the_pages(personas, planned, client, english):
    client.force_login(personas.referent)
    response = client.post(
        reverse("checkins:plan", args=[planned.pk]),
        {
            "cadence_weeks": "3",
            "weekday": "1",
            "time": "09:30",
            "duration_minutes": "60",
            "place": "Visio",
        },
    )
    assert response.status_code == 302
    upcoming = CheckIn.objects.filter(agreement=planned, starts_at__gt=timezone.now())
    assert all(timezone.localtime(c.starts_at).hour == 9 for c in upcoming)
    assert all(c.place == "Visio" for c in upcoming)
    day = TODAY + dt.timedelta(days=2)
    response = client.post(
        reverse("checkins:add", args=[planned.pk]),
        {"date": day.isoformat(), "time": "16:00", "duration_minutes": "30", "place": ""},
    )
    added = CheckIn.objects.get(kind="ad_hoc")
    assert response.status_code == 302 and added.with_referent
    response = client.post(
        reverse("checkins:add", args=[planned.pk]),
        {
            "date": (planned.end_date + dt.timedelta(days=3)).isoformat(),
            "time": "16:00",
            "duration_minutes": "30",
        },
    )
    assert response.status_code == 400 and "within the internship" in response.content.decode()
    response = client.post(
        reverse("checkins:move", args=[added.pk]),
        {"date": day.isoformat(), "time": "17:00", "duration_minutes": "30", "place": "Salle B"},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert timezone.localtime(added.starts_at).hour == 17 and added.sequence == 1
    response = client.post(reverse("checkins:cancel", args=[added.pk]), {"reason": ""})
    assert response.status_code == 400
    client.post(reverse("checkins:cancel", args=[added.pk]), {"reason": "Grève des transports"})
    added.refresh_from_db()
    assert added.status == CheckInStatus.CANCELLED
    html = client.get(reverse("checkins:list", args=[planned.pk])).content.decode()
    assert "Grève des transports" in html


def test_the_list_page_plans_a_signed_internship_on_first_visit(personas, running, client):
    assert not CheckIn.objects.exists()
    client.force_login(personas.intern)
    assert client.get(reverse("checkins:list", args=[running.pk])).status_code == 200
    assert CheckIn.objects.filter(agreement=running).exists()


def test_the_list_of_a_draft_says_the_check_ins_come_later(personas, client, english):
    client.force_login(personas.intern)
    response = client.get(reverse("checkins:list", args=[personas.agreement.pk]))
    assert "planned once the agreement is signed" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_agreement_panel_shows_the_next_check_in(personas, planned, client, english):
    from django.template import Context, Template

    template = Template('{% include "checkins/_agreement_panel.html" %}')
    upcoming = CheckIn.objects.filter(agreement=planned).order_by("starts_at").first()
    for persona, shown in (("intern", True), ("staff", True), ("signatory", False)):
        html = template.render(Context({"agreement": planned, "user": personas.by_name(persona)}))
        assert (reverse("checkins:detail", args=[upcoming.pk]) in html) is shown, persona
        assert (reverse("checkins:list", args=[planned.pk]) in html) is shown
    draft = factories.AgreementFactory(program=personas.program, intern=personas.intern)
    html = template.render(Context({"agreement": draft, "user": personas.intern}))
    assert "checkins-panel" not in html


# Query counts ------------------------------------------------------------------------------------


def _more_agreements(personas, count):
    """`count` more running internships tutored by Paul, each with its plan."""
    for _ in range(count):
        agreement = factories.AgreementFactory(
            program=personas.program,
            intern=factories.UserFactory(),
            tutor=personas.tutor,
            referent=personas.referent,
            start_date=TODAY - dt.timedelta(days=20),
            end_date=TODAY + dt.timedelta(days=60),
            status="in_progress",
        )
        factories.ObjectiveFactory(agreement=agreement)
        services.checkin_plan_set(
            agreement=agreement, by=personas.tutor, now=start_of_internship(agreement)
        )


@pytest.mark.parametrize("extra", [0, 6])
def test_query_counts_do_not_grow_with_the_data(
    personas, planned, first, second, client, extra, django_assert_max_num_queries
):
    _more_agreements(personas, extra)
    hold_and_sign(first, personas)
    for week in range(extra + 1):
        factories.MilestoneFactory(
            objective=planned.objectives.first(),
            due_date=planned.start_date + dt.timedelta(days=week),
        )
    client.force_login(personas.tutor)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("checkins:list", args=[planned.pk])).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(reverse("checkins:detail", args=[second.pk])).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(reverse("checkins:detail", args=[first.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("checkins:calendar")).status_code == 200
    feed = CalendarFeed.objects.get(user=personas.tutor)
    client.logout()
    with django_assert_max_num_queries(3):
        assert client.get(reverse("checkins:feed", args=[feed.token])).status_code == 200
