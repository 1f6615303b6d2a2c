"""The documents of an agreement: its PDF, its amendments' PDFs, the host's register.

Rendering only, no HTTP. A PDF is made from a frozen `AgreementVersion.content` (format
`balise.agreement/1`, see `versions.py`) and the version's signatures, never from the live
rows: the document shows exactly what was signed. The data reaches the Typst templates
(`templates/typst/`) as one JSON string in `sys.inputs`; the templates insert every value as
text, so no user-written text is ever evaluated as Typst markup.

The legal texts of the documents are kept here in French and in English (`TEXTS`): they are
the wording of a legal document, reviewed as such, not interface strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import typst
from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from balise.agreements.models import (
    SIGNING_PARTIES,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Amendment,
    Party,
)
from balise.law import formatting as fmt

TYPST_DIR = Path(__file__).resolve().parent.parent / "templates" / "typst"
MAX_PDF_BYTES = 10 * 1024 * 1024
LANGUAGES = ("fr", "en")
# Where a signed agreement stands once every party has signed it: the register lists those.
SIGNED_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_PROGRESS,
    AgreementStatus.COMPLETED,
    AgreementStatus.EVALUATED,
    AgreementStatus.ARCHIVED,
    AgreementStatus.INTERRUPTED,
)
# Which person of the content signs for each party (the school signs through its office).
PARTY_PERSON = {
    Party.INTERN: "intern",
    Party.TUTOR: "tutor",
    Party.REFERENT: "referent",
    Party.HOST: "signatory",
    Party.STAFF: None,
}
HASH_KEYWORD = "sha256:"
SHA256_RE = re.compile(r"[0-9a-f]{64}")
_KEYWORD_RE = re.compile(r"sha256:([0-9a-f]{64})")
_TEXT_RE = re.compile(r"SHA-256\s*:\s*([0-9a-f]{64})")

NBSP = "\u00a0"

TEXTS = {
    "fr": {
        "kicker": "Convention de stage",
        "amendment_kicker": "Avenant à la convention de stage",
        "reference": "Convention n° {id}",
        "amendment_reference": "Avenant n° {amendment} · convention n° {id}",
        "subtitle": "Version {number}, figée le {date}",
        "doc_title": "Convention de stage n° {id}, version {number} : {title}",
        "amendment_doc_title": "Avenant n° {amendment} à la convention de stage n° {id} : {title}",
        "running": "Convention de stage n° {id} · version {number}",
        "amendment_running": "Avenant n° {amendment} · convention n° {id} · version {number}",
        "footer": "Établi avec Balise à partir du contenu figé de la version {number}.",
        "page": "Page",
        "hash_footer": f"SHA-256{NBSP}:",
        "intro": (
            "La présente convention est conclue en application des articles L124-1 à L124-20 "
            "et D124-1 à D124-13 du code de l'éducation. Elle règle les rapports entre "
            "l'établissement d'enseignement, l'organisme d'accueil et le stagiaire pour le "
            "stage « {title} »."
        ),
        "school": "L'établissement d'enseignement",
        "host": "L'organisme d'accueil",
        "intern": "Le stagiaire",
        "school_represented": "Représenté par son service des stages",
        "host_represented": "Représenté par {name}",
        "siret": f"SIRET{NBSP}: {{siret}}",
        "headcount": f"Effectif{NBSP}: {{count}}",
        "employee": ("salarié", "salariés"),
        "program_line": f"Formation{NBSP}: {{program}}",
        "email_line": f"Courriel{NBSP}: {{email}}",
        "not_named": "non désigné",
        "yes": "Oui",
        "no": "Non",
        "weekdays": {
            "mon": "lundi",
            "tue": "mardi",
            "wed": "mercredi",
            "thu": "jeudi",
            "fri": "vendredi",
            "sat": "samedi",
            "sun": "dimanche",
        },
        "ref": "Code de l'éducation, article D124-4, {items}",
        # Article 1: the programme (1°).
        "program_title": "Article 1 – Formation suivie",
        "program": "Formation",
        "level": "Niveau",
        "levels": {
            "higher_education": "Enseignement supérieur",
            "secondary": "Enseignement secondaire",
        },
        "volume": "Volume horaire de la formation",
        "volume_value": "{teaching} d'enseignement par année, dont {in_person} en présence",
        # Article 2: referent, tutor and supervision (2°, 7°).
        "supervision_title": "Article 2 – Encadrement et suivi du stagiaire",
        "referent": "Enseignant référent",
        "tutor": "Tuteur dans l'organisme d'accueil",
        "supervision": [
            "Le tuteur, désigné par l'organisme d'accueil, est chargé de l'accueil et de "
            "l'accompagnement du stagiaire ; il veille au respect des stipulations "
            "pédagogiques de la présente convention (article L124-9). L'enseignant référent "
            "s'assure auprès du tuteur, à plusieurs reprises durant le stage, de son bon "
            "déroulement et propose, le cas échéant, une redéfinition des missions "
            "(article L124-2).",
            "Le suivi s'appuie sur les objectifs définis à l'article 3 : le stagiaire tient un "
            "carnet de bord de ses activités ; des points d'étape réguliers réunissent le "
            "stagiaire et son tuteur, et l'enseignant référent lorsqu'il le juge utile ; "
            "l'atteinte des objectifs est évaluée en fin de stage au regard des indicateurs de "
            "réussite convenus.",
        ],
        # Article 3: objectives and competencies (3°).
        "objectives_title": "Article 3 – Objectifs et compétences à acquérir ou à développer",
        "objectives_intro": (
            "Le stage est conduit par objectifs. Les parties sont convenues des objectifs "
            "suivants, de leurs indicateurs de réussite et des compétences qu'ils permettent "
            "d'acquérir ou de développer."
        ),
        "no_objectives": "Aucun objectif n'est défini dans cette version.",
        "main_objective": "Objectif principal",
        "specific_objective": "Objectif spécifique {number}",
        "indicators": "Indicateurs de réussite",
        "competencies": "Compétences visées",
        "target_date": "Échéance",
        "weight": "Poids",
        "weight_value": "{weight} sur {total}",
        "milestones": "Étapes",
        "milestone": "{title} ({date})",
        "competencies_title": "Compétences à acquérir ou à développer",
        "no_competencies": "Aucune compétence du référentiel n'est rattachée aux objectifs.",
        # Article 4: activities (4°).
        "missions_title": "Article 4 – Activités confiées au stagiaire",
        "missions_intro": (
            "Les activités suivantes sont confiées au stagiaire en fonction des objectifs de "
            "formation et des compétences à acquérir ; elles sont validées par l'organisme "
            "d'accueil."
        ),
        "no_missions": "Aucune activité n'est décrite dans cette version.",
        # Article 5: dates and total duration (5°).
        "dates_title": "Article 5 – Dates et durée du stage",
        "start_date": "Date de début",
        "end_date": "Date de fin",
        "duration": "Durée totale prévue",
        "duration_value": "{hours} de présence effective, soit {days}",
        "day": ("jour", "jours"),
        "place": "Lieu du stage",
        "dates_text": (
            "La durée du stage est calculée en fonction du temps de présence effective du "
            "stagiaire dans l'organisme d'accueil : chaque période de sept heures de présence, "
            "consécutives ou non, compte pour un jour, et chaque période de vingt-deux jours "
            "pour un mois (article D124-6). Elle ne peut excéder six mois par année "
            "d'enseignement (article L124-5)."
        ),
        # Article 6: weekly hours, night, Sunday and public holidays (6°).
        "presence_title": "Article 6 – Temps de présence",
        "weekly_hours": "Durée hebdomadaire de présence effective",
        "working_days": "Jours de présence",
        "daily_max": "Durée quotidienne maximale",
        "daily_even": "Répartie également sur les jours de présence",
        "night": "Présence de nuit",
        "sunday": "Présence le dimanche",
        "holiday": "Présence les jours fériés",
        "presence_text": (
            "Les règles applicables aux salariés de l'organisme d'accueil relatives aux durées "
            "maximales quotidienne et hebdomadaire de présence, à la présence de nuit, au repos "
            "quotidien et hebdomadaire et aux jours fériés s'appliquent au stagiaire (article "
            "L124-14). L'organisme d'accueil établit, par tout moyen, un décompte des durées de "
            "présence du stagiaire."
        ),
        # Article 7: gratification and its payment (8°).
        "gratification_title": "Article 7 – Gratification et modalités de versement",
        "amount": "Montant de la gratification",
        "amount_value": "{rate} par heure de présence effective",
        "amount_none": "Aucune gratification",
        "amount_minimum": "Au moins le minimum légal",
        "minimum": "Minimum légal",
        "minimum_value": "{rate} par heure (15 % du plafond horaire de la sécurité sociale)",
        "payment": "Modalités de versement",
        "payment_value": (
            "Versement mensuel, par virement, au plus tard le dernier jour de chaque mois de stage"
        ),
        "payment_none": "Sans objet",
        "gratification_required": (
            "La durée du stage étant supérieure à deux mois, le stagiaire perçoit une "
            "gratification dont le montant ne peut être inférieur au minimum légal (articles "
            "L124-6 et D124-8). Elle est due à compter du premier jour du premier mois de stage "
            "et versée mensuellement. En cas de suspension ou de résiliation de la convention, "
            "elle est due au prorata de la durée de présence effective."
        ),
        "gratification_voluntary": (
            "La durée du stage n'excédant pas deux mois, la gratification n'est pas obligatoire "
            "(article L124-6) ; l'organisme d'accueil verse néanmoins au stagiaire la "
            "gratification indiquée ci-dessus, mensuellement."
        ),
        "gratification_none": (
            "La durée du stage n'excédant pas deux mois, la gratification n'est pas obligatoire "
            "(article L124-6) ; aucune gratification n'est prévue."
        ),
        # Article 8: social protection (9°).
        "protection_title": "Article 8 – Protection sociale",
        "protection": [
            "Pendant la durée du stage, le stagiaire reste affilié à son régime de sécurité "
            "sociale antérieur.",
            "Le stagiaire bénéficie de la protection sociale prévue par les articles L412-8 "
            "(2°) et R412-4 du code de la sécurité sociale en matière d'accidents du travail et "
            "de maladies professionnelles. Elle couvre les accidents survenus au cours des "
            "activités dans l'organisme d'accueil, au cours du trajet, ou sur les lieux rendus "
            "utiles pour les besoins du stage.",
        ],
        "protection_below": (
            "La gratification n'excédant pas le seuil de 15 % du plafond horaire de la sécurité "
            "sociale, elle n'est pas soumise à cotisations sociales. En cas d'accident, "
            "l'organisme d'accueil en informe l'établissement d'enseignement dans les "
            "quarante-huit heures ; l'établissement d'enseignement le déclare à la caisse "
            "primaire d'assurance maladie."
        ),
        "protection_above": (
            "La gratification excédant le seuil de 15 % du plafond horaire de la sécurité "
            "sociale, les cotisations sociales sont dues sur la fraction qui le dépasse. En cas "
            "d'accident, l'organisme d'accueil le déclare à la caisse primaire d'assurance "
            "maladie dans les quarante-huit heures et en informe l'établissement "
            "d'enseignement."
        ),
        "protection_liability": (
            "Le stagiaire justifie d'une assurance couvrant sa responsabilité civile. "
            "L'organisme d'accueil déclare être garanti au titre de la responsabilité civile."
        ),
        # Article 9: absences and leave (10°).
        "absences_title": "Article 9 – Absences et congés",
        "absences": [
            "Le stagiaire est autorisé à s'absenter pour satisfaire aux obligations attestées "
            "par l'établissement d'enseignement (examens, cours ou réunions obligatoires), "
            "après en avoir informé son tuteur.",
            "En cas de grossesse, de paternité ou d'adoption, le stagiaire bénéficie de congés "
            "et d'autorisations d'absence d'une durée équivalente à celles prévues pour les "
            "salariés aux articles L1225-16 à L1225-28, L1225-35, L1225-37 et L1225-46 du code "
            "du travail (article L124-13).",
        ],
        "leave_provided": (
            "La présente convention prévoit en outre des congés et autorisations d'absence au "
            "bénéfice du stagiaire, dont les dates sont fixées d'un commun accord avec le "
            "tuteur et portées à la connaissance de l'enseignant référent."
        ),
        "leave_not_provided": (
            "La présente convention ne prévoit pas d'autres congés que ceux mentionnés ci-dessus."
        ),
        "absences_other": (
            "Toute autre absence, notamment pour maladie, est signalée sans délai au tuteur et "
            "à l'établissement d'enseignement."
        ),
        # Article 10: suspension and termination (11°).
        "termination_title": "Article 10 – Suspension et résiliation",
        "termination": [
            "Le stage peut être suspendu, notamment pour maladie, accident, grossesse, "
            "paternité ou adoption ; sa fin peut alors être reportée par avenant, d'un commun "
            "accord entre les parties.",
            "La partie qui souhaite mettre fin au stage en informe immédiatement les autres "
            "parties par écrit, en indiquant ses raisons. Celles-ci sont examinées en "
            "concertation, et la décision définitive d'arrêt du stage n'est prise qu'à l'issue "
            "de cette concertation. La convention peut aussi être résiliée d'un commun accord.",
        ],
        # Article 11: validation if interrupted (12°).
        "validation_title": "Article 11 – Validation du stage en cas d'interruption",
        "validation": (
            "Lorsque le stagiaire interrompt son stage pour un motif lié à la maladie, à un "
            "accident, à la grossesse, à la paternité ou à l'adoption ou, en accord avec "
            "l'établissement d'enseignement, en cas de non-respect des stipulations "
            "pédagogiques de la convention ou de rupture de la convention à l'initiative de "
            "l'organisme d'accueil, l'établissement d'enseignement valide le stage, même s'il "
            "n'a pas atteint la durée prévue dans le cursus, ou propose au stagiaire une "
            "modalité alternative de validation de sa formation. En accord avec les parties, un "
            "report de la fin du stage est possible (article L124-15)."
        ),
        # Article 12: benefits (13°).
        "benefits_title": "Article 12 – Avantages offerts au stagiaire",
        "benefits": (
            "Le stagiaire a accès au restaurant d'entreprise ou aux titres-restaurant dans les "
            "mêmes conditions que les salariés de l'organisme d'accueil, et bénéficie de la "
            "prise en charge des frais de transport prévue à l'article L3261-2 du code du "
            "travail (article L124-13). Il accède aux activités sociales et culturelles du "
            "comité social et économique dans les mêmes conditions que les salariés (article "
            "L124-16). Les frais qu'il engage à la demande de l'organisme d'accueil pour les "
            "besoins du stage lui sont remboursés selon les règles applicables aux salariés."
        ),
        # Article 13: internal rules (14°).
        "rules_title": "Article 13 – Règlement intérieur et discipline",
        "rules": [
            "Durant son stage, le stagiaire est soumis à la discipline et aux clauses du "
            "règlement intérieur de l'organisme d'accueil qui lui sont applicables, notamment "
            "en matière d'horaires, d'hygiène et de sécurité ; elles sont portées à sa "
            "connaissance avant le début du stage. Seul l'établissement d'enseignement peut "
            "prendre une sanction disciplinaire ; l'organisme d'accueil l'informe de tout "
            "manquement.",
            "Le stagiaire est tenu à la discrétion sur les informations dont il a connaissance "
            "durant son stage.",
        ],
        # Article 14: attestation (15°).
        "attestation_title": "Article 14 – Attestation de stage",
        "attestation": (
            "À l'issue du stage, l'organisme d'accueil délivre au stagiaire une attestation de "
            "stage mentionnant la durée effective totale du stage et, le cas échéant, le "
            "montant total de la gratification perçue (article D124-9). Cette attestation "
            "permet au stagiaire de faire valoir, le cas échéant, ses droits à l'assurance "
            "vieillesse (article L351-17 du code de la sécurité sociale)."
        ),
        # Article 15: signatures.
        "signatures_title": "Article 15 – Signatures",
        "signatures_intro": (
            "Chaque partie signe électroniquement la présente version de la convention. La "
            "signature porte sur l'empreinte SHA-256 du contenu figé, indiquée ci-dessous : le "
            "moindre changement du contenu changerait cette empreinte. Toute modification "
            "ultérieure fait l'objet d'un avenant."
        ),
        "hash_label": "Empreinte SHA-256 de cette version",
        "roles": {
            Party.STAFF: "Pour l'établissement d'enseignement",
            Party.HOST: "Pour l'organisme d'accueil",
            Party.INTERN: "Le stagiaire",
            Party.TUTOR: "Le tuteur",
            Party.REFERENT: "L'enseignant référent",
        },
        "school_office": "Service des stages",
        "signed": "Signé électroniquement le {date} à {time}",
        "not_signed": "Pas encore signé",
        "fully_signed": "Version signée par toutes les parties le {date}.",
        "partly_signed": "Signatures recueillies : {count} sur {total}.",
        "timezone_note": "Heures indiquées dans le fuseau horaire {zone}.",
        "verify_note": (
            "Pour vérifier ce document, saisissez son empreinte ou déposez ce fichier sur la "
            "page de vérification de Balise{url}."
        ),
        "verify_url": f"{NBSP}: {{url}}",
        "time": "{hour} h {minute:02d}",
        # The amendment.
        "amendment_subtitle": "Version {number} de la convention, figée le {date}",
        "amendment_intro": (
            "Le présent avenant modifie la convention de stage « {title} » conclue entre "
            "{school}, {host} et {intern}. Il en établit la version {number}, qui remplace la "
            "version {base}. Les stipulations de la convention qu'il ne modifie pas restent "
            "inchangées."
        ),
        "reason_title": "Article 1 – Motif de l'avenant",
        "changes_title": "Article 2 – Modification des termes",
        "change_header": ("Élément", "Avant (version {base})", "Après (version {number})"),
        "no_term_changes": "Les termes de la convention ne sont pas modifiés.",
        "objective_changes_title": "Article 3 – Objectifs",
        "objectives_added": "Objectifs ajoutés",
        "objectives_removed": "Objectifs supprimés",
        "objective_changed": f"Objectif modifié{NBSP}: {{title}}",
        "specific": "Objectif spécifique",
        "leave": "Congés et autorisations d'absence",
        "no_objective_changes": "Les objectifs ne sont pas modifiés.",
        "objective_title": "Intitulé",
        "description": "Description",
        "kind": "Nature",
        "mission_changes_title": "Article 4 – Activités confiées",
        "missions_added": "Activités ajoutées",
        "missions_removed": "Activités retirées",
        "no_mission_changes": "Les activités confiées ne sont pas modifiées.",
        "amendment_signatures_title": "Article 5 – Signatures",
        "amendment_signatures_intro": (
            "Chaque partie signe électroniquement la nouvelle version de la convention établie "
            "par le présent avenant. La signature porte sur l'empreinte SHA-256 de son contenu "
            "figé ; l'empreinte de la version modifiée est rappelée."
        ),
        "base_hash_label": "Empreinte SHA-256 de la version modifiée (version {number})",
        "new_hash_label": "Empreinte SHA-256 de la nouvelle version (version {number})",
        "title": "Intitulé du stage",
        "none": "—",
    },
    "en": {
        "kicker": "Internship agreement",
        "amendment_kicker": "Amendment to the internship agreement",
        "reference": "Agreement No. {id}",
        "amendment_reference": "Amendment No. {amendment} · agreement No. {id}",
        "subtitle": "Version {number}, frozen on {date}",
        "doc_title": "Internship agreement No. {id}, version {number}: {title}",
        "amendment_doc_title": "Amendment No. {amendment} to internship agreement No. {id}: {title}",
        "running": "Internship agreement No. {id} · version {number}",
        "amendment_running": "Amendment No. {amendment} · agreement No. {id} · version {number}",
        "footer": "Made with Balise from the frozen content of version {number}.",
        "page": "Page",
        "hash_footer": "SHA-256:",
        "intro": (
            "This agreement is made under articles L124-1 to L124-20 and D124-1 to D124-13 of "
            "the French Education Code (code de l'éducation). It governs the relations between "
            "the school, the host organisation and the intern for the internship “{title}”."
        ),
        "school": "The school",
        "host": "The host organisation",
        "intern": "The intern",
        "school_represented": "Represented by its internship office",
        "host_represented": "Represented by {name}",
        "siret": "SIRET: {siret}",
        "headcount": "Headcount: {count}",
        "employee": ("employee", "employees"),
        "program_line": "Programme: {program}",
        "email_line": "Email: {email}",
        "not_named": "not named",
        "yes": "Yes",
        "no": "No",
        "weekdays": {
            "mon": "Monday",
            "tue": "Tuesday",
            "wed": "Wednesday",
            "thu": "Thursday",
            "fri": "Friday",
            "sat": "Saturday",
            "sun": "Sunday",
        },
        "ref": "French Education Code, article D124-4, {items}",
        "program_title": "Article 1 – Programme of study",
        "program": "Programme",
        "level": "Level",
        "levels": {
            "higher_education": "Higher education",
            "secondary": "Secondary education",
        },
        "volume": "Teaching volume of the programme",
        "volume_value": "{teaching} of teaching per year, of which {in_person} in person",
        "supervision_title": "Article 2 – Supervision of the intern",
        "referent": "Referent teacher",
        "tutor": "Tutor at the host organisation",
        "supervision": [
            "The tutor, appointed by the host organisation, welcomes and guides the intern and "
            "ensures that the educational terms of this agreement are respected (article "
            "L124-9). The referent teacher checks with the tutor, several times during the "
            "internship, that it is going well and, where needed, proposes to redefine the "
            "missions (article L124-2).",
            "Supervision is based on the objectives set out in article 3: the intern keeps a "
            "logbook of the activities; regular check-ins bring together the intern and the "
            "tutor, and the referent teacher whenever they see fit; at the end of the "
            "internship, the objectives are assessed against the agreed success indicators.",
        ],
        "objectives_title": "Article 3 – Objectives and competencies to acquire or develop",
        "objectives_intro": (
            "The internship is run by objectives. The parties have agreed on the following "
            "objectives, their success indicators and the competencies they help acquire or "
            "develop."
        ),
        "no_objectives": "No objective is set in this version.",
        "main_objective": "Main objective",
        "specific_objective": "Specific objective {number}",
        "indicators": "Success indicators",
        "competencies": "Competencies",
        "target_date": "Target date",
        "weight": "Weight",
        "weight_value": "{weight} out of {total}",
        "milestones": "Milestones",
        "milestone": "{title} ({date})",
        "competencies_title": "Competencies to acquire or develop",
        "no_competencies": "No competency of the framework is linked to the objectives.",
        "missions_title": "Article 4 – Activities entrusted to the intern",
        "missions_intro": (
            "The following activities are entrusted to the intern in line with the training "
            "objectives and the competencies to acquire; the host organisation has approved "
            "them."
        ),
        "no_missions": "No activity is described in this version.",
        "dates_title": "Article 5 – Dates and duration",
        "start_date": "Start date",
        "end_date": "End date",
        "duration": "Planned total duration",
        "duration_value": "{hours} of actual presence, that is {days}",
        "day": ("day", "days"),
        "place": "Place of the internship",
        "dates_text": (
            "The duration of the internship is counted in hours of actual presence at the host "
            "organisation: every seven hours of presence, consecutive or not, count as one day, "
            "and every twenty-two days as one month (article D124-6). It may not exceed six "
            "months per teaching year (article L124-5)."
        ),
        "presence_title": "Article 6 – Hours of presence",
        "weekly_hours": "Weekly hours of actual presence",
        "working_days": "Days of presence",
        "daily_max": "Maximum daily hours",
        "daily_even": "Spread evenly over the days of presence",
        "night": "Presence at night",
        "sunday": "Presence on Sundays",
        "holiday": "Presence on public holidays",
        "presence_text": (
            "The rules that apply to the host organisation's employees on maximum daily and "
            "weekly hours, night presence, daily and weekly rest and public holidays apply to "
            "the intern (article L124-14). The host organisation keeps, by any means, a record "
            "of the intern's hours of presence."
        ),
        "gratification_title": "Article 7 – Gratification and its payment",
        "amount": "Amount of the gratification",
        "amount_value": "{rate} per hour of actual presence",
        "amount_none": "No gratification",
        "amount_minimum": "At least the legal minimum",
        "minimum": "Legal minimum",
        "minimum_value": "{rate} per hour (15% of the hourly social security ceiling)",
        "payment": "Payment",
        "payment_value": "Paid monthly, by bank transfer, by the last day of each month",
        "payment_none": "Not applicable",
        "gratification_required": (
            "As the internship lasts more than two months, the intern receives a gratification "
            "of no less than the legal minimum (articles L124-6 and D124-8). It is due from the "
            "first day of the first month and paid monthly. If the agreement is suspended or "
            "terminated, it is due in proportion to the actual presence."
        ),
        "gratification_voluntary": (
            "As the internship lasts no more than two months, no gratification is required "
            "(article L124-6); the host organisation nevertheless pays the intern the "
            "gratification above, monthly."
        ),
        "gratification_none": (
            "As the internship lasts no more than two months, no gratification is required "
            "(article L124-6) and none is provided."
        ),
        "protection_title": "Article 8 – Social protection",
        "protection": [
            "During the internship, the intern remains covered by their previous social "
            "security scheme.",
            "The intern is covered for work accidents and occupational diseases under articles "
            "L412-8 (2°) and R412-4 of the French Social Security Code. The cover extends to "
            "accidents during activities at the host organisation, while commuting, or at any "
            "place visited for the needs of the internship.",
        ],
        "protection_below": (
            "As the gratification does not exceed 15% of the hourly social security ceiling, "
            "no social contributions are due on it. In case of an accident, the host "
            "organisation informs the school within forty-eight hours, and the school reports "
            "it to the primary health insurance fund (CPAM)."
        ),
        "protection_above": (
            "As the gratification exceeds 15% of the hourly social security ceiling, social "
            "contributions are due on the part above it. In case of an accident, the host "
            "organisation reports it to the primary health insurance fund (CPAM) within "
            "forty-eight hours and informs the school."
        ),
        "protection_liability": (
            "The intern holds an insurance covering their civil liability. The host "
            "organisation declares that it is insured for its civil liability."
        ),
        "absences_title": "Article 9 – Absences and leave",
        "absences": [
            "The intern may be absent to meet obligations certified by the school (exams, "
            "classes or compulsory meetings), after informing the tutor.",
            "In case of pregnancy, paternity or adoption, the intern is entitled to leave and "
            "authorised absences as long as those of employees under articles L1225-16 to "
            "L1225-28, L1225-35, L1225-37 and L1225-46 of the French Labour Code (article "
            "L124-13).",
        ],
        "leave_provided": (
            "This agreement also provides leave and authorised absences for the intern, on "
            "dates agreed with the tutor and made known to the referent teacher."
        ),
        "leave_not_provided": "This agreement provides no leave beyond the above.",
        "absences_other": (
            "Any other absence, in particular for illness, is reported without delay to the "
            "tutor and to the school."
        ),
        "termination_title": "Article 10 – Suspension and termination",
        "termination": [
            "The internship may be suspended, in particular for illness, accident, pregnancy, "
            "paternity or adoption; its end may then be postponed by an amendment agreed by "
            "the parties.",
            "A party wishing to end the internship immediately informs the other parties in "
            "writing, giving its reasons. These are discussed together, and the final decision "
            "to end the internship is taken only after this discussion. The agreement may also "
            "be terminated by mutual consent.",
        ],
        "validation_title": "Article 11 – Validation if the internship is interrupted",
        "validation": (
            "When the intern interrupts the internship because of illness, accident, pregnancy, "
            "paternity or adoption or, with the school's agreement, because the educational "
            "terms of the agreement were not respected or because the host organisation ended "
            "the agreement, the school validates the internship even though it did not reach "
            "the duration required by the programme, or offers the intern another way to "
            "validate this part of the training. With the parties' agreement, the end of the "
            "internship may be postponed (article L124-15)."
        ),
        "benefits_title": "Article 12 – Benefits offered to the intern",
        "benefits": (
            "The intern has access to the staff restaurant or to meal vouchers on the same "
            "terms as the host organisation's employees, and to the payment of transport costs "
            "provided by article L3261-2 of the French Labour Code (article L124-13). The "
            "intern has access to the social and cultural activities of the works council on "
            "the same terms as employees (article L124-16). Expenses incurred at the host "
            "organisation's request for the internship are refunded under the rules that apply "
            "to employees."
        ),
        "rules_title": "Article 13 – Internal rules and discipline",
        "rules": [
            "During the internship, the intern follows the discipline and the clauses of the "
            "host organisation's internal rules that apply to interns, in particular on working "
            "hours, health and safety; they are made known to the intern before the internship "
            "starts. Only the school may impose a disciplinary sanction; the host organisation "
            "informs it of any breach.",
            "The intern keeps confidential the information learnt during the internship.",
        ],
        "attestation_title": "Article 14 – Internship certificate",
        "attestation": (
            "At the end of the internship, the host organisation gives the intern a "
            "certificate (attestation de stage) stating the total actual duration of the "
            "internship and, where applicable, the total gratification received (article "
            "D124-9). With it, the intern may claim pension rights where applicable (article "
            "L351-17 of the French Social Security Code)."
        ),
        "signatures_title": "Article 15 – Signatures",
        "signatures_intro": (
            "Each party signs this version of the agreement electronically. The signature "
            "covers the SHA-256 fingerprint of the frozen content, shown below: the slightest "
            "change to the content would change the fingerprint. Any later change is made by "
            "an amendment."
        ),
        "hash_label": "SHA-256 fingerprint of this version",
        "roles": {
            Party.STAFF: "For the school",
            Party.HOST: "For the host organisation",
            Party.INTERN: "The intern",
            Party.TUTOR: "The tutor",
            Party.REFERENT: "The referent teacher",
        },
        "school_office": "Internship office",
        "signed": "Signed electronically on {date} at {time}",
        "not_signed": "Not signed yet",
        "fully_signed": "Version signed by every party on {date}.",
        "partly_signed": "Signatures collected: {count} out of {total}.",
        "timezone_note": "Times are given in the {zone} time zone.",
        "verify_note": (
            "To verify this document, enter its fingerprint or upload this file on Balise's "
            "verification page{url}."
        ),
        "verify_url": ": {url}",
        "time": "{hour:02d}:{minute:02d}",
        "amendment_subtitle": "Version {number} of the agreement, frozen on {date}",
        "amendment_intro": (
            "This amendment changes the internship agreement “{title}” between {school}, "
            "{host} and {intern}. It makes version {number} of the agreement, which replaces "
            "version {base}. The terms of the agreement it does not change remain in force."
        ),
        "reason_title": "Article 1 – Reason for the amendment",
        "changes_title": "Article 2 – Changes to the terms",
        "change_header": ("Item", "Before (version {base})", "After (version {number})"),
        "no_term_changes": "The terms of the agreement do not change.",
        "objective_changes_title": "Article 3 – Objectives",
        "objectives_added": "Objectives added",
        "objectives_removed": "Objectives removed",
        "objective_changed": "Objective changed: {title}",
        "specific": "Specific objective",
        "leave": "Leave and authorised absences",
        "no_objective_changes": "The objectives do not change.",
        "objective_title": "Title",
        "description": "Description",
        "kind": "Kind",
        "mission_changes_title": "Article 4 – Activities entrusted",
        "missions_added": "Activities added",
        "missions_removed": "Activities removed",
        "no_mission_changes": "The activities entrusted do not change.",
        "amendment_signatures_title": "Article 5 – Signatures",
        "amendment_signatures_intro": (
            "Each party signs electronically the new version of the agreement made by this "
            "amendment. The signature covers the SHA-256 fingerprint of its frozen content; "
            "the fingerprint of the version it changes is given as well."
        ),
        "base_hash_label": "SHA-256 fingerprint of the changed version (version {number})",
        "new_hash_label": "SHA-256 fingerprint of the new version (version {number})",
        "title": "Title of the internship",
        "none": "—",
    },
}


class DocumentError(ValueError):
    """An uploaded file Balise cannot read as one of its PDFs; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Small formatters -----------------------------------------------------------------------


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "fr"


