"""The report skeleton and the defence outline: what the path recorded, ready to write on.

`gather(agreement)` reads everything once, in a fixed number of queries: the objectives with
their indicators, milestones and progress, the missions, what the signed-off check-ins said,
the competencies with their status and evidence (`balise.progress.competency_status`), the
hours per objective from the logbook, and the key moments. The skeleton and the outline are
then built as a list of blocks (heading, paragraph, prompt, list, table), rendered the same
way to Markdown and to DOCX (python-docx): both formats say the same thing. The CV lines and
the badges (`career`) read the same data.

Ratings are read as the intern's path page reads them (`balise.dashboards.selectors`): a
rating of a signed-off check-in is validated (and decides when it is the tutor's or the
referent's); one of a check-in not signed off yet counts only once both sides submitted, and
never decides; cancelled check-ins are ignored; a rating's day is the day the check-in was
held, else the day it was planned for. Evidence of a competency: the signed-off check-ins that
rated it, the logbook entries a person (the tutor's review, else the intern's choice) tied to
an objective linked to it, and the key moments that name it.

Like the PDFs, the wording is the documents' own, in French and English (`TEXTS`), so a
document comes in the intern's language whatever the language of the page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.text import slugify

from balise import progress
from balise.agreements.models import Agreement, Milestone, Objective
from balise.checkins.models import (
    DEFAULT_TARGET_LEVEL,
    ActionItem,
    CheckIn,
    CheckInStatus,
    CompetencyTarget,
    Feedback,
    FeedbackKind,
)
from balise.checkins.models import CompetencyRating as CompetencyRatingRow
from balise.checkins.models import ObjectiveRating as ObjectiveRatingRow
from balise.competencies.models import Competency
from balise.journal.models import PROGRAM, UNRELATED, Activity, Moment
from balise.law import formatting as fmt

# How many pieces of evidence a competency lists in the documents (the newest).
EVIDENCE_LISTED = 8

# --- What the documents read ------------------------------------------------------------------


@dataclass
class ObjectiveData:
    objective: Objective
    milestones: list[Milestone]
    competencies: list[Competency]
    hours: Decimal
    progress: progress.ObjectiveProgress

    @property
    def reached(self) -> bool:
        zone = self.progress.zone
        return zone is not None and zone >= progress.ObjectiveZone.TARGET_REACHED


@dataclass
class CheckInData:
    checkin: CheckIn
    day: dt.date
    strengths: list[Feedback]
    improvements: list[Feedback]
    adjustments: list[Feedback]
    next_steps: list[ActionItem]

    @property
    def is_empty(self) -> bool:
        return not (self.strengths or self.improvements or self.adjustments or self.next_steps)


@dataclass
class EvidenceItem:
    kind: str  # activity, checkin, moment
    on: dt.date
    label: str
    url: str = ""  # a link the intern gave with a logbook entry


@dataclass
class CompetencyData:
    competency: Competency
    objectives: list[Objective]
    status: progress.CompetencyStatus
    evidence: list[EvidenceItem]  # oldest first
    decided_by: str | None  # the role of the deciding rating
    decided_at: dt.datetime | None  # when the check-in that decided it was signed off

    @property
    def acquired(self) -> bool:
        return self.status.status == progress.Status.ACQUIRED

    @property
    def evidence_listed(self) -> list[EvidenceItem]:
        """The newest pieces of evidence, oldest first."""
        return self.evidence[-EVIDENCE_LISTED:]

    @property
    def evidence_unlisted(self) -> int:
        return max(len(self.evidence) - EVIDENCE_LISTED, 0)


@dataclass
class MomentData:
    on: dt.date
    title: str
    what_happened: str
    learned: str
    endorsement: str
    endorsed_by: str


@dataclass
class ReportData:
    agreement: Agreement
    missions: list[str]
    objectives: list[ObjectiveData]
    checkins: list[CheckInData]
    competencies: list[CompetencyData]
    hours: list[tuple[str, Decimal]]  # (label, hours): objective ids, programme, unrelated, ""
    moments: list[MomentData]
    today: dt.date
    total_hours: Decimal = Decimal("0")
    names: dict[str, str] = field(default_factory=dict)  # objective id → title

    @property
    def main(self) -> ObjectiveData | None:
        return next((o for o in self.objectives if o.objective.is_main), None)


def _day(checkin: CheckIn) -> dt.date:
    return timezone.localdate(checkin.held_at or checkin.starts_at)


def _signed_off_at(checkin: CheckIn) -> dt.datetime:
    signatures = [at for at in (checkin.intern_signed_at, checkin.tutor_signed_at) if at]
    return max(signatures) if signatures else checkin.held_at or checkin.starts_at


def _shown(checkin: CheckIn) -> bool:
    """Its ratings may be read: signed off, or both sides submitted their preparation."""
    if checkin.status == CheckInStatus.SIGNED:
        return True
    return checkin.intern_submitted_at is not None and checkin.tutor_submitted_at is not None


def _label(reviewed: str, objective_id: int | None, engine: str) -> str:
    """What an entry serves, as `Activity.label` says: people first, then the engine."""
    if reviewed:
        return reviewed
    if objective_id:
        return str(objective_id)
    return engine


def _hours_by_label(agreement, names: dict[str, str]) -> dict[str, Decimal]:
    """Logged hours per objective, programme, unrelated, and not labelled (""). Entries
    labelled with an objective deleted since count as not labelled. One query."""
    rows = (
        Activity.objects.filter(agreement=agreement)
        .values("reviewed_label", "objective_id", "engine_label")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        label = _label(row["reviewed_label"], row["objective_id"], row["engine_label"])
        totals[label if label in names or label in (PROGRAM, UNRELATED) else ""] += row["total"]
    return totals


def _person_labelled_entries(agreement, objective_ids: list[int]):
    """Entries a person tied to one of the objectives (the engine's guess alone is not
    evidence). One query."""
    keys = [str(pk) for pk in objective_ids]
    return (
        Activity.objects.filter(agreement=agreement)
        .filter(Q(reviewed_label__in=keys) | Q(reviewed_label="", objective_id__in=objective_ids))
        .only("pk", "date", "text", "objective_id", "reviewed_label", "evidence_url")
        .order_by("date", "pk")
    )


def gather(agreement: Agreement, *, today: dt.date | None = None) -> ReportData:
    """Everything the skeleton, the outline, the CV lines and the badges read. Fourteen
    queries, whatever the data."""
    today = today or timezone.localdate()
    objectives = list(
        Objective.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
            Prefetch("competencies", queryset=Competency.objects.select_related("framework")),
        )
        .order_by("position", "pk")
    )
    objectives.sort(key=lambda o: not o.is_main)  # stable: the main one first
    names = {str(o.pk): o.title for o in objectives}
    missions = list(
        agreement.missions.order_by("position", "pk").values_list("description", flat=True)
    )
    checkins = {
        checkin.pk: checkin
        for checkin in CheckIn.objects.filter(agreement=agreement)
        .exclude(status=CheckInStatus.CANCELLED)
        .prefetch_related(
            Prefetch("feedback", queryset=Feedback.objects.order_by("pk")),
            Prefetch("action_items", queryset=ActionItem.objects.order_by("due_date", "pk")),
        )
        .order_by("starts_at", "pk")
    }
    shown = {pk: checkin for pk, checkin in checkins.items() if _shown(checkin)}

    objective_ratings: dict[int, list[progress.ObjectiveRating]] = defaultdict(list)
    rows = ObjectiveRatingRow.objects.filter(checkin_id__in=list(shown)).order_by(
        "checkin__starts_at", "checkin_id", "pk"
    )
    for row in rows:
        checkin = shown[row.checkin_id]
        objective_ratings[row.objective_id].append(
            progress.ObjectiveRating(
                on=_day(checkin),
                zone=row.zone,
                by_role=row.role,
                validated=checkin.status == CheckInStatus.SIGNED,
            )
        )
    hours = _hours_by_label(agreement, names)
    objective_data = []
    for objective in objectives:
        milestones = list(objective.milestones.all())
        result = progress.objective_progress(
            progress.ObjectiveInput(
                objective.pk,
                target_date=objective.target_date,
                milestones=[progress.Milestone(m.due_date, m.reached_on) for m in milestones],
                ratings=objective_ratings[objective.pk],
                weight=objective.weight,
            ),
            today=today,
            internship_start=agreement.start_date,
            internship_end=agreement.end_date,
        )
        objective_data.append(
            ObjectiveData(
                objective=objective,
                milestones=milestones,
                competencies=list(objective.competencies.all()),
                hours=hours.get(str(objective.pk), Decimal("0")),
                progress=result,
            )
        )
    moments = list(
        Moment.objects.filter(agreement=agreement)
        .select_related("endorsed_by")
        .prefetch_related("competencies")
        .order_by("date", "pk")
    )
    signed = [c for c in checkins.values() if c.status == CheckInStatus.SIGNED]
    return ReportData(
        agreement=agreement,
        missions=missions,
        objectives=objective_data,
        checkins=[_checkin_data(checkin) for checkin in signed],
        competencies=_competencies(agreement, objective_data, shown, moments, today),
        hours=[(key, hours[key]) for key in (*names, PROGRAM, UNRELATED, "") if hours.get(key)],
        moments=[
            MomentData(
                on=moment.date,
                title=moment.title,
                what_happened=moment.what_happened,
                learned=moment.learned,
                endorsement=moment.endorsement,
                endorsed_by=str(moment.endorsed_by) if moment.endorsed_by else "",
            )
            for moment in moments
        ],
        today=today,
        total_hours=sum(hours.values(), Decimal("0")),
        names=names,
    )


def _checkin_data(checkin: CheckIn) -> CheckInData:
    feedback = list(checkin.feedback.all())
    return CheckInData(
        checkin=checkin,
        day=_day(checkin),
        strengths=[f for f in feedback if f.kind == FeedbackKind.STRENGTH],
        improvements=[f for f in feedback if f.kind == FeedbackKind.IMPROVEMENT],
        adjustments=[f for f in feedback if f.kind == FeedbackKind.ADJUSTMENT],
        next_steps=list(checkin.action_items.all()),
    )


def _competencies(agreement, objective_data, shown, moments, today) -> list[CompetencyData]:
    """Each competency linked to an objective, with its status and the evidence behind it,
    acquired first. Three queries."""
    linked: dict[int, Competency] = {}
    objectives_of: dict[int, list[Objective]] = defaultdict(list)
    competencies_of: dict[int, list[int]] = defaultdict(list)
    for data in objective_data:
        for competency in data.competencies:
            linked.setdefault(competency.pk, competency)
            objectives_of[competency.pk].append(data.objective)
            competencies_of[data.objective.pk].append(competency.pk)
    if not linked:
        return []
    targets = dict(
        CompetencyTarget.objects.filter(
            agreement=agreement, competency_id__in=list(linked)
        ).values_list("competency_id", "level")
    )
    ratings: dict[int, list[tuple[progress.CompetencyRating, CheckIn]]] = defaultdict(list)
    evidence: dict[int, list[EvidenceItem]] = defaultdict(list)
    rows = CompetencyRatingRow.objects.filter(
        checkin_id__in=list(shown), competency_id__in=list(linked)
    ).order_by("checkin__starts_at", "checkin_id", "pk")
    for row in rows:
        checkin = shown[row.checkin_id]
        rating = progress.CompetencyRating(
            on=_day(checkin),
            level=row.level,
            by_role=row.role,
            validated=checkin.status == CheckInStatus.SIGNED,
        )
        ratings[row.competency_id].append((rating, checkin))
        already = any(
            e.kind == "checkin" and e.label == str(checkin.pk) for e in evidence[row.competency_id]
        )
        if checkin.status == CheckInStatus.SIGNED and not already:
            evidence[row.competency_id].append(
                EvidenceItem(kind="checkin", on=rating.on, label=str(checkin.pk))
            )
    for entry in _person_labelled_entries(agreement, [d.objective.pk for d in objective_data]):
        objective_id = int(entry.reviewed_label or entry.objective_id)
        for competency_id in competencies_of.get(objective_id, ()):
            evidence[competency_id].append(
                EvidenceItem(
                    kind="activity", on=entry.date, label=entry.text, url=entry.evidence_url
                )
            )
    for moment in moments:
        for competency in moment.competencies.all():
            if competency.pk in linked:
                evidence[competency.pk].append(
                    EvidenceItem(kind="moment", on=moment.date, label=moment.title)
                )

    result = []
    for competency_id, competency in linked.items():
        found = sorted(evidence[competency_id], key=lambda item: item.on)
        status = progress.competency_status(
            [rating for rating, _checkin in ratings[competency_id]],
            target_level=targets.get(competency_id, DEFAULT_TARGET_LEVEL),
            evidence=[
                progress.Evidence(kind=item.kind, ref=f"{item.kind}:{index}", on=item.on)
                for index, item in enumerate(found)
            ],
            as_of=today,
        )
        deciding = [(r, c) for r, c in ratings[competency_id] if r.decides and r.on <= today]
        decided = deciding[-1] if deciding else None
        result.append(
            CompetencyData(
                competency=competency,
                objectives=objectives_of[competency_id],
                status=status,
                evidence=[item for item in found if item.on <= today],
                decided_by=str(decided[0].by_role) if decided else None,
                decided_at=_signed_off_at(decided[1]) if decided else None,
            )
        )
    order = {
        progress.Status.ACQUIRED: 0,
        progress.Status.IN_PROGRESS: 1,
        progress.Status.TO_EXPLORE: 2,
    }
    result.sort(key=lambda item: order[item.status.status])  # stable: objectives' order within
    return result


# --- Wording ----------------------------------------------------------------------------------

TEXTS = {
    "fr": {
        "report_title": "Rapport de stage : {title}",
        "defence_title": "Soutenance : {title}",
        "byline": "{intern} · {program} · {school}",
        "internship_line": "Stage chez {host}, du {start} au {end}",
        "people_line": "Tuteur : {tutor} · Enseignant référent : {referent}",
        "nobody": "non désigné",
        "generated": (
            "Squelette préparé par Balise le {date} à partir des objectifs de la convention, du "
            "carnet de bord et des points d'étape. Les consignes en italique sont à remplacer "
            "par votre texte."
        ),
        "context": "1. Contexte",
        "host_heading": "L'organisme d'accueil",
        "host_prompt": (
            "À rédiger : présentez l'organisme (activité, taille, clients) et le service qui "
            "vous a accueilli."
        ),
        "host_fact": "Organisme : {host}",
        "headcount_fact": "Effectif : {count} salariés",
        "missions_heading": "Les missions confiées",
        "no_missions": "Aucune mission n'est inscrite dans la convention.",
        "main_heading": "L'objectif principal",
        "no_main": "La convention ne fixe pas d'objectif principal.",
        "objectives": "2. Objectifs, indicateurs et résultats",
        "main_tag": "objectif principal",
        "indicators": "Indicateurs de réussite",
        "no_indicators": "Aucun indicateur n'est inscrit pour cet objectif.",
        "outcome": "Résultat",
        "zone_by": "Évaluation du tuteur ou du référent : {zone} (le {date}).",
        "no_zone": "Pas encore évalué par le tuteur ni par le référent.",
        "self_zone": "Votre autoévaluation : {zone}.",
        "progress": "Avancement : {percent} % ; jalons atteints : {reached} sur {total}.",
        "progress_no_milestone": "Avancement : {percent} %.",
        "hours_spent": "Temps consacré d'après le carnet de bord : {hours}.",
        "objective_prompt": (
            "À rédiger : ce que vous avez fait pour cet objectif et le résultat obtenu au "
            "regard de chaque indicateur."
        ),
        "zones": {
            "not_started": "non commencé",
            "in_progress": "en cours",
            "target_reached": "objectif atteint",
            "beyond_target": "objectif dépassé",
        },
        "milestones": "3. Étapes",
        "milestone_header": ["Objectif", "Étape", "Prévue le", "Atteinte le"],
        "not_reached": "non atteinte",
        "no_milestones": "Aucune étape n'est fixée.",
        "checkins": "4. Ce que disent les points d'étape",
        "checkin_heading": "{kind} du {date}",
        "checkin_kinds": {
            "regular": "Point d'étape",
            "mid": "Point d'étape de mi-parcours",
            "ad_hoc": "Point d'étape supplémentaire",
        },
        "strengths": "Points forts",
        "improvements": "Axes de progrès",
        "adjustments": "Ajustements des missions",
        "next_steps": "Prochaines étapes",
        "nothing_said": "Aucun retour consigné lors de ce point.",
        "no_checkins": "Aucun point d'étape validé pour l'instant.",
        "checkins_prompt": (
            "À rédiger : ce que ces retours vous ont appris et ce que vous avez changé."
        ),
        "competencies": "5. Compétences",
        "competency_header": ["Compétence", "Statut", "Niveau validé", "Niveau visé"],
        "statuses": {
            "acquired": "acquise",
            "in_progress": "en cours d'acquisition",
            "to_explore": "à explorer",
        },
        "evidence_heading": "Preuves : {name}",
        "evidence_checkin": "Évaluée lors du point d'étape du {date}",
        "evidence_activity": "{date} : {text}",
        "evidence_moment": "{date} : moment clé « {text} »",
        "no_competencies": "Aucune compétence n'est liée aux objectifs.",
        "competencies_prompt": (
            "À rédiger : pour chaque compétence acquise, une situation qui la montre."
        ),
        "hours": "6. Heures par objectif",
        "hours_header": ["Objectif", "Heures", "Part"],
        "program": "Formation, hors objectifs",
        "unrelated": "Sans rapport avec la formation",
        "unlabelled": "Non rattaché",
        "total": "Total",
        "no_hours": "Le carnet de bord est vide.",
        "moments": "7. Moments clés",
        "no_moments": "Aucun moment clé n'est consigné.",
        "moment_line": "{date} : {title}",
        "moment_learned": "Ce que j'en ai appris : {text}",
        "moment_endorsed": "Appui de {name} : « {text} »",
        "moments_prompt": "À rédiger : ce que ces moments disent de votre stage.",
        "evidence_more": "… et {count} autres éléments.",
        "conclusion": "8. Bilan",
        "conclusion_prompt": (
            "À rédiger : ce que vous avez appris, les difficultés rencontrées et la suite de "
            "votre projet professionnel."
        ),
        # The defence outline.
        "defence_intro": (
            "Plan indicatif pour {minutes} minutes de présentation, suivies des questions du "
            "jury. Une idée par diapositive ; les durées sont des repères."
        ),
        "part": "{title} ({minutes} min)",
        "d_introduction": "Introduction",
        "d_introduction_self": "Vous présenter, présenter la formation et le stage en une phrase.",
        "d_main": "Le fil conducteur, l'objectif principal : « {title} ».",
        "d_no_main": "Le fil conducteur : ce que le stage devait apporter.",
        "d_context": "Le contexte",
        "d_objectives": "Les objectifs et leurs résultats",
        "d_objective_line": "{title} : {zone} ; {hours}",
        "d_indicator_line": "Indicateur : {indicator}",
        "d_competencies": "Les compétences développées",
        "d_competency_line": "{name} : {status}, niveau {level} sur 4",
        "d_competency_unrated": "{name} : {status}",
        "d_evidence_line": " ; par exemple : {text}",
        "d_moments": "Moments clés et difficultés",
        "d_improvement_line": "Axe de progrès travaillé : {text}",
        "d_conclusion": "Conclusion et suite",
        "d_conclusion_items": [
            "Ce que le stage vous a appris.",
            "La suite : prochaines étapes, projet professionnel.",
        ],
        "d_questions": "Questions que le jury peut poser",
        "q_objective": "Pourquoi l'objectif « {title} » n'est-il pas atteint ?",
        "q_improvement": "Comment avez-vous travaillé sur : « {text} » ?",
        "q_unrelated": (
            "{hours} du carnet de bord sont sans rapport avec la formation : pourquoi ?"
        ),
        "q_generic": "Que feriez-vous différemment si vous recommenciez ce stage ?",
        "report_file": "rapport-de-stage",
        "defence_file": "plan-de-soutenance",
    },
    "en": {
        "report_title": "Internship report: {title}",
        "defence_title": "Defence: {title}",
        "byline": "{intern} · {program} · {school}",
        "internship_line": "Internship at {host}, from {start} to {end}",
        "people_line": "Tutor: {tutor} · Referent teacher: {referent}",
        "nobody": "not named",
        "generated": (
            "Skeleton prepared by Balise on {date} from the objectives of the agreement, the "
            "logbook and the check-ins. Replace the instructions in italics with your own text."
        ),
        "context": "1. Context",
        "host_heading": "The host organisation",
        "host_prompt": (
            "To write: present the organisation (business, size, customers) and the team that "
            "welcomed you."
        ),
        "host_fact": "Organisation: {host}",
        "headcount_fact": "Headcount: {count} employees",
        "missions_heading": "The missions entrusted",
        "no_missions": "The agreement lists no mission.",
        "main_heading": "The main objective",
        "no_main": "The agreement sets no main objective.",
        "objectives": "2. Objectives, indicators and outcomes",
        "main_tag": "main objective",
        "indicators": "Success indicators",
        "no_indicators": "No indicator is written for this objective.",
        "outcome": "Outcome",
        "zone_by": "Assessment by the tutor or the referent: {zone} (on {date}).",
        "no_zone": "Not assessed by the tutor or the referent yet.",
        "self_zone": "Your self-assessment: {zone}.",
        "progress": "Progress: {percent}%; milestones reached: {reached} of {total}.",
        "progress_no_milestone": "Progress: {percent}%.",
        "hours_spent": "Time spent according to the logbook: {hours}.",
        "objective_prompt": (
            "To write: what you did for this objective and what came of it, indicator by indicator."
        ),
        "zones": {
            "not_started": "not started",
            "in_progress": "in progress",
            "target_reached": "target reached",
            "beyond_target": "beyond target",
        },
        "milestones": "3. Milestones",
        "milestone_header": ["Objective", "Milestone", "Due on", "Reached on"],
        "not_reached": "not reached",
        "no_milestones": "No milestone is set.",
        "checkins": "4. What the check-ins said",
        "checkin_heading": "{kind} of {date}",
        "checkin_kinds": {
            "regular": "Check-in",
            "mid": "Mid-internship check-in",
            "ad_hoc": "Additional check-in",
        },
        "strengths": "Strengths",
        "improvements": "Areas to improve",
        "adjustments": "Mission adjustments",
        "next_steps": "Next steps",
        "nothing_said": "No feedback was recorded at this check-in.",
        "no_checkins": "No check-in signed off yet.",
        "checkins_prompt": "To write: what this feedback taught you and what you changed.",
        "competencies": "5. Competencies",
        "competency_header": ["Competency", "Status", "Validated level", "Target level"],
        "statuses": {
            "acquired": "acquired",
            "in_progress": "in progress",
            "to_explore": "to explore",
        },
        "evidence_heading": "Evidence: {name}",
        "evidence_checkin": "Assessed at the check-in of {date}",
        "evidence_activity": "{date}: {text}",
        "evidence_moment": "{date}: key moment “{text}”",
        "no_competencies": "No competency is linked to the objectives.",
        "competencies_prompt": (
            "To write: for each competency acquired, a situation that shows it."
        ),
        "hours": "6. Hours per objective",
        "hours_header": ["Objective", "Hours", "Share"],
        "program": "Programme, outside the objectives",
        "unrelated": "Unrelated to the training",
        "unlabelled": "Not labelled",
        "total": "Total",
        "no_hours": "The logbook is empty.",
        "moments": "7. Key moments",
        "no_moments": "No key moment is recorded.",
        "moment_line": "{date}: {title}",
        "moment_learned": "What I learned: {text}",
        "moment_endorsed": "Endorsed by {name}: “{text}”",
        "moments_prompt": "To write: what these moments say about your internship.",
        "evidence_more": "… and {count} more.",
        "conclusion": "8. Conclusion",
        "conclusion_prompt": (
            "To write: what you learned, the difficulties you met and what comes next in your "
            "career plans."
        ),
        "defence_intro": (
            "A suggested outline for a {minutes}-minute presentation, followed by the jury's "
            "questions. One idea per slide; the timings are guides."
        ),
        "part": "{title} ({minutes} min)",
        "d_introduction": "Introduction",
        "d_introduction_self": (
            "Introduce yourself, your programme and the internship in one sentence."
        ),
        "d_main": "The common thread, the main objective: “{title}”.",
        "d_no_main": "The common thread: what the internship was meant to bring.",
        "d_context": "The context",
        "d_objectives": "The objectives and their outcomes",
        "d_objective_line": "{title}: {zone}; {hours}",
        "d_indicator_line": "Indicator: {indicator}",
        "d_competencies": "The competencies developed",
        "d_competency_line": "{name}: {status}, level {level} of 4",
        "d_competency_unrated": "{name}: {status}",
        "d_evidence_line": "; for example: {text}",
        "d_moments": "Key moments and difficulties",
        "d_improvement_line": "Area worked on: {text}",
        "d_conclusion": "Conclusion and next steps",
        "d_conclusion_items": [
            "What the internship taught you.",
            "What comes next: next steps, career plans.",
        ],
        "d_questions": "Questions the jury may ask",
        "q_objective": "Why was the objective “{title}” not reached?",
        "q_improvement": "How did you work on: “{text}”?",
        "q_unrelated": "{hours} of the logbook are unrelated to the training: why?",
        "q_generic": "What would you do differently if you started this internship again?",
        "report_file": "internship-report",
        "defence_file": "defence-outline",
    },
}

DEFENCE_MINUTES = (
    ("d_introduction", 2),
    ("d_context", 3),
    ("d_objectives", 7),
    ("d_competencies", 4),
    ("d_moments", 2),
    ("d_conclusion", 2),
)


def competency_name(competency, lang: str) -> str:
    name = (competency.name_en if lang == "en" else "") or competency.name_fr
    return f"{competency.code} – {name}" if competency.code else name


def _person(user, lang: str) -> str:
    if user is None:
        return TEXTS[lang]["nobody"]
    return user.get_full_name() or user.email


def _zone(zone, lang: str) -> str:
    return TEXTS[lang]["zones"][zone.code]


def _hours(value: Decimal, lang: str) -> str:
    return fmt.hours(value, lang)


def _label_name(data: ReportData, key: str, lang: str) -> str:
    t = TEXTS[lang]
    if key == PROGRAM:
        return t["program"]
    if key == UNRELATED:
        return t["unrelated"]
    return data.names.get(key) or t["unlabelled"]


# --- Blocks -----------------------------------------------------------------------------------
# ("heading", level, text) · ("text", text) · ("prompt", text) · ("bold", text)
# ("list", [items]) · ("table", header, rows)


def _objective_blocks(data: ReportData, item: ObjectiveData, number: int, lang: str) -> list:
    t = TEXTS[lang]
    objective = item.objective
    title = objective.title + (f" ({t['main_tag']})" if objective.is_main else "")
    blocks: list = [("heading", 3, f"2.{number} {title}")]
    if objective.description:
        blocks.append(("text", objective.description))
    blocks.append(("bold", t["indicators"]))
    blocks.append(
        ("list", objective.indicator_list)
        if objective.indicator_list
        else ("text", t["no_indicators"])
    )
    blocks.append(("bold", t["outcome"]))
    result = item.progress
    lines = []
    if result.zone is not None:
        lines.append(
            t["zone_by"].format(zone=_zone(result.zone, lang), date=fmt.date(result.rated_on, lang))
        )
    else:
        lines.append(t["no_zone"])
    if result.self_zone is not None:
        lines.append(t["self_zone"].format(zone=_zone(result.self_zone, lang)))
    percent = round(result.progress * 100)
    if result.milestones_total:
        lines.append(
            t["progress"].format(
                percent=percent, reached=result.milestones_reached, total=result.milestones_total
            )
        )
    else:
        lines.append(t["progress_no_milestone"].format(percent=percent))
    lines.append(t["hours_spent"].format(hours=_hours(item.hours, lang)))
    blocks.append(("list", lines))
    blocks.append(("prompt", t["objective_prompt"]))
    return blocks


def _moment_line(moment: MomentData, lang: str) -> str:
    return TEXTS[lang]["moment_line"].format(date=fmt.date(moment.on, lang), title=moment.title)


def _evidence_line(item: EvidenceItem, lang: str) -> str:
    t = TEXTS[lang]
    day = fmt.date(item.on, lang)
    if item.kind == "checkin":
        return t["evidence_checkin"].format(date=day)
    text = item.label + (f" ({item.url})" if item.url else "")
    return t[f"evidence_{item.kind}"].format(date=day, text=text)


def _header_blocks(data: ReportData, lang: str, title_key: str) -> list:
    t = TEXTS[lang]
    agreement = data.agreement
    return [
        ("heading", 1, t[title_key].format(title=agreement.title)),
        (
            "text",
            t["byline"].format(
                intern=_person(agreement.intern, lang),
                program=agreement.program.name,
                school=agreement.school.name,
            ),
        ),
        (
            "text",
            t["internship_line"].format(
                host=agreement.host.name,
                start=fmt.date(agreement.start_date, lang),
                end=fmt.date(agreement.end_date, lang),
            ),
        ),
        (
            "text",
            t["people_line"].format(
                tutor=_person(agreement.tutor, lang), referent=_person(agreement.referent, lang)
            ),
        ),
    ]


def report_blocks(data: ReportData, lang: str) -> list:
    t = TEXTS[lang]
    agreement = data.agreement
    host = agreement.host
    blocks = _header_blocks(data, lang, "report_title")
    blocks.append(("prompt", t["generated"].format(date=fmt.date(data.today, lang))))

    # 1. Context
    blocks += [("heading", 2, t["context"]), ("heading", 3, t["host_heading"])]
    facts = [t["host_fact"].format(host=", ".join(p for p in (host.name, host.city) if p))]
    if host.headcount:
        facts.append(t["headcount_fact"].format(count=host.headcount))
    blocks += [("list", facts), ("prompt", t["host_prompt"]), ("heading", 3, t["missions_heading"])]
    blocks.append(("list", data.missions) if data.missions else ("text", t["no_missions"]))
    blocks.append(("heading", 3, t["main_heading"]))
    if data.main:
        blocks.append(("bold", data.main.objective.title))
        if data.main.objective.description:
            blocks.append(("text", data.main.objective.description))
    else:
        blocks.append(("text", t["no_main"]))

    # 2. Objectives
    blocks.append(("heading", 2, t["objectives"]))
    for number, item in enumerate(data.objectives, start=1):
        blocks += _objective_blocks(data, item, number, lang)

    # 3. Milestones
    blocks.append(("heading", 2, t["milestones"]))
    rows = [
        [
            item.objective.title,
            milestone.title,
            fmt.date(milestone.due_date, lang),
            fmt.date(milestone.reached_on, lang) if milestone.reached_on else t["not_reached"],
        ]
        for item in data.objectives
        for milestone in item.milestones
    ]
    blocks.append(("table", t["milestone_header"], rows) if rows else ("text", t["no_milestones"]))

    # 4. Check-ins
    blocks.append(("heading", 2, t["checkins"]))
    if not data.checkins:
        blocks.append(("text", t["no_checkins"]))
    for checkin in data.checkins:
        kind = t["checkin_kinds"].get(checkin.checkin.kind, t["checkin_kinds"]["regular"])
        blocks.append(
            ("heading", 3, t["checkin_heading"].format(kind=kind, date=fmt.date(checkin.day, lang)))
        )
        if checkin.is_empty:
            blocks.append(("text", t["nothing_said"]))
        for key, items in (
            ("strengths", checkin.strengths),
            ("improvements", checkin.improvements),
            ("adjustments", checkin.adjustments),
        ):
            if items:
                blocks += [("bold", t[key]), ("list", [item.text for item in items])]
        if checkin.next_steps:
            blocks += [
                ("bold", t["next_steps"]),
                ("list", [item.text for item in checkin.next_steps]),
            ]
    if data.checkins:
        blocks.append(("prompt", t["checkins_prompt"]))

    # 5. Competencies
    blocks.append(("heading", 2, t["competencies"]))
    if data.competencies:
        blocks.append(
            (
                "table",
                t["competency_header"],
                [
                    [
                        competency_name(item.competency, lang),
                        t["statuses"][str(item.status.status)],
                        str(item.status.level) if item.status.level else "—",
                        str(item.status.target_level),
                    ]
                    for item in data.competencies
                ],
            )
        )
        for item in data.competencies:
            if item.evidence:
                lines = [_evidence_line(evidence, lang) for evidence in item.evidence_listed]
                if item.evidence_unlisted:
                    lines.append(t["evidence_more"].format(count=item.evidence_unlisted))
                name = competency_name(item.competency, lang)
                blocks += [("bold", t["evidence_heading"].format(name=name)), ("list", lines)]
        blocks.append(("prompt", t["competencies_prompt"]))
    else:
        blocks.append(("text", t["no_competencies"]))

    # 6. Hours
    blocks.append(("heading", 2, t["hours"]))
    if data.total_hours:
        rows = [
            [
                _label_name(data, key, lang),
                fmt.number(value, lang),
                f"{round(value * 100 / data.total_hours)} %",
            ]
            for key, value in data.hours
        ]
        rows.append([t["total"], fmt.number(data.total_hours, lang), "100 %"])
        blocks.append(("table", t["hours_header"], rows))
    else:
        blocks.append(("text", t["no_hours"]))

    # 7. Moments
    blocks.append(("heading", 2, t["moments"]))
    for moment in data.moments:
        blocks.append(("bold", _moment_line(moment, lang)))
        blocks.append(("text", moment.what_happened))
        if moment.learned:
            blocks.append(("text", t["moment_learned"].format(text=moment.learned)))
        if moment.endorsement:
            blocks.append(
                (
                    "text",
                    t["moment_endorsed"].format(
                        name=moment.endorsed_by or t["nobody"], text=moment.endorsement
                    ),
                )
            )
    if data.moments:
        blocks.append(("prompt", t["moments_prompt"]))
    else:
        blocks.append(("text", t["no_moments"]))

    # 8. Conclusion
    blocks += [("heading", 2, t["conclusion"]), ("prompt", t["conclusion_prompt"])]
    return blocks


def defence_blocks(data: ReportData, lang: str) -> list:
    t = TEXTS[lang]
    agreement = data.agreement
    minutes = dict(DEFENCE_MINUTES)
    blocks = _header_blocks(data, lang, "defence_title")
    blocks.append(("prompt", t["defence_intro"].format(minutes=sum(minutes.values()))))

    def part(number: int, key: str) -> tuple:
        return ("heading", 2, f"{number}. " + t["part"].format(title=t[key], minutes=minutes[key]))

    items = [
        t["d_introduction_self"],
        t["d_main"].format(title=data.main.objective.title) if data.main else t["d_no_main"],
    ]
    blocks += [part(1, "d_introduction"), ("list", items)]

    context = [
        ", ".join(p for p in (agreement.host.name, agreement.host.city) if p),
        *data.missions,
    ]
    blocks += [part(2, "d_context"), ("list", context)]

    blocks.append(part(3, "d_objectives"))
    for item in data.objectives:
        zone = _zone(item.progress.zone, lang) if item.progress.zone is not None else t["no_zone"]
        line = t["d_objective_line"].format(
            title=item.objective.title, zone=zone, hours=_hours(item.hours, lang)
        )
        indicators = item.objective.indicator_list
        blocks.append(("bold", line))
        blocks.append(
            ("list", [t["d_indicator_line"].format(indicator=i) for i in indicators])
            if indicators
            else ("text", t["no_indicators"])
        )

    blocks.append(part(4, "d_competencies"))
    lines = []
    for item in data.competencies:
        name = competency_name(item.competency, lang)
        status = t["statuses"][str(item.status.status)]
        if item.status.level:
            line = t["d_competency_line"].format(name=name, status=status, level=item.status.level)
        else:
            line = t["d_competency_unrated"].format(name=name, status=status)
        example = next((e for e in reversed(item.evidence) if e.kind == "moment"), None) or next(
            (e for e in reversed(item.evidence) if e.kind == "activity"), None
        )
        if example is not None:
            line += t["d_evidence_line"].format(text=example.label)
        lines.append(line)
    blocks.append(("list", lines) if lines else ("text", t["no_competencies"]))

    blocks.append(part(5, "d_moments"))
    lines = [f"{fmt.date(m.on, lang)} – {m.title}" for m in data.moments]
    improvements = [f.text for c in data.checkins for f in c.improvements]
    lines += [t["d_improvement_line"].format(text=text) for text in improvements]
    blocks.append(("list", lines) if lines else ("text", t["no_moments"]))

    blocks += [part(6, "d_conclusion"), ("list", list(t["d_conclusion_items"]))]

    questions = [
        t["q_objective"].format(title=item.objective.title)
        for item in data.objectives
        if not item.reached
    ]
    questions += [t["q_improvement"].format(text=text) for text in improvements]
    unrelated = dict(data.hours).get(UNRELATED)
    if unrelated:
        questions.append(t["q_unrelated"].format(hours=_hours(unrelated, lang)))
    questions.append(t["q_generic"])
    blocks += [("heading", 2, t["d_questions"]), ("list", questions)]
    return blocks


# --- Renderers --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def _md(text: str, *, line_start: bool = False) -> str:
    """Plain text made safe for Markdown: nothing a person typed becomes markup. At the
    start of a paragraph, what would open a list or a quote is escaped too."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    if line_start:
        text = re.sub(r"^(\d+)([.)])(\s|$)", r"\1\\\2\3", text)
        text = re.sub(r"^([-+=])", r"\\\1", text)
    return text


