"""Cycles are named in English and French; existing cycles get a French name with "(illustrative)" translated."""

import re
from typing import Any

from django.db import migrations, models

ILLUSTRATIVE = re.compile(r"\(illustrative\)", re.IGNORECASE)


def name_fr_fill(apps: Any, schema_editor: Any) -> None:
    cycles = apps.get_model("assessments", "AssessmentCycle")
    for cycle in cycles.objects.filter(name_fr=""):
        cycle.name_fr = ILLUSTRATIVE.sub("(données d'illustration)", cycle.name_en)
        cycle.save(update_fields=["name_fr"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_answer_comments_reopen")]

    operations = [
        migrations.RenameField("assessmentcycle", "name", "name_en"),
        migrations.AlterField(
            model_name="assessmentcycle",
            name="name_en",
            field=models.CharField(max_length=200, unique=True, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="assessmentcycle",
            name="name_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (French)"),
        ),
        migrations.RunPython(name_fr_fill, migrations.RunPython.noop),
    ]
