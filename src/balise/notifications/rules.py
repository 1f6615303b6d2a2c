"""Who may do what with a notification: only its recipient sees it or marks it read."""

import rules


@rules.predicate
def is_recipient(user, notification):
    return notification.recipient_id == user.pk


rules.add_perm("notifications.view_notification", rules.is_authenticated & is_recipient)
rules.add_perm("notifications.change_notification", rules.is_authenticated & is_recipient)
