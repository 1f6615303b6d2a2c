"""`balise align FILE`: read an internship as JSON, print the alignment report, exit 0 or 2.

Exit 0 with the report on standard output; 2 when the input is unusable, with exactly one line
on standard error naming the field (or saying why the file cannot be read) and nothing on
standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from balise import console
from balise.alignment.aligner import analyse
from balise.alignment.inputs import InputError

EXIT_OK = 0
EXIT_UNUSABLE = 2

PROG = "balise align"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the internship (program, objectives, activities) as JSON; '-' reads standard input",
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
        help="language of the alert messages (default: fr)",
    )


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        data = _load(args.file)
        report = analyse(data, lang=lang)
    except InputError as error:
        _fail(error.localized(lang))
        return EXIT_UNUSABLE
    except RecursionError:
        _fail("l'entrée est trop imbriquée" if lang == "fr" else "the input is nested too deeply")
        return EXIT_UNUSABLE

    output_format = args.format or ("text" if console.isatty(sys.stdout) else "json")
    if output_format == "json":
        text = json.dumps(report, ensure_ascii=False, indent=2)
    else:
        text = render_text(report, data, lang)
    try:
        console.write(sys.stdout, text + "\n")
    except BrokenPipeError:
        # The reader went away (`balise align logbook.json | head`): not an error of ours.
        console.silence_stdout()
    return EXIT_OK


def _load(path: str) -> Any:
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
            "", f"{name}: the JSON is not an object", f"{name} : le JSON n'est pas un objet"
        )
    return data


def _fail(message: str) -> None:
    console.fail(PROG, message)


# -- text format --------------------------------------------------------------------------------

_TEXT = {
    "fr": {
        "activities": "Activités",
        "summary": "Bilan",
        "total": "Temps déclaré",
        "unrelated_share": "Part sans rapport avec la formation",
        "repetitive": "Activités répétitives",
        "neglected": "Objectifs délaissés",
        "alerts": "Alertes",
        "none": "aucune",
        "none_m": "aucun",
        "program": "formation",
        "unrelated": "sans rapport",
        "colon": " : ",
    },
    "en": {
        "activities": "Activities",
        "summary": "Summary",
        "total": "Logged time",
        "unrelated_share": "Share unrelated to the training",
        "repetitive": "Repetitive activities",
        "neglected": "Neglected objectives",
        "alerts": "Alerts",
        "none": "none",
        "none_m": "none",
        "program": "programme",
        "unrelated": "unrelated",
        "colon": ": ",
    },
}


def render_text(report: dict[str, Any], data: dict[str, Any], lang: str = "fr") -> str:
    """The report for a person: one line per activity, then the hours and the alerts."""
    words = _TEXT[lang]
    texts = {activity["id"]: activity["text"] for activity in data.get("activities", [])}
    summary = report["summary"]
    width = max([len(entry["id"]) for entry in report["activities"]] + [2])
    label_width = max([len(entry["label"]) for entry in report["activities"]] + [9])
    lines = [words["activities"]]
    for entry in report["activities"]:
        text = " ".join(texts.get(entry["id"], "").split())
        if len(text) > 70:
            text = text[:69] + "…"
        lines.append(
            f"  {entry['id']:<{width}}  {entry['label']:<{label_width}}  "
            f"{entry['score']:.2f}".replace(".", "," if lang == "fr" else ".")
            + f"  {text}"
        )
    lines.append("")
    lines.append(words["summary"])
    lines.append(f"  {words['total']}{words['colon']}{_decimal(summary['total_hours'], lang)} h")
    for label, hours in summary["hours_by_label"].items():
        name = words.get(label, label)
        lines.append(f"    {name}{words['colon']}{_decimal(hours, lang)} h")
    share = _decimal(round(summary["unrelated_share"] * 100, 2), lang)
    lines.append(
        f"  {words['unrelated_share']}{words['colon']}{share}{' %' if lang == 'fr' else '%'}"
    )
    repetitive = ", ".join(summary["repetitive_activities"]) or words["none"]
    lines.append(f"  {words['repetitive']}{words['colon']}{repetitive}")
    neglected = ", ".join(summary["neglected_objectives"]) or words["none_m"]
    lines.append(f"  {words['neglected']}{words['colon']}{neglected}")
    if summary["alerts"]:
        lines.append("")
        lines.append(words["alerts"])
        for alert in summary["alerts"]:
            lines.append(f"  [{alert['severity']}] {alert['code']}")
            lines.append(f"    {alert['message']}")
    return "\n".join(lines)


def _decimal(value: float, lang: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "fr" else text
