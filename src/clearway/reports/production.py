"""Generate a report in the formats asked for: the one service behind the page, the API (both through the
background job) and the CLI.

One generation gives one version with every format asked for: the version is built from the data once, each
format is rendered from it, and the version and its files are saved together. Building and rendering hold no
transaction (a background job saves with its success); `report_produce` does both at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils.translation import gettext as _

from clearway.core.actors import Actor
from clearway.core.jobs import job_enqueue
from clearway.core.models import Job
from clearway.core.transactions import failure_cleanups
from clearway.reports.assembly import ProgressCallback
from clearway.reports.document import Block
from clearway.reports.exporters.base import exporter_get
from clearway.reports.models import Report, ReportFile, ReportVersion
from clearway.reports.selectors import report_find, report_version_get
from clearway.reports.services import (
    RenderedFile,
    ReportDraft,
    ReportInput,
    report_create,
    report_file_save,
    report_generate_build,
    report_generate_save,
    report_render,
    report_update,
)


@dataclass(frozen=True)
class ReportProduction:
    """What one generation built and rendered, not yet saved: a new draft (or the current version as it is)
    and one file per format."""

    report: Report
    draft: ReportDraft | None
    files: list[RenderedFile]


@dataclass(frozen=True)
class ReportProduced:
    version: ReportVersion
    files: list[ReportFile] = field(default_factory=list)


def report_define(*, actor: Actor, data: ReportInput) -> Report:
    """The report with this number in this language, created, or updated with `data` if it exists."""
    existing = report_find(document_number=data.document_number.strip(), language=data.language)
    if existing is None:
        return report_create(actor=actor, data=data)
    return report_update(actor=actor, report=existing, data=data)


def report_formats_check(formats: list[str]) -> list[str]:
    """The formats asked for, each once, in order; an unknown one is refused with the list of known ones."""
    unique = list(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    for fmt in unique:
        exporter_get(fmt)
    return unique


def report_produce_build(
    *,
    report: Report,
    actor: Actor,
    formats: list[str],
    regenerate: bool = True,
    progress: ProgressCallback | None = None,
) -> ReportProduction:
    """Build the next version from the data (or take the current one when `regenerate` is false and one
    exists) and render it in each format; nothing is written."""
    formats = report_formats_check(formats)
    draft = None
    if regenerate or not report.versions.exists():
        draft = report_generate_build(report=report, actor=actor, progress=progress)
        blocks, number = draft.blocks, draft.number
    else:
        current = report_version_get(report=report)
        blocks, number = [Block.from_dict(b) for b in current.blocks], current.number
    files = []
    for index, fmt in enumerate(formats):
        if progress:
            progress(0.75 + 0.2 * index / len(formats), _("Rendering %(format)s") % {"format": fmt.upper()})
        files.append(report_render(report=report, format=fmt, blocks=blocks, version_number=number))
    return ReportProduction(report=report, draft=draft, files=files)


def report_produce_save(*, production: ReportProduction, actor: Actor) -> ReportProduced:
    """Save the version and its files in one transaction (stored files are removed again if it fails)."""
    with failure_cleanups(), transaction.atomic():
        report = production.report
        if production.draft is not None:
            version = report_generate_save(draft=production.draft, actor=actor)
        else:
            version = report_version_get(report=report)
        files = [
            report_file_save(report=report, version=version, rendered=rendered, actor=actor)
            for rendered in _renumbered(production, version)
        ]
        return ReportProduced(version=version, files=files)


def _renumbered(production: ReportProduction, version: ReportVersion) -> list[RenderedFile]:
    """The files named after the version saved: when the draft gave the text of the latest version again, that
    version is kept (one version for every format of one text) and only the version in the file name differs."""
    draft = production.draft
    if draft is None or draft.number == version.number:
        return production.files
    old, new = f"-v{draft.number}.", f"-v{version.number}."
    return [replace(f, name=f.name.replace(old, new)) for f in production.files]


def report_produce(
    *,
    report: Report,
    actor: Actor,
    formats: list[str],
    regenerate: bool = True,
    progress: ProgressCallback | None = None,
) -> ReportProduced:
    """Generate the report in these formats: one version, one file per format."""
    production = report_produce_build(
        report=report, actor=actor, formats=formats, regenerate=regenerate, progress=progress
    )
    return report_produce_save(production=production, actor=actor)


def report_generate_enqueue(
    *, report: Report, actor: Actor, formats: list[str], regenerate: bool = True
) -> Job:
    """The same generation in the background (the page and the API): formats are checked now, the job runs
    `report_produce_build` and saves with its success. Without a format it always regenerates."""
    formats = report_formats_check(formats)
    return job_enqueue(
        kind="reports.generate",
        actor=actor,
        params={"report": report.pk, "formats": formats, "regenerate": regenerate or not formats},
    )
