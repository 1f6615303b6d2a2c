"""`balise manage library_import FILE --school SLUG [--dry-run]`."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balise.library.services import LibraryImportError, library_import
from balise.organizations.models import School


class Command(BaseCommand):
    help = (
        "Import objective examples into a school's library from a JSON file (the shape "
        "library_export writes). Examples are matched by key: a known key is updated, a new "
        "one created. The whole file is checked first; on any problem nothing is written and "
        "every problem is listed, one per line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file; '-' reads standard input")
        parser.add_argument("--school", required=True, help="the school's short name (slug)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and say what would change"
        )

    def handle(self, *args, file, school, dry_run, verbosity, **options):
        target = School.objects.filter(slug=school).first()
        if target is None:
            raise CommandError(f"no school with the short name “{school}”")
        data = _read(file)
        try:
            result = library_import(school=target, data=data, dry_run=dry_run)
        except LibraryImportError as error:
            raise CommandError(
                f"{file}: nothing imported, {len(error.lines)} problem(s):\n"
                + "\n".join(error.lines)
            ) from None
        verb = "would be" if dry_run else "were"
        if verbosity >= 1:
            self.stdout.write(
                f"{target.slug}: {len(result.created)} example(s) {verb} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        if verbosity >= 2:
            for label, keys in (
                ("created", result.created),
                ("updated", result.updated),
                ("unchanged", result.unchanged),
            ):
                for key in keys:
                    self.stdout.write(f"  {label}: {key}")


def _read(file):
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"{file}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise CommandError(f"{file}: not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{file}: not valid JSON ({error.msg}, line {error.lineno} column {error.colno})"
        ) from None
