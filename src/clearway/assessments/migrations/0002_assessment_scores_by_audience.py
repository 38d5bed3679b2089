"""Scores stored per audience on each assessment, filled for the assessments that exist."""

from typing import Any

from django.db import migrations, models

from clearway.assessments.scoring import scores_by_audience

# The disclosure levels each audience sees, as `assessments.disclosure.AUDIENCES` defines them today.
AUDIENCES = {
    "all": frozenset({"public", "members", "secretariat"}),
    "members": frozenset({"public", "members"}),
    "public": frozenset({"public"}),
}


def scores_fill(apps: Any, schema_editor: Any) -> None:
    Assessment = apps.get_model("assessments", "Assessment")
    Indicator = apps.get_model("assessments", "Indicator")
    indicators: dict[int, list[Any]] = {}
    for assessment in Assessment.objects.select_related("cycle").prefetch_related("answers").iterator(500):
        catalogue_id = assessment.cycle.catalogue_id
        if catalogue_id not in indicators:
            rows = Indicator.objects.filter(catalogue_id=catalogue_id).select_related("standard__principle")
            indicators[catalogue_id] = list(rows)
        scores = scores_by_audience(
            indicators=indicators[catalogue_id], answers=assessment.answers.all(), audiences=AUDIENCES
        )
        Assessment.objects.filter(pk=assessment.pk).update(scores=scores)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="scores",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Overall and per-standard scores over the indicators each audience may see, recomputed "
                "by the scoring module after every change",
                verbose_name="scores by audience",
            ),
        ),
        migrations.RunPython(scores_fill, migrations.RunPython.noop),
    ]
