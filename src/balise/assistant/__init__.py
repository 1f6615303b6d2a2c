"""The objective writing assistant: a pure core beside the law engine, with the same findings.

No Django here. It tells, in French or in English, what would make objectives better: specific
(an action verb and a deliverable, not "découvrir", "participer à", "aider"), measurable (an
indicator with a figure, a threshold or an observable result), achievable (planned hours within
the presence, about five specific objectives at most), relevant (linked to a competency of the
programme), time-bound (a target date within the internship), and exactly one main objective.

    >>> from balise.assistant import ObjectiveDraft, Internship, check_draft
    >>> advice = check_draft(ObjectiveDraft(title="Découvrir l'entreprise"), [], Internship())
    >>> advice[0].code, advice[0].suggestion
    ('objectives.vague_verb', "Réaliser une synthèse écrite de l'entreprise, présentée à l'équipe")

Each `Advice` has a code (`balise.assistant.codes`), a severity (`advice` or `warning`), a field,
`message(lang)` and, where one can be derived, a `suggestion` (a rewrite in the language of the
text). `balise check` adds the advice to its report as warnings (`for_check.report_warnings`).
"""

from balise.assistant import codes
from balise.assistant.advice import ADVICE, WARNING, Advice
from balise.assistant.checks import (
    MAX_SPECIFIC_OBJECTIVES,
    Internship,
    ObjectiveDraft,
    check_draft,
    check_objective,
    check_objectives,
)

__all__ = [
    "ADVICE",
    "MAX_SPECIFIC_OBJECTIVES",
    "WARNING",
    "Advice",
    "Internship",
    "ObjectiveDraft",
    "check_draft",
    "check_objective",
    "check_objectives",
    "codes",
]
