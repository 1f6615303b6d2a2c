"""SVG charts of the logbook (pygal), usable in pages and, later, in PDFs."""

from __future__ import annotations

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pygal.style import Style

from balise.journal.models import PROGRAM, UNRELATED

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5562",
    font_family="system-ui, sans-serif",
    colors=("#0b5c8c", "#2e8b57", "#7b4fa0", "#c2410c", "#0f766e", "#9d174d", "#4d7c0f"),
)


def _config(**extra):
    return {
        "style": STYLE,
        "disable_xml_declaration": True,
        "explicit_size": False,
        "show_legend": True,
        "legend_at_bottom": True,
        "truncate_legend": 60,
        "print_values": False,
        "js": [],
        **extra,
    }


FIXED_COLORS = {UNRELATED: "#b91c1c", PROGRAM: "#6b7280", "": "#d1d5db"}


def weekly_hours_svg(summary: dict) -> str:
    """Stacked bars of hours per week and label; unrelated in red, the programme in grey."""
    palette = iter(STYLE.colors)
    colors = [FIXED_COLORS.get(key) or next(palette) for key, _name in summary["labels"]]
    style = Style(**{**STYLE.to_dict(), "colors": tuple(colors)})
    chart = pygal.StackedBar(
        **_config(height=400, y_title=_("hours"), style=style, legend_at_bottom_columns=1)
    )
    chart.title = _("Hours per week")
    chart.x_labels = [date_format(row["week"], "j b") for row in summary["rows"]]
    for index, (_key, name) in enumerate(summary["labels"]):
        chart.add(name, [float(row["hours"][index]) for row in summary["rows"]])
    return chart.render(is_unicode=True)


def objective_share_svg(summary: dict) -> str:
    chart = pygal.Line(**_config(height=260, range=(0, 100), y_title="%", show_legend=False))
    chart.title = _("Share of time on the objectives")
    chart.x_labels = [date_format(row["week"], "j b") for row in summary["rows"]]
    chart.add(
        _("on the objectives"), [round(row["objective_share"] * 100) for row in summary["rows"]]
    )
    return chart.render(is_unicode=True)
