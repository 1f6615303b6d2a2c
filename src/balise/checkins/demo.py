"""The check-ins of the demo (`balise demo`): every internship under way has its plan, and the
demo intern's healthy one tells a story — two check-ins prepared, held, given feedback and next
steps, and signed off; the next one to come carries the open next steps.

Written through the services, as people would, with the moments dated as they would have
happened (each preparation the day before, the sign-offs right after the meeting).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from balise.agreements.models import Agreement, Milestone
from balise.checkins.models import AdjustmentScope, CheckIn, FeedbackKind
from balise.checkins.services import (
    action_item_add,
    action_item_done,
    checkin_hold,
    checkin_plan_ensure,
    checkin_plan_set,
    checkin_prepare,
    checkin_sign,
    feedback_add,
)

# Zones per objective (the main one first, then the specific ones in order), for the intern
# and the tutor, at the first and the second check-in.
ZONES = (
    {"intern": (1, 1, 0, 0), "tutor": (1, 1, 0, 0)},
    {"intern": (1, 1, 1, 0), "tutor": (1, 1, 1, 0)},
)
# Levels per competency code, same order.
LEVELS = (
    {
        "intern": {"INFO5": 2, "INFO1": 1, "T4": 2, "T1": 1},
        "tutor": {"INFO5": 1, "INFO1": 1, "T4": 2, "T1": 1},
    },
    {
        "intern": {"INFO5": 2, "INFO1": 2, "T4": 2, "T1": 1},
        "tutor": {"INFO5": 2, "INFO1": 2, "T4": 3, "T1": 1},
    },
)
NOTES = (
    {
        "went_well": "J’ai cartographié toutes les pages et les API de l’extranet, et commencé "
        "la revue du parcours de connexion avec le Top 10 de l’OWASP.",
        "blocked": "Je n’ai pas encore accès à la préproduction : je teste sur ma machine.",
        "notes": "Bon démarrage, méthodique. Il faut maintenant prioriser les vulnérabilités.",
    },
    {
        "went_well": "Le scan avec OWASP ZAP est fait et trié ; j’ai commencé la comparaison des "
        "solutions de double authentification.",
        "blocked": "Le responsable sécurité est en congés : personne ne peut relire le rapport.",
        "notes": "Le rapport avance bien. Attention à écrire les tests au fil de l’eau.",
    },
)
FEEDBACK = (
    (
        (
            FeedbackKind.STRENGTH,
            "Méthode rigoureuse : chaque page de l’extranet est passée au crible du Top 10 de "
            "l’OWASP.",
        ),
        (FeedbackKind.STRENGTH, "Comptes rendus clairs et réguliers au responsable sécurité."),
        (
            FeedbackKind.IMPROVEMENT,
            "Classer les vulnérabilités par gravité avant d’en creuser une seule.",
        ),
    ),
    (
        (
            FeedbackKind.STRENGTH,
            "Le rapport d’audit reste lisible par des non-spécialistes.",
        ),
        (FeedbackKind.STRENGTH, "Bonne autonomie sur l’environnement de préproduction."),
        (
            FeedbackKind.IMPROVEMENT,
            "Écrire les tests automatisés au fil du développement, pas à la fin.",
        ),
    ),
)
MISSION_ADJUSTMENT = (
    "Les tests d’intrusion se font sur la préproduction seulement, jamais sur la production : "
    "demande du responsable sécurité."
)
MILESTONE_ADJUSTMENT = (
    "Le responsable sécurité relit le rapport à son retour de congés : la remise glisse d’une "
    "semaine."
)
AUDIT_MILESTONE = "Rapport d’audit remis"
# (text, owner, due days after the check-in); the first check-in's are done by the second.
ACTIONS = (
    (
        ("Classer les vulnérabilités trouvées par gravité (score CVSS)", "intern", 7),
        ("Ouvrir à la stagiaire un accès à la préproduction", "tutor", 4),
    ),
    (
        ("Rédiger le plan de correction des vulnérabilités prioritaires", "intern", 14),
        ("Relire le rapport d’audit avec le responsable sécurité", "tutor", 12),
    ),
)


def demo_checkins(agreements, *, story=None) -> None:
    """Plans for the internships under way; the story on `story` (see the module doc)."""
    fresh = Agreement.objects.select_related("intern", "tutor", "referent")
    for agreement in agreements:
        checkin_plan_ensure(agreement=fresh.get(pk=agreement.pk))
    if story is not None:
        _story(fresh.get(pk=story.pk))


def _story(agreement) -> None:
    intern, tutor = agreement.intern, agreement.tutor
    first_day = dt.datetime.combine(agreement.start_date, dt.time(8, 0))
    # Set on the first morning, as when the internship started.
    checkin_plan_set(agreement=agreement, by=tutor, now=timezone.make_aware(first_day))
    objectives = list(agreement.objectives.order_by("position", "pk"))
    checkins = list(CheckIn.objects.filter(agreement=agreement).order_by("starts_at")[:2])
    earlier_actions = []
    for number, checkin in enumerate(checkins):
        checkin.agreement = agreement
        eve = checkin.starts_at - dt.timedelta(days=1)
        for role, person in (("intern", intern), ("tutor", tutor)):
            notes = NOTES[number]
            checkin = checkin_prepare(
                checkin=checkin,
                by=person,
                objectives={
                    o.pk: (zone, "")
                    for o, zone in zip(objectives, ZONES[number][role], strict=True)
                },
                competencies={
                    c.pk: (LEVELS[number][role].get(c.code, 1), "")
                    for o in objectives
                    for c in o.competencies.all()
                },
                went_well=notes["went_well"] if role == "intern" else None,
                blocked=notes["blocked"] if role == "intern" else None,
                notes=notes["notes"] if role == "tutor" else None,
                submit=True,
                now=eve,
            )
            checkin.agreement = agreement
        checkin = checkin_hold(checkin=checkin, by=tutor, now=checkin.ends_at)
        checkin.agreement = agreement
        for item in earlier_actions:
            action_item_done(item=item, by=intern, checkin=checkin, now=checkin.ends_at)
        for kind, text in FEEDBACK[number]:
            feedback_add(checkin=checkin, by=tutor, kind=kind, text=text)
        if number == 0:
            feedback_add(
                checkin=checkin,
                by=tutor,
                kind=FeedbackKind.ADJUSTMENT,
                text=MISSION_ADJUSTMENT,
                scope=AdjustmentScope.MISSION,
            )
        else:
            milestone = (
                Milestone.objects.select_related("objective")
                .filter(objective__agreement=agreement, title=AUDIT_MILESTONE)
                .first()
            )
            if milestone is not None:
                new_date = min(milestone.due_date + dt.timedelta(days=7), agreement.end_date)
                feedback_add(
                    checkin=checkin,
                    by=tutor,
                    kind=FeedbackKind.ADJUSTMENT,
                    text=MILESTONE_ADJUSTMENT,
                    scope=AdjustmentScope.MILESTONE,
                    milestone=milestone,
                    new_due_date=new_date,
                )
        day = timezone.localdate(checkin.starts_at)
        earlier_actions = [
            action_item_add(
                checkin=checkin,
                by=tutor,
                text=text,
                owner=intern if owner == "intern" else tutor,
                due_date=day + dt.timedelta(days=days),
            )
            for text, owner, days in ACTIONS[number]
        ]
        signed = checkin.ends_at + dt.timedelta(minutes=15)
        checkin = checkin_sign(checkin=checkin, by=tutor, now=signed)
        checkin.agreement = agreement
        checkin_sign(checkin=checkin, by=intern, now=signed + dt.timedelta(hours=2))
