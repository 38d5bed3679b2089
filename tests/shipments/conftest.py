"""Small shipment fixtures written as real Parquet or CSV files, with hand-computed expectations."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from django.test import override_settings

from clearway.shipments.contract import SCHEMA

H = dt.timedelta(hours=1)
JAN = dt.datetime(2025, 1, 10, 8, 0, tzinfo=dt.UTC)
MAR = dt.datetime(2025, 3, 5, 12, 0, tzinfo=dt.UTC)


def shipment(shipment_id: str, arrival: dt.datetime, **over: Any) -> dict[str, Any]:
    """A clean postal, non-AEO shipment released two hours after arrival; `over` changes fields."""
    row: dict[str, Any] = {
        "shipment_id": shipment_id,
        "order_id": f"O-{shipment_id}",
        "channel": "postal",
        "operator_id": "OP1",
        "operator_type": "postal_operator",
        "operator_aeo": False,
        "platform": "shop",
        "seller_id": "S1",
        "origin_country": "CN",
        "destination_country": "KE",
        "hs_code": "610910",
        "description": "T-shirt",
        "quantity": 1,
        "gross_weight_kg": 0.5,
        "intrinsic_value": 20.0,
        "currency": "USD",
        "customs_value": 18.0,
        "transport_cost": 2.0,
        "tax_id": "IM1",
        "advance_data_at": arrival - 24 * H,
        "arrival_at": arrival,
        "risk_assessed_at": arrival - 23 * H,
        "released_at": arrival + 2 * H,
        "lane": "green",
        "inspected": False,
        "nii_scanned": False,
        "finding": None,
        "duties_taxes_assessed": 0.0,
        "duties_taxes_collected": 0.0,
        "collection_model": "at_border",
        "returned": False,
    }
    row.update(over)
    return row


def hand_rows() -> list[dict[str, Any]]:
    """Twelve rows: seven accepted (January and March; February empty) and five to quarantine."""
    express = {
        "channel": "express",
        "operator_type": "express_carrier",
        "operator_id": "OP2",
        "operator_aeo": True,
    }
    return [
        shipment("A1", JAN),
        shipment(
            "A2",
            JAN,
            released_at=JAN + 30 * H,
            inspected=True,
            finding="undervaluation",
            lane="red",
            duties_taxes_assessed=12.34,
            customs_value=200.0,
            risk_assessed_at=JAN + 2 * H,
        ),
        shipment(
            "A3",
            JAN,
            **express,
            released_at=JAN + H,
            advance_data_at=None,
            risk_assessed_at=JAN + H,
            intrinsic_value=0.0,
            nii_scanned=True,
            finding="none",
        ),
        shipment("A4", JAN, **express, released_at=None, returned=True),
        shipment(
            "A5",
            JAN,
            channel="cargo",
            operator_type="freight_forwarder",
            operator_aeo=None,
            released_at=JAN + 48 * H,
            advance_data_at=JAN + H,
            risk_assessed_at=None,
            hs_code=None,
        ),
        shipment("Q1", JAN, released_at=JAN - H),
        shipment("DUP", JAN),
        shipment("DUP", JAN + H),
        shipment("Q4", JAN, currency="ABC"),
        shipment("Q5", JAN, intrinsic_value=-5.0),
        shipment("M1", MAR, released_at=MAR + 10 * H, duties_taxes_assessed=5.0, inspected=True),
        shipment(
            "M2",
            MAR,
            operator_aeo=True,
            released_at=MAR + 20 * H + 30 * dt.timedelta(minutes=1),
            inspected=True,
        ),
    ]


def python_fresh(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`script` run by a new Python process with Clearway's settings (for what one process loads or keeps)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clearway.settings",
        "CLEARWAY_DATA_DIR": str(tmp_path / "var"),
        "CLEARWAY_ENV": "test",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done


def rows_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def write_rows(rows: list[dict[str, Any]], path: Path) -> Path:
    table = rows_table(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        pacsv.write_csv(table, path)
    else:
        pq.write_table(table, path)
    return path


@pytest.fixture
def hand_parquet(tmp_path: Path) -> Path:
    return write_rows(hand_rows(), tmp_path / "hand.parquet")


@pytest.fixture
def rows_file(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: list[dict[str, Any]], name: str = "rows.parquet") -> Path:
        return write_rows(rows, tmp_path / name)

    return make


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local SparkSession for the test session, with few shuffle partitions (the engine reuses it)."""
    from pyspark.sql import SparkSession

    partitions = override_settings(KPI_SPARK_SHUFFLE_PARTITIONS=1)
    partitions.enable()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("clearway-tests")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield session
    session.stop()
    partitions.disable()
    # py4j logs "Closing down clientserver connection" from a finaliser after pytest closed its streams.
    logging.getLogger("py4j").setLevel(logging.ERROR)