def _date(value: str | None, lang: str) -> str:
    return fmt.date(dt.date.fromisoformat(value), lang) if value else TEXTS[lang]["none"]


def _hours(value: str | None, lang: str) -> str:
    return fmt.hours(Decimal(value), lang) if value is not None else TEXTS[lang]["none"]


def _yes_no(value: bool, lang: str) -> str:
    return TEXTS[lang]["yes" if value else "no"]


def _name(person: dict | None, lang: str) -> str:
    return person["name"] if person else TEXTS[lang]["not_named"]


def _datetime(value: dt.datetime, lang: str) -> tuple[str, str]:
    local = timezone.localtime(value)
    time = TEXTS[lang]["time"].format(hour=local.hour, minute=local.minute)
    return fmt.date(local.date(), lang), time


def _weekdays(days: list[str], lang: str) -> str:
    names = TEXTS[lang]["weekdays"]
    return fmt.join([names.get(day, day) for day in days], lang)


def _place(content: dict) -> str:
    host = content["host"]
    address = ", ".join(
        part
        for part in (
            host.get("address"),
            " ".join(filter(None, (host.get("postal_code"), host.get("city")))),
        )
        if part
    )
    return content["agreement"].get("place") or address or host["name"]


def _gratification(terms: dict, lang: str) -> str:
    t = TEXTS[lang]
    rate = terms.get("gratification_hourly_rate")
    if rate is not None and Decimal(rate) > 0:
        return t["amount_value"].format(rate=fmt.euros(Decimal(rate), lang))
    return t["amount_minimum"] if terms.get("gratification_required") else t["amount_none"]


