"""`kpis compute` end to end: read, validate, quarantine, compute, and describe where the numbers came from.

Only aggregates leave this function: the result holds counts and rates, never a shipment row. Rows that
break the contract are written to the quarantine file with their reasons.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils.translation import gettext as _

from clearway.core.exceptions import ClearwayError, ProcessingFailed, ValidationFailed
from clearway.core.text_safety import text_error_detail
from clearway.shipments import kpis, platforms, validation
from clearway.shipments.contract import CONTRACT_VERSION
from clearway.shipments.engines import (
    Engine,
    Source,
    engine_get,
    resource_failure,
    source_resolve,
)

RESULT_FORMAT = "clearway.shipment-kpis"
RESULT_VERSION = 1
CONTENT_HASH_LIMIT = 64 * 1024 * 1024  # inputs up to this size are fingerprinted by content
STEPS = ("read", "duplicates", "quality", "quarantine", "kpis")

Progress = Callable[[str, int], None]  # (step name, step index)


@dataclass(frozen=True)
class ComputeRequest:
    input: Path
    engine: str = "duckdb"
    params: kpis.KpiParameters = kpis.KpiParameters()
    quarantine: Path | None = None  # .parquet or .csv; default: none written when no row is rejected


def clearway_version() -> str:
    try:
        return metadata.version("clearway")
    except metadata.PackageNotFoundError:  # running from a source tree without installation
        return "0+source"


def dataset_fingerprint(*, source: Source, schema: str, rows: int) -> dict[str, str]:
    """Content hash for small inputs; for large ones a hash of file names, sizes, schema and row count."""
    digest = hashlib.sha256()
    method = "content-sha256" if source.bytes <= CONTENT_HASH_LIMIT else "names-sizes-schema-rows-sha256"
    for path in source.files:
        digest.update(path.name.encode() + b"\0" + str(path.stat().st_size).encode() + b"\0")
        if method == "content-sha256":
            with path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
    digest.update(schema.encode() + b"\0" + str(rows).encode())
    return {"sha256": digest.hexdigest(), "method": method}


def _engine_error(engine: Engine, exc: Exception) -> ClearwayError:
    failure = resource_failure(exc)
    if failure is not None:  # a full disk or exhausted memory is not bad input, whatever class reports it
        return failure
    text = text_error_detail(exc, limit=400)
    bad_input = ("InvalidInput", "Conversion", "Corrupt", "not a parquet", "Invalid Input", "IOException")
    if any(marker.lower() in f"{type(exc).__name__} {text}".lower() for marker in bad_input):
        return ValidationFailed(_("The input could not be read: %(detail)s") % {"detail": text})
    return ProcessingFailed(
        _("The %(engine)s engine failed: %(detail)s") % {"engine": engine.label, "detail": text}
    )


def kpis_compute(*, request: ComputeRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Validate and compute; returns the JSON-ready result (kpis, groups, quality, provenance)."""
    started = time.monotonic()
    report = progress or (lambda step, index: None)
    parameters_check(request.params)
    source = source_resolve(request.input)
    engine = engine_get(request.engine)
    try:
        result = _compute(engine=engine, source=source, request=request, report=report)
    except ClearwayError:
        raise
    except Exception as exc:  # engines raise their own classes; report them as input or processing errors
        raise _engine_error(engine, exc) from exc
    finally:
        engine.close()
    result["provenance"]["duration_seconds"] = round(time.monotonic() - started, 3)
    return result


def _compute(*, engine: Engine, source: Source, request: ComputeRequest, report: Progress) -> dict[str, Any]:
    report("read", 0)
    try:
        raw = engine.read(source)
    except ClearwayError:
        raise
    except Exception as exc:
        raise ProcessingFailed(
            _("Could not start the %(engine)s engine: %(detail)s")
            % {"engine": engine.label, "detail": text_error_detail(exc)}
        ) from exc
    typed = validation.shipments_typed(engine=engine, raw=raw)
    columns = validation.input_columns(raw)
    report("duplicates", 1)
    duplicates = validation.duplicate_ids(engine=engine, typed=typed)
    checked = validation.shipments_checked(engine=engine, typed=typed, duplicates=duplicates)
    report("quality", 2)
    # The rejected rows in a pass of their own (few, kept for the quarantine file); the accepted rows are
    # counted in the KPIs' pass, where they are read anyway (see validation.rejected_table).
    rejected = validation.rejected_table(engine=engine, checked=checked, columns=columns)
    rejected_counts = validation.rejected_counts(engine=engine, rejected=rejected)
    report("quarantine", 3)
    quarantined_file = None
    if rejected_counts["rows"] and request.quarantine is not None:
        _quarantine_write(
            engine=engine,
            table=validation.quarantine_table(rejected=rejected, columns=columns),
            path=request.quarantine,
        )
        quarantined_file = request.quarantine.name
    report("kpis", 4)
    accepted = validation.accepted_table(checked=checked)
    # Read by each part of the cube's query (see kpis.kpi_cube): Spark, which would compute it for each,
    # materialises it first (Engine.reused); DuckDB and PostgreSQL compute it once as it is.
    rows = engine.reused(
        kpis.kpi_rows(
            accepted=accepted, params=request.params, carry=validation.accepted_carried(accepted=accepted)
        )
    )
    counts = validation.accepted_counts(rows=rows)
    cube = engine.cache(kpis.kpi_cube(rows=rows, along=counts))
    params = request.params
    operators = {}
    if params.min_operators > 1:  # a threshold of one operator suppresses nothing: no need to count them
        operators = kpis.operators_by_group(engine.table_arrow(kpis.kpi_operators(cube=cube, params=params)))
    groups = kpis.kpi_records(
        table=engine.table_arrow(kpis.kpi_results(cube=cube, params=params, reused=engine.reused)),
        params=params,
        operators=operators,
    )
    quality = validation.quality_summary(
        accepted=validation.summary_row(engine.table_arrow(kpis.kpi_cube_along(cube=cube, along=counts))),
        rejected=rejected_counts,
    )
    top_platforms = platforms.platform_records(
        totals=engine.table_arrow(platforms.platform_totals(cube=cube)),
        quantiles=engine.table_arrow(platforms.platform_quantiles(cube=cube)),
        volume=quality["rows_accepted"],
        params=params,
    )
    return _result(
        engine=engine,
        source=source,
        raw_schema=_schema_text(source, columns),
        request=request,
        quality=quality,
        groups=groups,
        platforms=top_platforms,
        quarantined_file=quarantined_file,
    )


