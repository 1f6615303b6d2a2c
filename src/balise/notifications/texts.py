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
| moment_endorsed      | title (of the moment)                                          |
| recommendation_asked | —                                                              |
| recommendation_written | —                                                            |
| checkin_*            | checkin (id, for a link), date (ISO datetime), and:            |
| checkin_scheduled    | previous (moved from); plan (bool), every (weeks), count       |
| checkin_cancelled    | reason                                                         |
| checkin_reminder     | reminder ("two_days", "same_day" or "overdue")                 |
| checkin_prepared     | both (bool: both preparations are now in)                      |
| checkin_signed       | complete (bool: signed off by both)                            |
| evaluation_opened    | evaluation (kind code of balise.evaluations), evaluation_id    |
| evaluation_reminder  | evaluation (kind code), evaluation_id                          |
| evaluation_submitted | evaluation (kind code), evaluation_id                          |
| defence_scheduled    | on (ISO date)                                                  |
| grade_released       | —                                                              |

Every key is optional: a missing one picks the sentence that does without it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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


def _datetime(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    # The 24-hour clock in both languages: "DATETIME_FORMAT" ends in "p.m." in English.
    return f"{date_format(moment, 'DATE_FORMAT')}, {moment:%H:%M}"


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
        "title": data.get("title") or "",
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
        case NotificationKind.MOMENT_ENDORSED:
            if names["title"]:
                text = _(
                    "%(actor)s endorsed your key moment “%(title)s” of the internship “%(agreement)s”."
                )
            else:
                text = _(
                    "%(actor)s endorsed one of your key moments of the internship “%(agreement)s”."
                )
        case NotificationKind.RECOMMENDATION_REQUESTED:
            text = _(
                "%(actor)s asked you for a recommendation about the internship “%(agreement)s”."
            )
        case NotificationKind.RECOMMENDATION_WRITTEN:
            text = _(
                "%(actor)s wrote your recommendation for the internship “%(agreement)s”: you can read and keep it."
            )
        case NotificationKind.ALERT:
            text = _alert_sentence(data, names)
        case (
            NotificationKind.CHECKIN_SCHEDULED
            | NotificationKind.CHECKIN_CANCELLED
            | NotificationKind.CHECKIN_REMINDER
            | NotificationKind.CHECKIN_PREPARED
            | NotificationKind.CHECKIN_SIGNED
        ):
            text = _checkin_sentence(notification, data, names)
        case (
            NotificationKind.EVALUATION_OPENED
            | NotificationKind.EVALUATION_REMINDER
            | NotificationKind.EVALUATION_SUBMITTED
            | NotificationKind.DEFENCE_SCHEDULED
            | NotificationKind.GRADE_RELEASED
        ):
            text = _evaluation_sentence(kind, data, names)
        case _:
            text = _("There is news about the agreement “%(agreement)s”.")
    return text % names


def _evaluation_sentence(kind: str, data: dict, names: dict) -> str:
    """One whole sentence per kind of evaluation and step (see balise.evaluations)."""
    code = data.get("evaluation") or ""
    opened = {
        "tutor_mid": _(
            "Your mid-internship evaluation of the intern of “%(agreement)s” is open: please fill it in."
        ),
        "tutor_final": _(
            "Your final evaluation of the intern of “%(agreement)s” is open: please fill it in."
        ),
        "host_welcome": _(
            "Your evaluation of the welcome you received during the internship “%(agreement)s” is open: please fill it in."
        ),
        "referent": _(
            "Your evaluation of the internship “%(agreement)s” is open: please fill it in."
        ),
    }
    reminder = {
        "tutor_mid": _(
            "Reminder: your mid-internship evaluation of the intern of “%(agreement)s” is still waiting for your answers."
        ),
        "tutor_final": _(
            "Reminder: your final evaluation of the intern of “%(agreement)s” is still waiting for your answers."
        ),
        "host_welcome": _(
            "Reminder: your evaluation of the welcome you received during the internship “%(agreement)s” is still waiting for your answers."
        ),
        "referent": _(
            "Reminder: your evaluation of the internship “%(agreement)s” is still waiting for your answers."
        ),
    }
    submitted = {
        "tutor_mid": _(
            "%(actor)s submitted the mid-internship evaluation of the internship “%(agreement)s”."
        ),
        "tutor_final": _(
            "%(actor)s submitted the final evaluation of the internship “%(agreement)s”."
        ),
        "host_welcome": _(
            "%(actor)s submitted the evaluation of the host's welcome for the internship “%(agreement)s”."
        ),
        "referent": _(
            "%(actor)s submitted the referent teacher's evaluation of the internship “%(agreement)s”."
        ),
    }
    match kind:
        case NotificationKind.EVALUATION_OPENED:
            return opened.get(code) or _(
                "An evaluation of the internship “%(agreement)s” is waiting for your answers."
            )
        case NotificationKind.EVALUATION_REMINDER:
            return reminder.get(code) or _(
                "An evaluation of the internship “%(agreement)s” is waiting for your answers."
            )
        case NotificationKind.EVALUATION_SUBMITTED:
            return submitted.get(code) or _(
                "%(actor)s submitted an evaluation of the internship “%(agreement)s”."
            )
        case NotificationKind.DEFENCE_SCHEDULED:
            names["date"] = _date(data.get("on"))
            if names["date"]:
                return _("The defence of the internship “%(agreement)s” is scheduled on %(date)s.")
            return _("The defence of the internship “%(agreement)s” is scheduled.")
    return _("The grade of the defence of the internship “%(agreement)s” is released.")


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


def _checkin_sentence(notification: Notification, data: dict, names: dict) -> str:
    names["date"] = _datetime(data.get("date"))
    kind = notification.kind
    if kind == NotificationKind.CHECKIN_SCHEDULED and data.get("plan"):
        names["every"] = data.get("every") or 2
        if not names["date"]:
            return _("%(actor)s changed the check-in plan of the internship “%(agreement)s”.")
        if notification.actor_id is None:
            return ngettext(
                "The check-ins of the internship “%(agreement)s” are planned every week; the first is on %(date)s.",
                "The check-ins of the internship “%(agreement)s” are planned every %(every)s weeks; the first is on %(date)s.",
                names["every"],
            )
        return ngettext(
            "%(actor)s planned the check-ins of the internship “%(agreement)s” every week; the next is on %(date)s.",
            "%(actor)s planned the check-ins of the internship “%(agreement)s” every %(every)s weeks; the next is on %(date)s.",
            names["every"],
        )
    if not names["date"]:
        return _("There is news about a check-in of the internship “%(agreement)s”.")
    match kind:
        case NotificationKind.CHECKIN_SCHEDULED:
            names["previous"] = _datetime(data.get("previous"))
            if names["previous"]:
                return _(
                    "%(actor)s moved the check-in of the internship “%(agreement)s” from %(previous)s to %(date)s."
                )
            return _("%(actor)s added a check-in to the internship “%(agreement)s” on %(date)s.")
        case NotificationKind.CHECKIN_CANCELLED:
            return _(
                "%(actor)s cancelled the check-in of %(date)s of the internship “%(agreement)s”."
            )
        case NotificationKind.CHECKIN_REMINDER:
            match data.get("reminder"):
                case "same_day":
                    return _(
                        "Today: check-in of the internship “%(agreement)s” (%(date)s). Prepare it if you have not yet."
                    )
                case "overdue":
                    return _(
                        "The check-in of %(date)s of the internship “%(agreement)s” is not signed off yet: hold it, record it and sign it off."
                    )
            return _(
                "Reminder: check-in of the internship “%(agreement)s” on %(date)s. Prepare your ratings before it."
            )
        case NotificationKind.CHECKIN_PREPARED:
            if data.get("both"):
                return _(
                    "%(actor)s submitted their preparation of the check-in of %(date)s (internship “%(agreement)s”): both are in, the ratings now show side by side."
                )
            return _(
                "%(actor)s submitted their preparation of the check-in of %(date)s (internship “%(agreement)s”); theirs stays hidden until you submit yours."
            )
        case NotificationKind.CHECKIN_SIGNED:
            if data.get("complete"):
                return _(
                    "The check-in of %(date)s of the internship “%(agreement)s” is signed off by the intern and the tutor."
                )
            return _(
                "%(actor)s signed off the check-in of %(date)s of the internship “%(agreement)s”: your sign-off is awaited."
            )
    return _("There is news about a check-in of the internship “%(agreement)s”.")


def notification_detail(notification: Notification) -> str:
    """The free text that goes with the sentence (a comment, a reason), shortened."""
    data = notification.data or {}
    text = data.get("excerpt") or data.get("reason") or ""
    return Truncator(str(text)).chars(DETAIL_MAX_CHARS)