def _paragraphs(text: str) -> list[dict]:
    """A free text as paragraphs (blank lines separate them, single newlines break lines)."""
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text or "") if chunk.strip()]
    return [{"kind": "text", "text": chunk} for chunk in chunks]


def _competency_name(competency: dict, lang: str) -> str:
    name = competency.get(f"name_{lang}") or competency.get("name_fr") or ""
    return f"{competency['code']} – {name}" if competency.get("code") else name


# --- Signatures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureLine:
    """One signing party of a version: who signs for it and when they did (or not yet)."""

    party: str
    name: str
    signed_at: dt.datetime | None

    @property
    def party_label(self) -> str:
        return Party(self.party).label


def signature_lines(version: AgreementVersion) -> list[SignatureLine]:
    """The five signing parties of `version`, in the order the law names them.

    The name is the one frozen in the content when the signer is that person (a later
    change of name does not change a signed document), the signer's own name otherwise.
    """
    content = version.content
    signatures = {s.party: s for s in version.signatures.all()}
    lines = []
    for party in SIGNING_PARTIES:
        person_key = PARTY_PERSON[Party(party)]
        person = content.get(person_key) if person_key else None
        signature = signatures.get(party)
        if signature is None:
            name = person["name"] if person else ""
        elif person and person.get("id") == signature.signer_id:
            name = person["name"]
        else:
            name = str(signature.signer)
        lines.append(
            SignatureLine(
                party=party, name=name, signed_at=signature.signed_at if signature else None
            )
        )
    return lines