def _quarantine_write(*, engine: Engine, table: Any, path: Path) -> None:
    """The quarantine file written, or ProcessingFailed (exit 1): an output that cannot be written is not bad
    input, whatever class the engine reports it with."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine.table_write(table, path)
    except Exception as exc:
        failure = resource_failure(exc)
        detail = text_error_detail(exc)
        raise failure or ProcessingFailed(
            _("Could not write %(path)s: %(detail)s") % {"path": path, "detail": detail}
        ) from exc


def parameters_check(params: kpis.KpiParameters) -> None:
    """The computation's options, or ValidationFailed (exit 2) naming the one that is wrong."""
    if params.period not in kpis.PERIODS:
        raise ValidationFailed(_("Period must be month or quarter."))
    if not math.isfinite(params.de_minimis) or params.de_minimis < 0:
        raise ValidationFailed(
            _("The de minimis threshold must be a finite number, zero or more (not %(value)s).")
            % {"value": params.de_minimis}
        )
    if params.min_operators < 1:
        raise ValidationFailed(_("The least number of operators per group must be 1 or more."))


def _schema_text(source: Source, columns: list[str]) -> str:
    """The input's columns and types as the files declare them, so every engine fingerprints a dataset alike."""
    if source.fmt == "parquet":
        return "; ".join(str(pq.read_schema(path)) for path in source.files)
    return ", ".join(columns)  # CSV: text columns, named by the header


def _headline(groups: list[dict[str, Any]], quality: dict[str, Any]) -> dict[str, Any]:
    overall = next((g for g in groups if g["period"] == kpis.ALL and g["dimension"] == kpis.ALL), None)
    values = {m: (overall or {}).get(m) for m in kpis.MEASURES}
    values["volume"] = values["volume"] or 0
    values["data_quality_score"] = quality["score"]  # over every row read, quarantined rows included
    return values


def _result(
    *,
    engine: Engine,
    source: Source,
    raw_schema: str,
    request: ComputeRequest,
    quality: dict[str, Any],
    groups: list[dict[str, Any]],
    platforms: list[dict[str, Any]],
    quarantined_file: str | None,
) -> dict[str, Any]:
    params = request.params
    return {
        "format": RESULT_FORMAT,
        "format_version": RESULT_VERSION,
        "contract_version": CONTRACT_VERSION,
        "parameters": {
            "period": params.period,
            "de_minimis": params.de_minimis,
            "min_operators": params.min_operators,
        },
        "kpis": _headline(groups, quality),
        "groups": groups,
        "platforms": platforms,
        "quality": quality,
        "provenance": {
            "dataset_fingerprint": dataset_fingerprint(
                source=source, schema=raw_schema, rows=quality["rows_read"]
            ),
            "files": len(source.files),
            "format": source.fmt,
            "bytes": source.bytes,
            "rows_read": quality["rows_read"],
            "rows_accepted": quality["rows_accepted"],
            "rows_quarantined": quality["rows_quarantined"],
            "quarantine_file": quarantined_file,
            "period_covered": {"first": quality["first_arrival"], "last": quality["last_arrival"]},
            "engine": {"name": engine.name, "version": engine.version()},
            "clearway_version": clearway_version(),
            "computed_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        },
    }


def result_write(*, result: dict[str, Any], out: Path) -> None:
    """Write a result as JSON (everything) or Parquet (the groups; the rest in the file's metadata)."""
    suffix = out.suffix.lower()
    if suffix not in (".json", ".parquet"):
        raise ValidationFailed(_("The output must end in .json or .parquet."))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".json":
            out.write_text(
                json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n",
                encoding="utf-8",
            )
            return
        table = pa.Table.from_pylist(result["groups"], schema=_groups_schema())
        rest = {k: v for k, v in result.items() if k != "groups"}
        table = table.replace_schema_metadata({b"clearway": json.dumps(rest, sort_keys=True).encode()})
        pq.write_table(table, out)
    except OSError as exc:
        raise ProcessingFailed(
            _("Could not write %(path)s: %(detail)s") % {"path": out, "detail": exc}
        ) from exc


def _groups_schema() -> pa.Schema:
    fields = [pa.field(k, pa.string()) for k in kpis.KEYS]
    fields += [pa.field(m, pa.int64() if m == "volume" else pa.float64()) for m in kpis.MEASURES]
    fields.append(pa.field("suppressed", pa.bool_()))
    return pa.schema(fields)
