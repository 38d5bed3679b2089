"""PDF through WeasyPrint, from the same HTML rendering (charts as PNG images)."""

from __future__ import annotations

import logging

from clearway.reports.assembly import RenderedDocument
from clearway.reports.exporters.base import Exporter, exporter_register
from clearway.reports.exporters.html import document_html

# WeasyPrint logs every layout step at INFO; a report's progress is reported by the job and the CLI instead.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@exporter_register
class PdfExporter(Exporter):
    key = "pdf"
    extension = "pdf"
    content_type = "application/pdf"

    def render(self, document: RenderedDocument) -> bytes:
        import weasyprint

        html = document_html(document, charts="png", extra={"for_print": True})
        return bytes(weasyprint.HTML(string=html).write_pdf())
