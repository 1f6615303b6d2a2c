"""The demo's evaluations (`balise demo`): forms and grids for every programme; the demo
intern's mid-internship evaluation answered by her tutor; her finished internship's final
evaluations, report and defence, graded and released; all dated in the past."""

import datetime as dt
import io
import re

import pypdf
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from balise.agreements.models import Agreement, AgreementStatus
from balise.demo import INTERN, REFERENT, TUTOR, demo_load
from balise.evaluations import content, services
from balise.evaluations.demo import HOST_WELCOME, MID, RELEASE_COMMENT, TUTOR_FINAL
from balise.evaluations.models import (
    Defence,
    Evaluation,
    EvaluationKind,
    EvaluationStatus,
    JuryGrade,
    Questionnaire,
    Report,
)
from balise.evaluations.selectors import report_deadline
from balise.notifications.models import Notification
from balise.organizations.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo for the module, rolled back afterwards (a flush would also remove the data
    that migrations load, which later tests rely on)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_report_storage():
    """Overrides the package's: here the demo's report file must stay for the whole module."""


def demo_intern_agreement(status):
    return Agreement.objects.select_related("program", "intern", "tutor", "referent").get(
        intern__email=INTERN, status=status
    )


def items_of(evaluation):
    return content.all_items(services.evaluation_sections(evaluation, lang="fr"))


def answer_to(evaluation, label_fr):
    (item,) = [i for i in items_of(evaluation) if i.question.label_fr == label_fr]
    return item.value


