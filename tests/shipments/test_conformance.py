"""Conformance: files with real-world quirks give one answer on DuckDB, PostgreSQL and PySpark.

Each dataset is computed once per engine (module-scoped); each quirk is then one test parametrised over the
engines, checking the engine's answer against the documented grammar (docs/shipments.md, section 1.1) and against
DuckDB's answer, quarantine file included. PySpark runs in local mode (marked `spark`).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.test import override_settings

from clearway.shipments.contract import FIELD_NAMES
from clearway.shipments.pipeline import ComputeRequest, kpis_compute

from .conftest import JAN, H, rows_table, shipment

ENGINES = ["duckdb", "postgres", pytest.param("pyspark", marks=pytest.mark.spark)]
BIG = "9500000000000000"  # 9.5e15 units: ten of them sum past 2^63 cents


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def _csv_row(shipment_id: str, arrival: dt.datetime, **text: str) -> dict[str, str]:
    """A clean shipment as CSV text; `text` replaces cells with text exactly as a file would hold it."""
    row = {name: _text(value) for name, value in shipment(shipment_id, arrival).items()}
    return row | text


def _at(text: str) -> dict[str, str]:
    """Arrival at `text`; advance data, risk assessment and release left to the test or emptied."""
    return {"arrival_at": text, "advance_data_at": "", "risk_assessed_at": ""}


QUIRK_ROWS: list[dict[str, str]] = [
    _csv_row("NA1", JAN, origin_country="NA", description="N/A"),  # Namibia, and a description "N/A"
    _csv_row("NULLCOST", JAN, transport_cost="NULL"),
    _csv_row("12345678901", JAN),  # an 11-digit numeric id
    _csv_row("QUOTED", JAN, description='Mug "large"\r\nand saucer, boxed'),
    _csv_row("NAN", JAN, customs_value="NaN"),
    _csv_row("INF", JAN, intrinsic_value="inf"),
    _csv_row("E400", JAN, intrinsic_value="1e400"),
    _csv_row("LEAP25", JAN, **_at("2025-02-29T10:00:00Z"), released_at=""),
    _csv_row("YES", JAN, inspected="yes"),
    _csv_row("SPACETRUE", JAN, inspected=" true ", nii_scanned="0"),
    _csv_row("UPPERTRUE", JAN, inspected="TRUE", nii_scanned="1", finding="none"),
    _csv_row("Q35", JAN, quantity="3.5"),
    _csv_row("Q1K", JAN, quantity="1_000"),
    _csv_row("PARIS", JAN, **_at("2025-01-10T08:00:00 Europe/Paris")),
    _csv_row("SH1 ", JAN),
    _csv_row("sh1", JAN),
    _csv_row("SH1", JAN),
    _csv_row("CODES", JAN, channel=" Postal ", currency="usd", origin_country=" cn"),
    _csv_row("ZERO", JAN, customs_value="0", intrinsic_value="0.00"),
    _csv_row("DAY", JAN, **_at("2025-01-15"), released_at="2025-01-15T02:00:00Z"),
    # 2025-02-01 00:30 in Paris is still 31 January in UTC.
    _csv_row("EDGE", JAN, **_at("2025-02-01T00:30:00+01:00"), released_at="2025-02-01T01:30:00+01:00"),
    # Europe's clocks go forward on 30 March 2025: one hour passes between these two readings.
    _csv_row("DST", JAN, **_at("2025-03-30T01:30:00+01:00"), released_at="2025-03-30T03:30:00+02:00"),
    # 86,400.2 s is more than 24 hours; 86,399.8 s is not.
    _csv_row("SLOW", JAN, **_at("2025-04-10T08:00:00Z"), released_at="2025-04-11T08:00:00.2Z"),
    _csv_row("FAST", JAN, **_at("2025-04-10T08:00:00Z"), released_at="2025-04-11T07:59:59.8Z"),
    _csv_row("OFFSET", JAN, **_at("2025-05-10T09:00:00+01:00"), released_at="2025-05-10T10:00:00+01:00"),
    _csv_row("HALF", JAN, **_at("2025-06-10T08:00:00Z"), released_at="", duties_taxes_assessed="0.125"),
    *(
        _csv_row(f"BIG{i}", JAN, **_at("2025-07-10T08:00:00Z"), released_at="", duties_taxes_assessed=BIG)
        for i in range(10)
    ),
    _csv_row("HUGE", JAN, duties_taxes_assessed="10000000000000000"),  # 10^16 units: beyond the grammar
    _csv_row("LEAP24", JAN, **_at("2024-02-29T12:00:00Z"), released_at="2024-02-29T13:00:00Z"),
]
QUARANTINED = {
    "NULLCOST": "consistency:transport_cost_invalid",
    "NAN": "consistency:customs_value_invalid",
    "INF": "consistency:intrinsic_value_invalid",
    "E400": "consistency:intrinsic_value_invalid",
    "LEAP25": "consistency:arrival_at_invalid",
    "YES": "consistency:inspected_invalid",
    "Q35": "consistency:quantity_invalid",
    "Q1K": "consistency:quantity_invalid",
    "PARIS": "consistency:arrival_at_invalid",
    "SH1 ": "consistency:duplicate_shipment_id",
    "sh1": "consistency:duplicate_shipment_id",
    "SH1": "consistency:duplicate_shipment_id",
    "HUGE": "consistency:duties_taxes_assessed_invalid",
}


def _quirks_csv(path: Path) -> Path:
    """RFC 4180 text with a byte-order mark, CRLF line ends, doubled quotes and a line break inside a field."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(FIELD_NAMES), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(QUIRK_ROWS)
    return path


