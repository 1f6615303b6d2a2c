"""axe-core (WCAG 2.1 A and AA rules) on the main pages, on a desktop and on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from balise.agreements.models import Agreement

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill("demo")
    page.locator("button.primary").click()
    page.wait_for_url("**/")


def _violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 740}],
    ids=["desktop", "phone"],
)
def test_main_pages_pass_axe_and_fit_the_screen(page, demo, viewport):
    page.set_viewport_size(viewport)
    draft = Agreement.objects.filter(
        intern__email="stagiaire@demo.balise.fr", status="draft"
    ).first()
    objective = draft.objectives.first()
    page.goto("/accounts/login/")
    problems = {"login": _violations(page)}
    _log_in(page, "stagiaire@demo.balise.fr")
    for name, url in [
        ("home", "/"),
        ("new agreement", "/agreements/new/"),
        ("agreement", f"/agreements/{draft.pk}/"),
        ("edit agreement", f"/agreements/{draft.pk}/edit/"),
        ("edit objective", f"/agreements/objectives/{objective.pk}/edit/"),
        ("new host", "/hosts/new/"),
    ]:
        page.goto(url)
        problems[name] = _violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            problems[name].append(f"page is {overflow}px wider than the screen")
    assert {name: found for name, found in problems.items() if found} == {}


def test_keyboard_reaches_the_main_content_first(page, demo):
    _log_in(page, "stagiaire@demo.balise.fr")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