def fully_signed_at(version: AgreementVersion, lines: list[SignatureLine]) -> dt.datetime | None:
    if version.signed_at:
        return version.signed_at
    dates = [line.signed_at for line in lines]
    return max(dates) if all(dates) else None


def _signature_blocks(version: AgreementVersion, lang: str) -> list[dict]:
    t = TEXTS[lang]
    content = version.content
    lines = signature_lines(version)
    boxes = []
    for line in lines:
        party = Party(line.party)
        organisation = {
            Party.STAFF: f"{content['school']['name']} – {t['school_office']}",
            Party.HOST: content["host"]["name"],
        }.get(party, "")
        if line.signed_at:
            date, time = _datetime(line.signed_at, lang)
            status = t["signed"].format(date=date, time=time)
        else:
            status = t["not_signed"]
        boxes.append(
            {
                "role": t["roles"][party],
                "org": organisation,
                "name": line.name,
                "status": status,
                "signed": line.signed_at is not None,
            }
        )
    complete = fully_signed_at(version, lines)
    if complete:
        summary = t["fully_signed"].format(date=fmt.date(timezone.localdate(complete), lang))
    else:
        summary = t["partly_signed"].format(
            count=sum(1 for line in lines if line.signed_at), total=len(lines)
        )
    verify_url = _verify_url()
    return [
        {"kind": "signatures", "items": boxes},
        {"kind": "text", "text": summary},
        {
            "kind": "note",
            "text": " ".join(
                (
                    t["timezone_note"].format(zone=timezone.get_current_timezone_name()),
                    t["verify_note"].format(
                        url=t["verify_url"].format(url=verify_url) if verify_url else ""
                    ),
                )
            ),
        },
    ]


