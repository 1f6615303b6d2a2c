import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """These tests read the services' messages in English (French is the default)."""
    with translation.override("en"):
        yield
