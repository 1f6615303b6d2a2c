"""Write use-cases of competency frameworks: import and export of the JSON shape.

The JSON shape (see ``data/transversal.json``)::

    {
      "slug": "transversal",
      "name": {"fr": "...", "en": "..."},
      "is_default_transversal": true,          # optional
      "competencies": [
        {
          "code": "T1",
          "kind": "transversal",               # or "technical" (the default)
          "parent": "B1",                      # optional: code of another competency of the file
          "name": {"fr": "...", "en": "..."},
          "description": {"fr": "...", "en": "..."},   # optional
          "levels": [{"fr": "...", "en": "..."}, ...]  # four, novice to expert
        }
      ]
    }
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from balise.competencies.models import Competency, CompetencyKind, Framework

if TYPE_CHECKING:
    from balise.organizations.models import School

LEVEL_COUNT = 4

# Model field -> place in the JSON shape, so that errors raised by full_clean() name what
# the person wrote, not our column names.
_JSON_FIELD = {
    "code": "code",
    "kind": "kind",
    "name_fr": "name.fr",
    "name_en": "name.en",
    "description_fr": "description.fr",
    "description_en": "description.en",
    "levels": "levels",
    "slug": "slug",
    "parent": "parent",
}


DEFAULT_TRANSVERSAL_FILE = Path(__file__).resolve().parent / "data" / "transversal.json"


def default_transversal_framework() -> Framework:
    """The shared default transversal framework, loaded by migration 0003.

    Loaded again from the shipped file if it was deleted since (by an administrator, or
    by a test database flush), so that every programme always has it.
    """
    framework = Framework.objects.filter(school__isnull=True, is_default_transversal=True).first()
    if framework is None:
        data = json.loads(DEFAULT_TRANSVERSAL_FILE.read_text(encoding="utf-8"))
        framework = framework_import(data={**data, "is_default_transversal": True})
    return framework


@transaction.atomic
def framework_import(*, data: dict, school: School | None = None) -> Framework:
    """Create or update a framework and its competencies from the JSON shape.

    Idempotent: the framework is found by slug in the school's scope (or among the shared
    frameworks when ``school`` is None) and each competency by code within it, so importing
    the same file twice changes nothing and importing an edited file updates the text.
    Competencies that exist but are absent from the file are kept: objectives and ratings
    may point to them, and deleting those is not something an import should do silently.

    Raises ValidationError, listing every problem with the competency index and the field.
    """
    framework_fields, competency_rows = _parse_framework(data)

    framework = Framework.objects.filter(school=school, slug=framework_fields["slug"]).first()
    if framework is None:
        framework = Framework(school=school, slug=framework_fields["slug"])
    framework.name_fr = framework_fields["name_fr"]
    framework.name_en = framework_fields["name_en"]
    if framework_fields["is_default_transversal"] is not None:
        framework.is_default_transversal = framework_fields["is_default_transversal"]
    _clean(framework, index=None)
    framework.save()

    if framework.is_default_transversal:
        # One default per scope: the newly imported one replaces any previous default.
        Framework.objects.filter(school=school, is_default_transversal=True).exclude(
            pk=framework.pk
        ).update(is_default_transversal=False)

    existing = {competency.code: competency for competency in framework.competencies.all()}
    saved: dict[str, Competency] = {}
    # Parents first, so that each competency is saved once with its parent already known.
    for index in _parents_first(competency_rows):
        row = competency_rows[index]
        competency = existing.get(row["code"]) or Competency(framework=framework)
        competency.code = row["code"]
        competency.kind = row["kind"]
        competency.name_fr = row["name_fr"]
        competency.name_en = row["name_en"]
        competency.description_fr = row["description_fr"]
        competency.description_en = row["description_en"]
        competency.levels = row["levels"]
        competency.position = index
        competency.parent = saved[row["parent"]] if row["parent"] else None
        _clean(competency, index=index)
        competency.save()
        saved[competency.code] = competency
    return framework


def framework_export(*, framework: Framework) -> dict:
    """The framework in the JSON shape that framework_import() reads back."""
    data: dict[str, Any] = {
        "slug": framework.slug,
        "name": {"fr": framework.name_fr, "en": framework.name_en},
    }
    if framework.is_default_transversal:
        data["is_default_transversal"] = True
    competencies = []
    for competency in framework.competencies.select_related("parent").order_by("position", "code"):
        item: dict[str, Any] = {"code": competency.code, "kind": competency.kind}
        if competency.parent is not None:
            item["parent"] = competency.parent.code
        item["name"] = {"fr": competency.name_fr, "en": competency.name_en}
        item["description"] = {"fr": competency.description_fr, "en": competency.description_en}
        item["levels"] = [
            {"fr": level.get("fr", ""), "en": level.get("en", "")} for level in competency.levels
        ]
        competencies.append(item)
    data["competencies"] = competencies
    return data


# Parsing and validation of the JSON shape -------------------------------------------------


def _parse_framework(data: Any) -> tuple[dict, list[dict]]:
    """Check the whole document and return plain field values, or raise every problem found."""
    errors: list[ValidationError] = []
    if not isinstance(data, dict):
        raise ValidationError(
            _("A framework must be a JSON object with “slug”, “name” and “competencies”."),
            code="invalid",
        )

    slug = data.get("slug")
    if not isinstance(slug, str) or not slug.strip():
        errors.append(_framework_required("slug"))
    name_fr, name_en = _bilingual(data.get("name"), "name", errors, index=None, required=True)
    is_default = data.get("is_default_transversal")
    if is_default is not None and not isinstance(is_default, bool):
        errors.append(
            ValidationError(
                _("The field “%(field)s” must be true or false."),
                code="invalid",
                params={"field": "is_default_transversal"},
            )
        )

    raw_competencies = data.get("competencies", [])
    if not isinstance(raw_competencies, list):
        errors.append(
            ValidationError(
                _("The field “%(field)s” must be a list."),
                code="invalid",
                params={"field": "competencies"},
            )
        )
        raw_competencies = []

    rows: list[dict] = []
    first_index_of_code: dict[str, int] = {}
    for index, raw in enumerate(raw_competencies):
        row = _parse_competency(raw, index, errors)
        if row is None:
            continue
        code = row["code"]
        if code:
            if code in first_index_of_code:
                errors.append(
                    ValidationError(
                        _(
                            "Competency at index %(index)d: the code “%(code)s” "
                            "(field “code”) is already used by the competency at index %(other)d."
                        ),
                        code="duplicate_code",
                        params={"index": index, "code": code, "other": first_index_of_code[code]},
                    )
                )
            else:
                first_index_of_code[code] = index
        rows.append(row)

    if not errors:
        _check_parents(rows, errors)
    if errors:
        raise ValidationError(errors)

    framework_fields = {
        "slug": slug.strip(),
        "name_fr": name_fr,
        "name_en": name_en,
        "is_default_transversal": is_default,
    }
    return framework_fields, rows


def _parse_competency(raw: Any, index: int, errors: list[ValidationError]) -> dict | None:
    if not isinstance(raw, dict):
        errors.append(
            ValidationError(
                _("Competency at index %(index)d: must be a JSON object."),
                code="invalid",
                params={"index": index},
            )
        )
        return None

    code = raw.get("code")
    if code is not None and not isinstance(code, str):
        errors.append(_not_text(index, "code"))
        code = ""
    elif not (code or "").strip():
        errors.append(_competency_required(index, "code"))
    code = (code or "").strip()

    kind = raw.get("kind", CompetencyKind.TECHNICAL)
    if kind not in CompetencyKind.values:
        errors.append(
            ValidationError(
                _(
                    "Competency at index %(index)d: the field “kind” must be one of "
                    "%(choices)s, not “%(value)s”."
                ),
                code="invalid_kind",
                params={"index": index, "choices": ", ".join(CompetencyKind.values), "value": kind},
            )
        )

    parent = raw.get("parent")
    if parent is not None and (not isinstance(parent, str) or not parent.strip()):
        errors.append(
            ValidationError(
                _("Competency at index %(index)d: the field “parent” must be a competency code."),
                code="invalid_parent",
                params={"index": index},
            )
        )
        parent = None

    name_fr, name_en = _bilingual(raw.get("name"), "name", errors, index=index, required=True)
    description_fr, description_en = _bilingual(
        raw.get("description"), "description", errors, index=index, required=False
    )
    levels = _levels(raw.get("levels", []), index, errors)

    return {
        "index": index,
        "code": code,
        "kind": kind,
        "parent": parent.strip() if parent else None,
        "name_fr": name_fr,
        "name_en": name_en,
        "description_fr": description_fr,
        "description_en": description_en,
        "levels": levels,
    }


def _bilingual(
    value: Any, path: str, errors: list[ValidationError], *, index: int | None, required: bool
) -> tuple[str, str]:
    """The French and English texts of an ``{"fr": ..., "en": ...}`` object found at ``path``."""
    if value is None and not required:
        return "", ""
    if not isinstance(value, dict):
        errors.append(_required(index, f"{path}.fr"))
        return "", ""
    texts = []
    for language in ("fr", "en"):
        text = value.get(language)
        if text is None:
            text = ""
        if not isinstance(text, str):
            errors.append(_not_text(index, f"{path}.{language}"))
            text = ""
        texts.append(text.strip())
    if required and not texts[0] and isinstance(value.get("fr") or "", str):
        errors.append(_required(index, f"{path}.fr"))
    return texts[0], texts[1]


def _levels(value: Any, index: int, errors: list[ValidationError]) -> list[dict]:
    """Four level descriptors, or none at all (a block that only groups competencies)."""
    if value is None or value == []:
        return []
    if not isinstance(value, list) or len(value) != LEVEL_COUNT:
        errors.append(
            ValidationError(
                _(
                    "Competency at index %(index)d: the field “levels” must be a list of "
                    "%(count)d objects (novice to expert), each with a French text “fr”."
                ),
                code="invalid_levels",
                params={"index": index, "count": LEVEL_COUNT},
            )
        )
        return []
    levels = []
    for position, level in enumerate(value):
        fr, en = _bilingual(level, f"levels[{position}]", errors, index=index, required=True)
        levels.append({"fr": fr, "en": en})
    return levels


def _check_parents(rows: list[dict], errors: list[ValidationError]) -> None:
    """Every parent code names a competency of the file, and no competency is its own ancestor."""
    parent_of = {row["code"]: row["parent"] for row in rows}
    for row in rows:
        parent = row["parent"]
        if parent is None:
            continue
        if parent not in parent_of:
            errors.append(
                ValidationError(
                    _(
                        "Competency at index %(index)d: the field “parent” names the code "
                        "“%(parent)s”, which is not a competency of this framework."
                    ),
                    code="unknown_parent",
                    params={"index": row["index"], "parent": parent},
                )
            )
            continue
        seen = {row["code"]}
        ancestor = parent
        while ancestor is not None:
            if ancestor in seen:
                errors.append(
                    ValidationError(
                        _(
                            "Competency at index %(index)d: the field “parent” makes a loop "
                            "(“%(code)s” would be its own ancestor)."
                        ),
                        code="parent_loop",
                        params={"index": row["index"], "code": row["code"]},
                    )
                )
                break
            seen.add(ancestor)
            ancestor = parent_of.get(ancestor)


def _parents_first(rows: list[dict]) -> list[int]:
    """Indexes of ``rows`` ordered so that a parent always comes before its children."""
    index_of = {row["code"]: position for position, row in enumerate(rows)}
    ordered: list[int] = []
    placed: set[int] = set()

    def place(position: int) -> None:
        if position in placed:
            return
        parent = rows[position]["parent"]
        if parent is not None:
            place(index_of[parent])
        placed.add(position)
        ordered.append(position)

    for position in range(len(rows)):
        place(position)
    return ordered


def _clean(instance: Framework | Competency, *, index: int | None) -> None:
    """full_clean(), with errors renamed to the JSON fields and the competency index."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        errors = []
        for field, messages in exc.message_dict.items():
            for message in messages:
                path = _JSON_FIELD.get(field, field)
                if index is None:
                    errors.append(
                        ValidationError(
                            _("The field “%(field)s” is invalid: %(message)s"),
                            code="invalid",
                            params={"field": path, "message": message},
                        )
                    )
                else:
                    errors.append(
                        ValidationError(
                            _(
                                "Competency at index %(index)d: the field “%(field)s” is invalid: %(message)s"
                            ),
                            code="invalid",
                            params={"index": index, "field": path, "message": message},
                        )
                    )
        raise ValidationError(errors) from exc


def _required(index: int | None, field: str) -> ValidationError:
    if index is None:
        return _framework_required(field)
    return _competency_required(index, field)


def _framework_required(field: str) -> ValidationError:
    return ValidationError(
        _("The field “%(field)s” is required."), code="required", params={"field": field}
    )


def _competency_required(index: int, field: str) -> ValidationError:
    return ValidationError(
        _("Competency at index %(index)d: the field “%(field)s” is required."),
        code="required",
        params={"index": index, "field": field},
    )


def _not_text(index: int | None, field: str) -> ValidationError:
    if index is None:
        return ValidationError(
            _("The field “%(field)s” must be text."), code="invalid", params={"field": field}
        )
    return ValidationError(
        _("Competency at index %(index)d: the field “%(field)s” must be text."),
        code="invalid",
        params={"index": index, "field": field},
    )
