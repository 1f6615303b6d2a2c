"""The evaluation sheet as PDF (Typst), in the reader's language.

Like the agreement's documents, the data reaches `templates/typst/evaluation_sheet.typ`
as one JSON string and is inserted as text only. The sheet's fixed wording lives here in
French and English (`TEXTS`); the questions and their labels come from the form version
the evaluation answered, in the same language.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from balise.agreements.documents import render_typst
from balise.evaluations.content import all_items, display_value
from balise.evaluations.models import EvaluationKind
from balise.law import formatting as fmt

LANGUAGES = ("fr", "en")

TEXTS = {
    "fr": {
        "kicker": "Fiche d'évaluation",
        "reference": "Convention n° {id}",
        "intern": "Stagiaire",
        "host": "Organisme d'accueil",
        "program": "Formation",
        "dates": "Période du stage",
        "dates_value": "du {start} au {end}",
        "tutor": "Tuteur",
        "referent": "Enseignant référent",
        "answered_by": "Évaluation remplie par",
        "status": "État",
        "submitted": "Soumise le {date}",
        "draft": "Brouillon, non soumis : les réponses peuvent encore changer",
        "no_answer": "Sans réponse",
        "not_named": "non désigné",
        "footer": "Établi avec Balise · formulaire « {form} », version {number}",
        "page": "Page",
        "kinds": {
            "tutor_mid": "Évaluation à mi-parcours par le tuteur",
            "tutor_final": "Évaluation finale par le tuteur",
            "host_welcome": "Évaluation de la qualité de l'accueil par le stagiaire",
            "referent": "Évaluation par l'enseignant référent",
        },
        "kind": "Évaluation",
        "host_welcome_notice": (
            "Ce document est destiné au service des stages de l'établissement. Il n'est pas "
            "pris en compte dans l'évaluation du stagiaire ni dans l'obtention de son diplôme "
            "(code de l'éducation, article L124-4)."
        ),
    },
    "en": {
        "kicker": "Evaluation sheet",
        "reference": "Agreement no. {id}",
        "intern": "Intern",
        "host": "Host organisation",
        "program": "Programme",
        "dates": "Internship period",
        "dates_value": "from {start} to {end}",
        "tutor": "Tutor",
        "referent": "Referent teacher",
        "answered_by": "Evaluation completed by",
        "status": "Status",
        "submitted": "Submitted on {date}",
        "draft": "Draft, not submitted: the answers may still change",
        "no_answer": "No answer",
        "not_named": "not named",
        "footer": "Made with Balise · form “{form}”, version {number}",
        "page": "Page",
        "kinds": {
            "tutor_mid": "Tutor's mid-internship evaluation",
            "tutor_final": "Tutor's final evaluation",
            "host_welcome": "Intern's evaluation of the host's welcome",
            "referent": "Referent teacher's evaluation",
        },
        "kind": "Evaluation",
        "host_welcome_notice": (
            "This document is meant for the school's internship office. It is not taken into "
            "account in the intern's evaluation or in the award of her diploma (Code de "
            "l'éducation, article L124-4)."
        ),
    },
}


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "fr"


def _person(person, lang: str) -> str:
    return str(person) if person is not None else TEXTS[lang]["not_named"]


def sheet_data(evaluation, sections, *, lang: str) -> dict:
    """What the sheet shows, worded in `lang`. `sections` are the evaluation's items
    built in the same language (see `content.build_sections`)."""
    lang = _lang(lang)
    t = TEXTS[lang]
    agreement = evaluation.agreement
    version = evaluation.version
    form_title = version.title_en if lang == "en" and version.title_en else version.title_fr
    if evaluation.submitted_at:
        status = t["submitted"].format(
            date=fmt.date(timezone.localdate(evaluation.submitted_at), lang)
        )
    else:
        status = t["draft"]
    facts = [
        [t["kind"], t["kinds"][evaluation.kind]],
        [t["intern"], str(agreement.intern)],
        [t["host"], agreement.host.name],
        [t["program"], agreement.program.name],
        [
            t["dates"],
            t["dates_value"].format(
                start=fmt.date(agreement.start_date, lang), end=fmt.date(agreement.end_date, lang)
            ),
        ],
        [t["tutor"], _person(agreement.tutor, lang)],
        [t["referent"], _person(agreement.referent, lang)],
        [t["answered_by"], str(evaluation.responder)],
        [t["status"], status],
    ]
    return {
        "lang": lang,
        "meta": {"title": f"{form_title} · {agreement.title}", "author": "Balise"},
        "header": {
            "kicker": t["kicker"],
            "reference": t["reference"].format(id=agreement.pk),
            "title": form_title,
            "subtitle": f"{agreement.title} · {agreement.intern} · {agreement.host.name}",
        },
        "facts": facts,
        "notice": t["host_welcome_notice"]
        if evaluation.kind == EvaluationKind.HOST_WELCOME
        else "",
        "sections": [
            {
                "title": section.title,
                "questions": [
                    {
                        "label": question.label,
                        "help": question.help,
                        "generated": question.generated,
                        "empty": question.empty_note,
                        "items": [
                            {
                                "label": item.label,
                                "answer": display_value(item) or t["no_answer"],
                                "answered": item.is_answered,
                                "text": item.is_text,
                            }
                            for item in question.items
                        ],
                    }
                    for question in section.questions
                ],
            }
            for section in sections
        ],
        "footer": {
            "text": t["footer"].format(form=form_title, number=version.number),
            "page": t["page"],
        },
    }


def evaluation_sheet_pdf(evaluation, sections, *, lang: str) -> bytes:
    data = sheet_data(evaluation, sections, lang=lang)
    stamp = evaluation.submitted_at or evaluation.updated_at or timezone.now()
    return render_typst("evaluation_sheet.typ", data, created_at=stamp)


def sheet_filename(evaluation, lang: str) -> str:
    lang = _lang(lang)
    name = slugify(f"{TEXTS[lang]['kinds'][evaluation.kind]} {evaluation.agreement.intern}")
    return f"{name}-{evaluation.agreement_id}.pdf"


def answered_count(sections) -> tuple[int, int]:
    items = all_items(sections)
    return sum(1 for item in items if item.is_answered), len(items)
