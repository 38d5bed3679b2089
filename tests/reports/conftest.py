"""Fixtures for report tests: a report definition for the PC0690 period, and readers for the generated files."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest

D = datetime.date


@pytest.fixture
def make_report(secretariat: Any) -> Callable[..., Any]:
    from clearway.reports.services import ReportInput, report_create

    def make(language: str = "en", **overrides: Any) -> Any:
        values: dict[str, Any] = dict(
            session="235th/236th",
            document_number="PC0690",
            document_date=D(2022, 3, 7),
            period_start=D(2021, 9, 1),
            period_end=D(2022, 3, 7),
            language=language,
            previous_session="233rd/234th",
            previous_document_number="PC0674",
            meeting_start=D(2022, 4, 25),
            meeting_end=D(2022, 4, 29),
            meeting_format="hybrid",
            agenda_item="X.a",
        )
        values.update(overrides)
        return report_create(actor=secretariat, data=ReportInput(**values))

    return make


@pytest.fixture
def seed_record(secretariat: Any) -> dict[str, Any]:
    from tests.reports.seed_data import seed_capacity_record

    return seed_capacity_record(actor=secretariat)


def docx_read(content: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(content))


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one string with single spaces."""
    document = docx_read(content)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


PAGE_FURNITURE = (
    r"Illustrative data: this document was generated from demonstration data, not real answers from Members\. ?",
    r"Données d'illustration : ce document a été généré à partir de données de démonstration, et non de "
    r"réponses réelles des Membres\. ?",
    r"PC\d+ · \d+ ?",
)


def pdf_body_text(content: bytes) -> str:
    """The PDF's text without what every page repeats (the illustrative running head, the footer), so that a
    sentence split by a page break reads whole again."""
    import re

    text = pdf_text(content)
    for pattern in PAGE_FURNITURE:
        text = re.sub(pattern, "", text)
    return " ".join(text.split())
