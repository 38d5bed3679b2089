"""Background generation: regenerate a report from the data and render the requested file, with progress.

The job reads and lays out with no transaction open; the new version and its file are saved together with the
job's success (see core.jobs), so a worker stopped half-way leaves neither."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.housekeeping import cleanup_register, storage_files
from clearway.core.jobs import Commit, ProgressCallback, job_actor, job_handler
from clearway.core.models import Job

REPORT_FILES = "reports"  # ReportFile.file's folder (reports/<year>/<month>/)
ORPHANS_KEPT = timedelta(days=1)


@job_handler("reports.generate", label=gettext_lazy("Committee report"), retry_on_error=True)
def report_generate_job(job: Job, progress: ProgressCallback) -> Commit:
    """params: report (id), formats (docx, pdf, html: none to only regenerate), regenerate (bool).

    One generation, one version with a file per format (`reports.production`); jobs queued before `formats`
    existed carry a single `format`."""
    from clearway.reports.production import report_produce_build, report_produce_save
    from clearway.reports.selectors import report_get_for_user

    actor = job_actor(job)
    report = report_get_for_user(user=actor, report_id=job.params["report"], write=True)
    progress(0.05, _("Reading the data"))
    formats = job.params.get("formats") or [f for f in [job.params.get("format") or ""] if f]
    production = report_produce_build(
        report=report,
        actor=actor,
        formats=formats,
        regenerate=job.params.get("regenerate", True),
        progress=progress,
    )

    def commit() -> dict[str, Any]:
        produced = report_produce_save(production=production, actor=actor)
        result: dict[str, Any] = {
            "report": report.pk,
            "version": produced.version.number,
            "url": reverse("reports:detail", args=[report.pk]),
            "files": [_file_result(record) for record in produced.files],
        }
        if produced.files:  # the first file, as results gave it before several formats were asked for at once
            result.update(_file_result(produced.files[0]))
        return result

    return commit


def _file_result(record: Any) -> dict[str, Any]:
    return {
        "file_id": record.pk,
        "download_url": reverse("reports:download", args=[record.pk]),
        "api_download_url": reverse("api:reports_file_download", args=[record.pk]),
        "format": record.format,
        "size": record.size,
    }


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
