"""The intern logs a week, sees the objective suggested as she types; the tutor corrects an
entry; the weekly chart shows the hours."""

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

from balise.journal.models import Activity
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    page.wait_for_url("**/")


def test_a_week_in_the_logbook(page, personas, running, django_db_serialized_rollback):
    api = running.objectives.get(title__startswith="Concevoir")
    monday = running.start_date + dt.timedelta(days=7 - running.start_date.weekday())
    lines = [
        ("3,5", "Écriture des endpoints de l'API de facturation"),
        ("3,5", "Tests automatisés des endpoints de facturation"),
        ("2", "Préparation de la démonstration pour les clients pilotes"),
        ("1", "Photocopies pour le service comptable"),
        ("4", "Documentation de l'API de facturation"),
    ]
    log_in(page, personas.intern.email)
    started = time.monotonic()
    page.goto(f"/logbook/agreements/{running.pk}/logbook/")
    for index, (hours, text) in enumerate(lines):
        day = monday + dt.timedelta(days=index)
        page.locator(f"#id_rows-{index}-date").fill(day.isoformat())
        page.locator(f"#id_rows-{index}-hours").fill(hours)
        page.locator(f"#id_rows-{index}-text").fill(text)
        if index == 0:
            # The engine's suggestion appears as she types, and fills the objective.
            expect(page.locator("#rows-0-objective-cell .suggestion")).to_contain_text(api.title)
            expect(page.locator("#id_rows-0-objective")).to_have_value(str(api.pk))
    page.get_by_role("button", name="Ajouter à mon carnet").click()
    expect(page.locator(".messages")).to_contain_text("5")
    assert time.monotonic() - started < 60
    assert Activity.objects.filter(agreement=running).count() == 5

    # The tutor corrects the photocopies: nothing to do with the training.
    page.context.clear_cookies()
    log_in(page, personas.tutor.email)
    page.goto(f"/logbook/agreements/{running.pk}/logbook/")
    photocopies = Activity.objects.get(text__startswith="Photocopies")
    entry = page.locator(f"#activity-{photocopies.pk}")
    entry.locator("select").select_option("unrelated")
    entry.get_by_role("button").first.click()
    expect(page.locator(f"#activity-{photocopies.pk}")).to_have_class("entry unrelated")
    photocopies.refresh_from_db()
    assert photocopies.reviewed_label == "unrelated"

    # The weekly chart shows the 14 hours of the week.
    page.goto(f"/logbook/agreements/{running.pk}/logbook/weeks/")
    expect(page.locator(".chart svg").first).to_be_visible()
    expect(page.locator("table")).to_contain_text("14")