def _parquet_folder(folder: Path) -> Path:
    """Part files of different timestamp types (pandas' default nanoseconds with a zone, milliseconds without,
    dates), numeric ids, binary floats with NaN, infinity and 2.675, and a fractional quantity."""
    folder.mkdir(parents=True)
    ns_utc = pa.timestamp("ns", tz="UTC")
    first = rows_table(
        [
            shipment("P1", JAN, duties_taxes_assessed=2.675),
            shipment("P2", JAN, customs_value=float("nan")),
            shipment("P3", JAN, intrinsic_value=float("inf")),
        ]
    )
    for name in ("advance_data_at", "arrival_at", "risk_assessed_at", "released_at"):
        first = first.set_column(first.schema.get_field_index(name), name, first.column(name).cast(ns_utc))
    pq.write_table(first, folder / "pandas.parquet")
    second = rows_table([shipment("P4", JAN + H), shipment("P5", JAN, quantity=2)])
    for name in ("advance_data_at", "arrival_at", "risk_assessed_at", "released_at"):
        naive = second.column(name).cast(pa.timestamp("ms", tz="UTC")).cast(pa.timestamp("ms"))
        second = second.set_column(second.schema.get_field_index(name), name, naive)
    quantity = pa.array([3.5, 2.0], pa.float64())
    second = second.set_column(second.schema.get_field_index("quantity"), "quantity", quantity)
    pq.write_table(second, folder / "millis.parquet")
    third = rows_table([shipment("7", JAN), shipment("8", JAN)])
    third = third.set_column(0, "shipment_id", pa.array([7, 8], pa.int64()))
    arrival = pa.array([JAN.date(), JAN.date()], pa.date32())
    third = third.set_column(third.schema.get_field_index("arrival_at"), "arrival_at", arrival)
    pq.write_table(third.drop_columns(["advance_data_at", "risk_assessed_at"]), folder / "dates.parquet")
    return folder


def _header_only(path: Path) -> Path:
    path.write_text(",".join(FIELD_NAMES) + "\r\n", encoding="utf-8")
    return path


def _one_row(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(FIELD_NAMES))
        writer.writeheader()
        writer.writerow(_csv_row("ONLY", JAN))
    return path


