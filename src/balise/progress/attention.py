"""Which of a tutor's (or a referent's) interns needs attention first.

    score = 3 × open alerts
          + 2 × late objectives
          + 1 × overdue actions (next steps agreed at a check-in, past their date)
          + 1 × each week, or part of a week, beyond 14 days since the last check-in

Weights: an alert is a signal already qualified by a rule (unrelated tasks, silent logbook...),
so it weighs most; a late objective is the core of the follow-up; an overdue action is a
smaller slip. Two weeks between check-ins is the usual rhythm and costs nothing; each week of
silence after that adds a point, without a cap, because a forgotten intern must rise to the top
eventually. Pass the days since the internship started when there has been no check-in yet;
None means "not applicable" (e.g. an internship not started) and counts nothing.

Sort ascending on `sort_key`: highest score first, then more alerts, more late objectives,
longer silence; callers add their own last tie-breaker, e.g.
`sorted(rows, key=lambda row: (row.attention.sort_key, row.intern_name))`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ALERT_WEIGHT = 3
LATE_OBJECTIVE_WEIGHT = 2
OVERDUE_ACTION_WEIGHT = 1
CHECKIN_GRACE_DAYS = 14
SILENCE_WEEK_WEIGHT = 1


@dataclass(frozen=True)
class Attention:
    score: int
    open_alerts: int
    late_objectives: int
    overdue_actions: int
    days_since_last_checkin: int | None
    parts: dict[str, int]  # the score, term by term

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        silence = self.days_since_last_checkin or 0
        return (-self.score, -self.open_alerts, -self.late_objectives, -silence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "open_alerts": self.open_alerts,
            "late_objectives": self.late_objectives,
            "overdue_actions": self.overdue_actions,
            "days_since_last_checkin": self.days_since_last_checkin,
            "parts": dict(self.parts),
        }


def attention(
    *,
    open_alerts: int = 0,
    late_objectives: int = 0,
    overdue_actions: int = 0,
    days_since_last_checkin: int | None = None,
) -> Attention:
    """How much one internship needs attention (see the module doc for the weights)."""
    counts = {
        "open_alerts": open_alerts,
        "late_objectives": late_objectives,
        "overdue_actions": overdue_actions,
    }
    for name, value in counts.items():
        if value < 0:
            raise ValueError(f"{name} cannot be negative")
    beyond = max(0, (days_since_last_checkin or 0) - CHECKIN_GRACE_DAYS)
    silent_weeks = -(-beyond // 7)  # weeks or parts of weeks
    parts = {
        "open_alerts": ALERT_WEIGHT * open_alerts,
        "late_objectives": LATE_OBJECTIVE_WEIGHT * late_objectives,
        "overdue_actions": OVERDUE_ACTION_WEIGHT * overdue_actions,
        "silence": SILENCE_WEEK_WEIGHT * silent_weeks,
    }
    return Attention(
        score=sum(parts.values()),
        open_alerts=open_alerts,
        late_objectives=late_objectives,
        overdue_actions=overdue_actions,
        days_since_last_checkin=days_since_last_checkin,
        parts=parts,
    )
