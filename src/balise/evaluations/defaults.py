"""The evaluation forms every programme starts with, in French and in English.

They are data, like the questions staff write: `default_forms(program)` copies them into
a programme the first time its forms are needed, and staff change them from there.
"""

from __future__ import annotations

from balise.evaluations.models import EvaluationKind, QuestionKind


def _t(fr: str, en: str) -> dict:
    return {"fr": fr, "en": en}


BEHAVIOUR_SCALE = [
    _t("Insuffisant", "Insufficient"),
    _t("À améliorer", "Needs improvement"),
    _t("Satisfaisant", "Satisfactory"),
    _t("Très satisfaisant", "Very satisfactory"),
]
PROGRESS_SCALE = [
    _t("Pas encore engagé", "Not started"),
    _t("En cours", "Under way"),
    _t("En bonne voie", "On track"),
    _t("Atteint", "Reached"),
]
OUTCOME_SCALE = [
    _t("Non atteint", "Not reached"),
    _t("Partiellement atteint", "Partly reached"),
    _t("Atteint", "Reached"),
    _t("Dépassé", "Exceeded"),
]
COMPETENCY_SCALE = [
    _t("Non acquise", "Not acquired"),
    _t("En cours d'acquisition", "Being acquired"),
    _t("Acquise", "Acquired"),
    _t("Maîtrisée", "Mastered"),
]


def _q(kind, fr, en, *, required=True, scale=None, options=None, help_fr="", help_en=""):
    question = {
        "kind": kind,
        "label": _t(fr, en),
        "help": _t(help_fr, help_en),
        "required": required,
        "scale_max": len(scale) if scale else None,
        "options": list(scale or options or []),
    }
    return question


def _behaviour(extra: list | None = None) -> dict:
    questions = [
        _q(
            QuestionKind.RATING,
            "Ponctualité et assiduité",
            "Punctuality and attendance",
            scale=BEHAVIOUR_SCALE,
        ),
        _q(
            QuestionKind.RATING,
            "Intégration dans l'équipe",
            "Integration in the team",
            scale=BEHAVIOUR_SCALE,
        ),
        _q(
            QuestionKind.RATING,
            "Autonomie et prise d'initiative",
            "Autonomy and initiative",
            scale=BEHAVIOUR_SCALE,
        ),
        _q(
            QuestionKind.RATING,
            "Communication écrite et orale",
            "Written and spoken communication",
            scale=BEHAVIOUR_SCALE,
        ),
        *(extra or []),
    ]
    return {
        "title": _t("Comportement professionnel", "Professional conduct"),
        "questions": questions,
    }


