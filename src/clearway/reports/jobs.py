"""Background generation: regenerate a report from the data and render the requested file, with progress."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from clearway.core.jobs import ProgressCallback, job_handler
from clearway.core.models import Job


@job_handler("reports.generate")
def report_generate_job(job: Job, progress: ProgressCallback) -> dict[str, Any]:
    """params: report (id), format (docx|pdf|html or empty to only regenerate), regenerate (bool)."""
    from clearway.reports.selectors import report_get_for_user, report_version_get
    from clearway.reports.services import report_export, report_generate

    actor = job.created_by
    report = report_get_for_user(user=actor, report_id=job.params["report"], write=True)
    progress(0.05, _("Reading the data"))
    if job.params.get("regenerate", True) or not report.versions.exists():
        version = report_generate(report=report, actor=actor, progress=progress)
    else:
        version = report_version_get(report=report)
    result: dict[str, Any] = {
        "report": report.pk,
        "version": version.number,
        "url": reverse("reports:detail", args=[report.pk]),
    }
    fmt = job.params.get("format") or ""
    if fmt:
        progress(0.8, _("Rendering %(format)s") % {"format": fmt.upper()})
        record = report_export(report=report, actor=actor, format=fmt, version=version)
        result.update(
            file_id=record.pk,
            download_url=reverse("reports:download", args=[record.pk]),
            api_download_url=reverse("api:reports_file_download", args=[record.pk]),
            format=fmt,
            size=record.size,
        )
    return result
