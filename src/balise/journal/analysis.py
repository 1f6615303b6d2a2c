"""The bridge between a logbook and the pure alignment engine (`balise.alignment`)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from balise.alignment import Aligner
from balise.competencies.selectors import competencies_for_program
from balise.journal.models import PROGRAM, UNRELATED, Activity


def aligner_for(agreement) -> Aligner:
    """An engine prepared with the agreement's objectives and its programme's competencies."""
    program_competencies = [
        {"id": str(c.pk), "label": c.name_fr} for c in competencies_for_program(agreement.program)
    ]
    objectives = [
        {
            "id": str(o.pk),
            "title": o.title,
            "description": o.description,
            "indicators": o.indicator_list,
            "competencies": [str(c.pk) for c in o.competencies.all()],
        }
        for o in agreement.objectives.prefetch_related("competencies")
    ]
    return Aligner(program_competencies, objectives)


def activity_input(activity: Activity) -> dict:
    return {
        "id": str(activity.pk),
        "date": activity.date.isoformat(),
        "hours": float(activity.hours),
        "text": activity.text,
    }


def logbook_analyse(agreement, *, lang: str = "fr") -> dict:
    """Run the engine on the whole logbook and keep its labels on the entries.

    Returns the engine's output. The engine's labels are stored apart from people's, so a
    re-run never overrides what the intern or the tutor said.
    """
    activities = list(agreement.activities.order_by("date", "pk"))
    if not activities:
        return {"activities": [], "summary": {}}
    output = aligner_for(agreement).analyse([activity_input(a) for a in activities], lang=lang)
    by_id = {str(a.pk): a for a in activities}
    changed = []
    for result in output["activities"]:
        activity = by_id[result["id"]]
        if activity.engine_label != result["label"] or activity.engine_score != result["score"]:
            activity.engine_label = result["label"]
            activity.engine_score = result["score"]
            changed.append(activity)
    Activity.objects.bulk_update(changed, ["engine_label", "engine_score"])
    return output


def hours_by_label(activities) -> dict[str, Decimal]:
    """Hours per label as people see it (their word first, then the engine's)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for activity in activities:
        totals[activity.label or "unlabelled"] += activity.hours
    return dict(totals)


def unrelated_share(activities) -> float:
    totals = hours_by_label(activities)
    total = sum(totals.values(), Decimal(0))
    return float(totals.get(UNRELATED, Decimal(0)) / total) if total else 0.0


__all__ = ["PROGRAM", "UNRELATED", "aligner_for", "hours_by_label", "logbook_analyse"]
