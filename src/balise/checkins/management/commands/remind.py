from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from balise.checkins.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Remind people of their check-ins: two days before, on the day, and when a check-in "
        "is overdue (its day passed and it is not signed off). Each reminder is a "
        "notification, emailed as each person chose. Safe to run from cron at any frequency: "
        "the same reminder is never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be sent, send nothing"
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        run = reminders_send(now=timezone.now(), dry_run=dry_run)
        if verbosity >= 2:
            shown = run.due if dry_run else [reminder for reminder, _people in run.sent]
            people = (
                {id(r): r.recipients for r in run.due}
                if dry_run
                else {id(r): p for r, p in run.sent}
            )
            for reminder in shown:
                checkin = reminder.checkin
                names = ", ".join(person.email for person in people[id(reminder)])
                self.stdout.write(
                    f"  {reminder.kind}: check-in {checkin.pk} of "
                    f"{timezone.localtime(checkin.starts_at):%Y-%m-%d %H:%M} → {names}"
                )
        if verbosity >= 1:
            if dry_run:
                count = sum(len(r.recipients) for r in run.due)
                self.stdout.write(f"dry run: {count} reminder(s) would be sent.")
            else:
                self.stdout.write(self.style.SUCCESS(f"{run.people_reminded} reminder(s) sent."))
        if run.failed:
            raise CommandError(
                f"reminders not sent for {len(run.failed)} check-in(s): "
                + ", ".join(str(r.checkin.pk) for r in run.failed)
            )
