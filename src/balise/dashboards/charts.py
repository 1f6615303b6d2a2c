"""SVG charts of the path (pygal): plain strings, for the pages and, later, the Typst PDFs.

They take the pure core's dataclasses (`balise.progress`), never model instances, so a PDF
can draw the same chart from the same selector.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import pygal
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from pygal.style import Style

from balise.journal.charts import STYLE
from balise.progress import CompetencyRating, CompetencyStatus, Role

# One colour per rater, the same on every chart; the target is the only red line.
ROLE_COLORS = {Role.INTERN: "#7b4fa0", Role.TUTOR: "#0b5c8c", Role.REFERENT: "#2e8b57"}
TARGET_COLOR = "#b91c1c"
LEVELS = (1, 2, 3, 4)
# pygal draws the major guide (the target) as thin as the others; make it stand out. Inline
# CSS is not given the chart's id by pygal: the rule is scoped by the chart's own class.
CHART_CLASS = "balise-competency-chart"
TARGET_CSS = f"inline:.{CHART_CLASS} .axis .major.guide.line {{ stroke-width: 3; }}"


def role_names() -> dict[Role, str]:
    return {Role.INTERN: _("Intern"), Role.TUTOR: _("Tutor"), Role.REFERENT: _("Referent")}


@dataclass
class HistoryRow:
    """The ratings given on one day, by role: what one group of bars shows."""

    on: dt.date
    levels: dict[Role, int] = field(default_factory=dict)
    signed_off: bool = True  # False when one of them comes from a check-in not signed off

    def level(self, role: Role) -> int | None:
        return self.levels.get(role)

    @property
    def by_role(self) -> list[int | None]:
        """Intern, tutor, referent: the order of the table's columns."""
        return [self.levels.get(role) for role in Role]


def history_rows(history: Iterable[CompetencyRating]) -> list[HistoryRow]:
    """The ratings grouped by day, oldest first; the same rater's later one wins that day."""
    rows: dict[dt.date, HistoryRow] = {}
    for rating in history:
        row = rows.setdefault(rating.on, HistoryRow(on=rating.on))
        row.levels[Role(rating.by_role)] = rating.level
        row.signed_off = row.signed_off and rating.validated
    return [rows[day] for day in sorted(rows)]


def competency_svg(
    status: CompetencyStatus,
    *,
    title: str = "",
    label: str = "",
    width: int | None = None,
    height: int = 280,
) -> str:
    """Bars of each rating of one competency, intern / tutor / referent side by side for each
    check-in, on the framework's four levels, with the target level as a red line.

    `title` is drawn above the chart; `label` (default: the title) becomes the SVG's own
    `<title>`, instead of pygal's "Pygal". `width` gives the SVG explicit dimensions (for a
    PDF); without it the SVG scales to its container. Returns '' when nobody has rated the
    competency yet.
    """
    rows = history_rows(status.history)
    if not rows:
        return ""
    names = role_names()
    roles = [role for role in Role if any(row.level(role) is not None for row in rows)]
    style = Style(
        **{
            **STYLE.to_dict(),
            "colors": tuple(ROLE_COLORS[role] for role in roles),
            "major_guide_stroke_color": TARGET_COLOR,
            "major_guide_stroke_dasharray": "0",
            "guide_stroke_color": "#c9d1d9",
            "label_font_size": 14,
            "major_label_font_size": 14,
            "legend_font_size": 15,
            "title_font_size": 17,
        }
    )
    target_label = _("target %(level)d") % {"level": status.target_level}
    chart = pygal.Bar(
        style=style,
        disable_xml_declaration=True,
        explicit_size=width is not None,
        width=width or 520,
        height=height,
        range=(0, 4),
        include_x_axis=True,
        y_labels=[
            {"value": level, "label": target_label if level == status.target_level else str(level)}
            for level in LEVELS
        ],
        y_labels_major=[status.target_level],
        show_minor_y_labels=True,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(roles),
        truncate_legend=40,
        truncate_label=-1,
        x_label_rotation=30 if len(rows) > 5 else 0,
        margin_bottom=8,
        js=[],
        css=[*pygal.Config.css.value, TARGET_CSS],
        classes=["pygal-chart", CHART_CLASS],
    )
    chart.title = title or None
    chart.x_labels = [
        date_format(row.on, "j b")
        if row.signed_off
        else _("%(date)s (draft)") % {"date": date_format(row.on, "j b")}
        for row in rows
    ]
    for role in roles:
        chart.add(names[role], [row.level(role) for row in rows])
    svg = chart.render(is_unicode=True)
    return svg.replace("<title>Pygal</title>", f"<title>{escape(label or title)}</title>", 1)
