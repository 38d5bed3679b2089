"""Illustrative KPI result for Kenya, computed from synthetic shipments (fixed seed), so the pages have content.

Idempotent: a Member that already has the illustrative result keeps it. Labelled illustrative wherever shown.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db import transaction

from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record
from clearway.core.demo_scale import NO_PROGRESS, SMALL, Scale, ScaleProgress
from clearway.members.models import Member
from clearway.shipments.generate import shipments_generate
from clearway.shipments.models import KpiResult, KpiResultSource
from clearway.shipments.pipeline import ComputeRequest, kpis_compute

DEMO_LABEL = "Illustrative 2025 sample (synthetic shipments)"
DEMO_MEMBERS = ("KEN",)
DEMO_ROWS = 20_000


def demo_load(*, scale: Scale = SMALL, progress: ScaleProgress = NO_PROGRESS) -> str:
    message = _small_load()
    if not scale.extends:
        return message
    from clearway.shipments.demo_scale import kpi_results_load  # imported here: it builds on this module

    return f"{message}; {kpi_results_load(scale=scale, progress=progress)}"


def _small_load() -> str:
    created = 0
    for iso3 in DEMO_MEMBERS:
        member = Member.objects.filter(iso3=iso3).first()
        if member is None or KpiResult.objects.filter(member=member, label=DEMO_LABEL).exists():
            continue
        with tempfile.TemporaryDirectory(prefix="clearway-demo-") as folder:
            path = shipments_generate(rows=DEMO_ROWS, seed=2026, out=Path(folder) / "demo.parquet").files[0]
            data = kpis_compute(request=ComputeRequest(input=path))
        data["provenance"]["illustrative"] = True
        prov = data["provenance"]
        with transaction.atomic():
            result = KpiResult.objects.create(
                member=member,
                source=KpiResultSource.COMPUTED,
                label=DEMO_LABEL,
                result=data,
                illustrative=True,
                fingerprint=prov["dataset_fingerprint"]["sha256"],
                rows_read=prov["rows_read"],
                rows_accepted=prov["rows_accepted"],
                period_first=prov["period_covered"]["first"] or "",
                period_last=prov["period_covered"]["last"] or "",
                engine=f"duckdb {prov['engine']['version']}",
            )
            audit_record(
                actor=SYSTEM,
                action="shipments.kpi_result.demo",
                instance=result,
                after={"label": DEMO_LABEL, "rows_read": result.rows_read},
            )
        created += 1
    return f"{created} illustrative KPI result(s) created"
