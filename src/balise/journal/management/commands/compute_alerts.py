import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from balise.agreements.models import Agreement
from balise.journal.alerts import agreements_to_watch, alerts_compute

logger = logging.getLogger(__name__)


class _DryRun(Exception):
    """Raised to roll back one agreement's computation in a dry run."""


class Command(BaseCommand):
    help = (
        "Compute the logbook alerts of every internship in progress (unrelated tasks, "
        "repetitive routine, neglected objectives, silent logbook), resolve those that no "
        "longer hold, and notify. Safe to run from cron at any frequency."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, change nothing"
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        now = timezone.now()
        totals = {"agreements": 0, "opened": 0, "resolved": 0, "notified": 0}
        failed = []
        # The ids first: each agreement is then computed in its own short transaction.
        for pk in list(agreements_to_watch().values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    run = alerts_compute(agreement=Agreement(pk=pk), now=now)
                    if dry_run:
                        raise _DryRun
            except _DryRun:
                pass
            except Exception:
                # One broken agreement must not stop the watch on the others.
                logger.exception("Alerts of agreement %s not computed.", pk)
                failed.append(pk)
                continue
            totals["agreements"] += 1
            totals["opened"] += len(run.opened)
            totals["resolved"] += len(run.resolved)
            totals["notified"] += len(run.notified)
            if verbosity >= 2 and (run.opened or run.resolved):
                self.stdout.write(
                    f"agreement {pk}: "
                    f"opened {', '.join(a.code for a in run.opened) or '-'}; "
                    f"resolved {', '.join(a.code for a in run.resolved) or '-'}"
                )
        if verbosity >= 1:
            verb = "would be" if dry_run else ""
            self.stdout.write(
                f"{'dry run: ' if dry_run else ''}{totals['agreements']} agreements checked; "
                f"alerts {verb or ''}{' ' if verb else ''}opened: {totals['opened']}, "
                f"resolved: {totals['resolved']}, notified: {totals['notified']}"
            )
        if failed:
            raise CommandError(
                f"alerts not computed for {len(failed)} agreement(s): "
                + ", ".join(str(pk) for pk in failed)
            )
