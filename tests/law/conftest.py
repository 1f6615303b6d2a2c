"""Fixtures for the law engine's tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.law.helpers import VALID_DRAFT


@pytest.fixture
def draft() -> dict[str, Any]:
    """A fresh copy of the valid draft (see `helpers.VALID_DRAFT`), free to modify."""
    return copy.deepcopy(VALID_DRAFT)
