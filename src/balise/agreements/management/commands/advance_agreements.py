from django.core.management.base import BaseCommand
from django.utils import timezone

from balise.agreements.services import agreements_advance


class Command(BaseCommand):
    help = (
        "Move agreements along their dates: signed ones start on their start date, and "
        "finish after their end date. Safe to run from cron at any frequency."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, change nothing"
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        counts = agreements_advance(today=timezone.localdate(), dry_run=dry_run)
        if verbosity:
            prefix = "would move" if dry_run else "moved"
            self.stdout.write(
                f"{prefix}: {counts['started']} to in progress, {counts['completed']} to completed"
            )
