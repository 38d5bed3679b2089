"""Work a person left to run in the background (a committee report, a KPI computation): they are told when it
is ready, with a link to it, or that it failed and why."""

from __future__ import annotations

from typing import Any

from clearway.core.actors import SYSTEM
from clearway.core.jobs_operations import job_kind_label
from clearway.core.models import Job, JobStatus
from clearway.notifications.kinds import in_each_language
from clearway.notifications.services import notification_send

# Kinds whose end nobody waits for: the e-mails themselves and the housekeeping.
QUIET_PREFIXES = ("notifications.", "accounts.", "core.")


def _what(job: Job) -> dict[str, str]:
    result: dict[str, Any] = job.result or {}
    fmt = str(result.get("format") or "").upper()

    def words() -> str:
        label = job_kind_label(job.kind)
        return f"{label} ({fmt})" if fmt else label

    return in_each_language(words)


def job_finished_notify(*, job: Job) -> None:
    if job.created_by is None or job.kind.startswith(QUIET_PREFIXES):
        return
    result: dict[str, Any] = job.result or {}
    if job.status == JobStatus.SUCCEEDED:
        url = str(result.get("download_url") or result.get("url") or "")
        params: dict[str, Any] = {"what": _what(job)}
        kind = "jobs.ready"
    else:
        from clearway.core.jobs import job_reason

        url, kind = "", "jobs.failed"  # the job's own page is for operators; the reason is in the text
        params = {"what": _what(job), "reason": job_reason(job=job)}
    notification_send(
        recipients=[job.created_by], kind=kind, params=params, url=url, key=f"job:{job.pk}", actor=SYSTEM
    )
