"""Typed API of committee reports: list, create, generate (background job), edit prose, export, download."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from clearway.core.actors import request_actor
from clearway.core.api_schema import ObjectId, Version
from clearway.core.jobs import job_get_for_user
from clearway.core.models import Job
from clearway.reports import selectors, services
from clearway.reports.exporters.base import exporter_get
from clearway.reports.models import Report, ReportFile, ReportVersion
from clearway.reports.production import report_generate_enqueue

router = Router()


class ReportIn(Schema):
    session: str
    document_number: str
    document_date: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    language: str = "en"
    committee: str = "ptc"
    previous_session: str = ""
    previous_document_number: str = ""
    meeting_start: datetime.date | None = None
    meeting_end: datetime.date | None = None
    meeting_place: str = "Brussels"
    meeting_format: str = ""  # in_person, hybrid or online; empty: not stated in the document
    agenda_item: str = ""
    title: str = ""
    illustrative: bool = False  # include illustrative (demonstration) data; every page then says so


class ReportOut(Schema):
    id: int
    committee: str
    session: str
    document_number: str
    document_date: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    language: str
    shared: bool
    illustrative: bool
    latest_version: int | None
    url: str


class BlockOut(Schema):
    id: str
    section: str
    kind: str
    text: str
    items: list[str]
    edited: bool
    stale: bool
    changed: bool = False  # the data of the period changed since the previous version


class VersionOut(Schema):
    number: int
    reason: str
    author: str
    created_at: datetime.datetime
    blocks: list[BlockOut]


class GenerateIn(Schema):
    format: str = ""  # one format (kept for existing clients); `formats` asks for several at once
    formats: list[str] = []
    regenerate: bool = True


class JobOut(Schema):
    job: str
    status: str
    status_url: str
    progress: float = 0.0
    message: str = ""
    error: str = ""
    result: dict[str, Any] | None = None


def _job_out(job: Job) -> JobOut:
    return JobOut(
        job=str(job.pk),
        status=job.status,
        status_url=reverse("api:reports_job", args=[job.pk]),
        progress=job.progress,
        message=job.message,
        error=job.error.splitlines()[0] if job.error else "",
        result=job.result,
    )


class BlockEditIn(Schema):
    text: str
    items: list[str] | None = None
    base_version: Version


class ExportIn(Schema):
    format: str
    version: Version | None = None


class FileOut(Schema):
    id: int
    format: str
    version: int
    size: int
    download_url: str


def _report_out(report: Report) -> ReportOut:
    latest = services.report_latest_version(report=report)
    return ReportOut(
        id=report.pk,
        committee=report.committee,
        session=report.session,
        document_number=report.document_number,
        document_date=report.document_date,
        period_start=report.period_start,
        period_end=report.period_end,
        language=report.language,
        shared=report.shared,
        illustrative=report.illustrative,
        latest_version=latest.number if latest else None,
        url=reverse("reports:detail", args=[report.pk]),
    )


def _version_out(version: ReportVersion) -> VersionOut:
    return VersionOut(
        number=version.number,
        reason=version.reason,
        author=str(version.author or "system"),
        created_at=version.created_at,
        blocks=[
            BlockOut(
                id=b["id"],
                section=b["section"],
                kind=b["kind"],
                text=b.get("text", ""),
                items=b.get("items", []),
                edited=b.get("edited", False),
                stale=b.get("stale", False),
                changed=b.get("changed", False),
            )
            for b in version.blocks
        ],
    )


def _file_out(record: ReportFile) -> FileOut:
    return FileOut(
        id=record.pk,
        format=record.format,
        version=record.version.number,
        size=record.size,
        download_url=reverse("api:reports_file_download", args=[record.pk]),
    )


@router.get("/", response=list[ReportOut])
def reports_list(request: HttpRequest) -> list[ReportOut]:
    return [_report_out(r) for r in selectors.report_list(viewer=request_actor(request))]


@router.post("/", response={201: ReportOut})
def report_create(request: HttpRequest, payload: ReportIn) -> Status[ReportOut]:
    report = services.report_create(actor=request_actor(request), data=services.ReportInput(**payload.dict()))
    return Status(201, _report_out(report))


@router.get("/{report_id}", response=ReportOut)
def report_detail(request: HttpRequest, report_id: ObjectId) -> ReportOut:
    return _report_out(selectors.report_get_for_user(user=request_actor(request), report_id=report_id))


@router.post("/{report_id}/generate", response={202: JobOut})
def report_generate(request: HttpRequest, report_id: ObjectId, payload: GenerateIn) -> Status[JobOut]:
    """Regenerate from the data and render it in the formats asked for (one version, a file per format), in
    the background; poll `status_url`: its `result` lists the files."""
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    job = report_generate_enqueue(
        report=report,
        actor=request_actor(request),
        formats=[payload.format, *payload.formats],
        regenerate=payload.regenerate,
    )
    return Status(202, _job_out(job))


@router.get("/jobs/{job_id}", response=JobOut, url_name="reports_job")
def report_job(request: HttpRequest, job_id: UUID) -> JobOut:
    """Where a generation stands; when it succeeded, `result` has the version and the file's download URL."""
    return _job_out(job_get_for_user(user=request_actor(request), job_id=job_id))


@router.get("/{report_id}/versions", response=list[VersionOut])
def report_versions(request: HttpRequest, report_id: ObjectId) -> list[VersionOut]:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id)
    return [_version_out(v) for v in selectors.report_versions(report=report)]


@router.put("/{report_id}/blocks/{block_id}", response=VersionOut)
def report_block_edit(
    request: HttpRequest, report_id: ObjectId, block_id: str, payload: BlockEditIn
) -> VersionOut:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    version = services.report_block_edit(
        report=report,
        actor=request_actor(request),
        block_id=block_id,
        text=payload.text,
        items=payload.items,
        base_version=payload.base_version,
    )
    return _version_out(version)


@router.post("/{report_id}/exports", response={201: FileOut})
def report_export(request: HttpRequest, report_id: ObjectId, payload: ExportIn) -> Status[FileOut]:
    """Render a version (the latest by default) now and keep the file."""
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    version = selectors.report_version_get(report=report, number=payload.version)
    record = services.report_export(
        report=report, actor=request_actor(request), format=payload.format, version=version
    )
    return Status(201, _file_out(record))


@router.get("/{report_id}/files", response=list[FileOut])
def report_files(request: HttpRequest, report_id: ObjectId) -> list[FileOut]:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id)
    return [_file_out(f) for f in selectors.report_files(report=report)]


@router.get("/files/{file_id}/download", url_name="reports_file_download")
def report_file_download(request: HttpRequest, file_id: ObjectId) -> Any:
    """The file itself (DOCX, PDF or HTML)."""
    record = selectors.report_file_get_for_user(user=request_actor(request), file_id=file_id)
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.file.name.rsplit("/", 1)[-1],
        content_type=exporter_get(record.format).content_type,
    )
