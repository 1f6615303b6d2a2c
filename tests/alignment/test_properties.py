"""Properties of any report, on generated logbooks."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balise.alignment import Aligner, analyse
from tests.alignment.helpers import OBJECTIVES, PROGRAM, internship

PHRASES = [
    "Développement des routes de l'API de facturation",
    "Script de migration des fiches clients",
    "Photocopies pour la comptabilité",
    "Réunion d'équipe hebdomadaire",
    "Courses pour le pot de départ",
    "Documentation OpenAPI",
    "Tests de charge de l'API",
    "Rédaction du rapport de stage",
    "Contrôle des données migrées vers PostgreSQL",
    "",
]

texts = st.one_of(
    st.sampled_from(PHRASES),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60),
)
entries = st.lists(
    st.tuples(
        st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)),
        st.decimals(min_value=0, max_value=12, places=2).map(float),
        texts,
    ),
    max_size=25,
)
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _data(items):
    activities = [
        {"id": f"a{n}", "date": day.isoformat(), "hours": hours, "text": text}
        for n, (day, hours, text) in enumerate(items)
    ]
    return internship(activities)


@PROFILE
@given(items=entries)
def test_reports_are_well_formed(items):
    data = _data(items)

    report = analyse(data)

    ids = [a["id"] for a in data["activities"]]
    assert [e["id"] for e in report["activities"]] == ids
    allowed = {"o1", "o2", "program", "unrelated"}
    for entry in report["activities"]:
        assert entry["label"] in allowed
        assert 0.0 <= entry["score"] <= 1.0
        scores = [s["score"] for s in entry["suggestions"]]
        assert all(0.0 <= s <= 1.0 for s in scores)
        assert scores == sorted(scores, reverse=True)
        assert sorted(s["objective"] for s in entry["suggestions"]) == ["o1", "o2"]
    summary = report["summary"]
    total = sum(a["hours"] for a in data["activities"])
    assert abs(summary["total_hours"] - total) < 0.01
    assert abs(sum(summary["hours_by_label"].values()) - total) < 0.05
    assert 0.0 <= summary["unrelated_share"] <= 1.0
    assert set(summary["repetitive_activities"]) <= set(ids)
    assert summary["repetitive_activities"] == [
        i for i in ids if i in summary["repetitive_activities"]
    ]
    served = {e["label"] for e in report["activities"]}
    assert summary["neglected_objectives"] == [o for o in ("o1", "o2") if o not in served]


@PROFILE
@given(text=texts, limit=st.integers(min_value=-1, max_value=4))
def test_suggestions_are_sorted_scores_in_bounds(text, limit):
    aligner = _ALIGNER

    suggestions = aligner.suggest(text, limit=limit)

    assert len(suggestions) <= max(limit, 0)
    scores = [score for _, score in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert {ident for ident, _ in suggestions} <= {"o1", "o2"}


_ALIGNER = Aligner(PROGRAM["competencies"], OBJECTIVES)