DATASETS: dict[str, Callable[[Path], Path]] = {
    "quirks": lambda base: _quirks_csv(base / "quirks.csv"),
    "parquet": lambda base: _parquet_folder(base / "parts"),
    "header_only": lambda base: _header_only(base / "header.csv"),
    "one_row": lambda base: _one_row(base / "one.csv"),
}


@pytest.fixture(scope="module")
def postgres_kpi_url() -> Iterator[str]:
    """A database of its own on the local PostgreSQL for this module's runs, dropped at the end."""
    import psycopg

    name = f"clearway_conformance_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def computed(
    tmp_path_factory: pytest.TempPathFactory, postgres_kpi_url: str
) -> Callable[[str, str], dict[str, Any]]:
    """`computed(dataset, engine)`: the result and quarantine rows, computed once per dataset and engine."""
    base = tmp_path_factory.mktemp("conformance")
    inputs = {name: make(base) for name, make in DATASETS.items()}
    done: dict[tuple[str, str], dict[str, Any]] = {}

    def compute(dataset: str, engine: str) -> dict[str, Any]:
        if (dataset, engine) not in done:
            quarantine = base / f"{dataset}.{engine}.quarantine.parquet"
            with override_settings(KPI_POSTGRES_URL=postgres_kpi_url):
                result = kpis_compute(
                    request=ComputeRequest(input=inputs[dataset], engine=engine, quarantine=quarantine)
                )
            rows = pq.read_table(quarantine).to_pylist() if quarantine.exists() else []
            done[dataset, engine] = {"result": result, "quarantine": rows}
        return done[dataset, engine]

    return compute


def _group(result: dict[str, Any], period: str) -> dict[str, Any]:
    return next(g for g in result["groups"] if (g["period"], g["dimension"]) == (period, "all"))


def _reasons(run: dict[str, Any]) -> dict[str, str]:
    return {str(row["shipment_id"]): row["reason"] for row in run["quarantine"]}


def _same_nan(row: dict[str, Any]) -> dict[str, Any]:
    """NaN as a word, so that two quarantine rows holding NaN compare equal."""
    return {k: "NaN" if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}


def _comparable(run: dict[str, Any]) -> dict[str, Any]:
    result = run["result"]
    return {
        **{key: result[key] for key in ("kpis", "groups", "platforms", "quality", "parameters")},
        "rows": {k: v for k, v in result["provenance"].items() if k.startswith("rows_")},
        "fingerprint": result["provenance"]["dataset_fingerprint"],
        "quarantine": sorted(
            (_same_nan(row) for row in run["quarantine"]), key=lambda r: (str(r["shipment_id"]), r["reason"])
        ),
    }


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_gives_duckdbs_answer_to_the_last_figure(
    computed: Callable[[str, str], dict[str, Any]], dataset: str, engine: str
) -> None:
    assert _comparable(computed(dataset, engine)) == _comparable(computed(dataset, "duckdb"))