def _verify_url() -> str:
    try:
        return settings.BALISE_BASE_URL + reverse("documents:verify")
    except NoReverseMatch:
        return ""


# --- The agreement ----------------------------------------------------------------------------


def _ref(lang: str, *items: str) -> str:
    return TEXTS[lang]["ref"].format(items=", ".join(items))


def _article(title: str, blocks: list[dict], ref: str = "") -> dict:
    return {"title": title, "ref": ref, "blocks": blocks}


def _text(text: str) -> dict:
    return {"kind": "text", "text": text}


def _objective_cards(
    objectives: list[dict], lang: str, *, among: list[dict] | None = None
) -> list[dict]:
    """The objectives as cards, main first; numbers and weights are counted `among` the
    version's whole list (an amendment shows only some of them)."""
    t = TEXTS[lang]
    among = objectives if among is None else among
    total_weight = sum(o.get("weight") or 0 for o in among)
    specific_numbers = {
        id(o): number
        for number, o in enumerate((o for o in among if o.get("kind") != "main"), start=1)
    }
    cards = []
    for objective in sorted(objectives, key=lambda o: o.get("kind") != "main"):
        main = objective.get("kind") == "main"
        details = []
        if objective.get("indicators"):
            details.append([t["indicators"], list(objective["indicators"])])
        if objective.get("competencies"):
            details.append(
                [t["competencies"], [_competency_name(c, lang) for c in objective["competencies"]]]
            )
        if objective.get("milestones"):
            details.append(
                [
                    t["milestones"],
                    [
                        t["milestone"].format(title=m["title"], date=_date(m["due_date"], lang))
                        for m in objective["milestones"]
                    ],
                ]
            )
        if objective.get("target_date"):
            details.append([t["target_date"], _date(objective["target_date"], lang)])
        if objective.get("weight") and total_weight:
            details.append(
                [
                    t["weight"],
                    t["weight_value"].format(weight=objective["weight"], total=total_weight),
                ]
            )
        if main:
            badge = t["main_objective"]
        elif id(objective) in specific_numbers:
            badge = t["specific_objective"].format(number=specific_numbers[id(objective)])
        else:
            badge = t["specific"]
        cards.append(
            {
                "main": main,
                "badge": badge,
                "title": objective["title"],
                "description": objective.get("description") or "",
                "details": details,
            }
        )
    return cards