DEFAULT_FORMS: dict[str, dict] = {
    EvaluationKind.TUTOR_MID: {
        "title": _t("Évaluation à mi-parcours par le tuteur", "Tutor's mid-internship evaluation"),
        "intro": _t(
            "À mi-parcours, faites le point avec le stagiaire sur chacun des objectifs de la "
            "convention et sur les compétences visées. Vos réponses aident à ajuster les "
            "missions pour la seconde moitié du stage.",
            "Halfway through, review each objective of the agreement and the competencies it "
            "aims at. Your answers help adjust the missions for the second half of the "
            "internship.",
        ),
        "sections": [
            {
                "title": _t("Objectifs du stage", "Objectives of the internship"),
                "questions": [
                    _q(
                        QuestionKind.OBJECTIVE_RATINGS,
                        "Où en est le stagiaire sur cet objectif ?",
                        "Where does the intern stand on this objective?",
                        scale=PROGRESS_SCALE,
                    )
                ],
            },
            {
                "title": _t("Compétences", "Competencies"),
                "questions": [
                    _q(
                        QuestionKind.COMPETENCY_RATINGS,
                        "Niveau actuel du stagiaire dans cette compétence",
                        "The intern's current level in this competency",
                        scale=COMPETENCY_SCALE,
                    )
                ],
            },
            _behaviour(),
            {
                "title": _t("Bilan à mi-parcours", "Mid-internship review"),
                "questions": [
                    _q(QuestionKind.TEXT, "Points forts", "Strengths"),
                    _q(
                        QuestionKind.TEXT,
                        "Axes de progrès pour la seconde moitié du stage",
                        "Areas to improve in the second half of the internship",
                    ),
                    _q(
                        QuestionKind.YES_NO,
                        "Souhaitez-vous un échange avec l'enseignant référent ?",
                        "Would you like to talk with the referent teacher?",
                    ),
                ],
            },
        ],
    },
    EvaluationKind.TUTOR_FINAL: {
        "title": _t("Évaluation finale par le tuteur", "Tutor's final evaluation"),
        "intro": _t(
            "Au terme du stage, évaluez l'atteinte de chaque objectif au regard des "
            "indicateurs de réussite convenus, puis les compétences et le comportement "
            "professionnel du stagiaire.",
            "At the end of the internship, assess how far each objective was reached against "
            "the agreed success indicators, then the intern's competencies and professional "
            "conduct.",
        ),
        "sections": [
            {
                "title": _t("Atteinte des objectifs", "Objectives reached"),
                "questions": [
                    _q(
                        QuestionKind.OBJECTIVE_RATINGS,
                        "Dans quelle mesure cet objectif est-il atteint ?",
                        "How far is this objective reached?",
                        scale=OUTCOME_SCALE,
                    )
                ],
            },
            {
                "title": _t("Compétences", "Competencies"),
                "questions": [
                    _q(
                        QuestionKind.COMPETENCY_RATINGS,
                        "Niveau atteint par le stagiaire dans cette compétence",
                        "The level the intern reached in this competency",
                        scale=COMPETENCY_SCALE,
                    )
                ],
            },
            _behaviour(
                [
                    _q(
                        QuestionKind.RATING,
                        "Qualité du travail rendu",
                        "Quality of the work delivered",
                        scale=BEHAVIOUR_SCALE,
                    )
                ]
            ),
            {
                "title": _t("Appréciation générale", "Overall assessment"),
                "questions": [
                    _q(
                        QuestionKind.SINGLE_CHOICE,
                        "Appréciation générale du stage",
                        "Overall assessment of the internship",
                        options=[
                            _t("Insuffisant", "Insufficient"),
                            _t("Passable", "Fair"),
                            _t("Bien", "Good"),
                            _t("Très bien", "Very good"),
                            _t("Excellent", "Excellent"),
                        ],
                    ),
                    _q(QuestionKind.TEXT, "Points forts", "Strengths"),
                    _q(QuestionKind.TEXT, "Axes de progrès", "Areas to improve"),
                    _q(
                        QuestionKind.YES_NO,
                        "Recommanderiez-vous ce stagiaire à un autre employeur ?",
                        "Would you recommend this intern to another employer?",
                    ),
                ],
            },
        ],
    },
    EvaluationKind.HOST_WELCOME: {
        "title": _t("Évaluation de la qualité de l'accueil", "Evaluation of the host's welcome"),
        "intro": _t(
            "Dites comment vous avez été accueilli(e) et encadré(e). Ce document est transmis "
            "au service des stages de votre établissement ; il n'est pas pris en compte dans "
            "votre évaluation ni dans l'obtention de votre diplôme (code de l'éducation, "
            "article L124-4).",
            "Say how you were welcomed and supervised. This document goes to your school's "
            "internship office; it is not taken into account in your evaluation or in the "
            "award of your diploma (Code de l'éducation, article L124-4).",
        ),
        "sections": [
            {
                "title": _t("Accueil et intégration", "Welcome and integration"),
                "questions": [
                    _q(
                        QuestionKind.AGREEMENT,
                        "J'ai été bien accueilli(e) à mon arrivée.",
                        "I was well welcomed when I arrived.",
                    ),
                    _q(
                        QuestionKind.AGREEMENT,
                        "On m'a fourni les outils et les informations nécessaires.",
                        "I was given the tools and information I needed.",
                    ),
                    _q(
                        QuestionKind.AGREEMENT,
                        "Je me suis senti(e) intégré(e) à l'équipe.",
                        "I felt part of the team.",
                    ),
                ],
            },
            {
                "title": _t("Encadrement", "Supervision"),
                "questions": [
                    _q(
                        QuestionKind.AGREEMENT,
                        "Mon tuteur a été disponible quand j'en avais besoin.",
                        "My tutor was available when I needed him or her.",
                    ),
                    _q(
                        QuestionKind.AGREEMENT,
                        "Les missions confiées correspondaient aux objectifs de la convention.",
                        "The missions entrusted matched the objectives of the agreement.",
                    ),
                    _q(
                        QuestionKind.YES_NO,
                        "Des points d'étape réguliers ont eu lieu avec mon tuteur.",
                        "Regular check-ins took place with my tutor.",
                    ),
                    _q(
                        QuestionKind.AGREEMENT,
                        "Les horaires prévus par la convention ont été respectés.",
                        "The hours set by the agreement were respected.",
                    ),
                ],
            },
            {
                "title": _t("Bilan", "Overall"),
                "questions": [
                    _q(
                        QuestionKind.MULTIPLE_CHOICE,
                        "Qu'est-ce qui vous a le plus aidé(e) ?",
                        "What helped you most?",
                        required=False,
                        options=[
                            _t("Mon tuteur", "My tutor"),
                            _t("L'équipe", "The team"),
                            _t("La documentation interne", "The internal documentation"),
                            _t("Les formations proposées", "The training offered"),
                            _t("Mon enseignant référent", "My referent teacher"),
                        ],
                    ),
                    _q(
                        QuestionKind.YES_NO,
                        "Recommanderiez-vous cet organisme à un autre étudiant ?",
                        "Would you recommend this host to another student?",
                    ),
                    _q(
                        QuestionKind.TEXT,
                        "Commentaires",
                        "Comments",
                        required=False,
                    ),
                ],
            },
        ],
    },
    EvaluationKind.REFERENT: {
        "title": _t("Évaluation par l'enseignant référent", "Referent teacher's evaluation"),
        "intro": _t(
            "Votre regard pédagogique sur le déroulement du stage, l'atteinte des objectifs "
            "et les compétences développées.",
            "Your teaching view of how the internship went, how far the objectives were "
            "reached and which competencies were developed.",
        ),
        "sections": [
            {
                "title": _t("Déroulement", "How the internship went"),
                "questions": [
                    _q(
                        QuestionKind.SINGLE_CHOICE,
                        "Le stage s'est-il déroulé conformément à la convention ?",
                        "Did the internship follow the agreement?",
                        options=[
                            _t("Oui, entièrement", "Yes, entirely"),
                            _t(
                                "Avec des écarts corrigés en cours de stage",
                                "With gaps corrected along the way",
                            ),
                            _t("Avec des écarts importants", "With significant gaps"),
                        ],
                    ),
                    _q(
                        QuestionKind.YES_NO,
                        "Les missions confiées ont servi les objectifs pédagogiques.",
                        "The missions entrusted served the teaching objectives.",
                    ),
                ],
            },
            {
                "title": _t("Objectifs et compétences", "Objectives and competencies"),
                "questions": [
                    _q(
                        QuestionKind.OBJECTIVE_RATINGS,
                        "Atteinte de l'objectif",
                        "How far the objective is reached",
                        scale=OUTCOME_SCALE,
                    ),
                    _q(
                        QuestionKind.COMPETENCY_RATINGS,
                        "Niveau atteint dans la compétence",
                        "Level reached in the competency",
                        scale=COMPETENCY_SCALE,
                    ),
                ],
            },
            {
                "title": _t("Appréciation", "Assessment"),
                "questions": [
                    _q(
                        QuestionKind.TEXT,
                        "Appréciation de l'enseignant référent",
                        "The referent teacher's assessment",
                    )
                ],
            },
        ],
    },
}

# A grading grid to start from, so that a defence can be graded on day one.
DEFAULT_CRITERIA = [
    {
        "label": _t("Qualité du rapport écrit", "Quality of the written report"),
        "description": _t(
            "Structure, clarté, analyse des objectifs et des résultats",
            "Structure, clarity, analysis of the objectives and results",
        ),
        "weight": "2",
        "max_points": "20",
        "source": "",
    },
    {
        "label": _t("Présentation orale", "Oral presentation"),
        "description": _t("Clarté, gestion du temps, supports", "Clarity, timing, slides"),
        "weight": "1",
        "max_points": "20",
        "source": "",
    },
    {
        "label": _t("Réponses aux questions du jury", "Answers to the jury's questions"),
        "description": _t("", ""),
        "weight": "1",
        "max_points": "20",
        "source": "",
    },
    {
        "label": _t("Travail réalisé en entreprise", "Work done at the host"),
        "description": _t(
            "Éclairé par l'évaluation finale du tuteur",
            "Informed by the tutor's final evaluation",
        ),
        "weight": "2",
        "max_points": "20",
        "source": EvaluationKind.TUTOR_FINAL.value,
    },
]
