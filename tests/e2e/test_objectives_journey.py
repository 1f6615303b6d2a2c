"""Issue 7's journey: the intern writes "Découvrir l'entreprise", sees the advice, picks an
example from the library, adapts it and the advice disappears; then she records a key moment
that her tutor endorses."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balise.agreements.models import ObjectiveKind
from balise.competencies.models import Competency
from balise.journal.models import Moment
from balise.library import services as library_services
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

VAGUE = '[data-code="objectives.vague_verb"]'


def log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    page.wait_for_url("**/")


def transversal(code):
    return Competency.objects.get(framework__is_default_transversal=True, code=code)


def test_an_objective_worth_the_name_and_a_key_moment(
    page, personas, running, django_db_serialized_rollback
):
    # Léa's next internship, still a draft, and her school's objective library.
    draft = factories.AgreementFactory(
        program=personas.program,
        intern=personas.intern,
        tutor=personas.tutor,
        referent=personas.referent,
        title="Stage de fin d'études",
        start_date=timezone.localdate() + dt.timedelta(days=60),
        end_date=timezone.localdate() + dt.timedelta(days=150),
    )
    mapping = library_services.example_create(
        by=personas.staff,
        school=personas.school,
        title_fr="Réaliser la cartographie du système d'information de l'entreprise",
        description_fr="Recenser les applications, les serveurs et les flux de l'entreprise.",
        indicators_fr=(
            "Cartographie validée par le responsable informatique\nSynthèse de 10 pages au plus"
        ),
        competencies=[transversal("T1"), transversal("T4")],
        typical_weeks=3,
        typical_hours=60,
    )
    library_services.example_create(
        by=personas.staff,
        school=personas.school,
        title_fr="Réaliser un audit de sécurité d'une application web",
        indicators_fr="Rapport d'audit classant les vulnérabilités par gravité",
        competencies=[transversal("T4")],
    )

    log_in(page, personas.intern.email)
    page.goto(f"/agreements/{draft.pk}/")
    title = page.locator("#id_new-title")
    title.press_sequentially("Découvrir l'entreprise", delay=15)

    # The advice shows as she types, with a rewrite and the library's examples.
    advice = page.locator("#advice-new")
    expect(advice.locator(VAGUE)).to_be_visible()
    expect(advice.locator(VAGUE)).to_contain_text("Découvrir")
    suggestion = advice.locator(f'.library-suggestion[data-example="{mapping.pk}"]')
    expect(suggestion).to_be_visible()

    # She picks the example: it fills the form.
    suggestion.get_by_role("button").click()
    expect(title).to_have_value(mapping.title_fr)
    expect(page.locator("#id_new-indicators")).to_have_value(mapping.indicators_fr)
    expect(
        page.locator(f'#id_new-competencies input[value="{transversal("T1").pk}"]')
    ).to_be_checked()
    expect(advice.locator(VAGUE)).to_have_count(0)

    # She adapts it to her host, and no advice is left.
    title.fill("")
    title.press_sequentially(
        "Réaliser la cartographie du système d'information de l'agence", delay=5
    )
    expect(advice.locator(".advice-clear")).to_be_visible()
    expect(advice.locator("[data-code]")).to_have_count(0)

    page.locator("#objective-form-new button[type=submit]").click()
    expect(page.locator("#objectives .objective h3")).to_contain_text("l'agence")
    objective = draft.objectives.get()
    assert objective.kind == ObjectiveKind.MAIN
    assert objective.title == "Réaliser la cartographie du système d'information de l'agence"
    assert {c.code for c in objective.competencies.all()} == {"T1", "T4"}
    mapping.refresh_from_db()
    assert mapping.usage_count == 1

    # During her internship under way, she records a key moment.
    page.goto(f"/logbook/agreements/{running.pk}/moments/")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.locator("#id_date").fill(yesterday.isoformat())
    page.locator("#id_kind").select_option("public_speaking")
    page.locator("#id_title").fill("Ma première présentation au comité de pilotage")
    page.locator("#id_what_happened").fill(
        "J'ai présenté l'avancement de l'API de facturation devant dix personnes."
    )
    page.locator("#id_learned").fill("Trois messages clés suffisent; le reste va en annexe.")
    page.locator(f'#id_competencies input[value="{transversal("T7").pk}"]').check()
    page.locator("form[action$='/moments/add/'] button[type=submit]").click()
    moment = Moment.objects.get(agreement=running)
    expect(page.locator(f"#moment-{moment.pk} h3")).to_have_text(moment.title)
    expect(page.locator(f"#moment-{moment.pk} .not-endorsed")).to_be_visible()

    # Her tutor endorses it with a sentence.
    page.context.clear_cookies()
    log_in(page, personas.tutor.email)
    page.goto(f"/logbook/agreements/{running.pk}/moments/")
    card = page.locator(f"#moment-{moment.pk}")
    card.locator("details.endorse summary").click()
    card.locator(f"#endorse-{moment.pk}").fill(
        "Une présentation claire, qui a convaincu le comité."
    )
    card.locator("button[type=submit]").click()

    # It shows, endorsed, to her and to her referent.
    for person in (personas.tutor, personas.intern, personas.referent):
        if person != personas.tutor:
            page.context.clear_cookies()
            log_in(page, person.email)
            page.goto(f"/logbook/agreements/{running.pk}/moments/")
        endorsement = page.locator(f"#moment-{moment.pk} .endorsement")
        expect(endorsement).to_contain_text("Une présentation claire, qui a convaincu le comité.")
        expect(endorsement).to_contain_text(str(personas.tutor))
    moment.refresh_from_db()
    assert moment.endorsed_by == personas.tutor

    # And on her path page, with the endorsement.
    page.goto(f"/path/{running.pk}/")
    on_path = page.locator(f"#moments #moment-{moment.pk}")
    expect(on_path.locator("h3")).to_have_text(moment.title)
    expect(on_path.locator(".endorsement")).to_contain_text("qui a convaincu le comité")


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def violations(page):
    from axe_playwright_python.sync_playwright import Axe

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
def test_the_new_pages_pass_axe_and_fit_the_screen(
    page, personas, running, viewport, django_db_serialized_rollback
):
    from balise.journal import services as journal_services

    page.set_viewport_size(viewport)
    draft = factories.AgreementFactory(
        program=personas.program, intern=personas.intern, tutor=personas.tutor
    )
    example = library_services.example_create(
        by=personas.staff,
        school=personas.school,
        title_fr="Réaliser la cartographie du système d'information de l'entreprise",
        title_en="Map the company's information system",
        indicators_fr="Cartographie validée par le responsable informatique",
        competencies=[transversal("T1")],
        typical_weeks=3,
    )
    moment = journal_services.moment_record(
        agreement=running,
        by=personas.intern,
        date=timezone.localdate() - dt.timedelta(days=1),
        title="Premier rendez-vous client",
        what_happened="J'ai mené le rendez-vous avec mon tuteur en appui.",
        competencies=[transversal("T1")],
    )
    journal_services.moment_endorse(moment=moment, by=personas.tutor, endorsement="Très bien.")

    problems = {}

    def check(name, url=None):
        if url:
            page.goto(url)
        found = violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            found.append(f"page is {overflow}px wider than the screen")
        problems[name] = found

    log_in(page, personas.intern.email)
    page.goto(f"/agreements/{draft.pk}/")
    page.locator("#id_new-title").press_sequentially("Découvrir l'entreprise", delay=10)
    expect(
        page.locator(f'#advice-new .library-suggestion[data-example="{example.pk}"]')
    ).to_be_visible()
    check("objective drafting with advice")
    check("key moments (intern)", f"/logbook/agreements/{running.pk}/moments/")
    check("key moment form", f"/logbook/moments/{moment.pk}/edit/")

    page.context.clear_cookies()
    log_in(page, personas.tutor.email)
    page.goto(f"/logbook/agreements/{running.pk}/moments/")
    page.locator(f"#moment-{moment.pk} details.endorse summary").click()
    check("key moments (tutor)")

    page.context.clear_cookies()
    log_in(page, personas.staff.email)
    check("library", "/library/")
    check("library example form", "/library/new/")
    check("library example deletion", f"/library/{example.pk}/delete/")

    assert {name: found for name, found in problems.items() if found} == {}
