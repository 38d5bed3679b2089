"""Programme-scale KPI results (`clearway demo load --scale full`): illustrative results for many Members, each
computed by the real pipeline (`kpis_compute`) from its own synthetic shipments (seeded by the Member).

A computation spends about two seconds compiling its queries whatever the data's size, so the results are
computed in worker processes, one per core (two on the reference machine), and stored together. Fills the
results to the scale's total (the small demo's count). Deterministic (same shipments, same KPIs; only the
time of computing differs) and idempotent.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import django
from django.db import transaction

from clearway.core.actors import SYSTEM
from clearway.core.demo_scale import (
    Scale,
    ScaleProgress,
    audit_insert,
    bulk_insert,
    dated_event,
    moment,
    scale_random,
)
from clearway.core.models import AuditEvent
from clearway.members.demo_scale import members_taking_part
from clearway.members.models import Member
from clearway.shipments.demo import DEMO_LABEL
from clearway.shipments.generate import shipments_generate
from clearway.shipments.models import KpiResult, KpiResultSource
from clearway.shipments.pipeline import ComputeRequest, kpis_compute

ROWS = 5_000  # the KPIs are computed the same way on 5,000 rows as on millions; it keeps the load quick


def kpi_results_load(*, scale: Scale, progress: ScaleProgress) -> str:
    wanted = max(0, scale.kpi_results - KpiResult.objects.count())
    having = set(KpiResult.objects.filter(label=DEMO_LABEL).values_list("member_id", flat=True))
    members = [m for m in members_taking_part(scale=scale) if m.pk not in having]
    scale_random("kpi-results").shuffle(members)
    members = members[:wanted]
    progress.add(len(members))
    computed = _compute_all(members, progress)
    results = [_result(member, computed[member.iso3], index) for index, member in enumerate(members)]
    with transaction.atomic():
        bulk_insert(KpiResult, results)
        audit_insert([_event(r) for r in results])
    return f"{len(results)} illustrative KPI result(s) computed"


def _compute_all(members: list[Member], progress: ScaleProgress) -> dict[str, dict[str, Any]]:
    if not members:
        return {}
    seeds = {m.iso3: scale_random("kpi-seed", m.iso3).randrange(1 << 30) for m in members}
    workers = min(len(members), os.cpu_count() or 1, 4)
    # Fresh interpreters ("spawn"): nothing of this process (database connections, threads) is shared.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=django.setup) as pool:
        futures = {pool.submit(result_compute, seed): iso3 for iso3, seed in seeds.items()}
        computed = {}
        for future in as_completed(futures):
            computed[futures[future]] = future.result()
            progress.advance()
    return computed


def result_compute(seed: int) -> dict[str, Any]:
    """The KPIs of ROWS synthetic shipments of 2025 drawn with `seed` (run in a worker process)."""
    with tempfile.TemporaryDirectory(prefix="clearway-demo-") as folder:
        path = shipments_generate(rows=ROWS, seed=seed, out=Path(folder) / "shipments.parquet").files[0]
        data = kpis_compute(request=ComputeRequest(input=path))
    data["provenance"]["illustrative"] = True
    return data


def _result(member: Member, data: dict[str, Any], index: int) -> KpiResult:
    provenance = data["provenance"]
    return KpiResult(
        member=member,
        source=KpiResultSource.COMPUTED,
        label=DEMO_LABEL,
        result=data,
        illustrative=True,
        fingerprint=provenance["dataset_fingerprint"]["sha256"],
        rows_read=provenance["rows_read"],
        rows_accepted=provenance["rows_accepted"],
        period_first=provenance["period_covered"]["first"] or "",
        period_last=provenance["period_covered"]["last"] or "",
        engine=f"duckdb {provenance['engine']['version']}",
        created_at=moment(datetime.date(2026, 2, 2) + datetime.timedelta(days=3 * index)),
    )


def _event(result: KpiResult) -> AuditEvent:
    """What the small demo records for its result (`demo.py`)."""
    after = {"label": result.label, "rows_read": result.rows_read}
    return dated_event(SYSTEM, "shipments.kpi_result.demo", result, result.created_at, after=after)
