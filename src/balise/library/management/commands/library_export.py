"""`balise manage library_export --school SLUG [--program NAME] [--output FILE] [--dry-run]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from balise.library.services import library_export
from balise.organizations.models import Program, School


class Command(BaseCommand):
    help = (
        "Export a school's objective library as JSON, in the shape library_import reads. "
        "Writes to standard output unless --output names a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="the school's short name (slug)")
        parser.add_argument(
            "--program", help="only this programme's examples (and those for every programme)"
        )
        parser.add_argument("--output", "-o", help="the file to write (default: standard output)")
        parser.add_argument(
            "--dry-run", action="store_true", help="say how many examples would be exported"
        )

    def handle(self, *args, school, program, output, dry_run, verbosity, **options):
        target = School.objects.filter(slug=school).first()
        if target is None:
            raise CommandError(f"no school with the short name “{school}”")
        chosen = None
        if program:
            chosen = Program.objects.filter(school=target, name=program).first()
            if chosen is None:
                raise CommandError(f"no programme “{program}” in {target.slug}")
        data = library_export(school=target, program=chosen)
        count = len(data["examples"])
        if dry_run:
            where = output or "standard output"
            self.stdout.write(f"{target.slug}: {count} example(s) would be written to {where}.")
            return
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"{output}: cannot be written ({error.strerror or error})") from None
        if verbosity >= 1:
            self.stderr.write(f"{target.slug}: {count} example(s) written to {output}.")
