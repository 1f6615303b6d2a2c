"""Reads for logbook pages, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from balise.journal.models import PROGRAM, UNRELATED, Activity, Moment


def logbook_activities(agreement):
    return (
        Activity.objects.filter(agreement=agreement)
        .select_related("objective", "reviewed_by")
        .order_by("-date", "-pk")
    )


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def activities_by_week(activities) -> list[dict]:
    """Entries grouped by week (newest first), with each week's total hours."""
    weeks: OrderedDict[dt.date, dict] = OrderedDict()
    for activity in activities:
        week = weeks.setdefault(
            monday(activity.date), {"start": monday(activity.date), "entries": [], "hours": 0}
        )
        week["entries"].append(activity)
        week["hours"] += activity.hours
    return list(weeks.values())


def label_names(agreement) -> dict[str, str]:
    names = {str(o.pk): o.title for o in agreement.objectives.all()}
    names[PROGRAM] = _("Programme, outside the objectives")
    names[UNRELATED] = _("Unrelated to the training")
    names[""] = _("Not labelled yet")
    return names


def weekly_hours(agreement, activities) -> dict:
    """Hours per week and per label (people's labels first), and the share of time spent
    on the objectives each week."""
    names = label_names(agreement)
    objective_ids = {key for key in names if key not in {PROGRAM, UNRELATED, ""}}
    by_week: dict[dt.date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for activity in activities:
        by_week[monday(activity.date)][activity.label] += activity.hours
    weeks = sorted(by_week)
    labels = [key for key in names if any(by_week[w].get(key) for w in weeks)]
    rows = []
    for week in weeks:
        total = sum(by_week[week].values(), Decimal(0))
        on_objectives = sum(
            (hours for key, hours in by_week[week].items() if key in objective_ids), Decimal(0)
        )
        rows.append(
            {
                "week": week,
                "hours": [by_week[week].get(key, Decimal(0)) for key in labels],
                "total": total,
                "objective_share": float(on_objectives / total) if total else 0.0,
            }
        )
    return {"labels": [(key, names[key]) for key in labels], "rows": rows}


def moments_for_path(agreement) -> list:
    """The agreement's key moments, oldest first, with their competencies and endorser: what
    `templates/journal/_moments.html` shows. Two queries, whatever their number."""
    return list(
        Moment.objects.filter(agreement=agreement)
        .select_related("endorsed_by")
        .prefetch_related("competencies")
        .order_by("date", "pk")
    )
