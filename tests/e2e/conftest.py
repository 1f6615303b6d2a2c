"""Browser journeys (the fixtures `browser` and `page` come from tests/browser.py)."""

import pytest


@pytest.fixture
def demo(django_db_serialized_rollback):
    from balise.demo import demo_load

    return demo_load()
