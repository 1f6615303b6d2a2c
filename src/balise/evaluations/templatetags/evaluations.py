"""Template helpers of evaluations: a form's field by name, and the agreement panel."""

from django import template

from balise.evaluations import selectors
from balise.evaluations.models import EvaluationStatus

register = template.Library()


@register.filter
def bound(form, name):
    """`form|bound:name` — the bound field whose name is held in a variable."""
    return form[name]


@register.simple_tag(takes_context=True)
def evaluation_panel(context, agreement):
    """What the agreement page shows of evaluations, report and defence to the person
    reading it (see `_agreement_panel.html`). Four queries."""
    user = context["request"].user
    if not (
        user.has_perm("evaluations.view_agreement_evaluations", agreement)
        or user.has_perm("evaluations.view_defence", agreement)
    ):
        return None
    rows = selectors.evaluation_rows(user, agreement, selectors.evaluations_of(agreement))
    return {
        "rows": rows,
        "to_answer": [
            row["evaluation"]
            for row in rows
            if row["evaluation"] is not None
            and row["evaluation"].responder_id == user.pk
            and row["evaluation"].status == EvaluationStatus.OPEN
        ],
        "defence": selectors.defence_of(agreement),
        "sees_evaluations": user.has_perm("evaluations.view_agreement_evaluations", agreement),
        "sees_report": user.has_perm("evaluations.view_report", agreement),
    }
