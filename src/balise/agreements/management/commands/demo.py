import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from balise.agreements.models import Agreement
from balise.demo import DEMO_URL, DemoRefused, DemoResult, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data (one school, three programmes, five host organisations, about "
        "thirty agreements in every state) and print the demo accounts. Safe to re-run: an "
        "existing demo is left as it is. Refuses when the database holds non-demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load the demo even if the database holds data that is not demo data",
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        started = time.monotonic()
        try:
            with transaction.atomic():
                result = demo_load(force=force)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            self.stdout.write(self._summary(result))
            self.stdout.write(self._accounts(result))
        if verbosity >= 2:
            self.stdout.write(f"({time.monotonic() - started:.1f} s)")

    def _summary(self, result: DemoResult) -> str:
        if not result.created:
            return self.style.NOTICE(
                f"La démo est déjà en place ({result.school.name}) : rien n'a été ajouté."
            )
        school = result.school
        agreements = Agreement.objects.filter(school=school, is_demo=True)
        hosts = agreements.values("host").distinct().count()
        return self.style.SUCCESS(
            f"Démo chargée : {school.name}, {school.programs.count()} formations, "
            f"{hosts} organismes d'accueil, {agreements.count()} conventions."
        )

    def _accounts(self, result: DemoResult) -> str:
        rows = [("e-mail", "mot de passe", "rôle")] + [
            (account.email, result.password, account.role) for account in result.accounts
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        lines = ["", "Comptes de démonstration :"]
        for email, password, role in rows:
            lines.append(f"  {email:<{widths[0]}}  {password:<{widths[1]}}  {role}")
        lines += ["", f"Ouvrez {DEMO_URL} et connectez-vous avec l'un de ces comptes."]
        return "\n".join(lines)
