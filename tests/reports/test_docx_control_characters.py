"""A control character in a report's text (a Member's words quoted in a block) never breaks the Word export."""

from __future__ import annotations

from clearway.reports.assembly import DocumentMeta, RenderedDocument
from clearway.reports.committees import front_matter
from clearway.reports.document import Block
from clearway.reports.exporters.docx import DocxExporter
from tests.reports.conftest import docx_read


def test_a_block_with_a_control_character_is_written_without_it() -> None:
    meta = DocumentMeta(
        committee="Committee\x1b", document_number="PC0001", meeting_format="hybrid", sessions="1st",
        meeting_dates="", place_and_date="", title="Report", subtitle="", agenda_item="", language="en",
        illustrative=False, version=1, period="2026", file_stem="report",
    )  # fmt: skip
    blocks = [
        Block(id="p1", section="body", kind="paragraph", text="Kenya\x1b said\x07 yes."),
        Block(id="t1", section="body", kind="table", columns=["Member\x1b"], rows=[["KEN\x0b"]]),
    ]
    front = front_matter("ptc", {"meta": meta})  # the committee's header, where the committee's name is
    document = docx_read(DocxExporter().render(RenderedDocument(meta=meta, blocks=blocks, front=front)))
    texts = [p.text for p in document.paragraphs]
    assert "Kenya said yes." in texts and "Committee" in texts
    assert [c.text for c in document.tables[0].rows[1].cells] == ["KEN"]
