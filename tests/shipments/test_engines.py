"""The same Ibis KPI code on DuckDB, PySpark (local mode) and PostgreSQL gives the same results."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis.expr.datatypes as dt
import pytest
from django.test import override_settings

from clearway.core.exceptions import ValidationFailed
from clearway.shipments.engines import ENGINES, engine_get
from clearway.shipments.generate import shipments_generate
from clearway.shipments.pipeline import ComputeRequest, kpis_compute

from .conftest import hand_rows, python_fresh, write_rows


def _comparable(result: dict[str, Any]) -> dict[str, Any]:
    prov = result["provenance"]
    return {
        "kpis": result["kpis"],
        "groups": result["groups"],
        "quality": result["quality"],
        "rows": (prov["rows_read"], prov["rows_accepted"], prov["rows_quarantined"]),
        "fingerprint": prov["dataset_fingerprint"],
    }


def _compute(path: Path, engine: str) -> dict[str, Any]:
    return kpis_compute(
        request=ComputeRequest(input=path, engine=engine, quarantine=path.with_suffix(f".{engine}.q.csv"))
    )


def _mixed(folder: Path, suffix: str) -> Path:
    """Hand rows plus 1,500 generated ones (every injected defect) in a folder, as .csv or .parquet files."""
    shipments_generate(rows=1500, seed=5, out=folder / f"generated.{suffix}")
    write_rows(hand_rows(), folder / f"hand.{suffix}")
    return folder


@pytest.fixture(scope="module")
def mixed_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """As CSV, so text coercion is exercised too."""
    return _mixed(tmp_path_factory.mktemp("mixed"), "csv")


@pytest.fixture(scope="module")
def mixed_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same rows as Parquet: typed columns, and text columns that statistics prove free of empty text."""
    return _mixed(tmp_path_factory.mktemp("mixed-parquet"), "parquet")


def test_registry_lists_the_three_engines() -> None:
    assert list(ENGINES) == ["duckdb", "pyspark", "postgres"]
    with pytest.raises(ValidationFailed, match="Unknown engine"):
        engine_get("oracle")


def test_duckdb_restores_its_threads_and_drops_its_tables(tmp_path: Path) -> None:
    """The duplicate-id pass runs with more threads than usual; the setting is put back, the tables dropped."""
    from clearway.shipments import validation
    from clearway.shipments.engines import source_resolve

    source = source_resolve(write_rows(hand_rows(), tmp_path / "hand.parquet"))
    engine = engine_get("duckdb")
    con = engine.backend.con
    threads = con.execute("SELECT current_setting('threads')").fetchall()
    typed = validation.shipments_typed(engine=engine, raw=engine.read(source))
    duplicates = validation.duplicate_ids(engine=engine, typed=typed)
    assert con.execute("SELECT current_setting('threads')").fetchall() == threads
    assert engine.table_arrow(duplicates).to_pylist() == [{"shipment_id": "DUP", "_dup_n": 2}]
    codes = engine.code_table({"_known_x": ["a", "b'c"], "_index_x": [0, 1]})
    assert engine.table_arrow(codes).to_pylist() == [
        {"_known_x": "a", "_index_x": 0},
        {"_known_x": "b'c", "_index_x": 1},
    ]
    assert dict(codes.schema().items()) == {"_known_x": dt.string, "_index_x": dt.int64}
    assert engine.code_table({"_known_x": ["a", "b'c"], "_index_x": [0, 1]}) is codes  # made once per run
    temporary = "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'clearway_tmp_%'"
    assert con.execute(temporary).fetchall() == [(3,)]  # the clashing hashes, the duplicates, the codes
    engine._release()  # what close() does before it disconnects
    assert con.execute(temporary).fetchall() == [(0,)]
    engine.close()


