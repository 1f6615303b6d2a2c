"""The evaluations of the demo (`balise demo`).

Every programme has its default forms and its grading grid. The demo intern's internship
under way has its mid-internship evaluation, opened early by her referent and answered by her
tutor. Her finished internship has its three final evaluations answered (her tutor's, her
own of the host's welcome, her referent's), her report uploaded before the deadline, and a
defence scheduled, graded by the referent and the tutor, and released.

Written through the services, as people would. The services stamp what they write with the
present, so the moments are then dated back to when they would have happened, as the demo
does for the agreements' signatures.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import typst
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balise.agreements.models import Agreement
from balise.evaluations import content, services
from balise.evaluations.models import (
    Defence,
    Evaluation,
    EvaluationKind,
    QuestionKind,
    Report,
)
from balise.law import formatting as fmt
from balise.notifications.models import Notification

# Notifications older than this are read, as people would have by now.
READ_AFTER = dt.timedelta(days=7)


@contextmanager
def happened(agreement, when: dt.datetime):
    """Date back to `when` the notifications about `agreement` that the services write inside
    the block: emailed then, and read when that is more than a week ago (so that the queued
    emails skip them, and the demo people are not told today of what happened months ago)."""
    since = timezone.now()
    yield
    read_at = when if when < timezone.now() - READ_AFTER else None
    Notification.objects.filter(agreement=agreement, created_at__gte=since).update(
        created_at=when, emailed_at=when, read_at=read_at
    )


# --- The answers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """What one person answers on a form. Generated questions take `objectives` (points, in
    the agreement's order: the main objective first) and `competencies` (points by code);
    other questions are found by their French label. A required question the script does not
    name gets `fallback` points (or yes, the first choice, a short text)."""

    objectives: tuple[int, ...] = ()
    competencies: dict[str, int] = field(default_factory=dict)
    by_label: dict[str, object] = field(default_factory=dict)
    fallback: int = 3


MID = Answers(
    # Not started, under way, on track, reached: four weeks into fourteen.
    objectives=(2, 3, 2, 1),
    competencies={"INFO5": 2, "INFO1": 2, "T4": 3, "T1": 2},
    by_label={
        "Ponctualité et assiduité": 4,
        "Intégration dans l'équipe": 4,
        "Autonomie et prise d'initiative": 3,
        "Communication écrite et orale": 3,
        "Points forts": (
            "Méthode rigoureuse : l’extranet est passé page par page au crible du Top 10 de "
            "l’OWASP. Comptes rendus clairs et réguliers au responsable sécurité."
        ),
        "Axes de progrès pour la seconde moitié du stage": (
            "Écrire les tests automatisés de la double authentification au fil du "
            "développement, et classer les vulnérabilités par gravité avant d’en creuser une."
        ),
        "Souhaitez-vous un échange avec l'enseignant référent ?": False,
    },
)
TUTOR_FINAL = Answers(
    # Not reached, partly reached, reached, exceeded.
    objectives=(3, 4, 3, 3),
    competencies={"T3": 3, "INFO1": 3, "T1": 4, "INFO4": 3},
    by_label={
        "Ponctualité et assiduité": 4,
        "Intégration dans l'équipe": 4,
        "Autonomie et prise d'initiative": 3,
        "Communication écrite et orale": 4,
        "Qualité du travail rendu": 4,
        "Appréciation générale du stage": 4,  # very good
        "Points forts": (
            "Le module de prise de rendez-vous est en production et les clients s’en servent. "
            "Elle a su écouter le service client et écrire des récits utilisateurs précis."
        ),
        "Axes de progrès": (
            "Oser demander de l’aide plus tôt quand un choix technique bloque, plutôt que de "
            "chercher seule pendant deux jours."
        ),
        "Recommanderiez-vous ce stagiaire à un autre employeur ?": True,
    },
)
HOST_WELCOME = Answers(
    by_label={
        "J'ai été bien accueilli(e) à mon arrivée.": 5,
        "On m'a fourni les outils et les informations nécessaires.": 4,
        "Je me suis senti(e) intégré(e) à l'équipe.": 5,
        "Mon tuteur a été disponible quand j'en avais besoin.": 4,
        "Les missions confiées correspondaient aux objectifs de la convention.": 5,
        "Des points d'étape réguliers ont eu lieu avec mon tuteur.": True,
        "Les horaires prévus par la convention ont été respectés.": 5,
        "Qu'est-ce qui vous a le plus aidé(e) ?": [1, 2],  # my tutor, the team
        "Recommanderiez-vous cet organisme à un autre étudiant ?": True,
        "Commentaires": (
            "Une équipe accueillante, un poste prêt dès le premier jour et un vrai projet "
            "mis en production. Les premières semaines, la documentation interne manquait."
        ),
    },
)
REFERENT = Answers(
    objectives=(3, 4, 3, 3),
    competencies={"T3": 3, "INFO1": 3, "T1": 3, "INFO4": 3},
    by_label={
        "Le stage s'est-il déroulé conformément à la convention ?": 1,  # yes, entirely
        "Les missions confiées ont servi les objectifs pédagogiques.": True,
        "Appréciation de l'enseignant référent": (
            "Un stage mené avec méthode, des objectifs atteints et mesurés. Le rapport relie "
            "bien le travail réalisé aux compétences du BUT ; la soutenance l’a confirmé."
        ),
    },
)

# The defence: points per criterion (out of its maximum), by the position of the criterion in
# the grid, for the referent and the tutor, with their comments.
DEFENCE_GRADES = {
    "referent": (
        (Decimal("15"), "Rapport clair, bien structuré autour des objectifs."),
        (Decimal("16"), "Présentation vivante, dans le temps imparti."),
        (Decimal("14"), "Réponses justes ; la partie sur les tests mérite d’être creusée."),
        (Decimal("17"), ""),
    ),
    "tutor": (
        (Decimal("16"), ""),
        (Decimal("17"), "La démonstration du module a convaincu le jury."),
        (Decimal("15"), ""),
        (Decimal("18"), "Un module en production, utilisé par les clients."),
    ),
}
DEFENCE_COMMENTS = {
    "referent": "Une soutenance solide et bien préparée.",
    "tutor": (
        "Je retrouve dans la soutenance le sérieux dont elle a fait preuve pendant tout le stage."
    ),
}
RELEASE_COMMENT = (
    "Félicitations : un stage abouti, un rapport clair et une soutenance convaincante. "
    "Continuez à documenter vos choix techniques comme vous l’avez fait pour ce module."
)
DEFENCE_PLACE = "Campus Saône-Rhône, salle B204"
DEFENCE_VIDEO = "https://visio.demo.balise.fr/soutenance-b204"


def _raw(item: content.Item, answer) -> object:
    """`answer` as the form would return it for `item`."""
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    if isinstance(answer, list):
        return [str(value) for value in answer]
    return str(answer)


def _fallback(item: content.Item, answers: Answers) -> object:
    kind = item.question.kind
    if kind == QuestionKind.TEXT:
        return "Rien à ajouter."
    if kind == QuestionKind.YES_NO:
        return "yes"
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return [item.choices[0][0]]
    if kind == QuestionKind.SINGLE_CHOICE:
        return item.choices[0][0]
    return str(min(answers.fallback, item.points))


def _values(evaluation: Evaluation, answers: Answers) -> dict[str, object]:
    """Every item of the evaluation answered from `answers`, as the form returns them."""
    objectives = [o["id"] for o in evaluation.subjects.get("objectives") or []]
    codes = {c["id"]: c.get("code", "") for c in evaluation.subjects.get("competencies") or []}
    sections = services.evaluation_sections(evaluation, lang="fr", with_answers=False)
    values = {}
    for item in content.all_items(sections):
        kind, _sep, pk = item.subject.partition(":")
        answer = None
        if kind == "objective" and answers.objectives:
            index = objectives.index(int(pk))
            answer = answers.objectives[min(index, len(answers.objectives) - 1)]
        elif kind == "competency":
            answer = answers.competencies.get(codes.get(int(pk), ""))
        elif not kind:
            answer = answers.by_label.get(item.question.label_fr)
        if answer is not None:
            values[item.key] = _raw(item, answer)
        elif item.required:
            values[item.key] = _fallback(item, answers)
    return values


def _answer(evaluation: Evaluation, answers: Answers, *, submitted_at: dt.datetime) -> Evaluation:
    """The responder saves the answers, submits them, then the moment is dated back."""
    by = evaluation.responder
    services.evaluation_answers_save(
        evaluation=evaluation, by=by, values=_values(evaluation, answers)
    )
    with happened(evaluation.agreement, submitted_at):
        evaluation = services.evaluation_submit(evaluation=evaluation, by=by)
    Evaluation.objects.filter(pk=evaluation.pk).update(submitted_at=submitted_at)
    return evaluation


# --- The whole story --------------------------------------------------------------------------


def demo_evaluations(*, programs, running=None, finished=None) -> None:
    """Forms and grading grids for `programs`; the mid-internship evaluation of `running`;
    the final evaluations, the report and the defence of `finished` (see the module doc)."""
    for program in programs:
        services.default_forms(program)
        services.defence_settings_for(program)
    fresh = Agreement.objects.select_related(
        "program", "school", "host", "intern", "tutor", "referent"
    )
    if running is not None:
        _mid_evaluation(fresh.get(pk=running.pk))
    if finished is not None:
        finished = fresh.get(pk=finished.pk)
        _final_evaluations(finished)
        _report(finished)
        _defence(finished)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of `day`, never later than a minute ago."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return min(moment, timezone.now() - dt.timedelta(minutes=1))


def _mid_evaluation(agreement: Agreement) -> None:
    """Opened early by the referent, four days ago, and answered by the tutor the next day
    (before any reminder was due)."""
    today = timezone.localdate()
    opened_on = max(agreement.start_date, today - dt.timedelta(days=4))
    opened_at = _at(opened_on, 9)
    with happened(agreement, opened_at):
        evaluation = services.evaluation_open(
            agreement=agreement, kind=EvaluationKind.TUTOR_MID, by=agreement.referent, now=opened_at
        )
    _answer(evaluation, MID, submitted_at=_at(opened_on + dt.timedelta(days=1), 17, 30))


def _final_evaluations(agreement: Agreement) -> None:
    """Opened by Balise a week before the end, as the cron command does; the tutor answers
    two days before the end, the intern on her last day, the referent after the defence."""
    end = agreement.end_date
    opened_at = _at(end - dt.timedelta(days=services.FINAL_EVALUATIONS_LEAD_DAYS), 7)
    answered = {
        EvaluationKind.TUTOR_FINAL: (TUTOR_FINAL, _at(end - dt.timedelta(days=2), 16)),
        EvaluationKind.HOST_WELCOME: (HOST_WELCOME, _at(end, 18, 15)),
        EvaluationKind.REFERENT: (REFERENT, _at(_defence_day(agreement), 18)),
    }
    for kind, (answers, submitted_at) in answered.items():
        with happened(agreement, opened_at):
            evaluation = services.evaluation_open(agreement=agreement, kind=kind, now=opened_at)
        _answer(evaluation, answers, submitted_at=submitted_at)


# --- The report -------------------------------------------------------------------------------

# A short report, laid out by Typst: every value arrives as text through `sys.inputs`.
REPORT_TEMPLATE = """
#let data = json(bytes(sys.inputs.data))
#set document(title: data.title, author: data.author)
#set page(paper: "a4", margin: 2.5cm, numbering: "1")
#set text(lang: "fr", size: 11pt)
#set par(justify: true)
#set heading(numbering: "1.")
#align(center + horizon)[
  #text(size: 11pt, upper(data.school)) \\
  #text(size: 11pt, data.program)
  #v(2em)
  #text(size: 24pt, weight: "bold", data.kicker)
  #v(0.5em)
  #text(size: 15pt, data.title)
  #v(2em)
  #data.author \\
  #data.host \\
  #data.period
]
#pagebreak()
#for section in data.sections [
  = #section.heading
  #for paragraph in section.paragraphs [#paragraph #parbreak()]
  #if section.items.len() > 0 { list(..section.items) }
]
"""


def report_pdf(agreement: Agreement, *, written_at: dt.datetime) -> bytes:
    """The demo intern's report: a cover page, then one section per objective. Dated
    `written_at`, so that the same demo gives the same bytes."""
    objectives = list(agreement.objectives.order_by("position", "pk"))
    main = next((o for o in objectives if o.is_main), None)
    sections = [
        {
            "heading": "Introduction",
            "paragraphs": [
                f"Ce stage s’est déroulé chez {agreement.host.name} du "
                f"{fmt.date(agreement.start_date, 'fr')} au {fmt.date(agreement.end_date, 'fr')}.",
                *([main.description] if main and main.description else []),
            ],
            "items": [],
        }
    ]
    for objective in objectives:
        if objective.is_main:
            continue
        sections.append(
            {
                "heading": objective.title,
                "paragraphs": [objective.description, "Indicateurs de réussite convenus :"],
                "items": objective.indicator_list,
            }
        )
    sections.append(
        {
            "heading": "Conclusion",
            "paragraphs": [
                "Les objectifs fixés dans la convention ont été atteints ; ce rapport en "
                "présente la démarche, les résultats et les compétences développées."
            ],
            "items": [],
        }
    )
    data = {
        "kicker": "Rapport de stage",
        "title": agreement.title,
        "author": agreement.intern.get_full_name(),
        "host": agreement.host.name,
        "school": agreement.school.name,
        "program": agreement.program.name,
        "period": f"du {fmt.date(agreement.start_date, 'fr')} au "
        f"{fmt.date(agreement.end_date, 'fr')}",
        "sections": sections,
    }
    return typst.compile(
        REPORT_TEMPLATE.encode(),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
        timestamp=int(written_at.timestamp()),
    )


def _report(agreement: Agreement) -> None:
    """Uploaded by the intern nine days after the end, before the programme's deadline."""
    uploaded_on = agreement.end_date + dt.timedelta(days=9)
    uploaded_at = _at(uploaded_on, 21, 40)
    upload = SimpleUploadedFile(
        "rapport-de-stage.pdf",
        report_pdf(agreement, written_at=uploaded_at),
        content_type="application/pdf",
    )
    report = services.report_upload(
        agreement=agreement, by=agreement.intern, upload=upload, today=uploaded_on
    )
    Report.objects.filter(pk=report.pk).update(uploaded_at=uploaded_at)


