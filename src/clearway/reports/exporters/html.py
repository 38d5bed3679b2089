"""A standalone web page: inlined CSS and charts (SVG), no external assets, readable offline."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from clearway.core.charts import chart_to_png, chart_to_svg
from clearway.reports.assembly import RenderedDocument
from clearway.reports.exporters.base import Exporter, exporter_register


def document_html(
    document: RenderedDocument, *, charts: str = "svg", extra: dict[str, Any] | None = None
) -> str:
    """The document as one HTML page; `charts` is "svg" (inline) or "png" (data URIs, for PDF engines)."""
    rendered = {}
    # Charts are drawn in the document's language (number and month formats, screen-reader descriptions),
    # whatever the reader's own language is.
    with translation.override(document.meta.language):
        for block in document.blocks:
            if block.kind == "chart" and block.chart:
                if charts == "svg":
                    rendered[block.id] = chart_to_svg(block.chart)
                else:
                    png = base64.b64encode(chart_to_png(block.chart)).decode()
                    rendered[block.id] = f'<img alt="" src="data:image/png;base64,{png}">'
        return render_to_string(
            "reports/export/document.html",
            {
                "doc": document,
                "meta": document.meta,
                "items": _items(document, rendered),
                "page_label": css_string(document.labels.get("illustrative", "")),
                **(extra or {}),
            },
        )


def _items(document: RenderedDocument, charts: dict[str, str]) -> list[dict[str, Any]]:
    items = []
    annex_started = False
    for block in document.blocks:
        first_annex = block.annex and not annex_started
        annex_started = annex_started or block.annex
        items.append(
            {
                "block": block,
                "number": document.numbers.get(block.id),
                "roman": document.romans.get(block.id),
                "chart": charts.get(block.id, ""),
                "first_annex": first_annex,
            }
        )
    return items


@exporter_register
class HtmlExporter(Exporter):
    key = "html"
    extension = "html"
    content_type = "text/html; charset=utf-8"

    def render(self, document: RenderedDocument) -> bytes:
        return document_html(document).encode("utf-8")


def css_string(text: str) -> Any:
    """Text inside a CSS string in double quotes (the running head of every printed page): backslashes, quotes
    and the characters that could close the style element escaped as CSS hex escapes."""
    from django.utils.safestring import mark_safe

    escaped = "".join(f"\\{ord(c):06x}" if c in '\\"<>&\n' else c for c in text)
    return mark_safe(escaped)  # noqa: S308 (escaped above for a CSS string)
