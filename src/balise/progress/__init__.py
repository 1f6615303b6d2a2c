"""Progress: objectives from milestones and ratings, competencies from validated ratings.

A pure core, like `law` and `alignment`: no Django here, dataclasses in, dataclasses out, each
result JSON-ready through `to_dict()`.

- `objective_progress` — progress, expected progress and lateness of an objective; the formula
  is written out in `balise.progress.objectives`.
- `competency_status` — acquired / in progress / to explore, with the evidence behind it; the
  rule is in `balise.progress.competencies`.
- `level_jump_needs_justification` — a rating that moves by two steps or more must be explained.
- `attention` — how much an internship needs its tutor's attention, to order a list.

Ratings by the intern, the tutor and the referent are kept side by side, never averaged; only
the tutor's or the referent's validated rating decides (`balise.progress.ratings`).

    from balise.progress import Milestone, ObjectiveInput, objective_progress

    objective = ObjectiveInput(pk, target_date=target, milestones=[Milestone(due, reached_on)])
    objective_progress(objective, today=today, internship_start=start, internship_end=end)
"""

from balise.progress.attention import Attention, attention
from balise.progress.competencies import (
    CompetencyRating,
    CompetencyStatus,
    Evidence,
    Status,
    competency_status,
)
from balise.progress.objectives import (
    Basis,
    LateReason,
    Milestone,
    ObjectiveInput,
    ObjectiveProgress,
    ObjectiveRating,
    OverallProgress,
    expected_progress,
    objective_progress,
    overall_progress,
)
from balise.progress.ratings import ObjectiveZone, Role, level_jump_needs_justification

__all__ = [
    "Attention",
    "Basis",
    "CompetencyRating",
    "CompetencyStatus",
    "Evidence",
    "LateReason",
    "Milestone",
    "ObjectiveInput",
    "ObjectiveProgress",
    "ObjectiveRating",
    "ObjectiveZone",
    "OverallProgress",
    "Role",
    "Status",
    "attention",
    "competency_status",
    "expected_progress",
    "level_jump_needs_justification",
    "objective_progress",
    "overall_progress",
]
