"""What a form version looks like to the person answering it, in one language.

A version's questions become *items*: one per question, except generated questions,
which become one item per objective or competency frozen in the evaluation's `subjects`.
Pages, the PDF sheet and scores all read the same items, so what is shown, printed and
counted never diverge. Answer values are JSON: an int (the point of a scale, the number
of a choice), a bool (yes/no), a list of ints (multiple choice) or a string (free text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balise.evaluations.models import (
    AGREEMENT_SCALE,
    CHOICE_KINDS,
    GRADABLE_KINDS,
    SCALE_KINDS,
    YES_NO,
    EvaluationKind,
    QuestionKind,
    localized,
    pick,
)

TEXT_MAX_CHARS = 4000


@dataclass
class Item:
    """One thing to answer."""

    key: str  # the form field's name: "q12", or "q12-o34" / "q12-c5" for a subject
    question: object
    subject: str  # "", "objective:34" or "competency:5"
    label: str  # what the field is labelled with: the question, or the subject's name
    required: bool
    choices: list[tuple[str, str]]  # (value, label); empty for free text
    multiple: bool = False
    value: object = None  # the saved answer (JSON), None when unanswered

    @property
    def is_text(self) -> bool:
        return self.question.kind == QuestionKind.TEXT

    @property
    def is_answered(self) -> bool:
        return self.value not in (None, "", [])

    @property
    def is_scored(self) -> bool:
        """Scales with an order (ratings and agreement) count in a score; choices do not."""
        return self.question.kind in SCALE_KINDS or self.question.kind == QuestionKind.AGREEMENT

    @property
    def points(self) -> int:
        return len(self.choices)


@dataclass
class QuestionView:
    question: object
    label: str
    help: str
    generated: bool
    items: list[Item] = field(default_factory=list)
    empty_note: str = ""


@dataclass
class SectionView:
    section: object
    title: str
    questions: list[QuestionView] = field(default_factory=list)


def _scale_choices(question, lang: str) -> list[tuple[str, str]]:
    labels = question.options or []
    choices = []
    for point in range(1, (question.scale_max or 0) + 1):
        text = pick(labels[point - 1], lang) if len(labels) >= point else ""
        choices.append((str(point), f"{point} · {text}" if text else str(point)))
    return choices


def question_choices(question, lang: str) -> list[tuple[str, str]]:
    kind = question.kind
    if kind in SCALE_KINDS:
        return _scale_choices(question, lang)
    if kind == QuestionKind.AGREEMENT:
        return [(str(i), pick(label, lang)) for i, label in enumerate(AGREEMENT_SCALE, start=1)]
    if kind == QuestionKind.YES_NO:
        return [("yes", pick(YES_NO[0], lang)), ("no", pick(YES_NO[1], lang))]
    if kind in CHOICE_KINDS:
        return [(str(i), pick(o, lang)) for i, o in enumerate(question.options or [], start=1)]
    return []


def _subjects(question, subjects: dict, lang: str) -> list[tuple[str, str, str]]:
    """(key suffix, stored subject, label) for each subject a generated question covers."""
    if question.kind == QuestionKind.OBJECTIVE_RATINGS:
        return [
            (f"o{o['id']}", f"objective:{o['id']}", o["title"])
            for o in subjects.get("objectives") or []
        ]
    return [
        (
            f"c{c['id']}",
            f"competency:{c['id']}",
            f"{c['code']} · {pick(c, lang)}" if c.get("code") else pick(c, lang),
        )
        for c in subjects.get("competencies") or []
    ]


def build_sections(
    version, *, subjects: dict, answers: dict | None = None, lang: str
) -> list[SectionView]:
    """The sections of `version` as items in `lang`. `version.sections` and their
    questions should be prefetched; `answers` maps (question id, subject) to values."""
    answers = answers or {}
    sections = []
    for section in version.sections.all():
        view = SectionView(section=section, title=localized(section, "title", lang))
        for question in section.questions.all():
            choices = question_choices(question, lang)
            multiple = question.kind == QuestionKind.MULTIPLE_CHOICE
            qview = QuestionView(
                question=question,
                label=localized(question, "label", lang),
                help=localized(question, "help", lang),
                generated=question.is_generated,
            )
            if question.is_generated:
                for suffix, subject, label in _subjects(question, subjects, lang):
                    qview.items.append(
                        Item(
                            key=f"q{question.pk}-{suffix}",
                            question=question,
                            subject=subject,
                            label=label,
                            required=question.required,
                            choices=choices,
                            value=answers.get((question.pk, subject)),
                        )
                    )
                if not qview.items:
                    qview.empty_note = (
                        _("The agreement has no objective to rate.")
                        if question.kind == QuestionKind.OBJECTIVE_RATINGS
                        else _("The agreement's objectives name no competency to rate.")
                    )
            else:
                qview.items.append(
                    Item(
                        key=f"q{question.pk}",
                        question=question,
                        subject="",
                        label=qview.label,
                        required=question.required,
                        choices=choices,
                        multiple=multiple,
                        value=answers.get((question.pk, "")),
                    )
                )
            view.questions.append(qview)
        sections.append(view)
    return sections


def all_items(sections: list[SectionView]) -> list[Item]:
    return [item for section in sections for q in section.questions for item in q.items]


def parse_value(item: Item, raw):
    """The JSON value of what was typed or chosen for `item`; None when left empty.
    Raises ValidationError for a value the item does not offer."""
    if raw in (None, "", []):
        return None
    kind = item.question.kind
    if kind == QuestionKind.TEXT:
        text = str(raw).strip()
        if len(text) > TEXT_MAX_CHARS:
            raise ValidationError(
                _("Write at most %(max)s characters.") % {"max": TEXT_MAX_CHARS}, code="long"
            )
        return text or None
    offered = {value for value, _label in item.choices}
    if kind == QuestionKind.MULTIPLE_CHOICE:
        values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]
        if not set(values) <= offered:
            raise ValidationError(_("Choose among the options offered."), code="choice")
        return sorted({int(v) for v in values})
    if str(raw) not in offered:
        raise ValidationError(_("Choose among the options offered."), code="choice")
    if kind == QuestionKind.YES_NO:
        return str(raw) == "yes"
    return int(raw)


def raw_value(item: Item):
    """The saved value as a form field's initial data."""
    value = item.value
    if value is None:
        return [] if item.multiple else None
    if item.question.kind == QuestionKind.YES_NO:
        return "yes" if value else "no"
    if item.multiple:
        return [str(v) for v in value]
    return str(value)


