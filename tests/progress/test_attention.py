"""Ordering interns by what needs attention first."""

from __future__ import annotations

import json

import pytest

from balise.progress import attention


def test_the_score_adds_the_documented_weights():
    # 3 × 1 alert + 2 × 2 late objectives + 1 × 3 overdue actions + 1 × 3 weeks of silence
    # (30 days: 16 beyond the 14 days of grace, i.e. 3 weeks or parts of weeks) = 3 + 4 + 3 + 3.
    result = attention(
        open_alerts=1, late_objectives=2, overdue_actions=3, days_since_last_checkin=30
    )

    assert result.parts == {
        "open_alerts": 3,
        "late_objectives": 4,
        "overdue_actions": 3,
        "silence": 3,
    }
    assert result.score == 13


@pytest.mark.parametrize(
    ("days", "points"), [(None, 0), (0, 0), (14, 0), (15, 1), (21, 1), (22, 2), (70, 8)]
)
def test_silence_costs_nothing_for_two_weeks_then_a_point_a_week(days, points):
    assert attention(days_since_last_checkin=days).score == points


def test_interns_are_ordered_by_what_needs_attention_first():
    rows = {
        "Alice": attention(days_since_last_checkin=7),
        "Bruno": attention(open_alerts=1),  # 3
        "Chloé": attention(late_objectives=1, overdue_actions=1),  # 3, but no alert
        "Driss": attention(late_objectives=2, days_since_last_checkin=20),  # 4 + 1 = 5
        "Emma": attention(open_alerts=1, days_since_last_checkin=3),  # 3, an alert, longer silence
    }

    order = sorted(rows, key=lambda name: (rows[name].sort_key, name))

    assert order == ["Driss", "Emma", "Bruno", "Chloé", "Alice"]


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="open_alerts"):
        attention(open_alerts=-1)


def test_attention_is_json_ready():
    data = json.loads(json.dumps(attention(open_alerts=1).to_dict()))

    assert data["score"] == 3
    assert data["parts"]["open_alerts"] == 3
