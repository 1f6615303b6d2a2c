from django.core.management.base import BaseCommand

from balise.notifications.selectors import digest_candidates
from balise.notifications.services import digests_send


class Command(BaseCommand):
    help = (
        "Email the daily digest to each person who chose it: their notifications not yet "
        "read nor emailed. Safe to run from cron at any frequency: a person gets at most "
        "one digest per calendar day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say who would receive a digest, send nothing and change nothing",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if dry_run:
            if verbosity >= 2:
                for found in digest_candidates():
                    self.stdout.write(f"  {found.user.email}")
            count = digests_send(dry_run=True)
            if verbosity >= 1:
                self.stdout.write(f"{count} digest(s) would be sent (dry run).")
            return
        count = digests_send()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"{count} digest(s) sent."))