def test_duplicate_ids_stay_exact_when_hashes_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ids are grouped by hash first; ids that merely share a hash are not duplicates. Here the "hash" is
    the id's length, so A1, A4, Q1 ... all share one, and only DUP (twice) may come out."""
    from clearway.shipments import validation
    from clearway.shipments.engines import source_resolve

    source = source_resolve(write_rows(hand_rows(), tmp_path / "hand.parquet"))
    engine = engine_get("duckdb")
    monkeypatch.setattr(engine, "text_hash", lambda column: column.length().cast("int64"))
    typed = validation.shipments_typed(engine=engine, raw=engine.read(source))
    duplicates = validation.duplicate_ids(engine=engine, typed=typed)
    assert engine.table_arrow(duplicates).to_pylist() == [{"shipment_id": "DUP", "_dup_n": 2}]
    engine.close()


def test_a_duckdb_run_does_not_load_pandas(tmp_path: Path) -> None:
    """pandas costs a quarter of a second to import and a DuckDB run has no use for it (see DuckDBEngine)."""
    data = write_rows(hand_rows(), tmp_path / "hand.parquet")
    script = (
        "import sys, django; django.setup()\n"
        "from pathlib import Path\n"
        "from clearway.shipments.pipeline import ComputeRequest, kpis_compute\n"
        f"result = kpis_compute(request=ComputeRequest(input=Path({str(data)!r})))\n"
        "print(result['kpis']['volume'], 'pandas' in sys.modules)\n"
    )
    volume, pandas_loaded = python_fresh(script, tmp_path).stdout.split()
    assert int(volume) > 0
    assert pandas_loaded == "False"


@pytest.mark.spark
def test_pyspark_agrees_with_duckdb(spark_session: Any, mixed_dataset: Path, mixed_parquet: Path) -> None:
    duck = _compute(mixed_dataset, "duckdb")
    spark = _compute(mixed_dataset, "pyspark")
    assert spark["provenance"]["engine"]["name"] == "pyspark"
    assert _comparable(spark) == _comparable(duck)
    assert duck["provenance"]["rows_quarantined"] > 0 and len(duck["groups"]) > 50
    duck_parquet = _compute(mixed_parquet, "duckdb")
    assert _comparable(_compute(mixed_parquet, "pyspark")) == _comparable(duck_parquet)
    # Same rows, other format: the KPIs do not depend on how the file was written.
    assert duck_parquet["groups"] == duck["groups"]


@pytest.mark.spark
def test_pyspark_computes_a_run_that_writes_no_quarantine_file(spark_session: Any, tmp_path: Path) -> None:
    """The code lists reach Spark even when no earlier query of the run named them (no quarantine to write)."""
    path = write_rows(hand_rows(), tmp_path / "in" / "a.csv")
    results = {
        name: kpis_compute(request=ComputeRequest(input=path, engine=name)) for name in ("duckdb", "pyspark")
    }
    assert results["pyspark"]["quality"]["rows_read"] == len(hand_rows())
    assert results["pyspark"]["kpis"]["volume"] > 0
    assert _comparable(results["pyspark"]) == _comparable(results["duckdb"])
    # The session outlives the run (a server reuses it): the run's views, the input's included, are gone.
    assert [t.name for t in spark_session.catalog.listTables() if t.name.startswith("clearway_")] == []


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database of its own on the local PostgreSQL, created and dropped by the test."""
    import psycopg

    name = f"clearway_shipments_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        with override_settings(KPI_POSTGRES_URL=url):
            yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgres_agrees_with_duckdb(postgres_url: str, mixed_dataset: Path, mixed_parquet: Path) -> None:
    duck = _compute(mixed_dataset, "duckdb")
    pg = _compute(mixed_dataset, "postgres")
    assert pg["provenance"]["engine"]["name"] == "postgres"
    assert _comparable(pg) == _comparable(duck)
    assert _comparable(_compute(mixed_parquet, "postgres")) == _comparable(_compute(mixed_parquet, "duckdb"))