@pytest.mark.parametrize("engine", ENGINES)
def test_each_record_of_a_csv_is_one_row_whatever_its_quotes_and_line_breaks(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    result = computed("quirks", engine)["result"]
    assert result["quality"]["rows_read"] == len(QUIRK_ROWS)
    assert result["quality"]["rows_quarantined"] == len(QUARANTINED)


@pytest.mark.parametrize("engine", ENGINES)
def test_values_that_break_the_grammar_are_quarantined_exactly_as_read(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    run = computed("quirks", engine)
    assert _reasons(run) == QUARANTINED
    by_id = {row["shipment_id"]: row for row in run["quarantine"]}
    assert by_id["NULLCOST"]["transport_cost"] == "NULL"
    assert by_id["NAN"]["customs_value"] == "NaN"
    assert by_id["E400"]["intrinsic_value"] == "1e400"
    assert by_id["PARIS"]["arrival_at"] == "2025-01-10T08:00:00 Europe/Paris"
    assert by_id["SH1 "]["shipment_id"] == "SH1 "  # the id as the file spells it, space included


@pytest.mark.parametrize("engine", ENGINES)
def test_na_is_namibia_and_numeric_ids_are_text(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    run = computed("quirks", engine)
    assert "NA1" not in _reasons(run) and "12345678901" not in _reasons(run)
    fields = {f["field"]: f["filled"] for f in run["result"]["quality"]["fields"]}
    assert fields["origin_country"] == len(QUIRK_ROWS)  # "NA" is a value, not an empty cell


@pytest.mark.parametrize("engine", ENGINES)
def test_ids_and_codes_are_trimmed_and_cased_before_they_are_compared(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    run = computed("quirks", engine)
    assert {"SH1 ", "sh1", "SH1"} <= set(_reasons(run))  # one shipment id, three records
    assert "CODES" not in _reasons(run)  # " Postal ", "usd", " cn" are postal, USD, CN


@pytest.mark.parametrize("engine", ENGINES)
def test_instants_keep_their_offset_and_periods_follow_utc(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    result = computed("quirks", engine)["result"]
    assert _group(result, "2025-02")["volume"] == 0  # EDGE arrived on 31 January in UTC; LEAP25 is invalid
    assert _group(result, "2025-03")["release_time_median_hours"] == 1.0  # across the DST change
    assert _group(result, "2025-05")["release_time_median_hours"] == 1.0  # both instants at +01:00
    assert _group(result, "2024-02")["volume"] == 1  # 29 February 2024 exists


@pytest.mark.parametrize("engine", ENGINES)
def test_release_within_24_hours_compares_the_exact_duration(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    april = _group(computed("quirks", engine)["result"], "2025-04")
    assert april["released_within_24h_share"] == 0.5  # FAST within, SLOW (86,400.2 s) not


@pytest.mark.parametrize("engine", ENGINES)
def test_cents_are_rounded_half_up_once_and_summed_without_overflow(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    result = computed("quirks", engine)["result"]
    assert _group(result, "2025-06")["revenue_assessed"] == 0.13  # 0.125
    july = _group(result, "2025-07")
    assert july["revenue_assessed"] == float(Decimal(BIG) * 10)  # 9.5e18 cents: past 2^63
    assert july["duties_taxes_per_shipment"] == float(Decimal(BIG))


@pytest.mark.parametrize("engine", ENGINES)
def test_parquet_parts_of_every_timestamp_unit_and_float_quirks(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    run = computed("parquet", engine)
    assert _reasons(run) == {
        "P2": "consistency:customs_value_invalid",
        "P3": "consistency:intrinsic_value_invalid",
        "P4": "consistency:quantity_invalid",  # 3.5 items
    }
    by_id = {row["shipment_id"]: row for row in run["quarantine"]}
    assert math.isnan(by_id["P2"]["customs_value"]) and by_id["P3"]["intrinsic_value"] == math.inf
    result = run["result"]
    assert result["quality"]["rows_read"] == 7 and result["kpis"]["volume"] == 4
    assert result["kpis"]["revenue_assessed"] == 2.68  # the float 2.675 as written, rounded half up
    assert result["provenance"]["period_covered"]["first"] == "2025-01-10T00:00:00+00:00"  # the dates


@pytest.mark.parametrize("engine", ENGINES)
def test_a_header_only_file_and_a_one_row_file(
    computed: Callable[[str, str], dict[str, Any]], engine: str
) -> None:
    empty = computed("header_only", engine)["result"]
    assert empty["quality"]["rows_read"] == 0 and empty["kpis"]["volume"] == 0
    assert empty["groups"] == [] and empty["platforms"] == [] and empty["quality"]["score"] is None
    one = computed("one_row", engine)["result"]
    assert one["kpis"]["volume"] == 1 and one["kpis"]["release_time_median_hours"] == 2.0
