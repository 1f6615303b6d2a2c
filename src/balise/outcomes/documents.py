"""PDFs the intern keeps: the attestation de stage and her tutor's recommendation.

Rendering only, no HTTP. As for the agreement (`balise.agreements.documents`), the data
reaches the Typst templates (`templates/typst/`) as one JSON string in `sys.inputs`, every
value inserted as text, and the documents' wording is kept here in French and English
(`TEXTS`): it is the wording of a legal document, reviewed as such, not interface strings.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from balise.agreements.documents import render_typst
from balise.law import formatting as fmt
from balise.law.rates import DAYS_PER_MONTH, HOURS_PER_DAY
from balise.outcomes.selectors import PresenceOverview

LANGUAGES = ("fr", "en")

TEXTS = {
    "fr": {
        "attestation": "Attestation de stage",
        "attestation_subtitle": "Code de l'éducation, article D124-9",
        "reference": "Convention n° {id}",
        "host": "L'organisme d'accueil",
        "host_name": "Nom",
        "address": "Adresse",
        "siret": "SIRET",
        "represented_by": "Représenté par",
        "certifies_did": (
            "L'organisme d'accueil atteste que le stagiaire a effectué un stage prévu dans le "
            "cadre de ses études :"
        ),
        "intern": "Le stagiaire",
        "name": "Nom et prénom",
        "birth_date": "Date de naissance",
        "email": "Courriel",
        "school": "Établissement d'enseignement",
        "program": "Formation",
        "internship": "Le stage",
        "title": "Intitulé",
        "period": "Période",
        "period_value": "du {start} au {end}",
        "interrupted_value": "du {start} au {end} (interrompu le {end})",
        "duration": "Durée effective totale",
        "duration_value": "{hours} de présence effective, soit {days}",
        "days": ("jour", "jours"),
        "months_days": "{months} et {days}",
        "months": ("mois", "mois"),
        "absences": "Congés et absences",
        "absences_value": "{days} de congés et d'absences autorisées (article L124-13)",
        "gratification": "Montant total de la gratification versée",
        "no_gratification": "Aucune gratification versée",
        "d124_6": (
            "Chaque période de sept heures de présence, consécutives ou non, compte pour un "
            "jour ; chaque période de vingt-deux jours, consécutifs ou non, pour un mois "
            "(article D124-6)."
        ),
        "by_month": "Détail par mois",
        "month": "Mois",
        "hours": "Heures de présence",
        "paid": "Gratification versée",
        "total": "Total",
        "provisional": (
            "Attestation provisoire : le stage n'est pas terminé. Les chiffres sont ceux "
            "enregistrés au {date}."
        ),
        "missing_months": (
            "Aucune présence n'est enregistrée pour {months} : ces mois ne sont pas comptés."
        ),
        "pension": (
            "L'attestation de stage est indispensable pour pouvoir, sous réserve du versement "
            "d'une cotisation, faire prendre en compte le stage dans les droits à retraite. La "
            "demande est à faire dans les deux années suivant la fin du stage (article L351-17 "
            "du code de la sécurité sociale)."
        ),
        "place_date": "Fait à {place}, le {date}",
        "date_only": "Fait le {date}",
        "for_host": "Pour l'organisme d'accueil",
        "not_named": "non désigné",
        "sign_here": "Signature et cachet de l'organisme d'accueil",
        "footer": (
            "Établie avec Balise à partir de la présence et des versements enregistrés au {date}."
        ),
        "page": "Page",
        "doc_title": "Attestation de stage : {intern}, {host}",
        # The recommendation.
        "recommendation": "Recommandation",
        "recommendation_title": "Recommandation pour {intern}",
        "recommendation_subtitle": "Stage « {title} » chez {host}",
        "written_by": "Rédigée par",
        "position": "Fonction",
        "written_on": "Rédigée le",
        "internship_at": "Stage",
        "internship_value": "{title}, du {start} au {end}",
        "recommendation_footer": (
            "Recommandation rédigée dans Balise par {author} le {date}, remise à {intern}."
        ),
    },
    "en": {
        "attestation": "Internship certificate",
        "attestation_subtitle": "French Education Code, article D124-9 (attestation de stage)",
        "reference": "Agreement no. {id}",
        "host": "The host organisation",
        "host_name": "Name",
        "address": "Address",
        "siret": "SIRET",
        "represented_by": "Represented by",
        "certifies_did": (
            "The host organisation certifies that the intern completed an internship as part "
            "of their studies:"
        ),
        "intern": "The intern",
        "name": "Name",
        "birth_date": "Date of birth",
        "email": "Email",
        "school": "School",
        "program": "Programme",
        "internship": "The internship",
        "title": "Title",
        "period": "Period",
        "period_value": "from {start} to {end}",
        "interrupted_value": "from {start} to {end} (interrupted on {end})",
        "duration": "Total effective duration",
        "duration_value": "{hours} of actual presence, that is {days}",
        "days": ("day", "days"),
        "months_days": "{months} and {days}",
        "months": ("month", "months"),
        "absences": "Leave and absences",
        "absences_value": "{days} of leave and authorised absence (article L124-13)",
        "gratification": "Total gratification paid",
        "no_gratification": "No gratification paid",
        "d124_6": (
            "Every seven hours of presence, consecutive or not, count as one day; every "
            "twenty-two days, consecutive or not, as one month (article D124-6)."
        ),
        "by_month": "Month by month",
        "month": "Month",
        "hours": "Hours of presence",
        "paid": "Gratification paid",
        "total": "Total",
        "provisional": (
            "Provisional certificate: the internship is not over. The figures are those "
            "recorded on {date}."
        ),
        "missing_months": "No presence is recorded for {months}: those months are not counted.",
        "pension": (
            "This certificate is needed to have the internship counted towards pension "
            "rights, subject to a contribution. The request must be made within two years of "
            "the end of the internship (French Social Security Code, article L351-17)."
        ),
        "place_date": "Done at {place} on {date}",
        "date_only": "Done on {date}",
        "for_host": "For the host organisation",
        "not_named": "not named",
        "sign_here": "Signature and stamp of the host organisation",
        "footer": "Issued with Balise from the presence and payments recorded on {date}.",
        "page": "Page",
        "doc_title": "Internship certificate: {intern}, {host}",
        "recommendation": "Recommendation",
        "recommendation_title": "Recommendation for {intern}",
        "recommendation_subtitle": "Internship “{title}” at {host}",
        "written_by": "Written by",
        "position": "Position",
        "written_on": "Written on",
        "internship_at": "Internship",
        "internship_value": "{title}, from {start} to {end}",
        "recommendation_footer": (
            "Recommendation written in Balise by {author} on {date}, given to {intern}."
        ),
    },
}

_MONTHS = {"fr": fmt.MONTHS_FR, "en": fmt.MONTHS_EN}


def document_lang(lang: str | None, fallback: str = "fr") -> str:
    if lang in LANGUAGES:
        return lang
    return fallback if fallback in LANGUAGES else "fr"


def month_name(month: dt.date, lang: str) -> str:
    return f"{_MONTHS[lang][month.month - 1]} {month.year}"


def _plural(count: int, forms: tuple[str, str], lang: str) -> str:
    return fmt.plural(count, forms[0], forms[1], lang)


def _days(value: Decimal, lang: str) -> str:
    """`1,5 jour`, `2 jours`; `1 day`, `1.5 days` (French singular below 2)."""
    singular = value < 2 if lang == "fr" else value == 1
    return f"{fmt.number(value, lang)} {TEXTS[lang]['days'][0 if singular else 1]}"


def duration_in_days(hours: Decimal, lang: str) -> str:
    """`66 jours` or `3 mois et 4 jours`: the law's days of 7 hours and months of 22 days."""
    t = TEXTS[lang]
    days = int(hours // HOURS_PER_DAY)
    months, rest = divmod(days, DAYS_PER_MONTH)
    if months == 0:
        return _plural(days, t["days"], lang)
    in_months = _plural(months, t["months"], lang)
    if rest:
        in_months = t["months_days"].format(months=in_months, days=_plural(rest, t["days"], lang))
    return f"{_plural(days, t['days'], lang)} ({in_months})"


def _address(host) -> str:
    town = " ".join(part for part in (host.postal_code, host.city) if part)
    parts = [host.address, town]
    if host.country and host.country.lower() != "france":
        parts.append(host.country)
    return ", ".join(part for part in parts if part)


def _person(user) -> str:
    return user.get_full_name() or user.email


def attestation_data(*, agreement, overview: PresenceOverview, lang: str, today: dt.date) -> dict:
    """What the attestation says, worded in `lang`: the Typst template only lays it out."""
    t = TEXTS[lang]
    host, intern = agreement.host, agreement.intern
    book = overview.ledger
    total_hours, total_paid = book.total_hours, book.total_paid
    last_day = overview.last_day
    interrupted = last_day < agreement.end_date

    host_rows = [[t["host_name"], host.name]]
    if _address(host):
        host_rows.append([t["address"], _address(host)])
    if host.siret:
        host_rows.append([t["siret"], host.siret])
    host_rows.append(
        [
            t["represented_by"],
            _person(agreement.signatory) if agreement.signatory else t["not_named"],
        ]
    )
    intern_rows = [[t["name"], _person(intern)]]
    if intern.birth_date:
        intern_rows.append([t["birth_date"], fmt.date(intern.birth_date, lang)])
    intern_rows += [
        [t["email"], intern.email],
        [t["school"], agreement.school.name],
        [t["program"], agreement.program.name],
    ]
    period = (t["interrupted_value"] if interrupted else t["period_value"]).format(
        start=fmt.date(agreement.start_date, lang), end=fmt.date(last_day, lang)
    )
    internship_rows = [
        [t["title"], agreement.title],
        [t["period"], period],
        [
            t["duration"],
            t["duration_value"].format(
                hours=fmt.hours(total_hours, lang), days=duration_in_days(total_hours, lang)
            ),
        ],
    ]
    if book.total_absence_days:
        internship_rows.append(
            [
                t["absences"],
                t["absences_value"].format(days=_days(book.total_absence_days, lang)),
            ]
        )
    internship_rows.append(
        [
            t["gratification"],
            fmt.euros(total_paid, lang) if total_paid else t["no_gratification"],
        ]
    )

    recorded = [row for row in overview.rows if row.record is not None or row.payments]
    month_rows = [
        [
            month_name(row.line.month, lang),
            fmt.number(row.line.hours, lang),
            fmt.euros(row.line.paid, lang),
        ]
        for row in recorded
    ]
    month_rows.append([t["total"], fmt.number(total_hours, lang), fmt.euros(total_paid, lang)])
    missing = [
        month_name(row.line.month, lang)
        for row in overview.rows
        if row.record is None and row.line.month <= today
    ]

    blocks: list[dict] = []
    provisional = last_day >= today
    if provisional:
        blocks.append(
            {"kind": "notice", "text": t["provisional"].format(date=fmt.date(today, lang))}
        )
    blocks += [
        {
            "kind": "pair",
            "items": [
                {"heading": t["host"], "rows": host_rows},
                {"heading": t["intern"], "rows": intern_rows},
            ],
        },
        {"kind": "lead", "text": t["certifies_did"]},
        {"kind": "heading", "text": t["internship"]},
        {"kind": "facts", "rows": internship_rows},
        {"kind": "note", "text": t["d124_6"]},
        {"kind": "heading", "text": t["by_month"]},
        {
            "kind": "table",
            "header": [t["month"], t["hours"], t["paid"]],
            "rows": month_rows,
            "total": True,
        },
    ]
    if missing:
        blocks.append(
            {"kind": "note", "text": t["missing_months"].format(months=fmt.join(missing, lang))}
        )
    blocks.append({"kind": "note", "text": t["pension"]})
    place = host.city
    blocks.append(
        {
            "kind": "signature",
            "place_date": (t["place_date"] if place else t["date_only"]).format(
                place=place, date=fmt.date(today, lang)
            ),
            "role": t["for_host"],
            "name": _person(agreement.signatory) if agreement.signatory else host.name,
            "detail": host.name if agreement.signatory else "",
            "sign_here": t["sign_here"],
        }
    )
    return {
        "lang": lang,
        "meta": {
            "title": t["doc_title"].format(intern=_person(intern), host=host.name),
            "author": host.name,
            "keywords": ["Balise", "D124-9"],
        },
        "header": {
            "kicker": t["attestation"],
            "reference": t["reference"].format(id=agreement.pk),
            "title": t["attestation"],
            "subtitle": t["attestation_subtitle"],
        },
        "footer": {"text": t["footer"].format(date=fmt.date(today, lang)), "page": t["page"]},
        "blocks": blocks,
    }


def attestation_pdf(*, agreement, overview: PresenceOverview, lang: str = "fr") -> bytes:
    lang = document_lang(lang)
    now = timezone.now()
    data = attestation_data(
        agreement=agreement, overview=overview, lang=lang, today=timezone.localdate(now)
    )
    return render_typst("attestation.typ", data, created_at=now)


def attestation_filename(agreement, lang: str) -> str:
    stem = "attestation-de-stage" if lang == "fr" else "internship-certificate"
    return f"{stem}-{agreement.pk}-{slugify(_person(agreement.intern))}.pdf"


def _paragraphs(text: str) -> list[str]:
    return [chunk.strip() for chunk in re.split(r"\n\s*\n", text or "") if chunk.strip()]


def recommendation_pdf(*, recommendation, lang: str = "fr") -> bytes:
    """The recommendation as written by the tutor, with who wrote it, when and for what."""
    lang = document_lang(lang)
    t = TEXTS[lang]
    agreement = recommendation.agreement
    intern, host, author = agreement.intern, agreement.host, recommendation.tutor
    written = timezone.localdate(recommendation.written_at)
    facts = [[t["written_by"], _person(author)]]
    if recommendation.author_position:
        facts.append([t["position"], recommendation.author_position])
    facts += [
        [t["host_name"], host.name],
        [
            t["internship_at"],
            t["internship_value"].format(
                title=agreement.title,
                start=fmt.date(agreement.start_date, lang),
                end=fmt.date(agreement.end_date, lang),
            ),
        ],
        [t["written_on"], fmt.date(written, lang)],
    ]
    data = {
        "lang": lang,
        "meta": {
            "title": t["recommendation_title"].format(intern=_person(intern)),
            "author": _person(author),
            "keywords": ["Balise"],
        },
        "header": {
            "kicker": t["recommendation"],
            "reference": host.name,
            "title": t["recommendation_title"].format(intern=_person(intern)),
            "subtitle": t["recommendation_subtitle"].format(title=agreement.title, host=host.name),
        },
        "footer": {
            "text": t["recommendation_footer"].format(
                author=_person(author), date=fmt.date(written, lang), intern=_person(intern)
            ),
            "page": t["page"],
        },
        "blocks": [
            {"kind": "facts", "rows": facts},
            {"kind": "quote", "paragraphs": _paragraphs(recommendation.text)},
        ],
    }
    return render_typst("recommendation.typ", data, created_at=recommendation.written_at)


def recommendation_filename(recommendation, lang: str) -> str:
    stem = "recommandation" if lang == "fr" else "recommendation"
    intern = recommendation.agreement.intern
    return f"{stem}-{slugify(_person(intern))}-{recommendation.pk}.pdf"
