"""Word (DOCX) through python-docx: header block, numbered paragraphs, headings, tables, charts (PNG), annex."""

from __future__ import annotations

import io
from dataclasses import fields, is_dataclass, replace
from typing import Any

from django.utils import translation
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from clearway.core.charts import chart_to_png
from clearway.core.text_safety import text_xml_safe
from clearway.reports.assembly import RenderedDocument
from clearway.reports.document import Block
from clearway.reports.exporters.base import Exporter, exporter_register


@exporter_register
class DocxExporter(Exporter):
    key = "docx"
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document: RenderedDocument) -> bytes:
        document = _xml_safe(document)
        doc = new_docx()
        _page_setup(doc, document)
        _header(doc, document)
        annex_started = False
        for block in document.blocks:
            if block.annex and not annex_started:
                annex_started = True
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _block(doc, document, block)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()


def _xml_safe(value: Any) -> Any:
    """The document with its text cleaned: python-docx refuses a control character, and one in a block failed
    every export of the report."""
    if isinstance(value, str):
        return text_xml_safe(value)
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _xml_safe(getattr(value, f.name)) for f in fields(value) if f.init})
    return value


def _page_setup(doc: DocxDocument, document: RenderedDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    language = "fr-FR" if document.meta.language == "fr" else "en-GB"
    lang = style.element.rPr.find(qn("w:lang"))
    if lang is None:
        lang = style.element.rPr.makeelement(qn("w:lang"), {})
        style.element.rPr.append(lang)
    lang.set(qn("w:val"), language)
    doc.core_properties.title = f"{document.meta.document_number} {document.meta.title}"
    doc.core_properties.language = language
    doc.core_properties.subject = document.meta.sessions
    if document.meta.illustrative:  # on every page, not only the first
        header = section.header.paragraphs[0]
        run = header.add_run(document.labels["illustrative"])
        run.italic = True
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x9A, 0x67, 0x00)
    footer = section.footer.paragraphs[0]
    footer.text = f"{document.meta.document_number} · "
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(footer)


def _page_number(paragraph: Any) -> None:
    """A PAGE field: Word and LibreOffice print the page's own number there."""
    field = paragraph._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    run = field.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "1"  # shown until the reader's application updates the field
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}


def _header(doc: DocxDocument, document: RenderedDocument) -> None:
    """The illustrative notice, then the committee's front matter as its template lays it out."""
    if document.meta.illustrative:
        note = doc.add_paragraph()
        run = note.add_run(document.labels["illustrative"])
        run.italic = True
        run.font.color.rgb = RGBColor(0x9A, 0x67, 0x00)
    for line in document.front:
        paragraph = doc.add_paragraph()
        paragraph.alignment = _ALIGN[line.align]
        if line.align == "right":
            paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(line.text)
        run.bold = line.bold
        run.font.size = Pt(line.size)


def _block(doc: DocxDocument, document: RenderedDocument, block: Block) -> None:
    number = document.numbers.get(block.id)
    if block.kind == "heading":
        roman = document.romans.get(block.id)
        text = f"{roman}. {block.text}" if roman else block.text
        level = 1 if block.level <= 2 else 2
        if block.section == "summary" and block.level == 2:
            text = text.upper()
        doc.add_heading(text, level=level)
    elif block.kind in ("paragraph", "note"):
        _numbered(doc, block.text, number, italic=block.kind == "note")
    elif block.kind == "bullets":
        _numbered(doc, block.text, number)
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif block.kind == "table":
        _table(doc, block)
    elif block.kind == "chart" and block.chart:
        with translation.override(document.meta.language):  # the document's number and month formats
            picture = chart_to_png(block.chart)
        doc.add_picture(io.BytesIO(picture), width=Cm(15))
        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the chart and its caption stay together
        caption = doc.add_paragraph(block.caption)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.runs[0].italic = bool(caption.runs)


def _numbered(doc: DocxDocument, text: str, number: int | None, *, italic: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(8)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if number is not None:
        paragraph.paragraph_format.left_indent = Cm(1)
        paragraph.paragraph_format.first_line_indent = Cm(-1)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1))
        paragraph.add_run(f"{number}.\t")
    run = paragraph.add_run(text)
    run.italic = italic


def _style_id(doc: DocxDocument, name: str) -> str:
    known: dict[str, str] = doc.__dict__.setdefault("_clearway_style_ids", {})
    if name not in known:
        known[name] = doc.styles[name].style_id
    return known[name]


def _table(doc: DocxDocument, block: Block) -> None:
    if block.caption:
        caption = doc.add_paragraph()
        caption.paragraph_format.keep_with_next = True  # never a caption alone at the foot of a page
        caption.add_run(block.caption).bold = True
    table = doc.add_table(rows=1, cols=len(block.columns))
    # The style's id, looked up once per document: python-docx looks a style name up among all the styles at each
    # assignment, most of the time of a report with 160 tables.
    table._tbl.tblStyle_val = _style_id(doc, "Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        run.font.size = Pt(9)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = ""
            cell.paragraphs[0].add_run(value).font.size = Pt(9)
    _table_layout(table, column_widths(block.columns, block.rows, width_cm=TEXT_WIDTH_CM))
    doc.add_paragraph()


TEXT_WIDTH_CM = 21 - 2 * 2.2  # A4 less the side margins of _page_setup
_CHAR_CM = 0.2  # width of a character of 9 pt Arial, bold, with room for wider substitute fonts
_CELL_PADDING_CM = 0.45  # Word's default cell margins, both sides
_WANT_CHARS = 40  # a column wider than this many characters is not worth the room it takes from others


def column_widths(columns: list[str], rows: list[list[str]], *, width_cm: float) -> list[float]:
    """Column widths (cm) that fill `width_cm`: each column first gets room for its longest word (so no word is
    broken across lines), the rest goes to the columns with the longest texts. Equal widths, the default,
    broke "Administrations" and "développement" in two in narrow columns."""
    count = len(columns)
    texts = [[columns[i], *(row[i] for row in rows if i < len(row))] for i in range(count)]
    longest_word = [
        max((len(word) for text in column for word in text.split()), default=1) for column in texts
    ]
    longest_text = [max((len(text) for text in column), default=1) for column in texts]
    low = [n * _CHAR_CM + _CELL_PADDING_CM for n in longest_word]
    want = [
        max(lo, min(n, _WANT_CHARS) * _CHAR_CM + _CELL_PADDING_CM)
        for lo, n in zip(low, longest_text, strict=True)
    ]
    if sum(low) >= width_cm:  # even the longest words do not fit: share the width in their proportion
        return [width_cm * lo / sum(low) for lo in low]
    if sum(want) <= width_cm:  # everything fits on one line: widen every column alike
        return [width_cm * w / sum(want) for w in want]
    spare, extra = width_cm - sum(low), [w - lo for w, lo in zip(want, low, strict=True)]
    return [lo + spare * e / sum(extra) for lo, e in zip(low, extra, strict=True)]


def _table_layout(table: Any, widths: list[float]) -> None:
    """Fixed column widths; the header row repeats on every page; no row is split across two pages."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(properties.makeelement(qn("w:cantSplit"), {}))
        if index == 0:
            properties.append(properties.makeelement(qn("w:tblHeader"), {}))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
