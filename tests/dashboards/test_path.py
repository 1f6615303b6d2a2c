"""The intern's path page: who sees it, and what it says."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from balise.agreements.models import AgreementStatus
from balise.checkins.models import CheckInStatus, FeedbackKind
from balise.dashboards import selectors
from balise.journal.models import UNRELATED
from balise.progress import Status
from tests import factories
from tests.dashboards import helpers as h

TODAY = timezone.localdate()
READERS = {"intern", "tutor", "referent", "staff"}


@pytest.fixture
def objectives(running):
    main = running.objectives.get(kind="main")
    other = running.objectives.exclude(pk=main.pk).get()
    return main, other


def url(agreement):
    return reverse("dashboards:path", args=[agreement.pk])


def group_of(page, competency):
    for group in page.groups:
        for row in group.rows:
            if row.competency.pk == competency.pk:
                return group.status, row
    raise AssertionError(f"{competency} is not on the page")


def html_section(html, status):
    """The HTML of one status group of the competencies."""
    match = re.search(
        rf'<section class="competency-group competency-{status}".*?</section>', html, re.S
    )
    assert match, status
    return match.group(0)


@pytest.mark.parametrize("persona", h.PERSONAS)
def test_who_sees_the_path(personas, running, client, persona):
    client.force_login(personas.by_name(persona))
    response = client.get(url(running))
    assert response.status_code == h.expect(persona, READERS), persona
    if response.status_code == 200:
        assert "Path of Léa Martin" in response.content.decode()


def test_anonymous_is_sent_to_log_in(running, client):
    response = client.get(url(running))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_path_is_read_only(personas, running, client):
    client.force_login(personas.intern)
    assert client.post(url(running)).status_code == 405


def test_an_unknown_agreement_is_not_found(personas, running, client):
    client.force_login(personas.staff)
    assert client.get(reverse("dashboards:path", args=[running.pk + 1000])).status_code == 404


def test_the_interns_self_rating_never_makes_a_competency_acquired(
    personas, running, objectives, client
):
    main, _other = objectives
    competency = main.competencies.get()
    first = h.checkin(running, TODAY - dt.timedelta(days=14))
    h.rate_competency(first, competency, 4, role="intern", rater=personas.intern)
    client.force_login(personas.intern)

    page = client.get(url(running)).context["page"]
    status, row = group_of(page, competency)
    assert status == Status.TO_EXPLORE
    assert row.status.self_level == 4

    # The tutor rates it at the target in a check-in held but not signed off yet: no decision.
    second = h.checkin(running, TODAY - dt.timedelta(days=2), status=CheckInStatus.HELD)
    h.rate_competency(second, competency, 3, role="tutor", rater=personas.tutor)
    page = client.get(url(running)).context["page"]
    assert group_of(page, competency)[0] == Status.TO_EXPLORE

    # Signed off, the tutor's rating decides.
    second.status = CheckInStatus.SIGNED
    second.save()
    response = client.get(url(running))
    status, row = group_of(response.context["page"], competency)
    assert status == Status.ACQUIRED
    assert row.status.level == 3
    html = response.content.decode()
    assert f'id="competency-{competency.pk}"' in html_section(html, "acquired")
    assert f'id="competency-{competency.pk}"' not in html_section(html, "to_explore")


def test_a_tutor_rating_below_target_with_evidence_is_in_progress(
    personas, running, objectives, client
):
    main, _other = objectives
    competency = main.competencies.get()
    h.entry(running, TODAY - dt.timedelta(days=5), "Écriture des endpoints", objective=main)
    done = h.checkin(running, TODAY - dt.timedelta(days=3))
    h.rate_competency(done, competency, 1, role="tutor", rater=personas.tutor)
    client.force_login(personas.referent)
    response = client.get(url(running))
    status, row = group_of(response.context["page"], competency)
    assert status == Status.IN_PROGRESS
    # The logbook entry is the evidence; the rating at the floor is not.
    assert [item.kind for item in row.evidence] == ["activity"]
    html = response.content.decode()
    logbook = reverse("journal:logbook", args=[running.pk])
    assert f'href="{logbook}#activity-' in html
    assert f'id="checkin-{done.pk}"' in html


def test_evidence_follows_what_people_said_not_the_engine(personas, running, objectives):
    main, other = objectives
    competency = main.competencies.get()
    kept = h.entry(
        running, TODAY - dt.timedelta(days=4), "Endpoints de facturation", objective=main
    )
    h.entry(  # the intern said "main", the tutor's review says unrelated
        running,
        TODAY - dt.timedelta(days=3),
        "Photocopies",
        objective=main,
        reviewed_label=UNRELATED,
    )
    moved = h.entry(  # the intern said "other", the tutor's review moves it to the main one
        running,
        TODAY - dt.timedelta(days=2),
        "Schéma de la base des factures",
        objective=other,
        reviewed_label=str(main.pk),
    )
    guessed = h.entry(running, TODAY - dt.timedelta(days=1), "Endpoints encore")
    guessed.engine_label = str(main.pk)
    guessed.save()
    page = selectors.path_page(running, today=TODAY)
    _status, row = group_of(page, competency)
    assert [item.text for item in row.evidence] == [moved.text, kept.text]


def test_ratings_stay_private_until_both_have_submitted(personas, running, objectives, client):
    main, _other = objectives
    competency = main.competencies.get()
    upcoming = h.checkin(
        running,
        TODAY,
        status=CheckInStatus.SCHEDULED,
        intern_submitted_at=timezone.now(),
    )
    h.rate_competency(upcoming, competency, 4, role="intern", rater=personas.intern)
    h.rate_objective(upcoming, main, 3, role="intern", rater=personas.intern)
    client.force_login(personas.tutor)
    page = client.get(url(running)).context["page"]
    assert group_of(page, competency)[1].status.history == ()
    assert page.objectives[0].result.self_zone is None

    upcoming.tutor_submitted_at = timezone.now()
    upcoming.save()
    page = client.get(url(running)).context["page"]
    assert [r.level for r in group_of(page, competency)[1].status.history] == [4]


def test_a_late_objective_says_why(personas, running, objectives, client):
    main, other = objectives
    factories.MilestoneFactory(
        objective=other, title="Première démonstration", due_date=TODAY - dt.timedelta(days=5)
    )
    factories.MilestoneFactory(
        objective=main,
        title="Maquette validée",
        due_date=TODAY - dt.timedelta(days=10),
        reached_on=TODAY - dt.timedelta(days=12),
    )
    client.force_login(personas.intern)
    response = client.get(url(running))
    page = response.context["page"]
    assert page.objectives[0].objective == main  # the main objective first
    late = page.objectives[1]
    assert late.result.late
    html = response.content.decode()
    article = re.search(
        rf'<article class="path-objective late" id="objective-{other.pk}".*?</article>', html, re.S
    )
    assert article, "the late objective is marked"
    text = article.group(0)
    assert "1 milestone is past its due date and not reached." in text
    assert "Behind schedule" in text
    assert "Première démonstration — due on" in text and ", late" in text
    assert f'<article class="path-objective is-main" id="objective-{main.pk}"' in html


def test_progress_uses_the_signed_off_rating_and_shows_each_side(
    personas, running, objectives, client
):
    main, _other = objectives
    held = h.checkin(running, TODAY - dt.timedelta(days=7))
    h.rate_objective(held, main, 2, role="tutor", rater=personas.tutor)
    h.rate_objective(held, main, 1, role="intern", rater=personas.intern)
    client.force_login(personas.intern)
    response = client.get(url(running))
    row = response.context["page"].objectives[0]
    assert row.result.progress == 1.0
    assert row.percent == 100
    assert [(r.role_label, r.value_label) for r in row.ratings] == [
        ("intern", "in progress"),
        ("tutor", "target reached"),
        ("referent", ""),
    ]
    assert "100 % done" in response.content.decode()


def test_the_timeline_tells_the_internship_in_order(personas, running, objectives, client):
    main, _other = objectives
    factories.MilestoneFactory(
        objective=main, title="Maquette validée", due_date=TODAY - dt.timedelta(days=10)
    )
    held = h.checkin(running, TODAY - dt.timedelta(days=7))
    h.feedback(held, FeedbackKind.STRENGTH, "Bonne autonomie", author=personas.tutor)
    h.feedback(held, FeedbackKind.STRENGTH, "Code soigné", author=personas.tutor)
    h.feedback(held, FeedbackKind.IMPROVEMENT, "Documenter davantage", author=personas.tutor)
    h.feedback(
        held,
        FeedbackKind.ADJUSTMENT,
        "Moins de support, plus de développement",
        author=personas.tutor,
        scope="mission",
    )
    h.action(held, "Écrire les tests", owner=personas.intern, due=TODAY - dt.timedelta(days=1))
    h.action(held, "Relire la doc", owner=personas.tutor, due=TODAY + dt.timedelta(days=3))
    h.checkin(running, TODAY + dt.timedelta(days=7), status=CheckInStatus.SCHEDULED)
    client.force_login(personas.staff)
    response = client.get(url(running))
    kinds = [item.kind for item in response.context["page"].timeline]
    assert kinds == ["start", "milestone", "checkin", "today", "checkin", "end"]
    html = response.content.decode()
    positions = [
        html.index(text)
        for text in (
            "Start of the internship",
            "Milestone: Maquette validée",
            "Strengths",
            "Bonne autonomie",
            "Code soigné",
            "Areas to improve",
            "Documenter davantage",
            "Adjustments",
            "Moins de support, plus de développement",
            "Next steps",
            "Écrire les tests",
            "Relire la doc",
            "<h3>Today</h3>",
            "End of the internship",
        )
    ]
    assert positions == sorted(positions)
    assert f'href="{reverse("checkins:detail", args=[held.pk])}"' in html
    overdue = re.search(r'<li class="overdue">Écrire les tests.*?</li>', html, re.S)
    assert overdue and "overdue" in overdue.group(0)


def test_the_charts_and_their_tables(personas, running, objectives, client):
    main, _other = objectives
    competency = main.competencies.get()
    h.target(running, competency, 4)
    first = h.checkin(running, TODAY - dt.timedelta(days=14))
    h.rate_competency(first, competency, 2, role="intern", rater=personas.intern)
    h.rate_competency(first, competency, 1, role="tutor", rater=personas.tutor)
    h.rate_competency(first, competency, 2, role="referent", rater=personas.referent)
    client.force_login(personas.intern)
    response = client.get(url(running))
    _status, row = group_of(response.context["page"], competency)
    assert row.status.target_level == 4
    assert "<svg" in row.svg and "target 4" in row.svg
    html = response.content.decode()
    article = re.search(rf'id="competency-{competency.pk}".*?</article>', html, re.S).group(0)
    assert 'role="img"' in article and "target level 4" in article
    assert "<td>2</td><td>1</td><td>2</td>" in article  # intern, tutor, referent


def test_the_page_costs_a_fixed_number_of_queries(
    personas, running, objectives, client, django_assert_max_num_queries
):
    main, other = objectives
    client.force_login(personas.tutor)
    for round_ in range(4):
        held = h.checkin(running, TODAY - dt.timedelta(days=20 - 4 * round_))
        for objective in (main, other):
            h.rate_objective(held, objective, 1, role="tutor", rater=personas.tutor)
            h.entry(running, held.starts_at.date(), f"Travail {round_}", objective=objective)
            factories.MilestoneFactory(objective=objective, due_date=TODAY)
            for competency in objective.competencies.all():
                h.rate_competency(held, competency, 2, role="tutor", rater=personas.tutor)
                h.moment(running, held.starts_at.date(), f"Moment {round_}", [competency])
        h.feedback(held, FeedbackKind.STRENGTH, f"Point fort {round_}", author=personas.tutor)
        h.action(held, f"Action {round_}", owner=personas.intern, due=TODAY)
        with django_assert_max_num_queries(17):
            assert client.get(url(running)).status_code == 200


def test_a_draft_agreement_has_an_empty_path(personas, client):
    factories.ObjectiveFactory(agreement=personas.agreement, title="Un objectif")
    assert personas.agreement.status == AgreementStatus.DRAFT
    client.force_login(personas.intern)
    response = client.get(url(personas.agreement))
    assert response.status_code == 200
    assert "Nothing to measure yet" in response.content.decode()


def test_a_key_moment_is_evidence_of_the_competencies_it_shows(personas, running, client):
    from balise.competencies.services import default_transversal_framework

    unlinked = list(
        default_transversal_framework().competencies.exclude(objectives__agreement=running)[:2]
    )
    floor, shown_only = unlinked
    rated = h.checkin(running, TODAY - dt.timedelta(days=6))
    h.rate_competency(rated, floor, 1, role="tutor", rater=personas.tutor)
    page = selectors.path_page(running, today=TODAY)
    status, row = group_of(page, floor)
    assert (status, row.evidence) == (Status.TO_EXPLORE, [])  # the floor is not evidence

    moment = h.moment(running, TODAY - dt.timedelta(days=2), "Première démo client", unlinked)
    client.force_login(personas.tutor)
    response = client.get(url(running))
    status, row = group_of(response.context["page"], floor)
    assert status == Status.IN_PROGRESS  # level 1, now with evidence
    assert [(item.kind, item.text) for item in row.evidence] == [("moment", "Première démo client")]
    # Without a rating by the tutor or the referent, a moment does not make it progress.
    assert group_of(response.context["page"], shown_only)[0] == Status.TO_EXPLORE
    html = response.content.decode()
    assert f'href="#moment-{moment.pk}"' in html
    assert f'id="moment-{moment.pk}"' in html  # the key moments are on the page


def test_a_check_in_is_evidence_when_it_rated_above_the_floor(personas, running, objectives):
    main, _other = objectives
    competency = main.competencies.get()
    first = h.checkin(running, TODAY - dt.timedelta(days=20))
    h.rate_competency(first, competency, 1, role="tutor", rater=personas.tutor)
    h.rate_competency(first, competency, 3, role="intern", rater=personas.intern)
    second = h.checkin(running, TODAY - dt.timedelta(days=6))
    h.rate_competency(second, competency, 2, role="referent", rater=personas.referent)
    unsigned = h.checkin(running, TODAY - dt.timedelta(days=1), status=CheckInStatus.HELD)
    h.rate_competency(unsigned, competency, 2, role="tutor", rater=personas.tutor)
    _status, row = group_of(selectors.path_page(running, today=TODAY), competency)
    assert [item.url for item in row.evidence] == [f"#checkin-{second.pk}"]
