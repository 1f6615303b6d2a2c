"""Forms per programme: defaults in both languages, edits, and versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from balise.evaluations import services
from balise.evaluations.models import (
    Answer,
    EvaluationKind,
    Question,
    QuestionKind,
    Questionnaire,
)
from balise.evaluations.selectors import answers_of, current_version
from tests import factories
from tests.evaluations.conftest import full_answers, items_of


def test_default_forms_are_created_once_in_french_and_english(personas):
    forms = services.default_forms(personas.program)
    assert [q.kind for q in forms] == list(EvaluationKind.values)
    assert services.default_forms(personas.program) == forms  # lazy and idempotent
    assert Questionnaire.objects.filter(program=personas.program).count() == 4
    for questionnaire in forms:
        version = current_version(questionnaire)
        assert version.number == 1
        assert version.title_fr and version.title_en
        questions = Question.objects.filter(section__version=version)
        assert questions.exists()
        assert all(q.label_fr and q.label_en for q in questions)
    final = forms[1]
    kinds = set(
        Question.objects.filter(section__version__questionnaire=final).values_list(
            "kind", flat=True
        )
    )
    assert {QuestionKind.OBJECTIVE_RATINGS, QuestionKind.COMPETENCY_RATINGS} <= kinds
    with translation.override("en"):
        assert current_version(final).title == "Tutor's final evaluation"
    with translation.override("fr"):
        assert current_version(final).title == "Évaluation finale par le tuteur"


def test_generated_questions_expand_into_one_item_per_objective_and_competency(
    personas, running, open_final
):
    items = items_of(open_final)
    objectives = [i for i in items if i.subject.startswith("objective:")]
    competencies = [i for i in items if i.subject.startswith("competency:")]
    assert [i.label for i in objectives] == [
        "Concevoir l'API de facturation",
        "Animer une démonstration auprès des clients",
    ]
    assert len(competencies) == 2
    # Frozen at opening: a later objective does not change the evaluation's questions.
    from tests.factories import ObjectiveFactory

    ObjectiveFactory(agreement=running, title="Objectif ajouté plus tard")
    assert len([i for i in items_of(open_final) if i.subject.startswith("objective:")]) == 2


def _question(version, kind):
    return Question.objects.filter(section__version=version, kind=kind).order_by("pk").first()


def test_edits_without_answers_change_the_current_version(personas, running, open_final):
    version = open_final.version
    question = _question(version, QuestionKind.TEXT)
    edited = services.question_update(
        question=question, by=personas.staff, label_fr="Forces", label_en="Strong points"
    )
    assert edited.pk == question.pk
    assert current_version(version.questionnaire).number == 1


def test_an_edit_after_answers_makes_a_new_version_and_old_answers_stay_readable(
    personas, running, open_final
):
    """The acceptance test of versions: answers are tied to the version they answered."""
    old_version = open_final.version
    questionnaire = old_version.questionnaire
    values = full_answers(open_final)
    services.evaluation_answers_save(evaluation=open_final, by=personas.tutor, values=values)
    services.evaluation_submit(evaluation=open_final, by=personas.tutor)
    before = {item.key: (item.label, item.value) for item in items_of(open_final)}

    # Staff reword a question, delete another and add one.
    text_question = _question(old_version, QuestionKind.TEXT)
    choice_question = _question(old_version, QuestionKind.SINGLE_CHOICE)
    reworded = services.question_update(
        question=text_question,
        by=personas.staff,
        label_fr="Ce qui a marché",
        label_en="What worked",
    )
    new_version = current_version(questionnaire)
    assert new_version.number == 2
    assert reworded.section.version == new_version and reworded.pk != text_question.pk
    deleted_in_new = Question.objects.get(
        section__version=new_version, label_fr=choice_question.label_fr
    )
    services.question_delete(question=deleted_in_new, by=personas.staff)
    services.question_add(
        section=reworded.section,
        by=personas.staff,
        kind=QuestionKind.YES_NO,
        label_fr="Embaucheriez-vous ce stagiaire ?",
        label_en="Would you hire this intern?",
        required=True,
    )
    assert current_version(questionnaire).number == 2  # no answers on v2 yet: same version

    # The old answers are untouched and read exactly as they were given.
    open_final.refresh_from_db()
    assert open_final.version == old_version
    after = {item.key: (item.label, item.value) for item in items_of(open_final)}
    assert after == before
    assert text_question.label_en in {label for label, _value in after.values()}
    assert choice_question.label_en in {label for label, _value in after.values()}
    assert Answer.objects.filter(evaluation=open_final).count() == len(values)

    # An evaluation opened from now on answers version 2, with its questions.
    other = factories.AgreementFactory(
        program=personas.program, tutor=personas.tutor, status="in_progress"
    )
    newer = services.evaluation_open(agreement=other, kind="tutor_final", by=personas.staff)
    assert newer.version == new_version
    labels = {item.label for item in items_of(newer)}
    assert "What worked" in labels and "Would you hire this intern?" in labels
    assert choice_question.label_en not in labels


def test_evaluations_nobody_answered_move_to_the_new_version(personas, running, open_final):
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    mid = services.evaluation_open(agreement=running, kind="tutor_mid", by=personas.staff)
    mid_question = _question(mid.version, QuestionKind.TEXT)
    # The final form has a draft answer: editing it copies; the mid form has none: no copy.
    services.question_update(question=mid_question, by=personas.staff, label_fr="Forces")
    mid.refresh_from_db()
    assert mid.version.number == 1
    final_question = _question(open_final.version, QuestionKind.TEXT)
    services.question_update(question=final_question, by=personas.staff, label_fr="Forces")
    open_final.refresh_from_db()
    assert open_final.version.number == 1  # it has (draft) answers: it stays


def test_a_stale_edit_of_an_older_version_is_refused(personas, running, open_final):
    old_question = _question(open_final.version, QuestionKind.TEXT)
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    services.question_update(question=old_question, by=personas.staff, label_fr="Forces")
    with translation.override("en"), pytest.raises(ValidationError, match="version 2"):
        services.question_update(question=old_question, by=personas.staff, label_fr="Encore")


def test_only_staff_of_the_school_edit_forms(personas):
    questionnaire = services.default_forms(personas.program)[0]
    for person in (personas.referent, personas.intern, personas.other_staff):
        with pytest.raises(PermissionDenied):
            services.section_add(questionnaire=questionnaire, by=person, title_fr="Autre")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": QuestionKind.RATING, "scale_max": None}, "number of points"),
        ({"kind": QuestionKind.SINGLE_CHOICE, "options": [{"fr": "Seule", "en": ""}]}, "between 2"),
        (
            {"kind": QuestionKind.RATING, "scale_max": 3, "options": [{"fr": "a", "en": ""}]},
            "one label per point",
        ),
    ],
)
def test_inconsistent_questions_are_refused(personas, fields, message):
    questionnaire = services.default_forms(personas.program)[0]
    section = current_version(questionnaire).sections.first()
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.question_add(section=section, by=personas.staff, label_fr="Question", **fields)


def test_section_and_question_moves_keep_positions_dense(personas):
    questionnaire = services.default_forms(personas.program)[0]
    version = current_version(questionnaire)
    first, second = list(version.sections.order_by("position"))[:2]
    services.section_move(section=second, by=personas.staff, direction="up")
    assert list(version.sections.order_by("position").values_list("pk", flat=True))[:2] == [
        second.pk,
        first.pk,
    ]
    positions = list(version.sections.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


def test_answers_are_keyed_by_question_and_subject(personas, running, open_final):
    services.evaluation_answers_save(
        evaluation=open_final, by=personas.tutor, values=full_answers(open_final)
    )
    stored = answers_of(open_final)
    objective = running.objectives.order_by("position").first()
    assert any(subject == f"objective:{objective.pk}" for _q, subject in stored)
