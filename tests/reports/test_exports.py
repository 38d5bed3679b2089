"""The files as a reader opens them: structure of the DOCX, text of the PDF, a standalone HTML page.

The checks on the full demo report run from test_acceptance.py (one demo load per language keeps the suite fast).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from clearway.core.actors import SYSTEM
from clearway.core.exceptions import ValidationFailed
from clearway.reports.exporters.base import exporter_get, exporter_keys
from clearway.reports.services import report_export, report_generate
from tests.reports.conftest import docx_read, pdf_text


def _body_after_tables(document: Any) -> list[tuple[str, Any]]:
    """The body in order: ('p', paragraph) and ('t', table) as they appear."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    items: list[tuple[str, Any]] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            items.append(("p", Paragraph(child, document)))
        elif child.tag.endswith("}tbl"):
            items.append(("t", Table(child, document)))
    return items


def check_docx_structure(content: bytes) -> None:
    """Header block, headings, numbered paragraphs, tables and the annex charts of the English demo report."""
    from docx.oxml.ns import qn

    document = docx_read(content)
    texts = [p.text for p in document.paragraphs]
    # Header block, as in the committee document.
    assert texts[1:7] == [
        "PERMANENT TECHNICAL COMMITTEE",
        "PC0690",
        "(HYBRID MEETING)",
        "235th/236th Sessions",
        "25-29 April 2022",
        "Brussels, 7 March 2022.",
    ]
    assert "E-COMMERCE" in texts and "(Item X.a on the Agenda)" in texts
    assert texts[0].startswith("Illustrative data")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["SUMMARY", "Purpose of document", "Action required of the PTC", "I. Introduction"]
    assert "II. Capacity Building Activities" in headings and "IV. Action required" in headings
    assert any(h.startswith("III. Surveys") for h in headings) and "Annex: survey statistics" in headings
    numbers = [int(m.group(1)) for t in texts if (m := re.match(r"(\d+)\.\t", t))]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 10
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)
    assert len(document.tables) >= 4
    assert document.tables[0].rows[0].cells[0].text == "Dates"
    body = _body_after_tables(document)
    annex_at = next(
        i for i, (kind, p) in enumerate(body) if kind == "p" and p.text == "Annex: survey statistics"
    )
    pictures = [i for i, (kind, p) in enumerate(body) if kind == "p" and p._element.xpath(".//pic:pic")]
    assert len(pictures) == 2 and all(i > annex_at for i in pictures)
    assert len(document.inline_shapes) == 2
    image = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert document.part.related_parts[image].content_type == "image/png"
    assert document.core_properties.language == "en-GB"
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text == "PC0690 · "  # the document number, then the page number field (no internal version)
    assert [f.get(qn("w:instr")) for f in footer._p.findall(qn("w:fldSimple"))] == ["PAGE"]
    check_docx_tables_hold_together(document, body)


def check_docx_tables_hold_together(document: Any, body: list[tuple[str, Any]]) -> None:
    """Each table: caption kept with it, header row repeated on every page, no row split, widths fill the page."""
    from docx.oxml.ns import qn

    from clearway.reports.exporters.docx import TEXT_WIDTH_CM

    for index, (kind, table) in enumerate(body):
        if kind != "t":
            continue
        caption = body[index - 1][1]
        assert body[index - 1][0] == "p" and caption.paragraph_format.keep_with_next, caption.text
        rows = table.rows
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        widths = [cell.width.cm for cell in rows[0].cells]
        assert abs(sum(widths) - TEXT_WIDTH_CM) < 0.05, widths
        assert widths == [cell.width.cm for cell in rows[-1].cells]
    pictures = [p for kind, p in body if kind == "p" and p._element.xpath(".//pic:pic")]
    assert all(p.paragraph_format.keep_with_next for p in pictures)  # a chart stays with its caption


def test_column_widths_give_each_word_room_and_fill_the_page() -> None:
    from clearway.reports.exporters.docx import column_widths

    rows = [
        ["27-30 septembre 2021", "Atelier régional sur le commerce électronique transfrontalier " * 2, "15"]
    ]
    widths = column_widths(["Dates", "Activité", "Administrations Membres"], rows, width_cm=16.6)
    assert abs(sum(widths) - 16.6) < 1e-9
    assert widths[2] >= len("Administrations") * 0.2  # the longest word of a column fits on one line
    assert widths[1] == max(widths)  # the long text takes the room left
    short = column_widths(["A", "B"], [["x", "yyyy"]], width_cm=10)
    assert abs(sum(short) - 10) < 1e-9 and short[1] > short[0]  # all fits: widened alike, in proportion
    crowded = column_widths(["Internationalisation"] * 6, [], width_cm=10)
    assert abs(sum(crowded) - 10) < 1e-9 and len(set(crowded)) == 1  # even words do not fit: shared evenly


def check_pdf_and_html(report: Any, pdf: bytes) -> None:
    text = pdf_text(pdf)
    assert text.startswith("Illustrative data")
    for expected in (
        "PERMANENT TECHNICAL COMMITTEE",
        "PC0690",
        "I. Introduction",
        "II. Capacity Building Activities",
        "Annex: survey statistics",
        "Respondents by region",
    ):
        assert expected in text
    assert re.search(r"\d+\. The Permanent Technical Committee", text)
    pages = len(re.findall(r"PC0690 · \d+", text))  # the footer of every page: document number, page
    assert pages >= 5 and f"· {pages}" in text
    html = report_export(report=report, actor=SYSTEM, format="html").file.read().decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "<svg" in html and "<style>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the page must not load external assets"
    assert not re.search(r"<link[^>]+stylesheet", html)


def check_french_files(docx: bytes, pdf: bytes) -> None:
    document = docx_read(docx)
    texts = [p.text for p in document.paragraphs]
    assert texts[1:7] == [
        "COMITÉ TECHNIQUE PERMANENT",
        "PC0690",
        "(RÉUNION HYBRIDE)",
        "235e/236e sessions",
        "25-29 avril 2022",
        "Bruxelles, le 7 mars 2022.",
    ]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "II. Activités de renforcement des capacités" in headings and "IV. Mesures à prendre" in headings
    assert document.core_properties.language == "fr-FR"
    assert "Le Comité technique permanent est invité à :" in pdf_text(pdf)


def test_a_report_without_survey_exports_without_an_annex(
    secretariat: Any, seed_record: Any, make_report: Any
) -> None:
    report = make_report()
    report_generate(report=report, actor=secretariat)
    document = docx_read(report_export(report=report, actor=secretariat, format="docx").file.read())
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "III. Action required" and not document.inline_shapes
    assert not report.illustrative and not document.paragraphs[0].text.startswith("Illustrative")


def test_formats_are_registered_and_an_unknown_one_is_refused() -> None:
    assert exporter_keys() == ["docx", "html", "pdf"]
    with pytest.raises(ValidationFailed) as error:
        exporter_get("odt")
    assert "docx, html, pdf" in error.value.field_errors["format"][0]
