from dataclasses import dataclass

from django import template
from django.utils import timezone

from balise.checkins.models import CheckIn
from balise.checkins.rules import RECORDING_STATUSES
from balise.checkins.selectors import is_overdue, next_checkin

register = template.Library()

# Agreements whose page shows the check-ins panel: from signature on.
PANEL_STATUSES = RECORDING_STATUSES | {"evaluated", "archived", "interrupted"}


@dataclass
class Panel:
    shown: bool
    next: CheckIn | None = None


@register.simple_tag
def checkin_panel_of(agreement) -> Panel:
    """`{% checkin_panel_of agreement as panel %}`: whether the agreement has check-ins to
    show, and the first one still to hold or sign off (with `overdue`). One query."""
    if agreement.status not in PANEL_STATUSES:
        return Panel(shown=False)
    found = next_checkin(agreement)
    if found is not None:
        found.overdue = is_overdue(found, timezone.now())
    return Panel(shown=True, next=found)
