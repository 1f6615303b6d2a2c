"""Load the shared default transversal framework from data/transversal.json.

The loop is written here against the historical models on purpose: services.py uses the
current models, which may no longer match the schema at this point of the migration graph.
Later changes to the file reach existing databases through framework_import(), not here.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "transversal.json"


def load_default_transversal_framework(apps, schema_editor):
    Framework = apps.get_model("competencies", "Framework")
    Competency = apps.get_model("competencies", "Competency")
    db = schema_editor.connection.alias
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))

    framework, _ = Framework.objects.using(db).update_or_create(
        school=None,
        slug=data["slug"],
        defaults={
            "name_fr": data["name"]["fr"],
            "name_en": data["name"].get("en", ""),
            "is_default_transversal": True,
        },
    )
    by_code = {}
    for position, item in enumerate(data["competencies"]):
        description = item.get("description") or {}
        by_code[item["code"]], _ = Competency.objects.using(db).update_or_create(
            framework=framework,
            code=item["code"],
            defaults={
                "kind": item.get("kind", "technical"),
                "name_fr": item["name"]["fr"],
                "name_en": item["name"].get("en", ""),
                "description_fr": description.get("fr", ""),
                "description_en": description.get("en", ""),
                "levels": [
                    {"fr": level["fr"], "en": level.get("en", "")}
                    for level in item.get("levels", [])
                ],
                "position": position,
                "parent": None,
            },
        )
    # Parents once every competency exists, whatever the order of the file.
    for item in data["competencies"]:
        if item.get("parent"):
            competency = by_code[item["code"]]
            competency.parent = by_code[item["parent"]]
            competency.save(update_fields=["parent"])


def delete_default_transversal_framework(apps, schema_editor):
    Framework = apps.get_model("competencies", "Framework")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    Framework.objects.using(schema_editor.connection.alias).filter(
        school=None, slug=data["slug"], is_default_transversal=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(
            load_default_transversal_framework, delete_default_transversal_framework
        ),
    ]