def blocks_markdown(blocks: list) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            out.append(f"{'#' * block[1]} {_md(block[2])}")
        elif kind == "text":
            out.append(_md(block[1], line_start=True))
        elif kind == "prompt":
            out.append(f"*{_md(block[1])}*")
        elif kind == "bold":
            out.append(f"**{_md(block[1])}**")
        elif kind == "list":
            out.append("\n".join(f"- {_md(item, line_start=True)}" for item in block[1]))
        elif kind == "table":
            header, rows = block[1], block[2]
            lines = [
                "| " + " | ".join(_md(cell) for cell in header) + " |",
                "|" + "|".join(" --- " for _cell in header) + "|",
            ]
            lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def blocks_docx(blocks: list, *, title: str, author: str, lang: str) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "fr-FR" if lang == "fr" else "en-GB"
    document.styles["Normal"].font.size = Pt(11)
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            document.add_heading(block[2], level=0 if block[1] == 1 else block[1] - 1)
        elif kind == "text":
            document.add_paragraph(block[1])
        elif kind == "prompt":
            document.add_paragraph().add_run(block[1]).italic = True
        elif kind == "bold":
            document.add_paragraph().add_run(block[1]).bold = True
        elif kind == "list":
            for item in block[1]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            header, rows = block[1], block[2]
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "Table Grid"
            for index, cell in enumerate(header):
                table.rows[0].cells[index].text = ""
                table.rows[0].cells[index].paragraphs[0].add_run(cell).bold = True
            for row_index, row in enumerate(rows, start=1):
                for index, cell in enumerate(row):
                    table.rows[row_index].cells[index].text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_markdown(data: ReportData, lang: str) -> str:
    return blocks_markdown(report_blocks(data, lang))


def defence_markdown(data: ReportData, lang: str) -> str:
    return blocks_markdown(defence_blocks(data, lang))


def report_docx(data: ReportData, lang: str) -> bytes:
    title = TEXTS[lang]["report_title"].format(title=data.agreement.title)
    return blocks_docx(
        report_blocks(data, lang),
        title=title,
        author=_person(data.agreement.intern, lang),
        lang=lang,
    )


def defence_docx(data: ReportData, lang: str) -> bytes:
    title = TEXTS[lang]["defence_title"].format(title=data.agreement.title)
    return blocks_docx(
        defence_blocks(data, lang),
        title=title,
        author=_person(data.agreement.intern, lang),
        lang=lang,
    )


def filename(data: ReportData, kind: str, extension: str, lang: str) -> str:
    stem = TEXTS[lang][f"{kind}_file"]
    return f"{stem}-{data.agreement.pk}-{slugify(_person(data.agreement.intern, lang))}.{extension}"
