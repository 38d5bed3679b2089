"""Background generation: regenerate a report from the data and render the requested file, with progress.

The job reads and lays out with no transaction open; the new version and its file are saved together with the
job's success (see core.jobs), so a worker stopped half-way leaves neither."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from clearway.core.housekeeping import cleanup_register, storage_files
from clearway.core.jobs import Commit, ProgressCallback, job_actor, job_handler
from clearway.core.models import Job

REPORT_FILES = "reports"  # ReportFile.file's folder (reports/<year>/<month>/)
ORPHANS_KEPT = timedelta(days=1)


@job_handler("reports.generate", retry_on_error=True)
def report_generate_job(job: Job, progress: ProgressCallback) -> Commit:
    """params: report (id), format (docx|pdf|html or empty to only regenerate), regenerate (bool)."""
    from clearway.reports.document import Block
    from clearway.reports.selectors import report_get_for_user, report_version_get
    from clearway.reports.services import (
        report_file_save,
        report_generate_build,
        report_generate_save,
        report_render,
    )

    actor = job_actor(job)
    report = report_get_for_user(user=actor, report_id=job.params["report"], write=True)
    progress(0.05, _("Reading the data"))
    draft = None
    if job.params.get("regenerate", True) or not report.versions.exists():
        draft = report_generate_build(report=report, actor=actor, progress=progress)
        blocks, number = draft.blocks, draft.number
    else:
        current = report_version_get(report=report)
        blocks, number = [Block.from_dict(b) for b in current.blocks], current.number
    fmt = job.params.get("format") or ""
    rendered = None
    if fmt:
        progress(0.8, _("Rendering %(format)s") % {"format": fmt.upper()})
        rendered = report_render(report=report, format=fmt, blocks=blocks, version_number=number)

    def commit() -> dict[str, Any]:
        version = (
            report_generate_save(draft=draft, actor=actor) if draft else report_version_get(report=report)
        )
        result: dict[str, Any] = {
            "report": report.pk,
            "version": version.number,
            "url": reverse("reports:detail", args=[report.pk]),
        }
        if rendered is not None:
            record = report_file_save(report=report, version=version, rendered=rendered, actor=actor)
            result.update(
                file_id=record.pk,
                download_url=reverse("reports:download", args=[record.pk]),
                api_download_url=reverse("api:reports_file_download", args=[record.pk]),
                format=fmt,
                size=record.size,
            )
        return result

    return commit


@cleanup_register("reports.orphan_files")
def report_orphan_files_delete(now: datetime) -> int:
    """Files under reports/ that no ReportFile names (a worker stopped between writing one and committing)."""
    from clearway.reports.models import ReportFile

    kept = set(ReportFile.objects.values_list("file", flat=True))
    removed = 0
    for name in storage_files(REPORT_FILES):
        if name not in kept and default_storage.get_modified_time(name) < now - ORPHANS_KEPT:
            default_storage.delete(name)
            removed += 1
    return removed
