"""The assistant's codes stay out of the law spec's, and every one speaks both languages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from balise.assistant import codes
from balise.assistant.messages import MESSAGES
from balise.law.messages import MESSAGES as LAW_MESSAGES

SPEC = Path("/work/shared/spec/check.md")

PARAMS = {
    "index": 0,
    "title": "Découvrir",
    "verb": "Découvrir",
    "first": "Bonne compréhension",
    "count": 2,
    "limit": 5,
    "planned_hours": Decimal("600"),
    "presence_hours": Decimal("560"),
    "competencies": ("Souder",),
    "start_date": dt.date(2026, 4, 13),
    "end_date": dt.date(2026, 8, 7),
    "target_date": dt.date(2026, 9, 1),
}


def test_every_code_has_the_objectives_prefix_and_a_message():
    assert set(MESSAGES) == set(codes.CODES)
    assert all(code.startswith("objectives.") for code in codes.CODES)


def test_no_code_of_the_law_is_reused():
    assert not set(codes.CODES) & set(LAW_MESSAGES)
    law_codes = {"objectives.missing", "objectives.no_competency", "objectives.not_measurable"}
    assert law_codes <= set(LAW_MESSAGES)
    if SPEC.exists():
        spec_codes = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", SPEC.read_text(encoding="utf-8")))
        assert not set(codes.CODES) & spec_codes


@pytest.mark.parametrize("code", codes.CODES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_messages_are_whole_sentences(code, lang):
    message = MESSAGES[code](PARAMS, lang)
    assert message[0].isupper()
    assert message.endswith(".")
    assert "{" not in message
    assert not re.search(r"\bNone\b(?! of)", message)
