"""Writes on the objective library: curation by staff, use counts, JSON import and export.

The JSON shape (see `data/demo_examples.json`)::

    {
      "format": "balise-objective-library",
      "version": 1,
      "examples": [
        {
          "key": "info-api-documentee",            # optional: made from the title
          "program": "BUT Informatique",           # a programme of the school; null: all
          "competencies": [{"framework": "but-informatique", "code": "INFO1"}],
          "title": {"fr": "...", "en": "..."},     # at least one of the two
          "description": {"fr": "...", "en": "..."},
          "indicators": {"fr": ["...", "..."], "en": ["..."]},
          "typical_weeks": 6,                      # optional, 1 to 52
          "typical_hours": 120                     # optional, 1 to 924
        }
      ]
    }

A competency's framework is looked up among the school's frameworks first, then among the
shared ones (the default transversal framework). An import checks the whole file before
writing anything, reports every problem on its own line (which example, which field), and
updates the examples whose key it knows: importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.competencies.models import Competency
from balise.library.models import MAX_TYPICAL_HOURS, MAX_TYPICAL_WEEKS, ObjectiveExample
from balise.organizations.models import Program

FORMAT = "balise-objective-library"
VERSION = 1
_KEY = re.compile(r"^[-a-zA-Z0-9_]+$")
_TEXT_FIELDS = ("title", "description", "indicators")
_MAX_TITLE = 250


def _ensure_staff(by, school) -> None:
    if school.pk not in school_ids_for(by, SchoolRole.STAFF):
        raise PermissionDenied


def allowed_competencies(school):
    """What an example of `school` may aim at: its frameworks' and the shared ones."""
    return Competency.objects.filter(
        Q(framework__school=school) | Q(framework__school__isnull=True)
    ).select_related("framework")


def _check_links(school, program, competencies) -> None:
    if program is not None and program.school_id != school.pk:
        raise ValidationError({"program": _("Choose a programme of this school.")})
    if competencies is not None:
        allowed = set(allowed_competencies(school).values_list("pk", flat=True))
        if any(competency.pk not in allowed for competency in competencies):
            raise ValidationError(
                {"competencies": _("Choose competencies of this school's frameworks.")}
            )


