import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from balise.evaluations.services import evaluations_open_due


class Command(BaseCommand):
    help = (
        "Open the evaluations that are due: the tutor's mid-internship evaluation halfway "
        "through a running internship; the tutor's final evaluation, the intern's evaluation "
        "of the host's welcome and the referent teacher's evaluation from a week before the "
        "end, and once the internship is over. Each person who answers is told. Safe to run "
        "from cron at any frequency: an evaluation opens once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would open, open nothing"
        )
        parser.add_argument(
            "--date", help="act as if today were this date (YYYY-MM-DD), for catching up"
        )

    def handle(self, *args, dry_run=False, date=None, verbosity=1, **options):
        today = timezone.localdate()
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from exc
        opened = evaluations_open_due(today=today, dry_run=dry_run)
        if verbosity >= 2:
            for agreement_id, kind in opened:
                self.stdout.write(f"  agreement {agreement_id}: {kind}")
        if verbosity >= 1:
            if dry_run:
                self.stdout.write(f"{len(opened)} evaluation(s) would open (dry run).")
            else:
                self.stdout.write(self.style.SUCCESS(f"{len(opened)} evaluation(s) opened."))