def _all_competencies(objectives: list[dict], lang: str) -> list[str]:
    seen, names = set(), []
    for objective in objectives:
        for competency in objective.get("competencies", []):
            key = competency.get("code") or competency.get("name_fr")
            if key not in seen:
                seen.add(key)
                names.append(_competency_name(competency, lang))
    return names


def _parties(content: dict, lang: str) -> dict:
    t = TEXTS[lang]
    school, host, intern = content["school"], content["host"], content["intern"]
    school_lines = [school["name"]]
    school_lines += [part for part in (school.get("address"), school.get("city")) if part]
    school_lines.append(t["school_represented"])
    host_lines = [host["name"]]
    if host.get("siret"):
        host_lines.append(t["siret"].format(siret=host["siret"]))
    if host.get("address"):
        host_lines.append(host["address"])
    city = " ".join(filter(None, (host.get("postal_code"), host.get("city"))))
    if city:
        host_lines.append(city)
    if host.get("country") and host["country"] != "France":
        host_lines.append(host["country"])
    if host.get("headcount") is not None:
        singular, plural = t["employee"]
        host_lines.append(
            t["headcount"].format(count=fmt.plural(host["headcount"], singular, plural, lang))
        )
    if content.get("signatory"):
        host_lines.append(t["host_represented"].format(name=content["signatory"]["name"]))
    intern_lines = [intern["name"]]
    if intern.get("email") and intern["email"] != intern["name"]:
        intern_lines.append(t["email_line"].format(email=intern["email"]))
    intern_lines.append(t["program_line"].format(program=content["program"]["name"]))
    return {
        "kind": "parties",
        "items": [
            {"heading": t["school"], "lines": school_lines},
            {"heading": t["host"], "lines": host_lines},
            {"heading": t["intern"], "lines": intern_lines},
        ],
    }


def _term_rows(content: dict, lang: str) -> dict[str, list]:
    """The labelled values of the terms, shared by the agreement and the amendment."""
    t = TEXTS[lang]
    terms = content["terms"]
    days = terms.get("presence_days")
    singular, plural = t["day"]
    return {
        "title": [t["title"], content["agreement"]["title"]],
        "program": [t["program"], content["program"]["name"]],
        "referent": [t["referent"], _name(content.get("referent"), lang)],
        "tutor": [t["tutor"], _name(content.get("tutor"), lang)],
        "signatory": [
            t["roles"][Party.HOST],
            _name(content.get("signatory"), lang),
        ],
        "start_date": [t["start_date"], _date(terms.get("start_date"), lang)],
        "end_date": [t["end_date"], _date(terms.get("end_date"), lang)],
        "duration": [
            t["duration"],
            t["duration_value"].format(
                hours=_hours(terms.get("presence_hours"), lang),
                days=fmt.plural(days or 0, singular, plural, lang),
            ),
        ],
        "place": [t["place"], _place(content)],
        "weekly_hours": [t["weekly_hours"], _hours(terms.get("weekly_hours"), lang)],
        "working_days": [t["working_days"], _weekdays(terms.get("working_days") or [], lang)],
        "daily_max": [
            t["daily_max"],
            _hours(terms["daily_hours_max"], lang)
            if terms.get("daily_hours_max") is not None
            else t["daily_even"],
        ],
        "night": [t["night"], _yes_no(terms.get("night_work", False), lang)],
        "sunday": [t["sunday"], _yes_no(terms.get("sunday_work", False), lang)],
        "holiday": [t["holiday"], _yes_no(terms.get("public_holiday_work", False), lang)],
        "gratification": [t["amount"], _gratification(terms, lang)],
        "leave": [
            t["leave"],
            t["leave_provided" if terms.get("leave_provided") else "leave_not_provided"],
        ],
    }


def _agreement_articles(content: dict, lang: str) -> list[dict]:
    t = TEXTS[lang]
    rows = _term_rows(content, lang)
    program, terms = content["program"], content["terms"]
    rate = terms.get("gratification_hourly_rate")
    rate = Decimal(rate) if rate is not None else None
    minimum = terms.get("minimum_hourly_rate")
    minimum = Decimal(minimum) if minimum is not None else None
    paid = rate is not None and rate > 0

    gratification_rows = [rows["gratification"]]
    if minimum is not None and terms.get("gratification_required"):
        gratification_rows.append(
            [t["minimum"], t["minimum_value"].format(rate=fmt.euros(minimum, lang))]
        )
    gratification_rows.append(
        [
            t["payment"],
            t["payment_value"]
            if paid or terms.get("gratification_required")
            else t["payment_none"],
        ]
    )
    if terms.get("gratification_required"):
        gratification_text = t["gratification_required"]
    else:
        gratification_text = t["gratification_voluntary" if paid else "gratification_none"]

    above_threshold = paid and minimum is not None and rate > minimum
    leave = t["leave_provided" if terms.get("leave_provided") else "leave_not_provided"]

    objectives = content.get("objectives") or []
    competencies = _all_competencies(objectives, lang)
    missions = content.get("missions") or []

    return [
        _article(
            t["program_title"],
            [
                {
                    "kind": "facts",
                    "rows": [
                        rows["program"],
                        [
                            t["level"],
                            t["levels"].get(program.get("level"), program.get("level") or ""),
                        ],
                        [
                            t["volume"],
                            t["volume_value"].format(
                                teaching=fmt.hours(program["teaching_hours_per_year"], lang),
                                in_person=fmt.hours(program["in_person_hours_per_year"], lang),
                            ),
                        ],
                    ],
                }
            ],
            _ref(lang, "1°"),
        ),
        _article(
            t["supervision_title"],
            [{"kind": "facts", "rows": [rows["referent"], rows["tutor"]]}]
            + [_text(paragraph) for paragraph in t["supervision"]],
            _ref(lang, "2°", "7°"),
        ),
        _article(
            t["objectives_title"],
            [_text(t["objectives_intro"])]
            + (
                [{"kind": "objectives", "items": _objective_cards(objectives, lang)}]
                if objectives
                else [_text(t["no_objectives"])]
            )
            + [{"kind": "subheading", "text": t["competencies_title"]}]
            + (
                [{"kind": "list", "items": competencies}]
                if competencies
                else [_text(t["no_competencies"])]
            ),
            _ref(lang, "3°"),
        ),
        _article(
            t["missions_title"],
            [_text(t["missions_intro"]), {"kind": "list", "items": missions, "numbered": True}]
            if missions
            else [_text(t["no_missions"])],
            _ref(lang, "4°"),
        ),
        _article(
            t["dates_title"],
            [
                {
                    "kind": "facts",
                    "rows": [rows["start_date"], rows["end_date"], rows["duration"], rows["place"]],
                },
                _text(t["dates_text"]),
            ],
            _ref(lang, "5°"),
        ),
        _article(
            t["presence_title"],
            [
                {
                    "kind": "facts",
                    "rows": [
                        rows["weekly_hours"],
                        rows["working_days"],
                        rows["daily_max"],
                        rows["night"],
                        rows["sunday"],
                        rows["holiday"],
                    ],
                },
                _text(t["presence_text"]),
            ],
            _ref(lang, "6°"),
        ),
        _article(
            t["gratification_title"],
            [{"kind": "facts", "rows": gratification_rows}, _text(gratification_text)],
            _ref(lang, "8°"),
        ),
        _article(
            t["protection_title"],
            [_text(paragraph) for paragraph in t["protection"]]
            + [
                _text(t["protection_above" if above_threshold else "protection_below"]),
                _text(t["protection_liability"]),
            ],
            _ref(lang, "9°"),
        ),
        _article(
            t["absences_title"],
            [_text(paragraph) for paragraph in t["absences"]]
            + [_text(leave), _text(t["absences_other"])],
            _ref(lang, "10°"),
        ),
        _article(
            t["termination_title"],
            [_text(paragraph) for paragraph in t["termination"]],
            _ref(lang, "11°"),
        ),
        _article(t["validation_title"], [_text(t["validation"])], _ref(lang, "12°")),
        _article(t["benefits_title"], [_text(t["benefits"])], _ref(lang, "13°")),
        _article(t["rules_title"], [_text(p) for p in t["rules"]], _ref(lang, "14°")),
        _article(t["attestation_title"], [_text(t["attestation"])], _ref(lang, "15°")),
    ]


