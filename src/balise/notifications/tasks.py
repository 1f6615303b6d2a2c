"""Background work of notifications (run by `balise manage db_worker`). Tasks take ids."""

from django_tasks import task

from balise.notifications import services


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification; nothing happens if it was emailed already."""
    return services.notification_email_send(notification_id=notification_id)


@task()
def send_daily_digests() -> int:
    """The daily digests; `balise manage send_digests` does the same from cron."""
    return services.digests_send()
