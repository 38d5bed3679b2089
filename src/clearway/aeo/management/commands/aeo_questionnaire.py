from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from clearway.aeo.questionnaire import SOURCE_YAML, WORKBOOK_XLSX, questionnaire_workbook_build


class Command(BaseCommand):
    help = "Rebuild the shipped AEO and e-commerce XLSForm (aeo_ecommerce.xlsx) from its YAML source."

    def handle(self, *args: Any, **options: Any) -> None:
        WORKBOOK_XLSX.write_bytes(questionnaire_workbook_build(source=SOURCE_YAML))
        self.stdout.write(f"wrote {WORKBOOK_XLSX}")
