"""The canonical content of an agreement: what the parties sign.

`agreement_content` turns the live agreement into a JSON-ready dict (format
`balise.agreement/1`); `canonical_json` serialises it deterministically (sorted keys, no
spaces, UTF-8) and `content_sha256` hashes those bytes. A signed version stores the dict and
the hash; PDFs and the verification page are made from the stored dict, never from the live
rows, so a document always shows exactly what was signed.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from balise.agreements.checks import agreement_law_report

CONTENT_FORMAT = "balise.agreement/1"


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.email, "email": user.email}


def agreement_content(agreement) -> dict:
    """The agreement as signed: parties, terms, objectives, missions, and the law's figures."""
    report = agreement_law_report(agreement)
    school, program, host = agreement.school, agreement.program, agreement.host
    return {
        "format": CONTENT_FORMAT,
        "agreement": {"id": agreement.pk, "title": agreement.title, "place": agreement.place},
        "school": {"name": school.name, "address": school.address, "city": school.city},
        "program": {
            "name": program.name,
            "level": program.level,
            "teaching_hours_per_year": program.teaching_hours_per_year,
            "in_person_hours_per_year": program.in_person_hours_per_year,
        },
        "host": {
            "name": host.name,
            "siret": host.siret,
            "address": host.address,
            "postal_code": host.postal_code,
            "city": host.city,
            "country": host.country,
            "headcount": host.headcount,
        },
        "intern": _person(agreement.intern),
        "tutor": _person(agreement.tutor),
        "referent": _person(agreement.referent),
        "signatory": _person(agreement.signatory),
        "terms": {
            "start_date": _date(agreement.start_date),
            "end_date": _date(agreement.end_date),
            "weekly_hours": _decimal(agreement.weekly_hours),
            "working_days": list(agreement.working_days),
            "daily_hours_max": _decimal(agreement.daily_hours_max),
            "night_work": agreement.night_work,
            "sunday_work": agreement.sunday_work,
            "public_holiday_work": agreement.public_holiday_work,
            "gratification_hourly_rate": _decimal(agreement.gratification_hourly_rate),
            "leave_provided": agreement.leave_provided,
            "presence_hours": _decimal(report.computed.presence_hours),
            "presence_days": report.computed.presence_days,
            "gratification_required": report.computed.gratification_required,
            "minimum_hourly_rate": _decimal(report.computed.minimum_hourly_rate),
        },
        "objectives": [
            {
                "id": objective.pk,
                "kind": objective.kind,
                "title": objective.title,
                "description": objective.description,
                "indicators": objective.indicator_list,
                "target_date": _date(objective.target_date),
                "weight": objective.weight,
                "competencies": [
                    {"code": c.code, "name_fr": c.name_fr, "name_en": c.name_en or c.name_fr}
                    for c in objective.competencies.all()
                ],
                "milestones": [
                    {"title": m.title, "due_date": _date(m.due_date)}
                    for m in objective.milestones.all()
                ],
            }
            for objective in agreement.objectives.all()
        ],
        "missions": [mission.description for mission in agreement.missions.all()],
    }


def canonical_json(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_sha256(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def _terms_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "start_date": _("Start date"),
        "end_date": _("End date"),
        "weekly_hours": _("Weekly hours"),
        "working_days": _("Working days"),
        "daily_hours_max": _("Maximum daily hours"),
        "night_work": _("Presence at night"),
        "sunday_work": _("Presence on Sundays"),
        "public_holiday_work": _("Presence on public holidays"),
        "gratification_hourly_rate": _("Hourly gratification (€)"),
        "leave_provided": _("Leave and absences provided"),
        "presence_hours": _("Presence (hours)"),
    }


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        from django.utils.translation import gettext as _

        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _objective_text(objective: dict) -> str:
    indicators = "; ".join(objective.get("indicators") or [])
    target = objective.get("target_date") or "—"
    return f"{objective['title']} ({indicators}) → {target}"


def content_diff(before: dict, after: dict) -> list[dict]:
    """What changed between two contents, as rows a person reads: label, before, after."""
    from django.utils.translation import gettext as _

    rows = []
    for key, label in _terms_labels().items():
        old, new = before["terms"].get(key), after["terms"].get(key)
        if old != new:
            rows.append({"label": label, "before": _shown(old), "after": _shown(new)})
    for role, label in (
        ("tutor", _("Tutor")),
        ("referent", _("Referent teacher")),
        ("signatory", _("Host signatory")),
    ):
        old, new = before.get(role) or {}, after.get(role) or {}
        if old.get("email") != new.get("email"):
            rows.append(
                {
                    "label": label,
                    "before": _shown(old.get("name")),
                    "after": _shown(new.get("name")),
                }
            )
    old_objectives = {o["id"]: o for o in before["objectives"]}
    new_objectives = {o["id"]: o for o in after["objectives"]}
    for key, objective in new_objectives.items():
        if key not in old_objectives:
            rows.append(
                {"label": _("Objective added"), "before": "—", "after": _objective_text(objective)}
            )
        elif _objective_text(objective) != _objective_text(old_objectives[key]) or (
            objective.get("competencies") != old_objectives[key].get("competencies")
        ):
            rows.append(
                {
                    "label": _("Objective changed"),
                    "before": _objective_text(old_objectives[key]),
                    "after": _objective_text(objective),
                }
            )
    for key, objective in old_objectives.items():
        if key not in new_objectives:
            rows.append(
                {
                    "label": _("Objective removed"),
                    "before": _objective_text(objective),
                    "after": "—",
                }
            )
    if before["missions"] != after["missions"]:
        rows.append(
            {
                "label": _("Missions entrusted"),
                "before": "; ".join(before["missions"]) or "—",
                "after": "; ".join(after["missions"]) or "—",
            }
        )
    return rows


def proposal_rows(previous: dict, proposed: dict, competency_names: dict[int, str]) -> list[dict]:
    """A proposal as rows a person reads: field, what it is, what is proposed."""
    from django.utils.translation import gettext as _

    labels = {
        "kind": _("Kind"),
        "title": _("Title"),
        "description": _("Description"),
        "indicators": _("Success indicators"),
        "target_date": _("Target date"),
        "weight": _("Weight"),
        "competencies": _("Competencies"),
    }

    def shown(key, value):
        if key == "competencies":
            return ", ".join(competency_names.get(pk, "?") for pk in value or []) or "—"
        if key == "indicators":
            return "; ".join(line for line in (value or "").splitlines() if line.strip()) or "—"
        return _shown(value)

    rows = []
    for key, label in labels.items():
        old, new = previous.get(key), proposed.get(key)
        if not previous or old != new:
            rows.append(
                {
                    "label": label,
                    "before": shown(key, old) if previous else "—",
                    "after": shown(key, new),
                }
            )
    return rows
