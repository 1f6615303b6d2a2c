"""A check-in from start to end: the intern and the tutor prepare it separately (neither sees
the other's ratings before both submitted), the tutor holds it and records two strengths, an
area to improve, an adjustment and two next steps, both sign off; the next check-in opens
with what changed since and the open next steps, and the intern's path shows the competency
moved from "to explore" to "in progress"."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balise.checkins import services
from balise.checkins.models import ActionItem, CheckIn, CheckInStatus, Feedback
from balise.journal.services import activities_log
from tests.checkins.conftest import start_of_internship
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    page.wait_for_url("**/")


def rate(page, agreement, *, zone, level):
    for objective in agreement.objectives.all():
        page.locator(f"#rate-objective-{objective.pk} input[value='{zone}']").check()
        for competency in objective.competencies.all():
            page.locator(f"#rate-competency-{competency.pk} input[value='{level}']").check()


def add_feedback(page, summary, field, text, button):
    page.get_by_text(summary, exact=True).click()
    page.locator(field).fill(text)
    page.get_by_role("button", name=button).click()


def test_a_check_in_prepared_held_and_signed_off(
    page, personas, running, django_db_serialized_rollback
):
    for person in (personas.intern, personas.tutor):
        person.language = "en"
        person.save()
    services.checkin_plan_set(
        agreement=running, by=personas.tutor, now=start_of_internship(running)
    )
    first, second = CheckIn.objects.filter(agreement=running).order_by("starts_at")[:2]
    api = running.objectives.order_by("position").first()
    communication = api.competencies.get()
    first_url, second_url = f"/checkins/{first.pk}/", f"/checkins/{second.pk}/"
    path_url = f"/path/{running.pk}/"

    # Before: the competency is still to explore on the intern's path.
    log_in(page, personas.intern.email)
    page.goto(path_url)
    expect(page.locator(f".competency-to_explore #competency-{communication.pk}")).to_be_visible()

    # The intern prepares her side.
    page.goto(first_url)
    rate(page, running, zone=1, level=1)
    page.get_by_label("What went well").fill("The invoicing endpoints are in place")
    page.get_by_label("What blocked me").fill("No access to the test database")
    page.get_by_role("button", name="Submit my preparation").click()
    expect(page.locator(".messages")).to_contain_text("Your preparation is submitted")
    expect(page.locator('#ratings td[data-role="intern"][data-value="1"]').first).to_be_visible()

    # The tutor prepares his, without seeing hers.
    log_in(page, personas.tutor.email)
    page.goto(first_url)
    ratings = page.locator("#ratings")
    expect(ratings).to_contain_text("hidden")
    expect(ratings).not_to_contain_text("invoicing endpoints")
    expect(page.locator('#ratings td[data-role="intern"][data-value]')).to_have_count(0)
    rate(page, running, zone=1, level=2)
    page.get_by_label("My notes for the check-in").fill("A good pace; tests come late")
    page.get_by_role("button", name="Submit my preparation").click()
    # Both in: side by side, never averaged.
    expect(ratings).to_contain_text("The invoicing endpoints are in place")
    row = page.locator("#ratings tr", has_text=communication.name)
    expect(row.locator('td[data-role="intern"]')).to_have_attribute("data-value", "1")
    expect(row.locator('td[data-role="tutor"]')).to_have_attribute("data-value", "2")

    # He holds it and records the feedback and the next steps.
    page.get_by_role("button", name="Mark as held").click()
    expect(page.locator(".messages")).to_contain_text("The check-in is held")
    for text in ("Rigour in the API design", "Clear written reports"):
        add_feedback(page, "Add a strength", "#id_strength-text", text, "Add the strength")
        expect(page.locator("#strength-list")).to_contain_text(text)
    add_feedback(
        page,
        "Add an area to improve",
        "#id_improvement-text",
        "Write the tests along the way",
        "Add the area to improve",
    )
    page.get_by_text("Add a mission adjustment", exact=True).click()
    page.locator("#id_adjustment-text").fill("Less support tickets, more API work")
    expect(page.locator("input[name='adjustment-scope'][value='mission']")).to_be_checked()
    page.get_by_role("button", name="Add the adjustment").click()
    expect(page.locator("#adjustment-list")).to_contain_text("Less support tickets")
    due = timezone.localdate() + dt.timedelta(days=10)
    for text, owner in (
        ("Document the invoicing API", personas.intern),
        ("Open access to the test database", personas.tutor),
    ):
        details = page.locator("details", has_text="Add a next step")
        if not details.evaluate("element => element.open"):
            details.locator("summary").click()
        page.locator("#id_action-text").fill(text)
        page.locator("#id_action-owner").select_option(str(owner.pk))
        page.locator("#id_action-due_date").fill(due.isoformat())
        page.get_by_role("button", name="Add the next step").click()
        expect(page.locator("#action-list")).to_contain_text(text)
    page.get_by_role("button", name="Sign off the check-in").click()
    expect(page.locator(".messages")).to_contain_text("the other sign-off is awaited")

    # She signs off: the record is final.
    log_in(page, personas.intern.email)
    page.goto(first_url)
    expect(page.locator("#strength-list li")).to_have_count(2)
    page.get_by_role("button", name="Sign off the check-in").click()
    expect(page.locator("#signoff")).to_contain_text("this record is final")
    expect(page.get_by_role("button", name="Sign off the check-in")).to_have_count(0)
    first.refresh_from_db()
    assert first.status == CheckInStatus.SIGNED
    assert Feedback.objects.filter(checkin=first).count() == 4
    assert ActionItem.objects.filter(checkin=first).count() == 2

    # She logs three hours for the API after the check-in.
    day_after = timezone.localdate(first.starts_at) + dt.timedelta(days=1)
    activities_log(
        agreement=running,
        by=personas.intern,
        rows=[
            {"date": day_after, "hours": 3, "text": "Invoicing API documentation", "objective": api}
        ],
    )

    # The next check-in opens with what changed since the first and the open next steps.
    page.goto(second_url)
    changes = page.locator("#changes")
    expect(changes.locator("h2")).to_contain_text("What changed since the check-in of")
    expect(changes.locator(f'tr[data-label="{api.pk}"]')).to_contain_text("3 h")
    expect(changes).to_contain_text("Document the invoicing API")
    expect(changes).to_contain_text("Open access to the test database")
    expect(changes.get_by_role("button", name=re.compile("Mark as done"))).to_have_count(2)

    # And her path shows the competency moved from "to explore" to "in progress".
    page.goto(path_url)
    expect(page.locator(f".competency-in_progress #competency-{communication.pk}")).to_be_visible()
    expect(page.locator(f".competency-to_explore #competency-{communication.pk}")).to_have_count(0)


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 740}],
    ids=["desktop", "phone"],
)
def test_check_in_pages_pass_axe_and_fit_the_screen(
    page, personas, running, viewport, django_db_serialized_rollback
):
    from tests.e2e.test_accessibility import _violations

    services.checkin_plan_set(
        agreement=running, by=personas.tutor, now=start_of_internship(running)
    )
    first, second = CheckIn.objects.filter(agreement=running).order_by("starts_at")[:2]
    first.agreement = running
    services.checkin_hold(checkin=first, by=personas.tutor)
    page.set_viewport_size(viewport)
    problems = {}
    for person, pages in (
        (
            personas.tutor,
            [
                ("list", f"/checkins/agreements/{running.pk}/"),
                ("held", f"/checkins/{first.pk}/"),
                ("plan", f"/checkins/agreements/{running.pk}/plan/"),
                ("move", f"/checkins/{second.pk}/move/"),
            ],
        ),
        (
            personas.intern,
            [("preparing", f"/checkins/{second.pk}/"), ("calendar", "/checkins/calendar/")],
        ),
    ):
        log_in(page, person.email)
        for name, url in pages:
            page.goto(url)
            for summary in page.locator("details summary").all():
                summary.click()  # the forms folded away are checked too
            problems[name] = _violations(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                problems[name].append(f"page is {overflow}px wider than the screen")
    assert {name: found for name, found in problems.items() if found} == {}
