from __future__ import annotations

from typing import Any

from clearway.aeo.questionnaire import SOURCE_YAML, WORKBOOK_XLSX, questionnaire_workbook_build
from clearway.core.management.base import FileCommand


class Command(FileCommand):
    help = "Rebuild the shipped AEO and e-commerce XLSForm (aeo_ecommerce.xlsx) from its YAML source."

    def handle(self, *args: Any, **options: Any) -> None:
        WORKBOOK_XLSX.write_bytes(questionnaire_workbook_build(source=SOURCE_YAML))
        self.stdout.write(f"wrote {WORKBOOK_XLSX}")
