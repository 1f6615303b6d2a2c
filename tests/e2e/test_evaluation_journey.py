"""The end of an internship, in a browser.

The tutor, who has no password, completes the final evaluation through the personal link
of his email (saving a draft first), then records the presence of each month; the
internship office records the gratification paid; the intern evaluates the host's welcome,
and is told it never counts in her grades; the referent schedules the defence, grades it
with the tutor, and releases the grade, which the intern then reads. Last, the intern
downloads her attestation de stage (its totals are the presence and payments recorded), her
report skeleton (it names her objectives) and her CV lines (the JSON Resume lists her
objectives as highlights).

Selectors use names, values and ids, not interface wording: the journey holds in French
and in English alike.
"""

import datetime as dt
import io
import json
import re
from decimal import Decimal

import docx
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from balise.accounts.services import person_get_or_invite
from balise.agreements.models import Agreement
from balise.evaluations import services
from balise.evaluations.models import Defence, Evaluation
from balise.law import formatting as fmt
from balise.outcomes import documents
from balise.outcomes.models import Payment, PresenceMonth
from tests.factories import PASSWORD
from tests.outcomes.conftest import pdf_text

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+/accounts/magic/\?\S+")


@pytest.fixture
def immediate_tasks(settings, live_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BALISE_BASE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def fill_every_answer(page):
    """The highest point of each scale, the first of each multiple choice, some text."""
    for field in page.locator(".field.answer").all():
        if field.locator("textarea").count():
            field.locator("textarea").fill("Rigoureux et autonome, très bonne communication.")
        elif field.locator("input[type=checkbox]").count():
            field.locator("input[type=checkbox]").first.check()
        else:
            field.locator("input[type=radio]").first.check()
            # Yes/no offers "yes" first; scales are rated at their top.
            if field.locator("input[type=radio][value=yes]").count() == 0:
                field.locator("input[type=radio]").last.check()


def presence_so_far(agreement, today) -> dict[dt.date, Decimal]:
    """Hours per month of the internship until yesterday: seven a weekday, less a half-day
    of absence in the first month (so that a decimal is typed)."""
    months: dict[dt.date, Decimal] = {}
    day = agreement.start_date
    while day < today and day <= agreement.end_date:
        if day.weekday() < 5:
            month = day.replace(day=1)
            months[month] = months.get(month, Decimal(0)) + 7
        day += dt.timedelta(days=1)
    first = min(months)
    months[first] -= Decimal("3.5")
    return {month: hours for month, hours in months.items() if hours > 0}


def typed(page, value: Decimal, places: int | None = None) -> str:
    """A decimal as the page's language writes it (forms and figures are localised): as
    short as it goes, or with `places` decimals."""
    text = (
        f"{value.normalize():f}"
        if places is None
        else f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    )
    return text.replace(".", ",") if page.locator("html").get_attribute("lang") == "fr" else text


def shown(page, value: Decimal) -> str:
    """Hours as the ledger shows them: two decimals when there is a fraction."""
    return typed(page, value) if value == value.to_integral_value() else typed(page, value, 2)


def record_presence(page, agreement, presence):
    """On the presence page, one month at a time."""
    page.goto(f"/outcomes/agreements/{agreement.pk}/")
    page.locator(f"a[href='/outcomes/agreements/{agreement.pk}/presence/']").click()
    for month, hours in presence.items():
        page.locator("#id_presence-month").select_option(month.isoformat())
        page.locator("#id_presence-hours").fill(typed(page, hours))
        page.locator("#record-presence-title ~ form button[type=submit]").click()
        expect(page.locator(f"#month-{month:%Y-%m} td").first).to_have_text(shown(page, hours))


def record_payments(page, agreement, payments):
    page.goto(f"/outcomes/agreements/{agreement.pk}/presence/")
    for month, (amount, paid_on) in payments.items():
        page.locator("#id_payment-month").select_option(month.isoformat())
        page.locator("#id_payment-amount").fill(typed(page, amount))
        page.locator("#id_payment-paid_on").fill(paid_on.isoformat())
        page.locator("#record-payment-title ~ form button[type=submit]").click()
        row = page.locator(f"#month-{month:%Y-%m}")
        expect(row.locator("td").nth(4)).to_have_text(f"{typed(page, amount, 2)} €")


def download(page, link, target):
    with page.expect_download() as started:
        link.click()
    started.value.save_as(target)
    return target.read_bytes()


def test_final_evaluation_host_welcome_and_defence(
    browser,
    live_server,
    personas,
    running,
    immediate_tasks,
    tmp_path,
    django_db_serialized_rollback,
):
    tutor = person_get_or_invite(
        email="nina.lopez@exemple-entreprise.fr", first_name="Nina", last_name="Lopez"
    )
    Agreement.objects.filter(pk=running.pk).update(
        tutor=tutor, end_date=timezone.localdate() + dt.timedelta(days=3)
    )
    running.refresh_from_db()

    def new_page():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", accept_downloads=True
        )
        context.set_default_timeout(10_000)
        return context.new_page()

    def log_in(email):
        page = new_page()
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("button.primary").click()
        page.wait_for_url("**/")
        return page

    # A week before the end, Balise opens the final evaluations and emails the tutor.
    assert "tutor_final" in services.kinds_due(running, timezone.localdate())
    call_command("open_evaluations", verbosity=0)
    final = Evaluation.objects.get(agreement=running, kind="tutor_final")
    links = [LINK.search(m.body) for m in mail.outbox if m.to == [tutor.email]]
    assert links and links[-1], "the tutor got no personal link"

    # The tutor follows his link straight to the evaluation, saves a draft, then submits.
    tutor_page = new_page()
    tutor_page.goto(links[-1].group(0))
    expect(tutor_page).to_have_url(re.compile(rf"/evaluations/{final.pk}/$"))
    expect(tutor_page.locator("legend", has_text="Concevoir l'API de facturation")).to_be_visible()
    first_text = tutor_page.locator(".field.answer textarea").first
    first_text.fill("Très bonne maîtrise de l'API.")
    tutor_page.locator("button[name=action][value=save]").click()
    expect(tutor_page.locator(".messages")).to_be_visible()
    assert final.answers.count() == 1
    fill_every_answer(tutor_page)
    tutor_page.locator("button[name=action][value=submit]").click()
    expect(tutor_page.locator(".status-submitted")).to_be_visible()
    expect(tutor_page.locator("button[name=action]")).to_have_count(0)
    final.refresh_from_db()
    assert final.is_submitted
    # The sheet downloads as a PDF.
    sheet = tutor_page.request.get(f"/evaluations/{final.pk}/sheet.pdf")
    assert sheet.ok and sheet.headers["content-type"] == "application/pdf"

    # Signed in by his link, the tutor records the presence of each month so far.
    today = timezone.localdate()
    presence = presence_so_far(running, today)
    record_presence(tutor_page, running, presence)
    assert dict(PresenceMonth.objects.filter(agreement=running).values_list("month", "hours")) == (
        presence
    )

    # The internship office records what the host paid for each month, early the next one.
    rate = running.gratification_hourly_rate
    payments = {
        month: (
            fmt.to_decimal(hours * rate),
            min((month + dt.timedelta(days=32)).replace(day=5), today),
        )
        for month, hours in presence.items()
    }
    record_payments(log_in(personas.staff.email), running, payments)
    assert sorted(Payment.objects.filter(agreement=running).values_list("month", "amount")) == (
        sorted((month, amount) for month, (amount, _on) in payments.items())
    )

    # The intern evaluates the host's welcome: the page says it never counts.
    intern = log_in(personas.intern.email)
    welcome = Evaluation.objects.get(agreement=running, kind="host_welcome")
    intern.goto(f"/evaluations/agreements/{running.pk}/")
    intern.locator(f"#evaluation-host_welcome a[href='/evaluations/{welcome.pk}/']").click()
    expect(intern.locator(".notice.law")).to_contain_text("L124-4")
    fill_every_answer(intern)
    intern.locator("button[name=action][value=submit]").click()
    expect(intern.locator(".status-submitted")).to_be_visible()
    welcome.refresh_from_db()
    assert welcome.is_submitted

    # The referent schedules the defence with the tutor on the jury, and grades it.
    referent = log_in(personas.referent.email)
    referent.goto(f"/evaluations/agreements/{running.pk}/defence/schedule/")
    day = timezone.localtime() + dt.timedelta(days=10)
    referent.locator("#id_scheduled_at").fill(day.strftime("%Y-%m-%dT14:00"))
    referent.locator("#id_place").fill("Salle B204")
    referent.locator("form button.primary").click()
    expect(referent).to_have_url(re.compile(rf"/evaluations/agreements/{running.pk}/defence/$"))
    defence = Defence.objects.get(agreement=running)
    assert set(defence.jury.values_list("user__email", flat=True)) == {
        personas.referent.email,
        tutor.email,
    }

    referent.goto(f"/evaluations/agreements/{running.pk}/defence/grade/")
    for criterion in defence.grid:
        referent.locator(f"#id_points_{criterion['key']}").fill("16")
        referent.locator(f"#id_comment_{criterion['key']}").fill("Solide.")
    referent.locator("#id_comment").fill("Une soutenance claire.")
    referent.locator("form button.primary").click()
    expect(referent.locator("table.grades")).to_be_visible()

    # The tutor grades through the personal link of his invitation to the jury.
    links = [LINK.search(m.body) for m in mail.outbox if m.to == [tutor.email]]
    tutor_page = new_page()
    tutor_page.goto(links[-1].group(0))
    expect(tutor_page).to_have_url(re.compile(rf"/evaluations/agreements/{running.pk}/defence/$"))
    tutor_page.locator(f"a[href='/evaluations/agreements/{running.pk}/defence/grade/']").click()
    for criterion in defence.grid:
        tutor_page.locator(f"#id_points_{criterion['key']}").fill("18")
    tutor_page.locator("form button.primary").click()
    expect(tutor_page.locator("table.grades")).to_be_visible()

    # Before the release, the intern sees the date but no grade.
    intern.goto(f"/evaluations/agreements/{running.pk}/defence/")
    expect(intern.locator("table.grades")).to_have_count(0)
    expect(intern.locator(".final-grade")).to_have_count(0)

    referent.reload()
    referent.locator("#id_comment").fill("Félicitations pour ce stage.")
    referent.locator("form.release button.primary").click()
    defence.refresh_from_db()
    # Every criterion: mean of 16 and 18 out of 20 = 85 %, whatever the weights.
    assert defence.final_grade == Decimal("17.00")
    assert defence.released_at is not None

    intern.reload()
    expect(intern.locator(".final-grade")).to_contain_text("17")
    expect(intern.locator("blockquote.comment")).to_contain_text("Félicitations pour ce stage.")
    expect(intern.locator("table.grades")).to_contain_text("Solide.")

    # What the intern takes away, from her outcomes page.
    intern.goto(f"/outcomes/agreements/{running.pk}/")
    link = intern.locator(f"a[href^='/outcomes/agreements/{running.pk}/attestation.pdf']")
    lang = re.search(r"lang=(\w+)", link.get_attribute("href")).group(1)
    text = pdf_text(download(intern, link, tmp_path / "attestation.pdf"))
    # Its totals are the presence and the payments recorded through the pages.
    hours = sum(presence.values())
    paid = sum(amount for amount, _on in payments.values())
    words = documents.TEXTS[lang]
    duration = words["duration_value"].format(
        hours=fmt.hours(hours, lang), days=documents.duration_in_days(hours, lang)
    )
    gratification = f"{words['gratification']} {fmt.euros(paid, lang)}"
    assert duration.replace("\xa0", " ") in text
    assert gratification.replace("\xa0", " ") in text

    skeleton = download(
        intern,
        intern.locator(f"a[href^='/outcomes/agreements/{running.pk}/report.docx']"),
        tmp_path / "skeleton.docx",
    )
    document = docx.Document(io.BytesIO(skeleton))
    written = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    # The main objective first, then the others in their order.
    objectives = sorted(running.objectives.order_by("position", "pk"), key=lambda o: not o.is_main)
    titles = [o.title for o in objectives]
    assert titles and all(title in written for title in titles)

    intern.locator(f"a[href^='/outcomes/agreements/{running.pk}/cv/']").click()
    for title in titles:
        expect(intern.locator("#cv-achievements")).to_have_value(re.compile(re.escape(title)))
    resume = json.loads(
        download(
            intern,
            intern.locator(f"a[href^='/outcomes/agreements/{running.pk}/resume.json']"),
            tmp_path / "resume.json",
        )
    )
    highlights = resume["work"][0]["highlights"]
    assert len(highlights) == len(titles)
    assert all(line.startswith(title) for line, title in zip(highlights, titles, strict=True))


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 740}],
    ids=["desktop", "phone"],
)
def test_evaluation_pages_pass_axe_and_fit_the_screen(
    page, personas, running, viewport, django_db_serialized_rollback
):
    from tests.e2e.test_accessibility import _violations

    final = services.evaluation_open(agreement=running, kind="tutor_final", by=personas.staff)
    welcome = services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    services.defence_schedule(
        agreement=running,
        by=personas.referent,
        scheduled_at=timezone.now() + dt.timedelta(days=10),
        place="Salle B204",
    )
    questionnaire = final.version.questionnaire
    question = final.version.sections.first().questions.first()
    pages = {
        personas.tutor.email: [
            ("answer", f"/evaluations/{final.pk}/"),
            ("grade", f"/evaluations/agreements/{running.pk}/defence/grade/"),
        ],
        personas.intern.email: [
            ("host welcome", f"/evaluations/{welcome.pk}/"),
            ("report", f"/evaluations/agreements/{running.pk}/report/"),
        ],
        personas.staff.email: [
            ("overview", f"/evaluations/agreements/{running.pk}/"),
            ("follow-up", "/evaluations/follow-up/"),
            ("programme", f"/evaluations/programs/{personas.program.pk}/"),
            ("form", f"/evaluations/forms/{questionnaire.pk}/"),
            ("preview", f"/evaluations/forms/{questionnaire.pk}/preview/"),
            ("question", f"/evaluations/questions/{question.pk}/edit/"),
            ("defence", f"/evaluations/agreements/{running.pk}/defence/"),
            ("schedule", f"/evaluations/agreements/{running.pk}/defence/schedule/"),
        ],
    }
    page.set_viewport_size(viewport)
    problems = {}
    for email, urls in pages.items():
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("button.primary").click()
        page.wait_for_url("**/")
        for name, url in urls:
            page.goto(url)
            problems[name] = _violations(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                problems[name].append(f"page is {overflow}px wider than the screen")
    assert {name: found for name, found in problems.items() if found} == {}
