"""The JSON-ready result of an analysis: labels, scores, the summary and its alerts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from balise.alignment.engine import PROGRAM, UNRELATED, Decision
from balise.alignment.inputs import Activity, Objective
from balise.alignment.routine import Routine

UNRELATED_SHARE_ALERT = 0.20
WARNING = "warning"


def build_report(
    objectives: Sequence[Objective],
    activities: Sequence[Activity],
    decisions: Sequence[Decision],
    routines: Sequence[Routine],
    lang: str = "fr",
) -> dict[str, Any]:
    """The output of the spec: one entry per activity, then the summary."""
    entries = []
    for activity, decision in zip(activities, decisions, strict=True):
        ranked = sorted(range(len(objectives)), key=lambda k: (-decision.objective_scores[k], k))
        entries.append(
            {
                "id": activity.id,
                "label": decision.label,
                "score": _round(decision.score),
                "suggestions": [
                    {"objective": objectives[k].id, "score": _round(decision.objective_scores[k])}
                    for k in ranked
                ],
            }
        )

    hours = {objective.id: 0.0 for objective in objectives}
    hours[PROGRAM] = 0.0
    hours[UNRELATED] = 0.0
    for activity, decision in zip(activities, decisions, strict=True):
        hours[decision.label] += activity.hours
    total = sum(activity.hours for activity in activities)
    share = round(hours[UNRELATED] / total, 2) if total > 0 else 0.0

    repetitive = sorted({index for routine in routines for index in routine.members})
    served = {decision.label for decision in decisions}
    neglected = [objective for objective in objectives if objective.id not in served]

    alerts = []
    if share >= UNRELATED_SHARE_ALERT:
        alerts.append(
            _alert(
                "alignment.unrelated_share_high",
                lang,
                share=share,
                hours=hours[UNRELATED],
                total=total,
            )
        )
    for routine in routines:
        first = activities[routine.members[0]]
        alerts.append(
            _alert(
                "alignment.repetitive_routine",
                lang,
                count=len(routine.members),
                weeks=routine.weeks,
                hours=routine.hours,
                example=first.text,
                ids=[activities[i].id for i in routine.members],
            )
        )
    for objective in neglected:
        alerts.append(
            _alert(
                "alignment.objective_neglected",
                lang,
                objective=objective.id,
                title=objective.title,
                activities=len(activities),
            )
        )

    return {
        "activities": entries,
        "summary": {
            "total_hours": _round(total),
            "hours_by_label": {label: _round(value) for label, value in hours.items()},
            "unrelated_share": share,
            "repetitive_activities": [activities[i].id for i in repetitive],
            "neglected_objectives": [objective.id for objective in neglected],
            "alerts": alerts,
        },
    }


def _round(value: float) -> float:
    rounded = round(float(value), 2)
    return 0.0 if rounded == 0 else rounded


# -- messages -----------------------------------------------------------------------------------


def _alert(code: str, lang: str, **params: Any) -> dict[str, str]:
    return {"code": code, "severity": WARNING, "message": MESSAGES[code](params, lang)}


def _number(value: float, lang: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "fr" else text


def _percent(share: float, lang: str) -> str:
    value = _number(share * 100, lang)
    return f"{value} %" if lang == "fr" else f"{value}%"


def _quote(text: str, lang: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"« {text} »" if lang == "fr" else f"“{text}”"


def _unrelated_share(params: dict[str, Any], lang: str) -> str:
    share = _percent(params["share"], lang)
    hours = _number(params["hours"], lang)
    total = _number(params["total"], lang)
    if lang == "fr":
        return (
            f"{share} du temps déclaré ({hours} h sur {total} h) est sans rapport avec la "
            "formation."
        )
    return (
        f"{share} of the logged time ({hours} h of {total} h) has nothing to do with the training."
    )


def _routine(params: dict[str, Any], lang: str) -> str:
    count, weeks = params["count"], params["weeks"]
    hours = _number(params["hours"], lang)
    example = _quote(params["example"], lang)
    ids = ", ".join(params["ids"])
    if lang == "fr":
        return (
            f"La même tâche revient {count} fois sur {weeks} semaines sans progression "
            f"({hours} h, activités {ids}) : {example}."
        )
    return (
        f"The same task comes back {count} times over {weeks} weeks with no progression "
        f"({hours} h, activities {ids}): {example}."
    )


def _neglected(params: dict[str, Any], lang: str) -> str:
    objective, count = params["objective"], params["activities"]
    title = _quote(params["title"], lang)
    if lang == "fr":
        if count == 0:
            return f"Aucune activité n'est déclarée : l'objectif {objective} {title} n'est pas travaillé."
        if count == 1:
            return f"La seule activité déclarée ne sert pas l'objectif {objective} {title}."
        return f"Aucune des {count} activités déclarées ne sert l'objectif {objective} {title}."
    if count == 0:
        return f"No activity is logged: objective {objective} {title} is not worked on."
    if count == 1:
        return f"The only logged activity does not serve objective {objective} {title}."
    return f"None of the {count} logged activities serves objective {objective} {title}."


MESSAGES = {
    "alignment.unrelated_share_high": _unrelated_share,
    "alignment.repetitive_routine": _routine,
    "alignment.objective_neglected": _neglected,
}