def display_value(item: Item) -> str:
    """The answer as text, in the items' language ("" when unanswered)."""
    if not item.is_answered:
        return ""
    labels = dict(item.choices)
    raw = raw_value(item)
    if item.is_text:
        return str(item.value)
    if item.multiple:
        return " ; ".join(labels.get(v, v) for v in raw)
    label = labels.get(raw, raw)
    if item.question.kind in SCALE_KINDS and "·" in label:
        point, _sep, text = label.partition(" · ")
        return f"{point}/{item.points} · {text}"
    if item.question.kind in SCALE_KINDS:
        return f"{label}/{item.points}"
    return label


class NotGradable(ValueError):
    """The evaluation may never count in a grade (L124-4)."""


def evaluation_score(evaluation, items: list[Item]) -> Decimal | None:
    """The share of the scale reached on average, from 0 to 1, over the answered rating
    and agreement items: each answer v on a scale of n points counts (v - 1) / (n - 1).
    None when nothing scored was answered.

    The intern's evaluation of the host's welcome has no score: by law (Code de
    l'éducation, L124-4) it is never taken into account in her evaluation.
    """
    if evaluation.kind not in GRADABLE_KINDS:
        raise NotGradable(
            f"{EvaluationKind(evaluation.kind).label} never counts in grades (L124-4)."
        )
    shares = [
        Fraction(int(item.value) - 1, item.points - 1)
        for item in items
        if item.is_scored and item.is_answered and item.points > 1
    ]
    if not shares:
        return None
    mean = sum(shares, Fraction(0)) / len(shares)
    return Decimal(mean.numerator) / Decimal(mean.denominator)
