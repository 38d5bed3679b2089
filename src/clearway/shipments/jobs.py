"""Background computation of KPIs from a small shipment file uploaded through the page, with progress."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from clearway.core.jobs import ProgressCallback, job_handler
from clearway.core.models import Job


def _step_messages() -> dict[str, str]:
    return {
        "read": _("Reading the shipment file"),
        "duplicates": _("Looking for duplicate shipment ids"),
        "quality": _("Checking data quality"),
        "quarantine": _("Setting rejected rows aside"),
        "kpis": _("Computing the KPIs"),
    }


@job_handler("shipments.compute")
def shipments_compute_job(job: Job, progress: ProgressCallback) -> dict[str, Any]:
    """params: file (storage name), name, member (id), label, period, de_minimis."""
    # Imported here, not at module level: this module is loaded when Django starts (to register the handler),
    # and the computation's libraries (Ibis, sqlglot, pyarrow: about 0.8 s) are needed only when a job runs.
    from clearway.members.models import Member
    from clearway.shipments.kpis import KpiParameters
    from clearway.shipments.pipeline import STEPS
    from clearway.shipments.services import kpi_result_compute_stored

    params = job.params
    member = Member.objects.get(pk=params["member"])
    messages = _step_messages()

    def on_step(step: str, index: int) -> None:
        progress(0.05 + 0.9 * index / len(STEPS), messages.get(step, step))

    result = kpi_result_compute_stored(
        actor=job.created_by,
        member=member,
        stored=params["file"],
        name=params["name"],
        params=KpiParameters(period=params["period"], de_minimis=float(params["de_minimis"])),
        label=params["label"],
        progress=on_step,
    )
    return {
        "kpi_result": result.pk,
        "rows_read": result.rows_read,
        "url": reverse("shipments:result", args=[result.pk]),
    }
