"""A short illustrative survey, open, so demo users can try answering (the AEO survey, from the `aeo` app, is the
main demo survey and is closed). Idempotent: nothing changes when the survey exists."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.db import transaction

from clearway.core.actors import SYSTEM
from clearway.core.demo_scale import NO_PROGRESS, SMALL, Scale, ScaleProgress
from clearway.surveys.demo_scale import surveys_load
from clearway.surveys.models import Disclosure, Survey, TargetKind
from clearway.surveys.services import questionnaire_import_xlsform, survey_create, survey_open
from clearway.surveys.xlsform import definition_to_xlsform

REFERENCE = "ILLUSTRATIVE/DQ/2026"
CODE = "illustrative-data-quality"


def _t(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _choices(*items: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"name": name, "label": _t(en, fr)} for name, en, fr in items]


def _question(kind: str, name: str, en: str, fr: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "name": name, "label": _t(en, fr), **extra}


# Written as a definition and imported through the XLSForm path, so the demo exercises the real import.
DEFINITION: dict[str, Any] = {
    "schema": 1,
    "form_id": "illustrative_data_quality",
    "form_version": "2026-10",
    "title": _t(
        "Illustrative: quality of advance electronic data for e-commerce",
        "Illustratif : qualité des données électroniques préalables pour le commerce électronique",
    ),
    "default_language": "en",
    "languages": ["en", "fr"],
    "choice_lists": {
        "yesno": _choices(("yes", "Yes", "Oui"), ("no", "No", "Non")),
        "sources": _choices(
            ("express", "Express carriers", "Transporteurs express"),
            ("postal", "Postal operators", "Opérateurs postaux"),
            ("platforms", "E-platforms", "Plateformes de commerce électronique"),
            ("other", "Other", "Autre"),
        ),
        "quality": _choices(
            ("good", "Good", "Bonne"),
            ("adequate", "Adequate", "Suffisante"),
            ("poor", "Poor", "Insuffisante"),
            ("not_measured", "Not measured", "Non mesurée"),
        ),
    },
    "children": [
        _question(
            "note",
            "intro",
            "Illustrative questionnaire for trying Clearway; answers are not used.",
            "Questionnaire illustratif pour essayer Clearway ; les réponses ne sont pas exploitées.",
        ),
        _question(
            "select_one",
            "receives_aed",
            "Does your administration receive advance electronic data (AED) for e-commerce consignments?",
            "Votre administration reçoit-elle des données électroniques préalables (DEP) pour les envois "
            "du commerce électronique ?",
            list="yesno",
            required=True,
        ),
        _question(
            "select_multiple",
            "aed_sources",
            "From whom?",
            "De qui ?",
            list="sources",
            relevant="${receives_aed} = 'yes'",
            required=True,
        ),
        _question(
            "text",
            "aed_other",
            "Which other source?",
            "Quelle autre source ?",
            relevant="selected(${aed_sources}, 'other')",
            required=True,
        ),
        {
            "type": "matrix",
            "name": "quality",
            "label": _t("How good are the data?", "Quelle est la qualité des données ?"),
            "appearance": "field-list",
            "list": "quality",
            "relevant": "${receives_aed} = 'yes'",
            "header": {"name": "quality_header", "label": _t("Aspect", "Aspect")},
            "rows": [
                _question("select_one", f"quality_{key}", en, fr, list="quality", appearance="list-nolabel")
                for key, en, fr in (
                    ("completeness", "Completeness", "Exhaustivité"),
                    ("accuracy", "Accuracy", "Exactitude"),
                    ("timeliness", "Timeliness", "Ponctualité"),
                )
            ],
        },
        _question(
            "decimal",
            "share_validated",
            "Share of consignments whose data are validated before arrival (%)",
            "Part des envois dont les données sont validées avant l'arrivée (%)",
            relevant="${receives_aed} = 'yes'",
            constraint=". >= 0 and . <= 100",
            constraint_message=_t("Between 0 and 100.", "Entre 0 et 100."),
        ),
        _question("text", "challenges", "Main challenges", "Principales difficultés"),
    ],
}


def demo_load(*, scale: Scale = SMALL, progress: ScaleProgress = NO_PROGRESS) -> str:
    message = _small_load()
    if not scale.extends:
        return message
    return f"{message}; {surveys_load(scale=scale, progress=progress)}"


@transaction.atomic
def _small_load() -> str:
    if Survey.objects.filter(reference=REFERENCE).exists():
        return "illustrative open survey already present"
    version = questionnaire_import_xlsform(
        file=io.BytesIO(definition_to_xlsform(DEFINITION)), code=CODE, actor=SYSTEM, source_name="demo.xlsx"
    )
    survey = survey_create(
        version=version,
        reference=REFERENCE,
        letter_date=datetime.date(2026, 10, 1),
        deadline=datetime.date(2027, 3, 31),
        signatory="Director, Compliance and Facilitation (illustrative)",
        signatory_title_en="WCO Secretariat",
        signatory_title_fr="Secrétariat de l'OMD",
        target_kind=TargetKind.ALL,
        actor=SYSTEM,
        disclosure=Disclosure.AGGREGATE,
        illustrative=True,
    )
    survey_open(survey=survey, actor=SYSTEM)
    return f"illustrative open survey {REFERENCE} sent to {survey.targets.count()} Members (no answers yet)"
