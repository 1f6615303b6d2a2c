"""Whatever is typed, the assistant answers with well-formed advice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from balise.assistant import Internship, ObjectiveDraft, check_draft, check_objectives, codes

TEXT = st.text(max_size=80)
WORDY = st.lists(
    st.sampled_from(
        [
            "Découvrir",
            "participer",
            "à",
            "au",
            "aux",
            "l'",
            "le",
            "la",
            "des",
            "aider",
            "Help",
            "take",
            "part",
            "in",
            "the",
            "API",
            "rapport",
            "se",
            "familiariser",
            "avec",
            "Mise",
            "en",
            "place",
            "du",
            "of",
            "Development",
            "20",
            "%",
            "«",
            ".",
        ]
    ),
    max_size=8,
).map(" ".join)
OBJECTIVES = st.builds(
    ObjectiveDraft,
    title=st.one_of(TEXT, WORDY),
    description=TEXT,
    indicators=st.lists(st.one_of(TEXT, WORDY), max_size=3).map(tuple),
    competencies=st.lists(TEXT, max_size=2).map(tuple),
    target_date=st.one_of(st.none(), st.dates()),
    planned_hours=st.one_of(st.none(), st.decimals(min_value=0, max_value=2000, places=1)),
    main=st.one_of(st.none(), st.booleans()),
)


@settings(max_examples=300, deadline=None)
@given(OBJECTIVES, st.lists(OBJECTIVES, max_size=7))
def test_any_objectives_get_well_formed_advice(draft, others):
    internship = Internship(
        start_date=dt.date(2026, 4, 13),
        end_date=dt.date(2026, 8, 7),
        presence_hours=Decimal(560),
        programme_competencies=frozenset({"Communiquer"}),
    )
    for advice in check_draft(draft, others, internship) + check_objectives(others, internship):
        assert advice.code in codes.CODES
        assert advice.severity in {"advice", "warning"}
        for lang in ("fr", "en"):
            assert advice.message(lang).endswith(".")
        assert advice.suggestion is None or advice.suggestion.strip()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
FIELDS = st.sampled_from(
    [
        "title",
        "description",
        "indicators",
        "competencies",
        "kind",
        "main",
        "target_date",
        "planned_hours",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(FIELDS, JSON, max_size=5), JSON)
def test_any_extra_value_of_a_checked_draft_gives_warnings_not_errors(objective, programme):
    from balise.assistant.for_check import report_warnings

    data = {
        "start_date": "2026-04-13",
        "end_date": "2026-08-07",
        "objectives": [objective, {"title": "Découvrir l'entreprise"}],
        "program": {"competencies": programme},
    }
    for warning in report_warnings(data, presence_hours=Decimal(560)):
        assert warning.severity == "warning"
        assert set(warning.to_dict("en")) == {"code", "severity", "field", "message"}
