"""The sentence of each notification, rendered in the active language.

One whole sentence per kind (and per variant), with named placeholders, so translators
see what they translate. What each kind reads from `Notification.data`:

| kind                 | data                                                           |
|----------------------|----------------------------------------------------------------|
| proposal             | objective (title), new (bool: a new objective is proposed)     |
| proposal_decided     | objective, accepted (bool: false means declined)               |
| comment              | objective (empty: on the agreement), excerpt                  |
| negotiation_opened   | —                                                              |
| validation           | validation ("pedagogical" or "administrative")                 |
| signatures_requested | version                                                        |
| signed               | version                                                        |
| fully_signed         | version                                                        |
| amendment            | version (set: the amendment is signed; absent: it is opened), reason |
| cancelled            | reason                                                         |
| interrupted          | on (ISO date), reason                                          |
| invitation           | —                                                              |
| alert                | alert (code), objective, percent, reminder (bool)              |

Every key is optional: a missing one picks the sentence that does without it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from balise.notifications.models import Notification, NotificationKind

DETAIL_MAX_CHARS = 300


def _actor(notification: Notification) -> str:
    if notification.actor_id is not None:
        return str(notification.actor)
    return notification.data.get("actor_name") or pgettext("notification actor", "Someone")


def _date(value: str) -> str:
    try:
        return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return ""


def notification_message(notification: Notification) -> str:
    """The notification as one sentence, in the active language."""
    data = notification.data or {}
    kind = notification.kind
    if notification.agreement_id is None:
        if kind == NotificationKind.INVITATION:
            return _("%(actor)s invited you to Balise.") % {"actor": _actor(notification)}
        return capfirst(str(notification.get_kind_display()))

    names = {
        "actor": _actor(notification),
        "agreement": notification.agreement.title,
        "objective": data.get("objective") or "",
        "version": data.get("version") or "",
    }
    match kind:
        case NotificationKind.PROPOSAL:
            if not names["objective"]:
                text = _(
                    "%(actor)s proposed a change to the objectives of the agreement “%(agreement)s”."
                )
            elif data.get("new"):
                text = _(
                    "%(actor)s proposed a new objective “%(objective)s” for the agreement “%(agreement)s”."
                )
            else:
                text = _(
                    "%(actor)s proposed a change to the objective “%(objective)s” of the agreement “%(agreement)s”."
                )
        case NotificationKind.PROPOSAL_DECIDED:
            if not names["objective"]:
                if data.get("accepted"):
                    text = _("%(actor)s accepted your proposal on the agreement “%(agreement)s”.")
                else:
                    text = _("%(actor)s declined your proposal on the agreement “%(agreement)s”.")
            elif data.get("accepted"):
                text = _(
                    "%(actor)s accepted your proposal on the objective “%(objective)s” of the agreement “%(agreement)s”."
                )
            else:
                text = _(
                    "%(actor)s declined your proposal on the objective “%(objective)s” of the agreement “%(agreement)s”."
                )
        case NotificationKind.COMMENT:
            if names["objective"]:
                text = _(
                    "%(actor)s commented on the objective “%(objective)s” of the agreement “%(agreement)s”."
                )
            else:
                text = _("%(actor)s commented on the agreement “%(agreement)s”.")
        case NotificationKind.NEGOTIATION_OPENED:
            text = _(
                "%(actor)s opened the negotiation of the agreement “%(agreement)s”: you can now comment on its objectives and propose changes."
            )
        case NotificationKind.VALIDATION:
            if data.get("validation") == "administrative":
                text = _(
                    "%(actor)s gave the administrative validation of the agreement “%(agreement)s”."
                )
            else:
                text = _(
                    "%(actor)s gave the pedagogical validation of the agreement “%(agreement)s”."
                )
        case NotificationKind.SIGNATURES_REQUESTED:
            if names["version"]:
                text = _(
                    "Version %(version)s of the agreement “%(agreement)s” is ready: please read and sign it."
                )
            else:
                text = _("The agreement “%(agreement)s” is ready: please read and sign it.")
        case NotificationKind.SIGNED:
            if names["version"]:
                text = _("%(actor)s signed version %(version)s of the agreement “%(agreement)s”.")
            else:
                text = _("%(actor)s signed the agreement “%(agreement)s”.")
        case NotificationKind.FULLY_SIGNED:
            if names["version"]:
                text = _(
                    "Every party has signed version %(version)s of the agreement “%(agreement)s”."
                )
            else:
                text = _("Every party has signed the agreement “%(agreement)s”.")
        case NotificationKind.AMENDMENT:
            if names["version"]:
                text = _(
                    "Every party has signed the amendment to the agreement “%(agreement)s”: version %(version)s is now in force."
                )
            else:
                text = _("%(actor)s opened an amendment to the agreement “%(agreement)s”.")
        case NotificationKind.CANCELLED:
            text = _("%(actor)s cancelled the agreement “%(agreement)s”.")
        case NotificationKind.INTERRUPTED:
            names["date"] = _date(data.get("on"))
            if names["date"]:
                text = _(
                    "%(actor)s recorded that the internship “%(agreement)s” was interrupted on %(date)s."
                )
            else:
                text = _("%(actor)s recorded that the internship “%(agreement)s” was interrupted.")
        case NotificationKind.INVITATION:
            text = _("%(actor)s invited you to take part in the agreement “%(agreement)s”.")
        case NotificationKind.ALERT:
            text = _alert_sentence(data, names)
        case _:
            text = _("There is news about the agreement “%(agreement)s”.")
    return text % names


def _alert_sentence(data: dict, names: dict) -> str:
    from balise.journal.models import AlertCode

    code = data.get("alert") or ""
    if data.get("reminder") and code in AlertCode.values:
        names["alert"] = AlertCode(code).label
        if names["objective"]:
            return _(
                "Reminder: the alert “%(alert)s” on the objective “%(objective)s” of the internship “%(agreement)s” is still open."
            )
        return _("Reminder: the alert “%(alert)s” on the internship “%(agreement)s” is still open.")
    match code:
        case AlertCode.UNRELATED_SHARE_HIGH if data.get("percent") is not None:
            names["percent"] = data["percent"]
            return _(
                "Alert on the internship “%(agreement)s”: %(percent)s%% of the logged hours have nothing to do with the training."
            )
        case AlertCode.REPETITIVE_ROUTINE:
            return _(
                "Alert on the internship “%(agreement)s”: the same routine task keeps coming back in the logbook."
            )
        case AlertCode.OBJECTIVE_NEGLECTED if names["objective"]:
            return _(
                "Alert on the internship “%(agreement)s”: nothing in the logbook serves the objective “%(objective)s”."
            )
        case AlertCode.LOGBOOK_SILENT:
            return _(
                "Alert on the internship “%(agreement)s”: nothing has been logged for seven days or more."
            )
    return _("There is an alert on the internship “%(agreement)s”.")


def notification_detail(notification: Notification) -> str:
    """The free text that goes with the sentence (a comment, a reason), shortened."""
    data = notification.data or {}
    text = data.get("excerpt") or data.get("reason") or ""
    return Truncator(str(text)).chars(DETAIL_MAX_CHARS)