@pytest.mark.usefixtures("demo")
class TestDemoEvaluations:
    def test_every_programme_has_its_four_forms_and_a_grading_grid(self):
        programs = list(Program.objects.filter(school__is_demo=True))
        assert len(programs) == 3
        for program in programs:
            forms = Questionnaire.objects.filter(program=program, is_active=True)
            assert set(forms.values_list("kind", flat=True)) == set(EvaluationKind.values)
            assert all(form.versions.exists() for form in forms)
            assert program.grading_criteria.count() >= 1

    def test_the_tutor_answered_the_mid_internship_evaluation_of_the_running_internship(self):
        running = demo_intern_agreement(AgreementStatus.IN_PROGRESS)
        (mid,) = Evaluation.objects.filter(agreement=running)
        assert mid.kind == EvaluationKind.TUTOR_MID
        assert mid.status == EvaluationStatus.SUBMITTED
        assert mid.responder.email == TUTOR
        assert mid.opened_by.email == REFERENT
        assert running.start_date <= timezone.localdate(mid.opened_at)
        assert mid.opened_at < mid.submitted_at < timezone.now()

        items = items_of(mid)
        assert all(item.is_answered for item in items if item.required)
        # One rating per objective of the agreement, main objective first, as scripted.
        objective_items = [i for i in items if i.subject.startswith("objective:")]
        assert [i.value for i in objective_items] == list(MID.objectives)
        assert len(objective_items) == running.objectives.count()
        assert answer_to(mid, "Points forts") == MID.by_label["Points forts"]
        assert content.evaluation_score(mid, items) is not None

    def test_no_reminder_is_due_right_after_the_demo(self):
        """Every evaluation the demo opened is answered: a cron run sends nothing."""
        assert not Evaluation.objects.filter(status=EvaluationStatus.OPEN).exists()
        assert services.evaluation_reminders_send(dry_run=True) == 0

    def test_the_finished_internship_has_its_three_final_evaluations_answered(self):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        evaluations = {e.kind: e for e in Evaluation.objects.filter(agreement=finished)}
        assert set(evaluations) == {
            EvaluationKind.TUTOR_FINAL,
            EvaluationKind.HOST_WELCOME,
            EvaluationKind.REFERENT,
        }
        responders = {kind: e.responder.email for kind, e in evaluations.items()}
        assert responders == {
            EvaluationKind.TUTOR_FINAL: TUTOR,
            EvaluationKind.HOST_WELCOME: INTERN,
            EvaluationKind.REFERENT: REFERENT,
        }
        for evaluation in evaluations.values():
            assert evaluation.is_submitted
            assert all(item.is_answered for item in items_of(evaluation) if item.required)
            # Opened a week before the end, by Balise, and answered around the end.
            assert evaluation.opened_by is None
            assert evaluation.opened_at < evaluation.submitted_at < timezone.now()
            assert timezone.localdate(evaluation.opened_at) == finished.end_date - dt.timedelta(
                days=services.FINAL_EVALUATIONS_LEAD_DAYS
            )
        tutor_final = evaluations[EvaluationKind.TUTOR_FINAL]
        assert answer_to(tutor_final, "Recommanderiez-vous ce stagiaire à un autre employeur ?")
        assert content.evaluation_score(tutor_final, items_of(tutor_final)) > 0
        welcome = evaluations[EvaluationKind.HOST_WELCOME]
        assert answer_to(welcome, "Commentaires") == HOST_WELCOME.by_label["Commentaires"]
        # The intern's evaluation of the host never counts in her grades (L124-4).
        with pytest.raises(content.NotGradable):
            content.evaluation_score(welcome, items_of(welcome))
        # The referent answered after the defence.
        defence = Defence.objects.get(agreement=finished)
        assert evaluations[EvaluationKind.REFERENT].submitted_at > defence.scheduled_at

    def test_the_report_is_a_readable_pdf_uploaded_before_the_deadline(self):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        report = Report.objects.get(agreement=finished)
        assert report.uploaded_by.email == INTERN
        deadline = report_deadline(finished, finished.program.defence_settings)
        assert finished.end_date < timezone.localdate(report.uploaded_at) <= deadline

        with report.file.open("rb") as stored:
            data = stored.read()
        assert len(data) == report.size
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) == report.pages >= 2
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
        assert "Rapport de stage" in text
        assert finished.intern.get_full_name() in text
        for objective in finished.objectives.filter(kind="specific"):
            assert objective.title in text

    def test_the_defence_was_graded_by_the_jury_and_released_to_the_intern(self, client):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        defence = Defence.objects.get(agreement=finished)
        assert defence.place and defence.video_link
        assert finished.end_date < timezone.localdate(defence.scheduled_at)
        assert defence.scheduled_at < defence.released_at < timezone.now()
        jury = {m.user.email: m for m in defence.jury.select_related("user")}
        assert set(jury) == {REFERENT, TUTOR}
        keys = {criterion["key"] for criterion in defence.grid}
        for member in jury.values():
            assert set(member.grades.values_list("criterion", flat=True)) == keys
        grades = list(JuryGrade.objects.filter(member__defence=defence))
        assert defence.final_grade == services.final_grade(
            defence.grid, grades, defence.grade_scale
        )
        assert 10 < defence.final_grade < defence.grade_scale
        assert defence.final_comment == RELEASE_COMMENT

        client.force_login(finished.intern)
        response = client.get(reverse("evaluations:defence", args=[finished.pk]))
        assert response.status_code == 200
        assert response.context["sees_grades"] is True
        assert RELEASE_COMMENT in response.content.decode()

    def test_what_happened_months_ago_is_dated_then_and_already_read(self):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        kinds = set(Notification.objects.filter(agreement=finished).values_list("kind", flat=True))
        assert {"evaluation_submitted", "defence_scheduled", "grade_released"} <= kinds
        last_day = finished.end_date + dt.timedelta(days=60)
        for notification in Notification.objects.filter(
            agreement=finished, kind__in=["evaluation_submitted", "grade_released"]
        ):
            assert timezone.localdate(notification.created_at) <= last_day
            assert notification.read_at is not None and notification.emailed_at is not None

    def test_the_tutor_final_evaluation_says_what_was_scripted(self):
        finished = demo_intern_agreement(AgreementStatus.COMPLETED)
        evaluation = Evaluation.objects.get(agreement=finished, kind=EvaluationKind.TUTOR_FINAL)
        items = items_of(evaluation)
        competencies = {c["id"]: c["code"] for c in evaluation.subjects["competencies"]}
        rated = {
            competencies[int(i.subject.partition(":")[2])]: i.value
            for i in items
            if i.subject.startswith("competency:")
        }
        assert rated == TUTOR_FINAL.competencies
        assert answer_to(evaluation, "Points forts") == TUTOR_FINAL.by_label["Points forts"]


def test_a_second_demo_load_adds_no_evaluation(demo):
    before = (
        Evaluation.objects.count(),
        Questionnaire.objects.count(),
        Defence.objects.count(),
        Report.objects.count(),
    )

    result = demo_load()

    assert result.created is False
    assert (
        Evaluation.objects.count(),
        Questionnaire.objects.count(),
        Defence.objects.count(),
        Report.objects.count(),
    ) == before
