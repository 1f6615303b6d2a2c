"""The pages, as people use them."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from balise.evaluations import services
from balise.evaluations.models import Answer, Evaluation, Question, QuestionKind
from balise.evaluations.selectors import current_version
from tests import factories
from tests.evaluations.conftest import full_answers, items_of


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_tutor_saves_a_draft_then_submits(personas, running, open_final, english):
    client = english
    client.force_login(personas.tutor)
    url = reverse("evaluations:evaluation", args=[open_final.pk])
    page = client.get(url).content.decode()
    assert "Concevoir l&#x27;API de facturation" in page
    assert "Submit the evaluation" in page
    values = full_answers(open_final)
    keys = list(values)
    draft = {key: values[key] for key in keys[:4]}
    response = client.post(url, {**draft, "action": "save"})
    assert response.status_code == 302
    assert Answer.objects.filter(evaluation=open_final).count() == 4

    # Submitting with questions left: the draft is kept, the missing ones are marked.
    response = client.post(url, {**draft, "action": "submit"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "still need an answer" in page
    assert page.count("This question needs an answer.") == sum(
        1 for item in items_of(open_final) if item.required and item.key not in draft
    )
    open_final.refresh_from_db()
    assert open_final.status == "open"

    response = client.post(url, {**values, "action": "submit"})
    assert response.status_code == 302
    open_final.refresh_from_db()
    assert open_final.is_submitted
    page = client.get(url).content.decode()
    assert "Submit the evaluation" not in page and '<form method="post" action="' + url not in page
    assert "4/4 · Exceeded" in page
    # Submitted answers are read-only, even when posted by hand.
    assert client.post(url, {**values, "action": "save"}).status_code == 403


def test_others_see_the_answers_only_once_submitted(personas, running, open_final, english):
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    english.force_login(personas.intern)
    url = reverse("evaluations:evaluation", args=[open_final.pk])
    page = english.get(url).content.decode()
    assert "has not submitted it yet" in page and "Exceeded" not in page
    services.evaluation_submit(evaluation=open_final, by=personas.tutor)
    assert "4/4 · Exceeded" in english.get(url).content.decode()


def test_the_host_welcome_page_says_it_never_counts(personas, running, english):
    evaluation = services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    english.force_login(personas.intern)
    page = english.get(reverse("evaluations:evaluation", args=[evaluation.pk])).content.decode()
    assert "This evaluation never counts in the intern" in page
    assert "L124-4" in page


def test_preview_in_english_with_example_objectives(personas, english):
    questionnaire = services.default_forms(personas.program)[1]
    english.force_login(personas.staff)
    url = reverse("evaluations:form_preview", args=[questionnaire.pk])
    page = english.get(url + "?language=en").content.decode()
    assert "Tutor&#x27;s final evaluation" in page
    assert "First objective of the agreement (example)" in page
    assert "How far is this objective reached?" in page
    page = english.get(url + "?language=fr").content.decode()
    assert "Dans quelle mesure cet objectif est-il atteint ?" in page
    assert "disabled" in page and "Submit the evaluation" not in page


def test_editing_a_form_after_answers_says_a_new_version_was_made(
    personas, running, open_final, english
):
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    question = Question.objects.filter(
        section__version=open_final.version, kind=QuestionKind.TEXT
    ).first()
    english.force_login(personas.staff)
    form_page = reverse("evaluations:form", args=[open_final.version.questionnaire_id])
    assert "Your next change creates version 2" in english.get(form_page).content.decode()
    response = english.post(
        reverse("evaluations:question_edit", args=[question.pk]),
        {"kind": QuestionKind.TEXT, "label_fr": "Forces", "required": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert "your change made version 2" in page
    assert current_version(open_final.version.questionnaire).number == 2
    # The tutor's page still shows the wording he answered.
    english.force_login(personas.tutor)
    page = english.get(reverse("evaluations:evaluation", args=[open_final.pk])).content.decode()
    assert question.label_en in page and "Forces" not in page


def test_a_bad_question_shows_the_error_and_changes_nothing(personas, english):
    questionnaire = services.default_forms(personas.program)[0]
    section = current_version(questionnaire).sections.first()
    english.force_login(personas.staff)
    count = Question.objects.count()
    response = english.post(
        reverse("evaluations:question_create", args=[section.pk]),
        {"kind": QuestionKind.SINGLE_CHOICE, "label_fr": "Choix", "options_fr": "Seule option"},
    )
    assert response.status_code == 400
    assert "A choice question needs between 2 and 20 options" in response.content.decode()
    assert Question.objects.count() == count


def test_open_and_remind_from_the_overview(personas, running, english):
    english.force_login(personas.referent)
    url = reverse("evaluations:agreement", args=[running.pk])
    page = english.get(url).content.decode()
    assert page.count("Open it now") == 4
    english.post(reverse("evaluations:open", args=[running.pk]), {"kind": "tutor_final"})
    evaluation = Evaluation.objects.get(agreement=running, kind="tutor_final")
    evaluation.reminders.update(sent_at=timezone.now() - dt.timedelta(days=2))
    response = english.post(reverse("evaluations:remind", args=[evaluation.pk]), follow=True)
    assert "A reminder has been sent to Paul Durand." in response.content.decode()
    response = english.post(reverse("evaluations:remind", args=[evaluation.pk]), follow=True)
    assert "wait until tomorrow" in response.content.decode()
    assert evaluation.reminders.filter(kind="manual").count() == 1


def test_the_tutor_does_not_see_the_host_welcome_row(personas, running, english):
    services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    english.force_login(personas.tutor)
    page = english.get(reverse("evaluations:agreement", args=[running.pk])).content.decode()
    assert 'id="evaluation-host_welcome"' not in page
    assert 'id="evaluation-tutor_final"' in page


def test_the_intern_sees_the_grade_only_once_released(personas, running, english):
    defence = services.defence_schedule(
        agreement=running,
        by=personas.referent,
        scheduled_at=timezone.now() + dt.timedelta(days=5),
        place="Salle B204",
    )
    for person in (personas.referent, personas.tutor):
        services.defence_grade(
            defence=defence,
            by=person,
            grades={c["key"]: {"points": Decimal("14"), "comment": "Clair"} for c in defence.grid},
        )
    url = reverse("evaluations:defence", args=[running.pk])
    english.force_login(personas.intern)
    page = english.get(url).content.decode()
    assert "once the referent teacher or the internship office releases them" in page
    assert "Clair" not in page and "14" not in re.sub(r"\d{4}", "", page.split("Grades")[-1])
    services.defence_release(defence=defence, by=personas.referent, comment="Bravo.")
    page = english.get(url).content.decode()
    assert "Final grade: 14.00 / 20" in page
    assert "Bravo." in page and "Clair" in page


def test_the_grading_page_suggests_points_from_the_tutor_evaluation(
    personas, running, open_final, english
):
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    services.evaluation_submit(evaluation=open_final, by=personas.tutor)
    services.defence_schedule(
        agreement=running,
        by=personas.referent,
        scheduled_at=timezone.now() + dt.timedelta(days=5),
        place="Salle B204",
    )
    english.force_login(personas.referent)
    page = english.get(reverse("evaluations:defence_grade", args=[running.pk])).content.decode()
    assert "Suggested from the evaluation: 20.00 / 20.00" in page
    response = english.post(
        reverse("evaluations:defence_grade", args=[running.pk]),
        {f"points_{running.defence.grid[0]['key']}": "25"},
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 20" in response.content.decode()


def test_the_agreement_panel(personas, running, open_final):
    template = Template('{% include "evaluations/_agreement_panel.html" %}')

    def render(user):
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"agreement": running, "request": request, "user": user}))

    tutor_panel = render(personas.tutor)
    assert reverse("evaluations:evaluation", args=[open_final.pk]) in tutor_panel
    assert render(personas.signatory).strip() == ""
    staff_panel = render(personas.staff)
    assert reverse("evaluations:agreement", args=[running.pk]) in staff_panel


def _internships(personas, count):
    for index in range(count):
        agreement = factories.AgreementFactory(
            program=personas.program,
            tutor=factories.UserFactory(),
            referent=personas.referent,
            status="in_progress",
            title=f"Stage {index}",
        )
        factories.ObjectiveFactory(agreement=agreement)
        services.evaluation_open(agreement=agreement, kind="tutor_mid", by=personas.staff)
        services.evaluation_open(agreement=agreement, kind="tutor_final", by=personas.staff)


@pytest.mark.parametrize("count", [2, 12])
def test_follow_up_costs_the_same_whatever_its_length(
    personas, client, django_assert_max_num_queries, count
):
    _internships(personas, count)
    client.force_login(personas.staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("evaluations:follow_up"))
    assert response.content.decode().count('<tr id="agreement-') == count


@pytest.mark.parametrize("objectives", [0, 8])
def test_an_evaluation_page_costs_the_same_whatever_the_objectives(
    personas, running, client, django_assert_max_num_queries, objectives
):
    for index in range(objectives):
        factories.ObjectiveFactory(agreement=running, title=f"Objectif {index}")
    evaluation = services.evaluation_open(agreement=running, kind="tutor_final", by=personas.staff)
    services.evaluation_answers_save(
        evaluation=evaluation, by=personas.tutor, values=full_answers(evaluation)
    )
    client.force_login(personas.tutor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("evaluations:evaluation", args=[evaluation.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(13):
        response = client.get(reverse("evaluations:agreement", args=[running.pk]))
    assert response.status_code == 200
