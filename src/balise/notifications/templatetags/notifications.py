"""The unread count for the page header: `{% load notifications %}` then
`{% notifications_link %}` (a link with the count), or
`{% unread_notification_count as count %}` to lay it out yourself. One bounded query,
only on pages that use it."""

from django import template

from balise.notifications.selectors import UNREAD_COUNT_LIMIT, unread_count

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    user = _user(context)
    return unread_count(user) if user is not None else 0


@register.inclusion_tag("notifications/_header_link.html", takes_context=True)
def notifications_link(context) -> dict:
    count = unread_notification_count(context)
    shown = f"{UNREAD_COUNT_LIMIT - 1}+" if count >= UNREAD_COUNT_LIMIT else str(count)
    return {"count": count, "shown": shown}
