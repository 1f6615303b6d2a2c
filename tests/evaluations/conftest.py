import datetime as dt

import pytest
from django.utils import timezone

from balise.evaluations import content, services
from balise.evaluations.models import QuestionKind


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once (emails land in the locmem outbox), as with BALISE_TASKS_IMMEDIATE."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BALISE_BASE_URL = "https://balise.example.org"


@pytest.fixture
def open_final(personas, running):
    """The tutor's final evaluation of Léa's internship, open."""
    return services.evaluation_open(agreement=running, kind="tutor_final", by=personas.staff)


def items_of(evaluation, lang="en"):
    return content.all_items(services.evaluation_sections(evaluation, lang=lang))


def full_answers(evaluation) -> dict:
    """A value for every item: the highest point of scales, 'yes', the first choice, text."""
    values = {}
    for item in items_of(evaluation):
        kind = item.question.kind
        if kind == QuestionKind.TEXT:
            values[item.key] = f"Réponse à {item.label}"
        elif kind == QuestionKind.YES_NO:
            values[item.key] = "yes"
        elif kind == QuestionKind.MULTIPLE_CHOICE:
            values[item.key] = [item.choices[0][0]]
        elif kind == QuestionKind.SINGLE_CHOICE:
            values[item.key] = item.choices[0][0]
        else:
            values[item.key] = item.choices[-1][0]
    return values


def post_data(values: dict, action="submit") -> dict:
    return {**values, "action": action}


def days_ago(days: int):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture(autouse=True)
def _empty_report_storage():
    """The in-memory file storage outlives each test: start with no report file."""
    from django.core.files.storage import default_storage

    try:
        folders, _files = default_storage.listdir("reports")
    except FileNotFoundError:
        return
    for folder in folders:
        for name in default_storage.listdir(f"reports/{folder}")[1]:
            default_storage.delete(f"reports/{folder}/{name}")
