"""What the intern takes to her next application: CV lines, a JSON Resume, Open Badges for
the competencies validated as acquired, and her network as vCards.

Rendering only, from `reports.gather()` or the contacts; no HTTP, no database writes.

- JSON Resume: https://jsonresume.org/schema (v1.0.0): `basics`, a `work` entry with its
  `highlights`, the school in `education`, `skills` with their `level`.
- Open Badges 3.0 (1EdTech): an `OpenBadgeCredential` (a W3C Verifiable Credential, data
  model 2.0) whose `credentialSubject` holds the `Achievement` — the competency, its
  `criteria` and its `alignment` to the framework — and whose `evidence` lists what shows it.
  The credential is unsigned: Balise has no issuer key, so a wallet shows it as
  unverified; the school may sign it with its own tools.
- vCard 3.0 (RFC 2426) or 4.0 (RFC 6350), through vobject.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import vobject
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from balise.law import formatting as fmt
from balise.outcomes.documents import month_name
from balise.outcomes.reports import CompetencyData, ReportData

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
VCARD_VERSIONS = ("3.0", "4.0")

TEXTS = {
    "fr": {
        "heading": "Stage : {title} — {host}{city} ({start} – {end})",
        "achievement": "{title} : {indicators}",
        "competency": "{name} : niveau {level} sur 4",
        "competencies": "Compétences : {items}",
        "competency_short": "{name} (niveau {level} sur 4)",
        "position": "Stagiaire",
        "skill_level": "Niveau {level} sur 4",
        "level": "Niveau",
        "criteria": (
            "Compétence évaluée au niveau visé ou au-delà par le tuteur ou l'enseignant "
            "référent, lors d'un point d'étape validé par le stagiaire et le tuteur, au cours "
            "d'un stage suivi dans Balise."
        ),
        "levels": "Niveaux du référentiel :",
        "credential_description": (
            "{intern} a acquis la compétence « {name} » au cours du stage « {title} » chez "
            "{host} : niveau {level} sur 4 pour un niveau visé de {target}, validé le {date}."
        ),
        "evidence_checkin": "Point d'étape du {date}",
        "evidence_checkin_description": "Compétence évaluée et validée lors de ce point d'étape.",
        "evidence_activity": "Carnet de bord, {date}",
        "evidence_moment": "Moment clé, {date}",
        "moment": "{title} ({date}) — moment clé validé par le tuteur",
        "resume_file": "cv",
    },
    "en": {
        "heading": "Internship: {title} — {host}{city} ({start} – {end})",
        "achievement": "{title}: {indicators}",
        "competency": "{name}: level {level} of 4",
        "competencies": "Competencies: {items}",
        "competency_short": "{name} (level {level} of 4)",
        "position": "Intern",
        "skill_level": "Level {level} of 4",
        "level": "Level",
        "criteria": (
            "Competency assessed at or above the target level by the tutor or the referent "
            "teacher, at a check-in signed off by the intern and the tutor, during an "
            "internship followed in Balise."
        ),
        "levels": "Levels of the framework:",
        "credential_description": (
            "{intern} acquired the competency “{name}” during the internship “{title}” at "
            "{host}: level {level} of 4 for a target of {target}, validated on {date}."
        ),
        "evidence_checkin": "Check-in of {date}",
        "evidence_checkin_description": "Competency assessed and validated at this check-in.",
        "evidence_activity": "Logbook, {date}",
        "evidence_moment": "Key moment, {date}",
        "moment": "{title} ({date}) — key moment endorsed by the tutor",
        "resume_file": "resume",
    },
}


def _name(competency, lang: str) -> str:
    return (competency.name_en if lang == "en" else "") or competency.name_fr


def _description(competency, lang: str) -> str:
    return (competency.description_en if lang == "en" else "") or competency.description_fr


def _framework_name(framework, lang: str) -> str:
    return (framework.name_en if lang == "en" else "") or framework.name_fr


def _person(user) -> str:
    return user.get_full_name() or user.email


def _indicators(indicators: list[str], lang: str) -> str:
    return (" ; " if lang == "fr" else "; ").join(indicators)


# --- CV lines ---------------------------------------------------------------------------------


def cv_lines(data: ReportData, lang: str) -> dict:
    """Lines ready to paste: the internship, an achievement per objective, the competencies
    with their validated level. An objective's indicators are listed only when the tutor or
    the referent rated it reached: a CV line claims what was achieved."""
    t = TEXTS[lang]
    agreement = data.agreement
    heading = t["heading"].format(
        title=agreement.title,
        host=agreement.host.name,
        city=f", {agreement.host.city}" if agreement.host.city else "",
        start=month_name(agreement.start_date, lang),
        end=month_name(agreement.end_date, lang),
    )
    achievements = [
        t["achievement"].format(
            title=item.objective.title, indicators=_indicators(item.objective.indicator_list, lang)
        )
        if item.reached and item.objective.indicator_list
        else item.objective.title
        for item in data.objectives
    ]
    rated = [item for item in data.competencies if item.status.level]
    competencies = [
        t["competency"].format(name=_name(item.competency, lang), level=item.status.level)
        for item in rated
    ]
    summary = t["competencies"].format(
        items=", ".join(
            t["competency_short"].format(name=_name(item.competency, lang), level=item.status.level)
            for item in rated
        )
    )
    # Key moments claim something on a CV only once the tutor has endorsed them.
    moments = [
        t["moment"].format(title=moment.title, date=month_name(moment.on, lang))
        for moment in data.moments
        if moment.endorsement
    ]
    text = "\n".join(
        [
            heading,
            *(f"– {line}" for line in achievements),
            *(f"– {line}" for line in moments),
            *([summary] if rated else []),
        ]
    )
    return {
        "heading": heading,
        "achievements": achievements,
        "achievements_text": "\n".join(f"– {line}" for line in achievements),
        "moments": moments,
        "moments_text": "\n".join(f"– {line}" for line in moments),
        "competencies": competencies,
        "competencies_text": "\n".join(competencies),
        "text": text,
    }


def json_resume(data: ReportData, lang: str) -> dict:
    """The internship as a JSON Resume document (schema v1.0.0)."""
    t = TEXTS[lang]
    agreement = data.agreement
    lines = cv_lines(data, lang)
    work = {
        "name": agreement.host.name,
        "position": f"{t['position']} — {agreement.title}",
        "startDate": agreement.start_date.isoformat(),
        "endDate": agreement.end_date.isoformat(),
        "highlights": lines["achievements"] + lines["moments"],
    }
    if agreement.host.city:
        work["location"] = agreement.host.city
    if data.main is not None:
        work["summary"] = data.main.objective.title + (
            f". {data.main.objective.description}" if data.main.objective.description else ""
        )
    return {
        "$schema": JSON_RESUME_SCHEMA,
        "basics": {"name": _person(agreement.intern), "email": agreement.intern.email},
        "work": [work],
        "education": [{"institution": agreement.school.name, "area": agreement.program.name}],
        "skills": [
            {
                "name": _name(item.competency, lang),
                "level": t["skill_level"].format(level=item.status.level),
                "keywords": [_framework_name(item.competency.framework, lang)],
            }
            for item in data.competencies
            if item.status.level
        ],
        "meta": {"version": "v1.0.0", "lastModified": timezone.now().isoformat(timespec="seconds")},
    }


def resume_filename(data: ReportData, lang: str) -> str:
    intern = slugify(_person(data.agreement.intern))
    return f"{TEXTS[lang]['resume_file']}-{data.agreement.pk}-{intern}.json"


# --- Open Badges 3.0 --------------------------------------------------------------------------


def badge_competencies(data: ReportData) -> list[CompetencyData]:
    """The competencies validated as acquired: a badge each."""
    return [item for item in data.competencies if item.acquired and item.decided_at is not None]


def _absolute(path: str) -> str:
    return f"{settings.BALISE_BASE_URL}{path}"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_start(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def issuer_profile(school) -> dict:
    return {
        "id": _absolute(reverse("outcomes:issuer", args=[school.pk])),
        "type": ["Profile"],
        "name": school.name,
    }


def achievement(competency, lang: str) -> dict:
    """The competency as an Open Badges `Achievement`, aligned to its framework."""
    t = TEXTS[lang]
    url = _absolute(reverse("outcomes:achievement", args=[competency.pk]))
    framework = competency.framework
    narrative = t["criteria"]
    levels = [
        (level.get(lang) or level.get("fr") or "").strip() for level in (competency.levels or [])
    ]
    if any(levels):
        narrative += (
            "\n\n"
            + t["levels"]
            + "\n"
            + "\n".join(f"{number}. {text}" for number, text in enumerate(levels, start=1) if text)
        )
    return {
        "id": url,
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": _name(competency, lang),
        "description": _description(competency, lang) or _name(competency, lang),
        "criteria": {"narrative": narrative},
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": _name(competency, lang),
                "targetDescription": _description(competency, lang) or _name(competency, lang),
                "targetFramework": _framework_name(framework, lang),
                "targetCode": competency.code,
                "targetType": "ceasn:Competency",
                "targetUrl": url,
            }
        ],
        "humanCode": competency.code,
        "inLanguage": lang,
        "resultDescription": [
            {
                "id": f"{url}#level",
                "type": ["ResultDescription"],
                "name": t["level"],
                "resultType": "PerformanceLevel",
                "allowedValue": ["1", "2", "3", "4"],
            }
        ],
    }


def _evidence(item: CompetencyData, lang: str) -> list[dict]:
    t = TEXTS[lang]
    found = []
    for evidence in item.evidence_listed:
        day = fmt.date(evidence.on, lang)
        if evidence.kind == "checkin":
            entry = {
                "type": ["Evidence"],
                "name": t["evidence_checkin"].format(date=day),
                "description": t["evidence_checkin_description"],
            }
        else:
            entry = {
                "type": ["Evidence"],
                "name": t[f"evidence_{evidence.kind}"].format(date=day),
                "description": evidence.label,
            }
            if evidence.url:
                entry["id"] = evidence.url
        found.append(entry)
    return found


def open_badge(data: ReportData, item: CompetencyData, lang: str) -> dict:
    """An `OpenBadgeCredential` for one competency validated as acquired.

    Its id is stable (the same agreement and competency give the same id), and the intern
    is identified by her salted, hashed email address and her name.
    """
    t = TEXTS[lang]
    agreement = data.agreement
    competency = item.competency
    path = reverse("outcomes:badge", args=[agreement.pk, competency.pk])
    credential_id = uuid.uuid5(uuid.NAMESPACE_URL, _absolute(path))
    salt = hashlib.sha256(f"{settings.SECRET_KEY}:{credential_id}".encode()).hexdigest()[:16]
    email_hash = hashlib.sha256((agreement.intern.email.lower() + salt).encode()).hexdigest()
    level = item.status.level
    return {
        "@context": OB_CONTEXT,
        "id": f"urn:uuid:{credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(agreement.school),
        "validFrom": _iso(item.decided_at),
        "name": _name(competency, lang),
        "description": t["credential_description"].format(
            intern=_person(agreement.intern),
            name=_name(competency, lang),
            title=agreement.title,
            host=agreement.host.name,
            level=level,
            target=item.status.target_level,
            date=fmt.date(timezone.localdate(item.decided_at), lang),
        ),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": f"sha256${email_hash}",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                },
                {
                    "type": "IdentityObject",
                    "identityHash": _person(agreement.intern),
                    "identityType": "name",
                    "hashed": False,
                },
            ],
            "activityStartDate": _day_start(agreement.start_date),
            "activityEndDate": _day_start(agreement.end_date),
            "achievement": achievement(competency, lang),
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": f"{_absolute(reverse('outcomes:achievement', args=[competency.pk]))}#level",
                    "value": str(level),
                }
            ],
        },
        "evidence": _evidence(item, lang),
    }


def badge_filename(data: ReportData, item: CompetencyData) -> str:
    code = slugify(item.competency.code or item.competency.pk)
    return f"badge-{data.agreement.pk}-{code}.json"


# --- vCards -----------------------------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    """(given, family): the last word is taken as the family name."""
    parts = name.split()
    if len(parts) < 2:
        return "", name
    return " ".join(parts[:-1]), parts[-1]


def vcard(contact, *, version: str = "4.0") -> str:
    card = vobject.vCard()
    card.add("version").value = version
    card.add("fn").value = contact.name
    given, family = _split_name(contact.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if version == "4.0":
        card.add("kind").value = "individual"
    if contact.organisation:
        card.add("org").value = [contact.organisation]
    if contact.role:
        card.add("title").value = contact.role
    if contact.email and contact.consent_given:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET" if version == "3.0" else "work"
    if contact.how_we_met:
        card.add("note").value = contact.how_we_met
    return card.serialize()


def vcards(contacts, *, version: str = "4.0") -> str:
    if version not in VCARD_VERSIONS:
        raise ValueError(f"unsupported vCard version: {version!r}")
    return "".join(vcard(contact, version=version) for contact in contacts)


def vcard_filename(agreement, version: str) -> str:
    intern = slugify(_person(agreement.intern))
    return f"contacts-{agreement.pk}-{intern}-vcard{version.replace('.', '')}.vcf"