def _unique_key(school, title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:70] or "example"
    taken = set(
        ObjectiveExample.objects.filter(school=school, key__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("key", flat=True)
    )
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    return key


def _stripped(fields: dict) -> dict:
    """Texts without surrounding blanks, indicators one per line: a blank title is no title."""
    cleaned = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
            if name.startswith("indicators_"):
                value = "\n".join(line.strip() for line in value.splitlines() if line.strip())
        cleaned[name] = value
    return cleaned


@transaction.atomic
def example_create(
    *, by, school, program=None, competencies=(), key: str = "", **fields
) -> ObjectiveExample:
    _ensure_staff(by, school)
    competencies = list(competencies)
    _check_links(school, program, competencies)
    example = ObjectiveExample(school=school, program=program, created_by=by, **_stripped(fields))
    example.key = key or _unique_key(school, example.title_fr or example.title_en)
    example.full_clean()
    example.save()
    example.competencies.set(competencies)
    return example


@transaction.atomic
def example_update(*, example: ObjectiveExample, by, competencies=None, **fields):
    _ensure_staff(by, example.school)
    program = fields.get("program", example.program)
    _check_links(example.school, program, None if competencies is None else list(competencies))
    for name, value in _stripped(fields).items():
        setattr(example, name, value)
    if not example.key:
        example.key = _unique_key(
            example.school, example.title_fr or example.title_en, exclude_pk=example.pk
        )
    example.full_clean()
    example.save()
    if competencies is not None:
        example.competencies.set(competencies)
    return example


@transaction.atomic
def example_delete(*, example: ObjectiveExample, by) -> None:
    _ensure_staff(by, example.school)
    example.delete()


def example_record_use(*, example: ObjectiveExample) -> None:
    """An objective was written from `example`: count it (atomically, without a race)."""
    ObjectiveExample.objects.filter(pk=example.pk).update(usage_count=F("usage_count") + 1)


# -- export --------------------------------------------------------------------------------------


def library_export(*, school, program=None) -> dict:
    """The school's library (or one programme's part of it) in the JSON shape above."""
    examples = ObjectiveExample.objects.filter(school=school)
    if program is not None:
        examples = examples.filter(Q(program=program) | Q(program=None))
    examples = examples.select_related("program").prefetch_related("competencies__framework")
    return {
        "format": FORMAT,
        "version": VERSION,
        "school": school.slug,
        "examples": [_example_json(example) for example in examples.order_by("key")],
    }


def _example_json(example: ObjectiveExample) -> dict:
    return {
        "key": example.key,
        "program": example.program.name if example.program else None,
        "competencies": [
            {"framework": competency.framework.slug, "code": competency.code}
            for competency in sorted(
                example.competencies.all(), key=lambda c: (c.framework.slug, c.code)
            )
        ],
        "title": {"fr": example.title_fr, "en": example.title_en},
        "description": {"fr": example.description_fr, "en": example.description_en},
        "indicators": {"fr": _lines(example.indicators_fr), "en": _lines(example.indicators_en)},
        "typical_weeks": example.typical_weeks,
        "typical_hours": example.typical_hours,
        "usage_count": example.usage_count,
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# -- import --------------------------------------------------------------------------------------


class LibraryImportError(ValueError):
    """The file cannot be imported; `lines` says every problem, one per line."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)  # keys
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Row:
    key: str
    program: Program | None
    competencies: list[Competency]
    values: dict[str, Any]


def library_import(*, school, data: Any, dry_run: bool = False) -> ImportResult:
    """Create or update the school's examples from the JSON shape; all or nothing.

    Raises `LibraryImportError` listing every problem; nothing is written then, nor with
    `dry_run`, which says what an import would do.
    """
    rows = _parse(school, data)
    result = ImportResult(dry_run=dry_run)
    existing = {
        example.key: example
        for example in ObjectiveExample.objects.filter(
            school=school, key__in=[row.key for row in rows]
        ).prefetch_related("competencies")
    }
    with transaction.atomic():
        for row in rows:
            example = existing.get(row.key)
            if example is None:
                result.created.append(row.key)
                if not dry_run:
                    example = ObjectiveExample(school=school, key=row.key, **row.values)
                    example.program = row.program
                    example.full_clean()
                    example.save()
                    example.competencies.set(row.competencies)
                continue
            same = (
                example.program_id == (row.program.pk if row.program else None)
                and all(getattr(example, name) == value for name, value in row.values.items())
                and {c.pk for c in example.competencies.all()} == {c.pk for c in row.competencies}
            )
            if same:
                result.unchanged.append(row.key)
                continue
            result.updated.append(row.key)
            if not dry_run:
                for name, value in row.values.items():
                    setattr(example, name, value)
                example.program = row.program
                example.full_clean()
                example.save()
                example.competencies.set(row.competencies)
    return result


def _parse(school, data: Any) -> list[_Row]:
    errors: list[str] = []
    if isinstance(data, dict):
        if data.get("format", FORMAT) != FORMAT:
            errors.append(
                _("format: expected “%(expected)s”, found “%(found)s”.")
                % {"expected": FORMAT, "found": data.get("format")}
            )
        if data.get("version", VERSION) != VERSION:
            errors.append(
                _("version: this Balise reads version %(version)s of the format.")
                % {"version": VERSION}
            )
        items = data.get("examples")
    else:
        items = data
    if not isinstance(items, list):
        raise LibraryImportError(
            errors + [_("examples: expected a list of examples (a JSON array).")]
        )

    programs = {program.name: program for program in Program.objects.filter(school=school)}
    competencies = {}
    for competency in allowed_competencies(school):
        slot = (competency.framework.slug, competency.code)
        # The school's own framework wins over a shared one of the same slug.
        if slot not in competencies or competency.framework.school_id is not None:
            competencies[slot] = competency

    rows: list[_Row] = []
    keys: dict[str, int] = {}
    for index, item in enumerate(items):
        row = _parse_example(index, item, programs, competencies, errors)
        if row is None:
            continue
        if row.key in keys:
            errors.append(
                _("examples[%(index)s] “%(key)s”: key: already used by examples[%(other)s].")
                % {"index": index, "key": row.key, "other": keys[row.key]}
            )
            continue
        keys[row.key] = index
        rows.append(row)
    if errors:
        raise LibraryImportError(errors)
    return rows


def _parse_example(index, item, programs, competencies, errors) -> _Row | None:
    if not isinstance(item, dict):
        errors.append(_("examples[%(index)s]: expected an object.") % {"index": index})
        return None
    problems: list[tuple[str, str]] = []  # (field, message)

    texts: dict[str, dict[str, str]] = {}
    for name in _TEXT_FIELDS:
        value = item.get(name) or {}
        if not isinstance(value, dict):
            problems.append((name, _("expected an object with “fr” and “en”.")))
            value = {}
        texts[name] = {}
        for lang in ("fr", "en"):
            text = value.get(lang) or ""
            if name == "indicators" and isinstance(text, list):
                if not all(isinstance(line, str) for line in text):
                    problems.append((f"{name}.{lang}", _("expected a list of texts.")))
                    text = ""
                else:
                    text = "\n".join(line.strip() for line in text if line.strip())
            if not isinstance(text, str):
                problems.append((f"{name}.{lang}", _("expected a text.")))
                text = ""
            texts[name][lang] = text.strip()
    titles = texts["title"]
    if not titles["fr"] and not titles["en"]:
        problems.append(("title", _("give the title in French, in English or in both.")))
    for lang in ("fr", "en"):
        if len(titles[lang]) > _MAX_TITLE:
            problems.append(
                (f"title.{lang}", _("at most %(count)s characters.") % {"count": _MAX_TITLE})
            )

    key = item.get("key")
    if key in (None, ""):
        key = slugify(titles["fr"] or titles["en"])[:80]
    elif not isinstance(key, str) or not _KEY.match(key) or len(key) > 80:
        problems.append(("key", _("letters, digits, hyphens and underscores only (80 at most).")))
        key = ""

    program = None
    name = item.get("program")
    if name is not None:
        program = programs.get(name) if isinstance(name, str) else None
        if program is None:
            problems.append(
                ("program", _("no programme “%(name)s” in this school.") % {"name": name})
            )

    linked = []
    raw = item.get("competencies", [])
    if not isinstance(raw, list):
        problems.append(("competencies", _("expected a list.")))
        raw = []
    for position, reference in enumerate(raw):
        where = f"competencies[{position}]"
        if (
            not isinstance(reference, dict)
            or not isinstance(reference.get("framework"), str)
            or not isinstance(reference.get("code"), str)
        ):
            problems.append((where, _("expected {“framework”: slug, “code”: code}.")))
            continue
        competency = competencies.get((reference["framework"], reference["code"]))
        if competency is None:
            problems.append(
                (
                    where,
                    _("no competency “%(code)s” in a framework “%(framework)s” of this school.")
                    % {"code": reference["code"], "framework": reference["framework"]},
                )
            )
            continue
        linked.append(competency)

    numbers = {}
    for name, top in (("typical_weeks", MAX_TYPICAL_WEEKS), ("typical_hours", MAX_TYPICAL_HOURS)):
        value = item.get(name)
        if value is None:
            numbers[name] = None
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            problems.append((name, _("a whole number from 1 to %(top)s, or null.") % {"top": top}))
        else:
            numbers[name] = value

    label = key or titles["fr"] or titles["en"]
    for where, message in problems:
        errors.append(f"examples[{index}] “{label}”: {where}: {message}")
    if problems:
        return None
    values = {
        f"{name}_{lang}": texts[name][lang] for name in _TEXT_FIELDS for lang in ("fr", "en")
    } | numbers
    return _Row(key=key, program=program, competencies=linked, values=values)


DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_examples.json"


def library_load_demo(*, school) -> ImportResult:
    """The demo programmes' examples (a dozen each, in French and English) for `school`,
    which must hold the demo programmes and their frameworks."""
    return library_import(school=school, data=json.loads(DEMO_FILE.read_text(encoding="utf-8")))
