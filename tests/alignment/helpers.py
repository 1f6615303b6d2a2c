"""Shared data and builders for the alignment engine's tests."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

ALIGN_DATA = Path(__file__).resolve().parent.parent / "data" / "align"
CASES = sorted(path.name.removesuffix(".labels.json") for path in ALIGN_DATA.glob("*.labels.json"))


def load_case(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data = json.loads((ALIGN_DATA / f"{name}.json").read_text(encoding="utf-8"))
    gold = json.loads((ALIGN_DATA / f"{name}.labels.json").read_text(encoding="utf-8"))
    return data, gold


PROGRAM = {
    "name": "BUT Informatique",
    "competencies": [
        {"id": "c1", "label": "Réaliser un développement d'application"},
        {"id": "c2", "label": "Gérer des données de l'information"},
    ],
}

OBJECTIVES = [
    {
        "id": "o1",
        "title": "Concevoir une API REST de facturation",
        "description": "Spécifier et développer les routes de l'API de facturation en Django.",
        "indicators": ["Routes documentées en OpenAPI", "Temps de réponse inférieur à 200 ms"],
        "competencies": ["c1"],
    },
    {
        "id": "o2",
        "title": "Migrer la base clients vers PostgreSQL",
        "description": "Écrire les scripts de migration des données clients depuis Access.",
        "indicators": ["100 % des fiches clients migrées"],
        "competencies": ["c2"],
    },
]


def internship(activities: list[dict[str, Any]], objectives=None) -> dict[str, Any]:
    return {
        "program": copy.deepcopy(PROGRAM),
        "objectives": copy.deepcopy(OBJECTIVES if objectives is None else objectives),
        "activities": activities,
    }


def activity(ident: str, day: dt.date | str, text: str, hours: float = 3.0) -> dict[str, Any]:
    date = day if isinstance(day, str) else day.isoformat()
    return {"id": ident, "date": date, "hours": hours, "text": text}


def weekly(texts: list[str], start: str = "2026-03-02", hours: float = 3.0, prefix: str = "a"):
    """One activity a week (Mondays), from `start`, ids a1, a2, ..."""
    first = dt.date.fromisoformat(start)
    return [
        activity(f"{prefix}{n + 1}", first + dt.timedelta(weeks=n), text, hours)
        for n, text in enumerate(texts)
    ]
