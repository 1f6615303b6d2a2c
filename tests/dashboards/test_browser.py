"""The dashboards in a real browser: they fit a phone, pass axe-core, and print cleanly."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tests.dashboards import helpers as h
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}
PHONE = {"width": 375, "height": 740}


def _log_in(page, email):  # noqa: F811
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    page.wait_for_url("**/")


def _problems(page):  # noqa: F811
    results = Axe().run(page, options=AXE_OPTIONS)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 1:
        found.append(f"page is {overflow}px wider than the screen")
    return found


@pytest.fixture
def lived(personas, running, followed):
    """Léa's internship with a signed check-in, feedback, ratings and a late milestone."""
    from tests import factories

    today = timezone.localdate()
    main = running.objectives.get(kind="main")
    factories.MilestoneFactory(
        objective=main, title="Maquette validée", due_date=today - dt.timedelta(days=4)
    )
    held = h.checkin(running, today - dt.timedelta(days=7))
    for competency in main.competencies.all():
        h.rate_competency(held, competency, 4, role="intern", rater=personas.intern)
        h.rate_competency(held, competency, 2, role="tutor", rater=personas.tutor)
    h.rate_objective(held, main, 1, role="tutor", rater=personas.tutor)
    h.feedback(held, "strength", "Très bonne autonomie sur l'API", author=personas.tutor)
    h.feedback(held, "improvement", "Documenter les choix techniques", author=personas.tutor)
    h.action(held, "Rédiger la documentation", owner=personas.intern, due=today)
    h.alert(running)
    h.moment(running, today - dt.timedelta(days=3), "Démo aux clients pilotes", [competency])
    followed(3)
    return running


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"]
)
def test_the_dashboards_pass_axe_and_fit_the_screen(page, personas, lived, viewport):  # noqa: F811
    page.set_viewport_size(viewport)
    _log_in(page, personas.tutor.email)
    problems = {}
    for name, url in (("my interns", "/my-interns/"), ("path", f"/path/{lived.pk}/")):
        page.goto(url)
        problems[name] = _problems(page)
    assert {name: found for name, found in problems.items() if found} == {}
    assert page.locator("figure[role=img] svg").count() >= 1


def test_the_path_prints_without_the_navigation(page, personas, lived):  # noqa: F811
    _log_in(page, personas.intern.email)
    page.goto(f"/path/{lived.pk}/")
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".path-links").is_visible()
    assert page.locator("#timeline").is_visible()
    assert page.locator(".competency-chart svg").first.is_visible()
    assert page.locator("#moments h3", has_text="Démo aux clients pilotes").is_visible()
