"""Assemble a report: run every registered section for the report's period and language, and describe the header."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.actors import Actor
from clearway.reports.committees import TEMPLATES, FrontLine, committee_template, front_matter
from clearway.reports.document import Block, block_make, block_number
from clearway.reports.models import MeetingFormat, Report
from clearway.reports.phrases import date_long, date_span_short, session_label
from clearway.reports.sections.base import ReportContext, SectionProvider, section_providers
from clearway.reports.sources import DataSources

# Places where committee sessions are held, named in the document's language; other places stay as typed.
_PLACES = {"Brussels": gettext_lazy("Brussels")}


def place_name(place: str) -> str:
    return str(_PLACES.get(place.strip(), place.strip()))


ProgressCallback = Callable[[float, str], None]


def context_for(*, report: Report, viewer: Actor, sources: Any = None) -> ReportContext:
    return ReportContext(
        committee=report.committee,
        committee_label=report.get_committee_display(),
        session=report.session,
        previous_session=report.previous_session,
        previous_document_number=report.previous_document_number,
        period_start=report.period_start,
        period_end=report.period_end,
        document_date=report.document_date,
        lang=report.language,
        viewer=viewer,
        sources=sources
        or DataSources(
            viewer=viewer,
            start=report.period_start,
            end=report.period_end,
            lang=report.language,
            committee=report.committee,
            exclude_report_id=report.pk,
            include_illustrative=report.illustrative,
        ),
    )


def document_build(
    *, report: Report, viewer: Actor, progress: ProgressCallback | None = None, sources: Any = None
) -> tuple[list[Block], dict[str, Any]]:
    """Fresh blocks from the data, and the data snapshot they came from."""
    with translation.override(report.language):
        ctx = context_for(report=report, viewer=viewer, sources=sources)
        providers = committee_sections(report.committee)
        blocks: list[Block] = []
        for index, provider in enumerate(providers):
            if progress:
                progress(0.1 + 0.6 * index / len(providers), _("Section: %(key)s") % {"key": provider.key})
            blocks.extend(provider.blocks(ctx))
        blocks = openers_after_tables(blocks)
        ctx.snapshot["as_of"] = report.period_end.isoformat()
        ctx.snapshot["illustrative_included"] = report.illustrative
        return blocks, ctx.snapshot


def committee_sections(committee: str) -> list[SectionProvider]:
    """Every section, in the order the committee's template declares (the annex last)."""
    template = committee_template(committee) or TEMPLATES["ptc"]
    providers = section_providers()
    standard = {p.key: index for index, p in enumerate(providers)}
    return sorted(providers, key=lambda p: (p.annex, *template.section_rank(p.key, standard[p.key])))


# Openers that refer to the prose before them: after a table or a chart they are dropped.
_BACKWARD_OPENERS = ("In this regard, ", "In this context, ", "À cet égard, ", "Dans ce contexte, ")


def openers_after_tables(blocks: list[Block]) -> list[Block]:
    """A paragraph refers to what precedes it ("In this regard, ...") only when that is prose: straight after a
    table or a chart (headings aside), the opener is dropped and the sentence starts with a capital."""
    out: list[Block] = []
    for block in blocks:
        before = next((b for b in reversed(out) if b.kind != "heading"), None)
        opener = next((o for o in _BACKWARD_OPENERS if block.text.startswith(o)), None)
        if opener and block.kind == "paragraph" and (before is None or before.kind in ("table", "chart")):
            rest = block.text[len(opener) :]
            block = block_make(
                id=block.id,
                section=block.section,
                kind=block.kind,
                text=rest[:1].upper() + rest[1:],
                numbered=block.numbered,
                annex=block.annex,
                level=block.level,
            )
        out.append(block)
    return out


@dataclass
class DocumentMeta:
    """The header block of the document, in its language."""

    committee: str
    document_number: str
    meeting_format: str
    sessions: str
    meeting_dates: str
    place_and_date: str
    title: str
    subtitle: str
    agenda_item: str
    language: str
    illustrative: bool
    version: int
    period: str
    file_stem: str
    as_of: str = ""


@dataclass
class RenderedDocument:
    meta: DocumentMeta
    blocks: list[Block]
    numbers: dict[str, int] = field(default_factory=dict)
    romans: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    front: list[FrontLine] = field(default_factory=list)  # the committee's header, titles and period


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def document_render_prepare(*, report: Report, blocks: list[Block], version: int) -> RenderedDocument:
    """Everything an exporter needs: header, blocks, paragraph numbers and section numerals."""
    template = committee_template(report.committee) or TEMPLATES["ptc"]
    with translation.override(report.language):
        lang = report.language
        meta = DocumentMeta(
            committee=report.get_committee_display().upper(),
            document_number=report.document_number,
            meeting_format=str(MeetingFormat(report.meeting_format).label).upper()
            if report.meeting_format
            else "",
            sessions=_("%(sessions)s Sessions") % {"sessions": session_label(report.session, lang)},
            meeting_dates=date_span_short(
                report.meeting_start, report.meeting_end or report.meeting_start, lang
            )
            if report.meeting_start
            else "",
            place_and_date=_("%(place)s, %(date)s.")
            % {"place": place_name(report.meeting_place), "date": date_long(report.document_date, lang)}
            if report.meeting_place
            else f"{date_long(report.document_date, lang)}.",
            title=report.title or str(template.title),
            subtitle=str(template.subtitle),
            agenda_item=_("Item %(item)s on the Agenda") % {"item": report.agenda_item}
            if report.agenda_item
            else "",
            language=lang,
            illustrative=report.illustrative,
            version=version,
            period=_("Period covered: %(start)s to %(end)s")
            % {"start": date_long(report.period_start, lang), "end": date_long(report.period_end, lang)},
            as_of=_("Figures as known at the end of the period, on %(date)s.")
            % {"date": date_long(report.period_end, lang)},
            file_stem=f"{report.document_number}{lang.upper()}-v{version}",
        )
        labels = {
            "annex": _("Annex"),
            "illustrative": _(
                "Illustrative data: this document was generated from demonstration data, not real answers from Members."
            ),
            "stale": _("Data changed since your edit"),
            "figure": _("Figure"),
            "table": _("Table"),
        }
        front = front_matter(report.committee, {"meta": meta})
    romans: dict[str, str] = {}
    for block in blocks:
        if block.kind == "heading" and block.numbered and not block.annex and block.level == 2:
            romans[block.id] = ROMAN[len(romans)] if len(romans) < len(ROMAN) else str(len(romans) + 1)
    return RenderedDocument(
        meta=meta, blocks=blocks, numbers=block_number(blocks), romans=romans, labels=labels, front=front
    )
