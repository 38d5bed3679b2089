"""Reference data the AEO app ships: the AEO and e-commerce questionnaire, imported as a questionnaire version so
the secretariat can send it by official letter (idempotent: an unchanged workbook imports to the same version)."""

from __future__ import annotations

from dataclasses import dataclass, field

from clearway.aeo.questionnaire import QUESTIONNAIRE_CODE, WORKBOOK_XLSX
from clearway.core.actors import SYSTEM


@dataclass
class LoadSummary:
    messages: list[str] = field(default_factory=list)


def reference_load() -> LoadSummary:
    from clearway.surveys.services import questionnaire_import_xlsform

    version = questionnaire_import_xlsform(file=WORKBOOK_XLSX, code=QUESTIONNAIRE_CODE, actor=SYSTEM)
    return LoadSummary(messages=[f"AEO and e-commerce questionnaire: {version} ({WORKBOOK_XLSX.name})"])
