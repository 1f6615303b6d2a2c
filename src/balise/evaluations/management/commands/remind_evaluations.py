from django.core.management.base import BaseCommand

from balise.evaluations.services import evaluation_reminders_send


class Command(BaseCommand):
    help = (
        "Remind the people whose evaluation is still not submitted three and ten days after "
        "it opened. Each reminder is recorded before it is sent and never sent twice: safe "
        "to run from cron at any frequency."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say how many reminders are due, send nothing and change nothing",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        count = evaluation_reminders_send(dry_run=dry_run)
        if verbosity >= 1:
            if dry_run:
                self.stdout.write(f"{count} reminder(s) would be sent (dry run).")
            else:
                self.stdout.write(self.style.SUCCESS(f"{count} reminder(s) sent."))