# --- The defence ------------------------------------------------------------------------------


def _defence_day(agreement: Agreement) -> dt.date:
    """The first Thursday at least ten days after the end."""
    day = agreement.end_date + dt.timedelta(days=10)
    return day + dt.timedelta(days=(3 - day.weekday()) % 7)


def _grade(criterion: dict, grades, index: int) -> dict:
    """The points of the `index`-th criterion, given out of 20 and brought to its maximum
    (criteria beyond the script get 15 out of 20)."""
    points, comment = grades[index] if index < len(grades) else (Decimal("15"), "")
    maximum = Decimal(criterion["max_points"])
    return {"points": (points * maximum / 20).quantize(Decimal("0.01")), "comment": comment}


def _defence(agreement: Agreement) -> None:
    """Scheduled by the referent the Monday after the end; graded by the referent and the
    tutor on the day; the grade released two days later."""
    day = _defence_day(agreement)
    scheduled_on = agreement.end_date + dt.timedelta(days=(7 - agreement.end_date.weekday()))
    scheduled_at = _at(scheduled_on, 10)
    with happened(agreement, scheduled_at):
        defence = services.defence_schedule(
            agreement=agreement,
            by=agreement.referent,
            scheduled_at=_at(day, 14),
            place=DEFENCE_PLACE,
            video_link=DEFENCE_VIDEO,
        )
    for role, person in (("referent", agreement.referent), ("tutor", agreement.tutor)):
        services.defence_grade(
            defence=defence,
            by=person,
            grades={
                criterion["key"]: _grade(criterion, DEFENCE_GRADES[role], index)
                for index, criterion in enumerate(defence.grid)
            },
            comment=DEFENCE_COMMENTS[role],
        )
    released_at = _at(day + dt.timedelta(days=2), 11)
    with happened(agreement, released_at):
        defence = services.defence_release(
            defence=defence, by=agreement.referent, comment=RELEASE_COMMENT
        )
    Defence.objects.filter(pk=defence.pk).update(released_at=released_at, created_at=scheduled_at)
