from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from clearway.shipments import generate
from clearway.shipments.contract import SCHEMA
from clearway.shipments.generate import shipments_generate


def _digest(path: Path) -> str:
    return hashlib.sha256(pq.read_table(path).to_pandas().to_csv().encode()).hexdigest()


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    a = shipments_generate(rows=3000, seed=7, out=tmp_path / "a.parquet")
    b = shipments_generate(rows=3000, seed=7, out=tmp_path / "b.parquet")
    c = shipments_generate(rows=3000, seed=8, out=tmp_path / "c.parquet")
    assert a.rows == 3000 and _digest(a.files[0]) == _digest(b.files[0]) != _digest(c.files[0])


def test_folder_layout_does_not_change_the_rows(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setattr(generate, "CHUNK_ROWS", 1000)
    mp.setattr(generate, "PART_ROWS", 2000)
    try:
        parts = shipments_generate(rows=4500, seed=3, out=tmp_path / "parts")
        single = shipments_generate(rows=4500, seed=3, out=tmp_path / "one.parquet")
    finally:
        mp.undo()
    assert [p.name for p in parts.files] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    joined = pq.read_table(tmp_path / "parts").to_pandas().reset_index(drop=True)
    assert joined.equals(pq.read_table(single.files[0]).to_pandas())


def test_csv_output_has_the_contract_columns(tmp_path: Path) -> None:
    out = shipments_generate(rows=500, seed=1, out=tmp_path / "s.csv").files[0]
    assert pacsv.read_csv(out).column_names == SCHEMA.names


def test_documented_shape_and_injected_defects(tmp_path: Path) -> None:
    table = pq.read_table(
        shipments_generate(rows=60_000, seed=11, out=tmp_path / "s.parquet").files[0]
    ).to_pandas()
    share = table["channel"].value_counts(normalize=True)
    assert abs(share["postal"] - generate.SHAPE["channel.postal"]) < 0.01
    assert abs(share["express"] - generate.SHAPE["channel.express"]) < 0.01
    assert abs(table["hs_code"].isna().mean() - generate.SHAPE["defect.hs_missing"]) < 0.005
    assert (table["currency"] == "XXY").sum() > 0 and table["shipment_id"].duplicated().sum() > 0
    assert (table["released_at"] < table["arrival_at"]).sum() > 0
    express = table[table["channel"] == "express"]
    assert abs(express["advance_data_at"].notna().mean() - generate.SHAPE["advance_data.express"]) < 0.01