def _frame(*, version: AgreementVersion, lang: str, kind: str, amendment=None) -> dict:
    """Document metadata, title block, running header and footer."""
    t = TEXTS[lang]
    content = version.content
    values = {
        "id": content["agreement"]["id"],
        "number": version.number,
        "title": content["agreement"]["title"],
        "amendment": amendment.number if amendment else "",
        "date": fmt.date(timezone.localdate(version.created_at), lang),
    }
    prefix = "amendment_" if kind == "amendment" else ""
    return {
        "lang": lang,
        "meta": {
            "title": t[f"{prefix}doc_title"].format(**values),
            "author": "Balise",
            "keywords": ["Balise", f"{HASH_KEYWORD}{version.sha256}"],
        },
        "header": {
            "kicker": t[f"{prefix}kicker"],
            "reference": t[f"{prefix}reference"].format(**values),
            "title": content["agreement"]["title"],
            "subtitle": t[f"{prefix}subtitle"].format(**values),
        },
        "running": t[f"{prefix}running"].format(**values),
        "footer": {
            "text": t["footer"].format(**values),
            "page": t["page"],
            "hashlabel": t["hash_footer"],
            "hash": version.sha256,
        },
    }


def render_typst(template: str, data: dict, *, created_at: dt.datetime) -> bytes:
    return typst.compile(
        str(TYPST_DIR / template),
        root=str(TYPST_DIR),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
        pdf_standards="a-2b",
        # The creation date is the version's: the same version renders the same bytes.
        timestamp=int(created_at.timestamp()),
    )


def version_pdf(*, version: AgreementVersion, lang: str = "fr") -> bytes:
    """The agreement PDF of `version`: its frozen content, its signatures, its hash."""
    lang = _lang(lang)
    t = TEXTS[lang]
    content = version.content
    data = _frame(version=version, lang=lang, kind="agreement")
    data["intro"] = [
        _text(t["intro"].format(title=content["agreement"]["title"])),
        _parties(content, lang),
    ]
    data["articles"] = _agreement_articles(content, lang) + [
        _article(
            t["signatures_title"],
            [
                _text(t["signatures_intro"]),
                {"kind": "hash", "label": t["hash_label"], "value": version.sha256},
                *_signature_blocks(version, lang),
            ],
        )
    ]
    return render_typst("agreement.typ", data, created_at=version.created_at)


# --- The amendment ----------------------------------------------------------------------------

# The terms an amendment may change, in the order the table lists them.
_TERM_KEYS = (
    "title",
    "program",
    "start_date",
    "end_date",
    "duration",
    "place",
    "weekly_hours",
    "working_days",
    "daily_max",
    "night",
    "sunday",
    "holiday",
    "gratification",
    "leave",
    "tutor",
    "referent",
    "signatory",
)


def _objective_fields(objective: dict, lang: str) -> list[list]:
    """An objective's fields as labelled, comparable values."""
    t = TEXTS[lang]
    return [
        [t["kind"], t["main_objective" if objective.get("kind") == "main" else "specific"]],
        [t["objective_title"], objective.get("title") or ""],
        [t["description"], objective.get("description") or t["none"]],
        [t["indicators"], list(objective.get("indicators") or []) or t["none"]],
        [
            t["competencies"],
            [_competency_name(c, lang) for c in objective.get("competencies") or []] or t["none"],
        ],
        [
            t["milestones"],
            [
                t["milestone"].format(title=m["title"], date=_date(m["due_date"], lang))
                for m in objective.get("milestones") or []
            ]
            or t["none"],
        ],
        [t["target_date"], _date(objective.get("target_date"), lang)],
        [t["weight"], str(objective.get("weight") or t["none"])],
    ]


def amendment_changes(base: dict, new: dict, lang: str = "fr") -> dict:
    """What changed between two contents: terms (label, before, after), objectives added,
    changed (with their changed fields) and removed, missions added and removed."""
    lang = _lang(lang)
    before, after = _term_rows(base, lang), _term_rows(new, lang)
    terms = [
        [before[key][0], before[key][1], after[key][1]]
        for key in _TERM_KEYS
        if before[key][1] != after[key][1]
    ]
    old_objectives = {o["id"]: o for o in base.get("objectives") or [] if o.get("id") is not None}
    new_ids = {o.get("id") for o in new.get("objectives") or []}
    added, changed = [], []
    for objective in new.get("objectives") or []:
        previous = old_objectives.get(objective.get("id"))
        if previous is None:
            added.append(objective)
            continue
        fields = [
            [label, old_value, new_value]
            for (label, old_value), (_label, new_value) in zip(
                _objective_fields(previous, lang), _objective_fields(objective, lang), strict=True
            )
            if old_value != new_value
        ]
        if fields:
            changed.append({"title": objective["title"], "fields": fields})
    removed = [o for o_id, o in old_objectives.items() if o_id not in new_ids]
    old_missions, new_missions = base.get("missions") or [], new.get("missions") or []
    return {
        "terms": terms,
        "objectives_added": added,
        "objectives_changed": changed,
        "objectives_removed": removed,
        "missions_added": [m for m in new_missions if m not in old_missions],
        "missions_removed": [m for m in old_missions if m not in new_missions],
    }


def amendment_pdf(*, amendment: Amendment, lang: str = "fr") -> bytes:
    """The amendment PDF: its number and reason, what changed (old → new), the signatures
    of the version it makes, and both versions' hashes."""
    if amendment.version is None:
        raise ValueError("This amendment has no version yet.")
    lang = _lang(lang)
    t = TEXTS[lang]
    base, version = amendment.base_version, amendment.version
    content = version.content
    changes = amendment_changes(base.content, content, lang)
    header = [
        t["change_header"][0],
        t["change_header"][1].format(base=base.number),
        t["change_header"][2].format(number=version.number),
    ]

    objective_blocks = []
    if changes["objectives_added"]:
        objective_blocks += [
            {"kind": "subheading", "text": t["objectives_added"]},
            {
                "kind": "objectives",
                "items": _objective_cards(
                    changes["objectives_added"], lang, among=content.get("objectives") or []
                ),
            },
        ]
    for item in changes["objectives_changed"]:
        objective_blocks += [
            {"kind": "subheading", "text": t["objective_changed"].format(title=item["title"])},
            {"kind": "changes", "header": header, "rows": item["fields"]},
        ]
    if changes["objectives_removed"]:
        objective_blocks += [
            {"kind": "subheading", "text": t["objectives_removed"]},
            {"kind": "list", "items": [o["title"] for o in changes["objectives_removed"]]},
        ]
    mission_blocks = []
    if changes["missions_added"]:
        mission_blocks += [
            {"kind": "subheading", "text": t["missions_added"]},
            {"kind": "list", "items": changes["missions_added"]},
        ]
    if changes["missions_removed"]:
        mission_blocks += [
            {"kind": "subheading", "text": t["missions_removed"]},
            {"kind": "list", "items": changes["missions_removed"]},
        ]

    data = _frame(version=version, lang=lang, kind="amendment", amendment=amendment)
    data["intro"] = [
        _text(
            t["amendment_intro"].format(
                title=content["agreement"]["title"],
                school=content["school"]["name"],
                host=content["host"]["name"],
                intern=content["intern"]["name"],
                number=version.number,
                base=base.number,
            )
        )
    ]
    data["articles"] = [
        _article(t["reason_title"], _paragraphs(amendment.reason) or [_text(t["none"])]),
        _article(
            t["changes_title"],
            [{"kind": "changes", "header": header, "rows": changes["terms"]}]
            if changes["terms"]
            else [_text(t["no_term_changes"])],
        ),
        _article(
            t["objective_changes_title"],
            objective_blocks or [_text(t["no_objective_changes"])],
        ),
        _article(
            t["mission_changes_title"],
            mission_blocks or [_text(t["no_mission_changes"])],
        ),
        _article(
            t["amendment_signatures_title"],
            [
                _text(t["amendment_signatures_intro"]),
                {
                    "kind": "hash",
                    "label": t["base_hash_label"].format(number=base.number),
                    "value": base.sha256,
                },
                {
                    "kind": "hash",
                    "label": t["new_hash_label"].format(number=version.number),
                    "value": version.sha256,
                },
                *_signature_blocks(version, lang),
            ],
        ),
    ]
    return render_typst("amendment.typ", data, created_at=version.created_at)


