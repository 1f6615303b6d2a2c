"""The `balise` command: the law engine, demo data, the server, and Django's commands.

Subcommands that need Django (`demo`, `serve`, `manage`) set it up lazily so that
`balise check` stays a fast, framework-free tool.
"""

from __future__ import annotations

import argparse
import os
import sys


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balise.settings")
    import django

    django.setup()


def _run_check(args: argparse.Namespace) -> int:
    from balise.law import cli as law_cli

    return law_cli.run(args)


def _run_align(args: argparse.Namespace) -> int:
    from balise.alignment import cli as align_cli

    return align_cli.run(args)


def _run_demo(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options = {"force": args.force, "verbosity": args.verbosity}
    try:
        call_command("migrate", verbosity=0)
        call_command("demo", **options)
    except CommandError as exc:
        print(f"balise demo: {exc}", file=sys.stderr)
        return 1
    return 0


def _run_remind(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        # Check-ins, then evaluations: each records what it sent, so both are idempotent.
        call_command("remind", dry_run=args.dry_run, verbosity=args.verbosity)
        call_command("remind_evaluations", dry_run=args.dry_run, verbosity=args.verbosity)
    except CommandError as exc:
        print(f"balise remind: {exc}", file=sys.stderr)
        return 1
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    argv = ["balise", "runserver"]
    if args.address:
        argv.append(args.address)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


def _run_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balise.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["balise", *args.arguments])
    return 0


def build_parser() -> argparse.ArgumentParser:
    from balise.law import cli as law_cli

    parser = argparse.ArgumentParser(
        prog="balise",
        description="Balise: internships run by objectives.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = subparsers.add_parser(
        "check",
        help="check an internship agreement draft (JSON) against French internship law",
        description="Check an internship agreement draft (JSON) against French internship law.",
    )
    law_cli.add_arguments(check)
    check.set_defaults(handler=_run_check)

    from balise.alignment import cli as align_cli

    align = subparsers.add_parser(
        "align",
        help="tell which objective each logbook activity serves (JSON in, report out)",
        description="Tell which objective each logged activity serves, find routines and "
        "neglected objectives.",
    )
    align_cli.add_arguments(align)
    align.set_defaults(handler=_run_align)

    demo = subparsers.add_parser("demo", help="load the demo data and print the demo accounts")
    demo.add_argument(
        "--force",
        action="store_true",
        help="load the demo even if the database holds data that is not demo data",
    )
    demo.add_argument("-v", "--verbosity", type=int, choices=[0, 1, 2, 3], default=1)
    demo.set_defaults(handler=_run_demo)

    remind = subparsers.add_parser(
        "remind",
        help="remind people of their check-ins and evaluations (safe from cron at any frequency)",
        description="Remind people of their check-ins (two days before, on the day, and when "
        "overdue) and of the evaluations they have not submitted (three and ten days after "
        "they opened). Never sends the same reminder twice.",
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="say what would be sent, send nothing"
    )
    remind.add_argument("-v", "--verbosity", type=int, choices=[0, 1, 2, 3], default=1)
    remind.set_defaults(handler=_run_remind)

    serve = subparsers.add_parser("serve", help="apply migrations, then run the development server")
    serve.add_argument("address", nargs="?", help="optional ADDRESS:PORT, as Django's runserver")
    serve.set_defaults(handler=_run_serve)

    manage = subparsers.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_run_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
