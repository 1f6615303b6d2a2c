"""What the demo intern takes away (`balise demo`).

Her internship under way has the presence of every month already over, recorded by her tutor,
and each month's gratification, paid by the host early the next month; the people she met
there are in her professional network, with their consent. Her finished internship has every
month's presence and payment, so that its attestation de stage is complete, and the
recommendation she asked her tutor for, written.

Written through the services, as people would: the tutor records the presence, the host's
signatory the payments (what the ledger says is due, so nothing is underpaid), the intern her
contacts. The moments the services stamp with the present are then dated back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from balise.agreements.models import Agreement
from balise.evaluations.demo import happened
from balise.outcomes import selectors, services
from balise.outcomes.ledger import months_between, planned_presence_hours
from balise.outcomes.models import Recommendation

# The people the demo intern met during her internship under way: (name, role, local part of
# the email address, how we met). All agreed that she keeps their details.
CONTACTS = (
    (
        "Karim Benali",
        "Responsable de la sécurité des systèmes d’information",
        "karim.benali",
        "Il a lancé l’audit de l’extranet avec moi et relit mon rapport de vulnérabilités.",
    ),
    (
        "Claire Fontaine",
        "Développeuse back-end",
        "claire.fontaine",
        "Revue de code de la double authentification ; elle m’a montré la chaîne "
        "d’intégration continue de l’équipe.",
    ),
    (
        "Marc Olivier",
        "Responsable du support partenaires",
        "marc.olivier",
        "Entretien sur les questions fréquentes des partenaires, pour le guide de connexion.",
    ),
)
LEAVE_NOTE = "Un jour de congé, pris en accord avec le tuteur."
RECOMMENDATION_REQUEST = (
    "Bonjour {tutor}, je postule à des alternances pour la rentrée : accepteriez-vous d’écrire "
    "quelques lignes sur mon stage ? Merci beaucoup !"
)
RECOMMENDATION = (
    "J’ai encadré {intern} pendant son stage de développement d’un module de prise de rendez-vous "
    "en ligne. Elle a recueilli le besoin auprès du service client, conçu et livré le module, "
    "aujourd’hui utilisé chaque jour par nos clients, et l’a documenté pour l’équipe.\n\n"
    "Rigoureuse, à l’écoute et autonome, elle a su s’intégrer très vite à l’équipe. Je la "
    "recommande sans réserve pour une alternance ou un premier poste de développeuse."
)
RECOMMENDATION_POSITION = "Responsable des développements"


def demo_outcomes(*, running=None, finished=None) -> None:
    """Presence, payments and contacts of `running`; presence, payments and a written
    recommendation for `finished` (see the module doc)."""
    fresh = Agreement.objects.select_related("intern", "tutor", "signatory", "host")
    if running is not None:
        running = fresh.get(pk=running.pk)
        _presence_and_payments(running)
        _contacts(running)
    if finished is not None:
        finished = fresh.get(pk=finished.pk)
        _presence_and_payments(finished, leave_in=1)
        _recommendation(finished)


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _presence_and_payments(agreement: Agreement, *, leave_in: int | None = None) -> None:
    """Every month over (or the internship's last one, once it ended): the hours the agreement
    plans for the days of the month, a day of leave in the `leave_in`-th month, then what is
    due paid on the fifth of the next month."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_day = min(agreement.end_date, today - dt.timedelta(days=1))
    months = [
        month
        for month in months_between(agreement.start_date, last_day)
        if _next_month(month) <= this_month or agreement.end_date < today
    ]
    daily = agreement.weekly_hours / max(len(agreement.working_days or []), 1)
    for number, month in enumerate(months):
        start = max(month, agreement.start_date)
        end = min(_next_month(month) - dt.timedelta(days=1), agreement.end_date)
        hours = planned_presence_hours(
            start,
            end,
            agreement.weekly_hours,
            agreement.working_days or [],
            public_holiday_work=agreement.public_holiday_work,
        )
        leave = number == leave_in and hours > daily
        services.presence_record(
            agreement=agreement,
            by=agreement.tutor,
            month=month,
            hours=hours - daily if leave else hours,
            absence_days=Decimal("1") if leave else Decimal("0"),
            note=LEAVE_NOTE if leave else "",
        )
    payer = agreement.signatory or agreement.tutor
    for line in selectors.presence_overview(agreement).ledger.lines:
        if line.recorded and line.due > 0:
            services.payment_record(
                agreement=agreement,
                by=payer,
                month=line.month,
                amount=line.due,
                paid_on=min(_next_month(line.month) + dt.timedelta(days=4), today),
                reference=f"VIR-{agreement.pk}-{line.month:%Y%m}",
            )


def _contacts(agreement: Agreement) -> None:
    domain = agreement.tutor.email.rpartition("@")[2]
    for name, role, local, how_we_met in CONTACTS:
        services.contact_create(
            agreement=agreement,
            by=agreement.intern,
            name=name,
            role=role,
            organisation=agreement.host.name,
            email=f"{local}@{domain}",
            how_we_met=how_we_met,
            consent_given=True,
        )


def _recommendation(agreement: Agreement) -> None:
    """Asked a few days after the end, written by the tutor four days later."""
    requested_at = _at(agreement.end_date + dt.timedelta(days=3), 10)
    written_at = max(requested_at, _at(agreement.end_date + dt.timedelta(days=7), 18))
    asked = services.recommendation_request(
        agreement=agreement,
        by=agreement.intern,
        message=RECOMMENDATION_REQUEST.format(tutor=agreement.tutor.first_name),
    )
    with happened(agreement, written_at):
        services.recommendation_write(
            recommendation=asked,
            by=agreement.tutor,
            text=RECOMMENDATION.format(intern=agreement.intern.first_name),
            author_position=RECOMMENDATION_POSITION,
        )
    Recommendation.objects.filter(pk=asked.pk).update(
        requested_at=requested_at, written_at=written_at
    )


def _at(day: dt.date, hour: int) -> dt.datetime:
    """A moment of `day`, never later than a minute ago."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return min(moment, timezone.now() - dt.timedelta(minutes=1))