# --- File names -------------------------------------------------------------------------------


def _person_slug(content: dict) -> str:
    intern = content.get("intern") or {}
    return slugify(intern.get("name", "").split("@")[0]) or "stagiaire"


def document_filename(version: AgreementVersion, lang: str = "fr") -> str:
    """`convention-de-stage-12-v1-lea-martin.pdf` / `internship-agreement-12-v1-lea-martin.pdf`."""
    prefix = "internship-agreement" if _lang(lang) == "en" else "convention-de-stage"
    content = version.content
    return f"{prefix}-{content['agreement']['id']}-v{version.number}-{_person_slug(content)}.pdf"


def amendment_filename(amendment: Amendment, lang: str = "fr") -> str:
    """`avenant-1-convention-12-lea-martin.pdf` / `amendment-1-agreement-12-lea-martin.pdf`."""
    words = ("amendment", "agreement") if _lang(lang) == "en" else ("avenant", "convention")
    content = (amendment.version or amendment.base_version).content
    return (
        f"{words[0]}-{amendment.number}-{words[1]}-{content['agreement']['id']}-"
        f"{_person_slug(content)}.pdf"
    )


# --- Verification -----------------------------------------------------------------------------


def normalise_sha256(value: str) -> str | None:
    """The 64 lowercase hex characters of a fingerprint typed with spaces, colons or
    capitals, or None when it is not one."""
    cleaned = re.sub(r"[\s:]", "", value or "").lower()
    return cleaned if SHA256_RE.fullmatch(cleaned) else None


def version_from_pdf(data: bytes) -> str | None:
    """The SHA-256 printed in a Balise PDF: from its metadata first, its text second.

    None when the file is a readable PDF without a Balise fingerprint. Raises
    `DocumentError` for what is not a PDF or is larger than 10 MB.
    """
    import pypdf

    if len(data) > MAX_PDF_BYTES:
        raise DocumentError(_("The file is larger than 10 MB: it cannot be a Balise document."))
    # The header may follow a few bytes of garbage (PDF 1.7, annex H); 1 KB is what readers allow.
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(_("This file is not a PDF."))
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        keywords = str((reader.metadata or {}).get("/Keywords") or "")
        found = _KEYWORD_RE.search(keywords)
        if found:
            return found.group(1)
        for page in reader.pages:
            found = _TEXT_RE.search(page.extract_text() or "")
            if found:
                return found.group(1)
    # An uploaded file is untrusted: whatever breaks the parser means "unreadable".
    except Exception as exc:
        raise DocumentError(_("This PDF cannot be read: it may be damaged.")) from exc
    return None


@dataclass(frozen=True)
class Verification:
    """What the verification page may say about a version: no email, no IP address."""

    sha256: str
    number: int
    title: str
    intern: str
    host: str
    school: str
    frozen_at: dt.datetime
    amendment_number: int | None
    signatures: list[SignatureLine]
    fully_signed_at: dt.datetime | None


def _public(name: str) -> str:
    # A person without a name is stored under their email address: never show it here.
    return "" if "@" in name else name


def verify_sha256(sha256: str) -> Verification | None:
    """The version whose content has this fingerprint, as the public may see it."""
    version = (
        AgreementVersion.objects.filter(sha256=sha256)
        .select_related("amendment")
        .prefetch_related("signatures__signer")
        .first()
    )
    if version is None:
        return None
    content = version.content
    lines = [
        SignatureLine(
            party=line.party,
            # Before its office signs, the school is the name to show.
            name=_public(line.name)
            or (content["school"]["name"] if line.party == Party.STAFF else ""),
            signed_at=line.signed_at,
        )
        for line in signature_lines(version)
    ]
    try:
        amendment_number = version.amendment.number
    except Amendment.DoesNotExist:
        amendment_number = None
    return Verification(
        sha256=version.sha256,
        number=version.number,
        title=content["agreement"]["title"],
        intern=_public(content["intern"]["name"]),
        host=content["host"]["name"],
        school=content["school"]["name"],
        frozen_at=version.created_at,
        amendment_number=amendment_number,
        signatures=lines,
        fully_signed_at=fully_signed_at(version, lines),
    )


# --- The host's register of interns (Code du travail, D1221-23-1) ------------------------------

REGISTER_HEADER = (
    "Ordre d'arrivée",
    "Nom",
    "Prénom",
    "Date d'entrée",
    "Date de départ",
    "Tuteur",
    "Lieu de présence",
    "Établissement d'enseignement",
    "Formation",
    "Convention",
)


def host_register_agreements(*, host, school_ids=None) -> QuerySet[Agreement]:
    """The signed agreements at `host`, in order of arrival (start date, then id); only
    those of `school_ids` when given."""
    queryset = Agreement.objects.filter(host=host, status__in=SIGNED_STATUSES)
    if school_ids is not None:
        queryset = queryset.filter(school_id__in=school_ids)
    return queryset.select_related("intern", "tutor", "school", "program", "host").order_by(
        "start_date", "pk"
    )


def host_register_rows(*, host, agreements) -> list[dict]:
    """One row per intern, in order of arrival, with what D1221-23-1 requires: the dates,
    the tutor and the place of presence."""
    host_address = ", ".join(
        part
        for part in (host.address, " ".join(filter(None, (host.postal_code, host.city))))
        if part
    )
    ordered = sorted(agreements, key=lambda a: (a.start_date, a.pk))
    return [
        {
            "order": position,
            "last_name": agreement.intern.last_name or agreement.intern.email,
            "first_name": agreement.intern.first_name,
            "start_date": agreement.start_date,
            # An interrupted internship ends on the day it was interrupted.
            "end_date": agreement.interrupted_on or agreement.end_date,
            "tutor": (agreement.tutor.get_full_name() or agreement.tutor.email)
            if agreement.tutor
            else "",
            "place": agreement.place or host_address or host.name,
            "school": agreement.school.name,
            "program": agreement.program.name,
            "agreement": agreement.pk,
        }
        for position, agreement in enumerate(ordered, start=1)
    ]


def _cell(value) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    # A cell that starts like a formula would run as one in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def host_register_csv(*, host, agreements) -> str:
    """The register as CSV for a French spreadsheet: UTF-8 with BOM, `;`, dates dd/mm/yyyy."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTER_HEADER)
    for row in host_register_rows(host=host, agreements=agreements):
        writer.writerow(
            _cell(row[key])
            for key in (
                "order",
                "last_name",
                "first_name",
                "start_date",
                "end_date",
                "tutor",
                "place",
                "school",
                "program",
                "agreement",
            )
        )
    return "\ufeff" + out.getvalue()


def host_register_filename(host) -> str:
    return f"registre-stagiaires-{slugify(host.name) or host.pk}.csv"
