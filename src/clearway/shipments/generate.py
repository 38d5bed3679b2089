"""Synthetic shipment records with a documented shape, vectorised (numpy + pyarrow), deterministic for a seed.

The data are generated in fixed-size chunks, each from its own random stream `(seed, chunk index)`, so the
same seed and row count give byte-identical data whatever the output layout. The shape (channel mix, AEO
share, delays, inspection and defect rates) is the table `SHAPE`, printed in docs/shipments.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from clearway.shipments.contract import FINDINGS, SCHEMA

CHUNK_ROWS = 1_000_000
PART_ROWS = 5_000_000  # rows per part file when writing a folder
HOUR_US = 3_600_000_000

# (label, value): the documented shape of the synthetic data.
SHAPE: dict[str, float] = {
    "channel.postal": 0.55,
    "channel.express": 0.35,
    "channel.cargo": 0.10,
    "aeo_operators.postal": 0.30,
    "aeo_operators.express": 0.60,
    "aeo_operators.cargo": 0.35,
    "advance_data.postal": 0.62,
    "advance_data.express": 0.97,
    "advance_data.cargo": 0.90,
    "advance_data_late": 0.05,
    "release_median_hours.postal": 20.0,
    "release_median_hours.express": 2.0,
    "release_median_hours.cargo": 30.0,
    "release_factor_aeo": 0.6,
    "not_released": 0.02,
    "lane.red": 0.05,
    "lane.yellow": 0.10,
    "inspect_yellow": 0.30,
    "nii_random": 0.08,
    "hit_rate.non_aeo": 0.15,
    "hit_rate.aeo": 0.07,
    "returned": 0.015,
    "defect.hs_missing": 0.02,
    "defect.description_missing": 0.01,
    "defect.description_vague": 0.04,
    "defect.value_zero_or_one": 0.015,
    "defect.weight_missing": 0.01,
    "defect.currency_unknown": 0.002,
    "defect.value_negative": 0.001,
    "defect.release_before_arrival": 0.002,
    "defect.duplicate_id": 0.001,
    "defect.operator_type_missing": 0.001,
}

_CURRENCIES = np.array(["USD", "EUR", "CNY", "GBP", "JPY", "KES", "INR"])
_CURRENCY_P = np.array([0.40, 0.25, 0.20, 0.05, 0.05, 0.03, 0.02])
_TO_NATIONAL = np.array([0.92, 1.0, 0.13, 1.17, 0.0062, 0.0071, 0.011])  # illustrative fixed rates
_COUNTRIES = np.array(["CN", "US", "GB", "DE", "FR", "JP", "KE", "IN", "TR", "KR"])
_COUNTRY_P = np.array([0.45, 0.15, 0.08, 0.07, 0.05, 0.05, 0.04, 0.04, 0.04, 0.03])
_HS = np.array(
    ["610910", "640411", "851712", "950300", "420222", "330499", "847130", "711719", "392690", "620462"]
)
_DESCRIPTIONS = np.array(
    [
        "Cotton T-shirt",
        "Running shoes",
        "Mobile phone",
        "Toy figure",
        "Handbag",
        "Face cream",
        "Laptop computer",
        "Fashion jewellery",
        "Plastic phone case",
        "Women's trousers",
    ]
)
_VAGUE = np.array(["gift", "parts", "goods", "sample"])
_PLATFORMS = np.array(["platform-a", "platform-b", "platform-c", "platform-d", ""])
_OPERATORS_PER_CHANNEL = 200


@dataclass(frozen=True)
class GenerateSummary:
    rows: int
    files: list[Path]
    bytes: int


def _choice(rng: np.random.Generator, values: np.ndarray, p: np.ndarray | None, n: int) -> pa.Array:
    """A string column drawn from `values`, built as a dictionary then decoded (fast for millions of rows)."""
    idx = rng.choice(len(values), size=n, p=p).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(values)).dictionary_decode()


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, "")


def _ts(values_us: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(values_us, type=pa.timestamp("us", tz="UTC"), mask=mask)


def _chunk(*, seed: int, index: int, start: int, n: int, start_us: int, span_us: int) -> pa.Table:
    rng = np.random.default_rng([seed, index])
    s = SHAPE
    channel_idx = rng.choice(3, size=n, p=[s["channel.postal"], s["channel.express"], s["channel.cargo"]])
    channel_name = np.array(["postal", "express", "cargo"])
    operator_num = rng.integers(0, _OPERATORS_PER_CHANNEL, size=n)
    aeo_share = np.array([s["aeo_operators.postal"], s["aeo_operators.express"], s["aeo_operators.cargo"]])
    # AEO status belongs to the operator: a fixed pseudo-random fraction of each channel's operators.
    operator_rank = (operator_num * 7919 % _OPERATORS_PER_CHANNEL) / _OPERATORS_PER_CHANNEL
    aeo = operator_rank < aeo_share[channel_idx]

    op_type = np.where(channel_idx == 0, 0, np.where(channel_idx == 1, 1, 2))
    op_names = np.array(
        [
            "postal_operator",
            "express_carrier",
            "freight_forwarder",
            "customs_broker",
            "e_platform",
            "fulfilment_centre",
        ]
    )
    roll = rng.random(n)
    op_type = np.where((channel_idx == 1) & (roll < 0.2), 3, op_type)
    op_type = np.where((channel_idx == 2) & (roll < 0.15), 4, op_type)
    op_type = np.where((channel_idx == 2) & (roll >= 0.15) & (roll < 0.30), 5, op_type)
    op_type = np.where((channel_idx == 2) & (roll >= 0.30) & (roll < 0.40), 3, op_type)

    arrival = start_us + rng.integers(0, span_us, size=n)
    adv_share = np.array([s["advance_data.postal"], s["advance_data.express"], s["advance_data.cargo"]])
    has_adv = rng.random(n) < adv_share[channel_idx]
    late = rng.random(n) < s["advance_data_late"]
    lead = (rng.exponential(20.0, size=n) * HOUR_US).astype(np.int64) + 60_000_000
    advance = np.where(late, arrival + lead // 4, arrival - lead)
    risk = np.where(
        has_adv & ~late,
        advance + (rng.exponential(0.5, size=n) * HOUR_US).astype(np.int64),
        arrival + (rng.exponential(3.0, size=n) * HOUR_US).astype(np.int64),
    )
    risk_done = has_adv | (rng.random(n) < 0.8)

    lane_roll = rng.random(n) * np.where(aeo, 1.6, 1.0)  # AEO operators are selected less often
    lane = np.where(
        lane_roll < s["lane.red"], 2, np.where(lane_roll < s["lane.red"] + s["lane.yellow"], 1, 0)
    )
    inspected = (lane == 2) | ((lane == 1) & (rng.random(n) < s["inspect_yellow"]))
    nii = (lane == 1) | (rng.random(n) < s["nii_random"])
    hit_p = np.where(aeo, s["hit_rate.aeo"], s["hit_rate.non_aeo"])
    hit = (inspected | nii) & (rng.random(n) < hit_p)
    finding_idx = np.where(hit, rng.integers(1, len(FINDINGS), size=n), 0)
    finding_mask = ~(inspected | nii)

    median_h = np.array(
        [s["release_median_hours.postal"], s["release_median_hours.express"], s["release_median_hours.cargo"]]
    )[channel_idx]
    median_h = median_h * np.where(aeo, s["release_factor_aeo"], 1.0) + np.where(inspected, 24.0, 0.0)
    delay = (rng.lognormal(np.log(median_h), 0.8) * HOUR_US).astype(np.int64)
    release = arrival + delay
    not_released = rng.random(n) < s["not_released"]
    before = rng.random(n) < s["defect.release_before_arrival"]
    release = np.where(before, arrival - (rng.random(n) * 5 * HOUR_US).astype(np.int64) - 1, release)

    currency_idx = rng.choice(len(_CURRENCIES), size=n, p=_CURRENCY_P)
    national = rng.lognormal(np.log(25.0), 1.0, size=n)
    value = np.round(national / _TO_NATIONAL[currency_idx], 2)
    odd = rng.random(n) < s["defect.value_zero_or_one"]
    value = np.where(odd, rng.integers(0, 2, size=n).astype(float), value)
    value = np.where(rng.random(n) < s["defect.value_negative"], -value - 1, value)
    customs_value = np.round(np.where(odd, value * _TO_NATIONAL[currency_idx], national), 2)
    duties = np.round(np.where(customs_value > 150.0, customs_value * 0.2, 0.0), 2)
    collected = np.round(duties * np.where(rng.random(n) < 0.97, 1.0, 0.0), 2)

    numbers = np.arange(start, start + n, dtype=np.int64)
    dup = rng.random(n) < s["defect.duplicate_id"]
    dup[0] = False
    numbers = np.where(dup, np.roll(numbers, 1), numbers)
    currency = pa.DictionaryArray.from_arrays(
        pa.array(currency_idx.astype(np.int32)), pa.array(_CURRENCIES)
    ).dictionary_decode()
    currency = pc.if_else(pa.array(rng.random(n) < s["defect.currency_unknown"]), "XXY", currency)
    hs_idx = rng.integers(0, len(_HS), size=n).astype(np.int32)
    description = pa.DictionaryArray.from_arrays(
        pa.array(hs_idx), pa.array(_DESCRIPTIONS)
    ).dictionary_decode()
    description = pc.if_else(
        pa.array(rng.random(n) < s["defect.description_vague"]), _choice(rng, _VAGUE, None, n), description
    )
    platform = _choice(rng, _PLATFORMS, None, n)

    columns = {
        "shipment_id": _ids("CW", numbers, 12),
        "order_id": _ids("ORD", numbers, 12),
        "channel": pa.DictionaryArray.from_arrays(
            pa.array(channel_idx.astype(np.int32)), pa.array(channel_name)
        ).dictionary_decode(),
        "operator_id": _ids("OP", channel_idx * 1000 + operator_num, 5),
        "operator_type": pa.DictionaryArray.from_arrays(
            pa.array(op_type.astype(np.int32), mask=rng.random(n) < s["defect.operator_type_missing"]),
            pa.array(op_names),
        ).dictionary_decode(),
        "operator_aeo": pa.array(aeo),
        "platform": pc.if_else(pc.equal(platform, ""), pa.scalar(None, pa.string()), platform),
        "seller_id": _ids("S", rng.integers(0, 50_000, size=n), 6),
        "origin_country": _choice(rng, _COUNTRIES, _COUNTRY_P, n),
        "destination_country": pa.array(np.full(n, "KE")),
        "hs_code": pa.DictionaryArray.from_arrays(
            pa.array(hs_idx, mask=rng.random(n) < s["defect.hs_missing"]), pa.array(_HS)
        ).dictionary_decode(),
        "description": pc.if_else(
            pa.array(rng.random(n) < s["defect.description_missing"]),
            pa.scalar(None, pa.string()),
            description,
        ),
        "quantity": pa.array(rng.integers(1, 5, size=n)),
        "gross_weight_kg": pa.array(
            np.round(rng.lognormal(np.log(0.6), 0.9, size=n), 3),
            mask=rng.random(n) < s["defect.weight_missing"],
        ),
        "intrinsic_value": pa.array(value),
        "currency": currency,
        "customs_value": pa.array(customs_value),
        "transport_cost": pa.array(np.round(rng.lognormal(np.log(6.0), 0.5, size=n), 2)),
        "tax_id": _ids("IM", rng.integers(0, 9999, size=n), 8),
        "advance_data_at": _ts(advance, mask=~has_adv),
        "arrival_at": _ts(arrival),
        "risk_assessed_at": _ts(risk, mask=~risk_done),
        "released_at": _ts(release, mask=not_released & ~before),
        "lane": pa.DictionaryArray.from_arrays(
            pa.array(lane.astype(np.int32)), pa.array(["green", "yellow", "red"])
        ).dictionary_decode(),
        "inspected": pa.array(inspected),
        "nii_scanned": pa.array(nii),
        "finding": pa.DictionaryArray.from_arrays(
            pa.array(finding_idx.astype(np.int32), mask=finding_mask), pa.array(FINDINGS)
        ).dictionary_decode(),
        "duties_taxes_assessed": pa.array(duties),
        "duties_taxes_collected": pa.array(collected),
        "collection_model": _choice(
            rng,
            np.array(["at_border", "vendor", "platform", "intermediary"]),
            np.array([0.5, 0.1, 0.3, 0.1]),
            n,
        ),
        "returned": pa.array(rng.random(n) < s["returned"]),
    }
    return pa.Table.from_pydict(columns, schema=SCHEMA)


def shipment_chunks(*, rows: int, seed: int, start: dt.date, months: int) -> Iterator[pa.Table]:
    """The synthetic rows, chunk by chunk (each chunk at most CHUNK_ROWS)."""
    start_dt = dt.datetime(start.year, start.month, 1, tzinfo=dt.UTC)
    end_month = start.month - 1 + months
    end_dt = dt.datetime(start.year + end_month // 12, end_month % 12 + 1, 1, tzinfo=dt.UTC)
    start_us = int(start_dt.timestamp()) * 1_000_000
    span_us = int((end_dt - start_dt).total_seconds()) * 1_000_000
    for index, first in enumerate(range(0, rows, CHUNK_ROWS)):
        yield _chunk(
            seed=seed,
            index=index,
            start=first,
            n=min(CHUNK_ROWS, rows - first),
            start_us=start_us,
            span_us=span_us,
        )


class _Sink:
    """Writes chunks to one file or to a folder of part files, Parquet or CSV."""

    def __init__(self, out: Path, fmt: str):
        self.out, self.fmt = out, fmt
        self.files: list[Path] = []
        self.folder = out.suffix.lower() not in (".parquet", ".csv")
        self._writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
        self._rows_in_part = 0

    def _open(self) -> None:
        path = self.out / f"part-{len(self.files):05d}.{self.fmt}" if self.folder else self.out
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files.append(path)
        if self.fmt == "parquet":
            # Snappy: what pyarrow, pandas, Spark and DuckDB write by default, so the files resemble exports
            # from those tools (zstd files are a quarter smaller and about 10% slower to compute from).
            self._writer = pq.ParquetWriter(path, SCHEMA, compression="snappy")
        else:
            self._writer = pacsv.CSVWriter(path, SCHEMA)
        self._rows_in_part = 0

    def write(self, table: pa.Table) -> None:
        if self._writer is None or (self.folder and self._rows_in_part >= PART_ROWS):
            self.close()
            self._open()
        assert self._writer is not None
        if isinstance(self._writer, pq.ParquetWriter):
            self._writer.write_table(table, row_group_size=CHUNK_ROWS)
        else:
            self._writer.write_table(table)
        self._rows_in_part += table.num_rows

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def shipments_generate(
    *,
    rows: int,
    seed: int,
    out: Path,
    fmt: str | None = None,
    start: dt.date = dt.date(2025, 1, 1),
    months: int = 12,
    progress: Callable[[int], None] | None = None,
) -> GenerateSummary:
    """Write `rows` synthetic shipments to `out`: a .parquet or .csv file, or a folder of part files."""
    suffix = out.suffix.lower().lstrip(".")
    fmt = fmt or (suffix if suffix in ("parquet", "csv") else "parquet")
    if out.is_dir() and any(out.iterdir()):
        for old in out.glob("part-*.*"):
            old.unlink()
    sink = _Sink(out, fmt)
    written = 0
    try:
        for table in shipment_chunks(rows=rows, seed=seed, start=start, months=months):
            sink.write(table)
            written += table.num_rows
            if progress:
                progress(written)
        if written == 0:
            sink.write(SCHEMA.empty_table())
    finally:
        sink.close()
    return GenerateSummary(rows=written, files=sink.files, bytes=sum(p.stat().st_size for p in sink.files))
