"""`balise check FILE`: read a draft as JSON, print the report, exit 0, 1 or 2.

Exit 0 when no finding is an error, 1 when one is, 2 when the input is unusable: then exactly
one line goes to standard error, naming the field (or saying why the file cannot be read), and
nothing to standard output.

The report also carries the objective writing assistant's advice (`balise.assistant`) as
warnings under `objectives.` codes the law spec does not use; the law's rules are unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from balise import console
from balise.assistant.for_check import report_warnings
from balise.law import formatting as fmt
from balise.law.checks import check
from balise.law.draft import InputError
from balise.law.report import ERROR, Report

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2

PROG = "balise check"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the agreement draft, as a JSON object; '-' reads standard input",
    )
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default=None,
        help="json (the default when standard output is not a terminal) or text (for a person)",
    )
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default="fr",
        help="language of the messages (default: fr)",
    )


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        data = _load(args.file, lang)
        report = check(data)
    except InputError as error:
        _fail(error.localized(lang))
        return EXIT_UNUSABLE
    # The objective writing assistant's advice, as warnings under its own `objectives.` codes:
    # it never adds an error, so the verdict and the exit status stay the law's.
    report = report.with_findings(
        report_warnings(data, presence_hours=report.computed.presence_hours)
    )

    output_format = args.format or ("text" if console.isatty(sys.stdout) else "json")
    if output_format == "json":
        text = json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2)
    else:
        text = render_text(report, lang)
    try:
        console.write(sys.stdout, text + "\n")
    except BrokenPipeError:
        # The reader went away (`balise check draft.json | head`): not an error of ours.
        console.silence_stdout()
    return EXIT_VALID if report.valid else EXIT_INVALID


def _load(path: str, lang: str) -> Any:
    """The parsed JSON, or an `InputError` with an empty field saying what is wrong."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except FileNotFoundError:
        raise InputError("", f"{name}: no such file", f"{name} : ce fichier n'existe pas") from None
    except IsADirectoryError:
        raise InputError(
            "", f"{name}: is a directory, not a file", f"{name} : c'est un dossier, pas un fichier"
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            "", f"{name}: cannot be read ({reason})", f"{name} : lecture impossible ({reason})"
        ) from None

    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                "", f"{name}: not UTF-8 text", f"{name} : ce n'est pas du texte UTF-8"
            ) from None
    try:
        data = json.loads(raw, parse_constant=console.refuse_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            "",
            f"{name}: not valid JSON ({error.msg}, line {error.lineno} column {error.colno})",
            f"{name} : JSON invalide ({error.msg}, ligne {error.lineno} colonne {error.colno})",
        ) from None
    except (ValueError, RecursionError) as error:
        raise InputError(
            "", f"{name}: not valid JSON ({error})", f"{name} : JSON invalide ({error})"
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            "",
            f"{name}: the JSON is not an object",
            f"{name} : le JSON n'est pas un objet",
        )
    return _unwrap_test_case(data)


def _unwrap_test_case(data: dict[str, Any]) -> Any:
    """The draft inside a test case `{"input": {...}, "expect": {...}}`, else `data` itself.

    The project's test data keep each draft with its expected result; this lets
    `balise check tests/data/check/NAME.json` run on such a file as is. A real draft always has
    a `start_date`, so it is never mistaken for a test case.
    """
    if "start_date" not in data and isinstance(data.get("input"), dict):
        return data["input"]
    return data


def _fail(message: str) -> None:
    console.fail(PROG, message)


# -- text format ----------------------------------------------------------------------------

_TEXT = {
    "fr": {
        "valid": "Convention conforme : aucune erreur.",
        "invalid": "Convention non conforme : {errors}.",
        "warnings": "{warnings} à vérifier.",
        "error": "erreur",
        "errors": "erreurs",
        "warning": "avertissement",
        "warnings_word": "avertissements",
        "ERROR": "ERREUR",
        "WARNING": "AVERTISSEMENT",
        "field": "champ",
        "figures": "Chiffres calculés",
        "presence_hours": "Heures de présence",
        "presence_days": "Jours de présence (7 heures)",
        "presence_months": "Mois de présence (22 jours)",
        "gratification_required": "Gratification obligatoire",
        "minimum_hourly_rate": "Minimum horaire légal",
        "minimum_total_gratification": "Gratification minimale totale",
        "yes": "oui",
        "no": "non",
        "colon": " : ",
    },
    "en": {
        "valid": "Agreement compliant: no error.",
        "invalid": "Agreement not compliant: {errors}.",
        "warnings": "{warnings} to review.",
        "error": "error",
        "errors": "errors",
        "warning": "warning",
        "warnings_word": "warnings",
        "ERROR": "ERROR",
        "WARNING": "WARNING",
        "field": "field",
        "figures": "Computed figures",
        "presence_hours": "Hours of presence",
        "presence_days": "Days of presence (7 hours)",
        "presence_months": "Months of presence (22 days)",
        "gratification_required": "Gratification required",
        "minimum_hourly_rate": "Legal minimum hourly rate",
        "minimum_total_gratification": "Minimum total gratification",
        "yes": "yes",
        "no": "no",
        "colon": ": ",
    },
}


def render_text(report: Report, lang: str = "fr") -> str:
    """The report for a person: verdict, findings with severity and field, the figures."""
    words = _TEXT[lang]
    errors, warnings = report.errors, report.warnings
    lines: list[str] = []
    if report.valid:
        lines.append(words["valid"])
    else:
        count = fmt.plural(len(errors), words["error"], words["errors"], lang)
        lines.append(words["invalid"].format(errors=count))
    if warnings:
        count = fmt.plural(len(warnings), words["warning"], words["warnings_word"], lang)
        lines.append(words["warnings"].format(warnings=count[0].upper() + count[1:]))

    for finding in report.findings:
        label = words["ERROR"] if finding.severity == ERROR else words["WARNING"]
        lines.append("")
        lines.append(f"{label} {finding.code} ({words['field']} {finding.field})")
        lines.append(f"  {finding.message(lang)}")

    computed = report.computed
    figures = [
        ("presence_hours", fmt.hours(computed.presence_hours, lang)),
        ("presence_days", fmt.number(computed.presence_days, lang)),
        ("presence_months", fmt.number(computed.presence_months, lang)),
        ("gratification_required", words["yes" if computed.gratification_required else "no"]),
        ("minimum_hourly_rate", fmt.euros(computed.minimum_hourly_rate, lang)),
        ("minimum_total_gratification", fmt.euros(computed.minimum_total_gratification, lang)),
    ]
    lines.append("")
    lines.append(words["figures"])
    for key, value in figures:
        lines.append(f"  {words[key]}{words['colon']}{value}")
    return "\n".join(lines)
