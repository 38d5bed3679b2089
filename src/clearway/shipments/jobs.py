"""Background computation of KPIs from a small shipment file uploaded through the page, with progress.

The computation writes nothing; the result is kept, and the uploaded file deleted, with the job's success."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.exceptions import ClearwayError
from clearway.core.housekeeping import cleanup_register, storage_files
from clearway.core.jobs import Commit, ProgressCallback, job_actor, job_handler
from clearway.core.models import Job, JobStatus

INCOMING_KEPT = timedelta(days=1)  # a file whose job failed, kept for an operator's retry


def _step_messages() -> dict[str, str]:
    return {
        "read": _("Reading the shipment file"),
        "duplicates": _("Looking for duplicate shipment ids"),
        "quality": _("Checking data quality"),
        "quarantine": _("Setting rejected rows aside"),
        "kpis": _("Computing the KPIs"),
    }


@job_handler("shipments.compute", label=gettext_lazy("KPI computation"), retry_on_error=True)
def shipments_compute_job(job: Job, progress: ProgressCallback) -> Commit:
    """params: file (storage name), name, member (id), label, period, de_minimis."""
    # Imported here, not at module level: this module is loaded when Django starts (to register the handler),
    # and the computation's libraries (Ibis, sqlglot, pyarrow: about 0.8 s) are needed only when a job runs.
    from clearway.members.models import Member
    from clearway.shipments.kpis import KpiParameters
    from clearway.shipments.pipeline import STEPS
    from clearway.shipments.services import (
        incoming_file_discard,
        kpi_result_store_computed,
        kpi_stored_compute,
    )

    params = job.params
    member = Member.objects.get(pk=params["member"])
    messages = _step_messages()

    def on_step(step: str, index: int) -> None:
        progress(0.05 + 0.9 * index / len(STEPS), messages.get(step, step))

    try:
        run = kpi_stored_compute(
            actor=job_actor(job),
            member=member,
            stored=params["file"],
            name=params["name"],
            params=KpiParameters(period=params["period"], de_minimis=float(params["de_minimis"])),
            progress=on_step,
        )
    except ClearwayError:  # the file is refused: it would be refused again
        incoming_file_discard(stored=params["file"])
        raise

    def commit() -> dict[str, Any]:
        result = kpi_result_store_computed(
            actor=job_actor(job), member=member, run=run, stored=params["file"], label=params["label"]
        )
        return {
            "kpi_result": result.pk,
            "rows_read": result.rows_read,
            "url": reverse("shipments:result", args=[result.pk]),
        }

    return commit


@cleanup_register("shipments.incoming_files")
def incoming_files_delete(now: datetime) -> int:
    """Uploaded shipment files that no queued or running computation needs any more."""
    from clearway.shipments.services import INCOMING

    waiting = set(
        Job.objects.filter(
            kind="shipments.compute", status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).values_list("params__file", flat=True)
    )
    removed = 0
    for name in storage_files(INCOMING):
        if name not in waiting and default_storage.get_modified_time(name) < now - INCOMING_KEPT:
            default_storage.delete(name)
            removed += 1
    return removed


QUARANTINE_ORPHANS_KEPT = timedelta(days=1)  # a file whose result was never kept (its job failed at the end)


@cleanup_register("shipments.quarantine_files")
def quarantine_files_delete(now: datetime) -> int:
    """Quarantine files past their retention (settings.KPI_QUARANTINE_DAYS after the computation), each noted on
    its result, and files no result names."""
    from django.conf import settings

    from clearway.shipments.models import KpiResult
    from clearway.shipments.services import QUARANTINE, kpi_quarantine_expire

    expired = KpiResult.objects.exclude(quarantine_file="").filter(
        created_at__lt=now - timedelta(days=settings.KPI_QUARANTINE_DAYS)
    )
    deleting = set()  # each deleted once its result's change is committed
    for result in expired.select_related("member"):
        deleting.add(result.quarantine_file)
        kpi_quarantine_expire(kpi_result=result, now=now)
    removed = len(deleting)
    named = set(KpiResult.objects.exclude(quarantine_file="").values_list("quarantine_file", flat=True))
    for name in storage_files(QUARANTINE):
        if name in named or name in deleting:
            continue
        if default_storage.get_modified_time(name) < now - QUARANTINE_ORPHANS_KEPT:
            default_storage.delete(name)
            removed += 1
    return removed
