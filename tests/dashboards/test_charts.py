"""The competency chart: plain SVG from the progress core's dataclasses."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from balise.dashboards.charts import competency_svg, history_rows
from balise.progress import CompetencyRating, Role, competency_status

DAY = dt.date(2026, 3, 5)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def ratings():
    later = DAY + dt.timedelta(days=14)
    return [
        CompetencyRating(DAY, 1, "intern"),
        CompetencyRating(DAY, 1, "tutor"),
        CompetencyRating(later, 4, "intern"),
        CompetencyRating(later, 2, "tutor"),
        CompetencyRating(later, 3, "referent"),
        CompetencyRating(later + dt.timedelta(days=14), 3, "tutor", validated=False),
    ]


def test_the_chart_shows_the_target_level_and_each_rater():
    status = competency_status(ratings(), target_level=3)
    svg = competency_svg(status, label="Communication")
    root = ET.fromstring(svg)
    texts = [node.text for node in root.iter(f"{SVG}text")]
    assert "target 3" in texts
    assert {"Intern", "Tutor", "Referent"} <= set(texts)
    assert "2 apr (draft)" in texts  # the check-in not signed off yet says so
    assert root.find(f"{SVG}title").text == "Communication"
    # The target is pygal's one major guide, drawn at level 3.
    majors = [p for p in root.iter(f"{SVG}path") if "major" in p.get("class", "")]
    assert len(majors) == 1
    # One bar per rating: the intern's, the tutor's and the referent's side by side.
    assert len(root.findall(f".//{SVG}g[@class='bar']")) == len(ratings())


def test_a_target_of_four_moves_the_line():
    svg = competency_svg(competency_status(ratings(), target_level=4))
    texts = [node.text for node in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "target 4" in texts and "target 3" not in texts and "3" in texts


def test_only_the_raters_who_rated_are_in_the_legend():
    status = competency_status([CompetencyRating(DAY, 2, "tutor")], target_level=3)
    texts = [node.text for node in ET.fromstring(competency_svg(status)).iter(f"{SVG}text")]
    assert "Tutor" in texts and "Intern" not in texts and "Referent" not in texts


def test_nothing_rated_draws_nothing():
    assert competency_svg(competency_status([], target_level=3)) == ""


def test_a_pdf_gets_explicit_dimensions():
    status = competency_status(ratings(), target_level=3)
    root = ET.fromstring(competency_svg(status, width=480, height=240))
    assert (root.get("width"), root.get("height")) == ("480", "240")
    assert ET.fromstring(competency_svg(status)).get("width") is None


def test_history_rows_group_by_day_in_role_order():
    rows = history_rows(competency_status(ratings(), target_level=3).history)
    assert [row.on for row in rows] == [DAY, DAY + dt.timedelta(14), DAY + dt.timedelta(28)]
    assert [row.by_role for row in rows] == [[1, 1, None], [4, 2, 3], [None, 3, None]]
    assert [row.signed_off for row in rows] == [True, True, False]
    assert rows[1].level(Role.REFERENT) == 3
