"""The sentences of the notifications about evaluations and defences."""

import pytest
from django.utils import translation

from balise.notifications.models import Notification

KINDS = [
    "evaluation_opened",
    "evaluation_reminder",
    "evaluation_submitted",
    "defence_scheduled",
    "grade_released",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "evaluation", ["tutor_mid", "tutor_final", "host_welcome", "referent", "", "unknown"]
)
def test_each_kind_and_evaluation_has_its_own_sentence(personas, kind, evaluation):
    generic = f"There is news about the agreement “{personas.agreement.title}”."
    notification = Notification(
        recipient=personas.tutor,
        agreement=personas.agreement,
        actor=personas.staff,
        kind=kind,
        data={"evaluation": evaluation, "on": "2026-09-10"},
    )
    with translation.override("en"):
        message = notification.message
    assert message != generic
    assert personas.agreement.title in message


def test_sentences_name_the_evaluation_and_the_date(personas):
    def message(kind, **data):
        notification = Notification(
            recipient=personas.tutor,
            agreement=personas.agreement,
            actor=personas.tutor,
            kind=kind,
            data=data,
        )
        with translation.override("en"):
            return notification.message

    title = personas.agreement.title
    assert message("evaluation_reminder", evaluation="host_welcome") == (
        "Reminder: your evaluation of the welcome you received during the internship "
        f"“{title}” is still waiting for your answers."
    )
    assert message("evaluation_submitted", evaluation="tutor_mid") == (
        f"Paul Durand submitted the mid-internship evaluation of the internship “{title}”."
    )
    assert message("defence_scheduled", on="2026-09-10") == (
        f"The defence of the internship “{title}” is scheduled on Sept. 10, 2026."
    )
    assert message("grade_released") == (
        f"The grade of the defence of the internship “{title}” is released."
    )
