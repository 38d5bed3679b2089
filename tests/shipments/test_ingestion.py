"""Bad inputs give clear errors (exit code 2 through the CLI); text values that break the contract are quarantined."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from clearway.core.exceptions import ProcessingFailed, ValidationFailed
from clearway.shipments.contract import FIELDS, contract_markdown, currency_codes
from clearway.shipments.engines import engine_get, source_resolve
from clearway.shipments.pipeline import ComputeRequest, kpis_compute
from clearway.shipments.validation import shipments_typed

from .conftest import JAN, hand_rows, rows_table, shipment, write_rows


def _compute(path: Path) -> dict[str, Any]:
    return kpis_compute(request=ComputeRequest(input=path, quarantine=path.parent / "q.csv"))


def test_truncated_parquet_is_bad_input(hand_parquet: Path) -> None:
    data = hand_parquet.read_bytes()
    hand_parquet.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValidationFailed, match="Could not read the input as Parquet"):
        _compute(hand_parquet)


def test_wrong_delimiter_is_named(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    pacsv.write_csv(rows_table(hand_rows()), path, pacsv.WriteOptions(delimiter=";"))
    with pytest.raises(ValidationFailed, match="another delimiter than a comma") as caught:
        _compute(path)
    assert "shipment_id" in caught.value.field_errors


def test_column_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    table = rows_table(hand_rows())
    table = table.set_column(
        table.schema.get_field_index("arrival_at"), "arrival_at", pa.array(range(table.num_rows), pa.int64())
    )
    pq.write_table(table, tmp_path / "wrong.parquet")
    with pytest.raises(ValidationFailed, match="wrong type") as caught:
        _compute(tmp_path / "wrong.parquet")
    assert list(caught.value.field_errors) == ["arrival_at"]


def test_missing_required_column(tmp_path: Path) -> None:
    table = rows_table(hand_rows()).drop_columns(["channel", "currency"])
    pq.write_table(table, tmp_path / "short.parquet")
    with pytest.raises(ValidationFailed, match="lacks required columns: channel, currency"):
        _compute(tmp_path / "short.parquet")


def test_missing_optional_columns_are_empty_not_an_error(tmp_path: Path) -> None:
    table = rows_table(hand_rows()).drop_columns(["hs_code", "platform", "returned"])
    pq.write_table(table, tmp_path / "lean.parquet")
    result = _compute(tmp_path / "lean.parquet")
    fill = {f["field"]: f["fill_rate"] for f in result["quality"]["fields"]}
    assert fill["hs_code"] == 0.0 and result["kpis"]["volume"] == 7 and result["kpis"]["return_rate"] == 0.0


def test_paths_that_are_not_inputs(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="does not exist"):
        source_resolve(tmp_path / "nope.parquet")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationFailed, match="holds no .parquet or .csv"):
        source_resolve(tmp_path / "empty")
    write_rows(hand_rows(), tmp_path / "mixed" / "a.parquet")
    write_rows(hand_rows(), tmp_path / "mixed" / "b.csv")
    with pytest.raises(ValidationFailed, match="mixes Parquet and CSV"):
        source_resolve(tmp_path / "mixed")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValidationFailed, match="neither a .parquet nor a .csv"):
        source_resolve(tmp_path / "notes.txt")


def test_folder_of_part_files_is_one_dataset(tmp_path: Path) -> None:
    rows = hand_rows()
    write_rows(rows[:6], tmp_path / "parts" / "part-0.parquet")
    write_rows(rows[6:], tmp_path / "parts" / "sub" / "part-1.parquet")
    write_rows(rows, tmp_path / "parts" / "old.quarantine.parquet")  # an earlier run's output: not an input
    result = _compute(tmp_path / "parts")
    assert result["quality"]["rows_read"] == 12 and result["kpis"]["volume"] == 7
    assert result["provenance"]["files"] == 2


def test_csv_text_that_is_not_a_value_is_quarantined_with_the_field(tmp_path: Path) -> None:
    path = write_rows([shipment("ok", JAN), shipment("bad", JAN)], tmp_path / "t.csv")
    text = path.read_text().splitlines()
    text[2] = text[2].replace("2025-01-10 10:00:00.000000Z", "next tuesday").replace(",20,", ",twenty,")
    path.write_text("\n".join(text) + "\n")
    result = _compute(path)
    assert result["kpis"]["volume"] == 1
    quarantined = pacsv.read_csv(tmp_path / "q.csv").to_pylist()
    assert [r["shipment_id"] for r in quarantined] == ["bad"]
    assert quarantined[0]["reason"] == "consistency:intrinsic_value_invalid;consistency:released_at_invalid"
    assert quarantined[0]["released_at"] == "next tuesday"  # kept exactly as read


def test_parquet_numbers_stored_as_text_are_still_checked(tmp_path: Path) -> None:
    """A number column stored as text in Parquet is read by the same grammar as CSV text."""
    table = rows_table([shipment("ok", JAN), shipment("bad", JAN)])
    index = table.schema.get_field_index("quantity")
    table = table.set_column(index, "quantity", pa.array(["3", "three"], pa.string()))
    pq.write_table(table, tmp_path / "text-quantity.parquet")
    engine = engine_get("duckdb")
    try:
        source = source_resolve(tmp_path / "text-quantity.parquet")
        typed = shipments_typed(engine=engine, raw=engine.read(source))
        flags = engine.table_arrow(typed.select("_bad_quantity")).column(0).to_pylist()
        assert flags == [False, True]
    finally:
        engine.close()
    result = _compute(tmp_path / "text-quantity.parquet")
    assert result["kpis"]["volume"] == 1
    assert pacsv.read_csv(tmp_path / "q.csv").column("reason").to_pylist() == ["consistency:quantity_invalid"]
    assert {r["code"]: r["rows"] for r in result["quality"]["rules"]}["quantity_invalid"] == 1


def test_empty_text_counts_as_missing_in_parquet_as_in_csv(tmp_path: Path) -> None:
    """Parquet columns proven free of empty text skip the blank check; the others keep it: same results."""
    rows = [
        *hand_rows(),
        shipment("E1", JAN, channel=""),  # a required field, empty: quarantined as missing
        shipment("E2", JAN, lane="", finding="", hs_code="", description=""),  # optional, empty: accepted
    ]
    results = {}
    for suffix in ("parquet", "csv"):
        folder = tmp_path / suffix
        write_rows(rows, folder / f"rows.{suffix}")
        result = kpis_compute(request=ComputeRequest(input=folder, quarantine=tmp_path / f"q-{suffix}.csv"))
        results[suffix] = {k: result[k] for k in ("kpis", "groups", "quality")}
    assert results["parquet"] == results["csv"]
    rules = {r["code"]: r["rows"] for r in results["parquet"]["quality"]["rules"]}
    assert rules["channel_missing"] == 1 and "channel_not_allowed" not in rules
    assert rules["hs_code_missing"] == 2 and rules["description_missing"] == 1  # A5 has no HS code
    assert "hs_code_format" not in rules and "lane_not_allowed" not in rules
    assert results["parquet"]["kpis"]["volume"] == 8


def test_contract_is_documented_and_checked_against_iso_lists() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "shipments.md").read_text()
    assert contract_markdown() in doc, "docs/shipments.md must carry the contract table printed by the code"
    assert len(FIELDS) == 31 and {"EUR", "KES", "USD"} <= currency_codes() and "ABC" not in currency_codes()


HS_CODES = {
    "610910": True,
    "000000": True,
    "61091": False,  # five digits
    "6109100": False,  # seven
    "61a910": False,
    " 610910 ": True,  # spaces around text are trimmed (the grammar of docs/shipments.md)
    "610910\n": False,  # a line break is not a space
    "６１０９１０": False,  # full-width digits are not 0-9
    "61.910": False,
}


def test_hs_code_must_be_six_digits(tmp_path: Path) -> None:
    rows = [shipment(f"H{i}", JAN, hs_code=code) for i, code in enumerate(HS_CODES)]
    path = write_rows(rows, tmp_path / "hs.parquet")
    result = _compute(path)
    rules = {r["code"]: r["rows"] for r in result["quality"]["rules"]}
    assert rules["hs_code_format"] == sum(not ok for ok in HS_CODES.values())
    assert result["kpis"]["volume"] == sum(HS_CODES.values())
    quarantined = pacsv.read_csv(tmp_path / "q.csv").to_pylist()
    assert {r["hs_code"] for r in quarantined} == {code for code, ok in HS_CODES.items() if not ok}
    assert all(r["reason"] == "consistency:hs_code_format" for r in quarantined)


def test_duckdb_shortcut_for_the_six_digits_matches_the_regular_expression() -> None:
    """DuckDB tests the form with a glob pattern; the other engines with the regular expression of Engine."""
    import ibis

    from clearway.shipments.engines import Engine

    engine = engine_get("duckdb")
    try:
        table = ibis.memtable({"code": [*(code.strip(" ") for code in HS_CODES), None]})  # trimmed when read
        both = table.select(glob=engine.digits(table.code, 6), regex=Engine.digits(engine, table.code, 6))
        found = engine.backend.to_pyarrow(both).to_pylist()
    finally:
        engine.close()
    assert [r["glob"] for r in found] == [r["regex"] for r in found] == [*HS_CODES.values(), None]


def test_rule_explanations_are_written_in_the_language_of_the_run(hand_parquet: Path) -> None:
    """Messages with a field name in them too: they are translated when read, not once at import."""
    from django.utils import translation

    for lang, expected in (("fr", "intrinsic_value est négatif."), ("en", "intrinsic_value is negative.")):
        with translation.override(lang):
            result = kpis_compute(request=ComputeRequest(input=hand_parquet))
        explained = {r["code"]: r["explanation"] for r in result["quality"]["rules"]}
        assert explained["intrinsic_value_negative"] == expected


def test_a_type_rule_names_the_type_in_the_language_of_the_run(tmp_path: Path) -> None:
    from django.utils import translation

    path = write_rows([shipment("T1", JAN)], tmp_path / "t.csv")
    header, row = path.read_text().splitlines()
    cells = row.split(",")
    cells[header.split(",").index('"quantity"')] = "two"
    path.write_text(f"{header}\n{','.join(cells)}\n")
    for lang, expected in (
        ("fr", "quantity n'est pas une valeur valide de type entier."),
        ("en", "quantity is not a valid integer."),
    ):
        with translation.override(lang):
            result = kpis_compute(request=ComputeRequest(input=path))
        explained = {r["code"]: r["explanation"] for r in result["quality"]["rules"]}
        assert explained["quantity_invalid"] == expected


def test_csv_is_parsed_once_into_a_spool_that_is_removed_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    spill = tmp_path / "tmp" / "clearway-spool"
    path = write_rows(hand_rows(), tmp_path / "in" / "t.csv")
    seen: dict[str, list[str]] = {}

    def progress(step: str, index: int) -> None:
        seen[step] = sorted(p.name for p in spill.glob("input-*.parquet"))

    result = kpis_compute(request=ComputeRequest(input=path), progress=progress)
    assert len(seen["kpis"]) == 1  # every pass after reading reads the spooled copy
    assert list(spill.glob("input-*.parquet")) == []
    parquet = write_rows(hand_rows(), tmp_path / "pq" / "t.parquet")
    assert result["groups"] == kpis_compute(request=ComputeRequest(input=parquet))["groups"]

    # A CSV the engine cannot parse fails while reading, names the file, and leaves no spool behind.
    broken = tmp_path / "broken" / "t.csv"
    broken.parent.mkdir()
    lines = path.read_text().splitlines()
    broken.write_text("\n".join([*lines[:3], lines[3] + ',"one field too many"', *lines[4:]]) + "\n")
    with pytest.raises(ValidationFailed, match=r"Could not read the input as CSV \(t\.csv\)"):
        kpis_compute(request=ComputeRequest(input=broken))
    assert list(spill.glob("input-*.parquet")) == []


@pytest.mark.parametrize("engine", ["duckdb", "pyspark"])
def test_csv_files_of_a_folder_must_share_one_header(tmp_path: Path, engine: str) -> None:
    """Spark matches the columns of a folder's CSV files by position: a reordered file would be misread."""
    table = rows_table(hand_rows())
    folder = tmp_path / "in"
    folder.mkdir()
    pacsv.write_csv(table, folder / "a.csv")
    pacsv.write_csv(table.select(list(reversed(table.column_names))), folder / "b.csv")
    request = ComputeRequest(input=folder, engine=engine)
    with pytest.raises(
        ValidationFailed, match=r"b\.csv does not have the columns of a\.csv \(the same columns"
    ):
        kpis_compute(request=request)
    pacsv.write_csv(table.drop_columns(["lane", "finding"]), folder / "b.csv")
    with pytest.raises(ValidationFailed, match=r"\(missing: lane, finding\)"):
        kpis_compute(request=request)
    if engine == "duckdb":  # (a whole run on Spark: test_engines.py)
        pacsv.write_csv(table, folder / "b.csv")  # the same header: read as one input
        assert kpis_compute(request=request)["quality"]["rows_read"] == 2 * table.num_rows


def test_a_full_disk_is_a_failure_of_the_machine_not_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV's working copy is written to /dev/full (every write fails: no space left on the device)."""
    import tempfile
    import uuid

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=7))
    spool = tmp_path / "tmp" / "clearway-spool"
    spool.mkdir(parents=True)
    (spool / f"input-{os.getpid()}-{uuid.UUID(int=7).hex[:12]}.parquet").symlink_to("/dev/full")
    path = write_rows(hand_rows(), tmp_path / "in" / "t.csv")
    with pytest.raises(ProcessingFailed, match="The disk is full") as caught:
        kpis_compute(request=ComputeRequest(input=path))
    assert str(tmp_path / "tmp") in caught.value.message
    assert caught.value.exit_code == 1  # the CLI's "failure", not its "bad input" (2)


def test_a_parquet_quarantine_holds_the_rejected_rows_exactly_as_read(tmp_path: Path) -> None:
    """Every input column, in the input's order and type, values untouched: those the checks used as read (no
    copy kept) and those they changed (an empty description becomes missing; an integer value becomes decimal),
    and columns outside the contract, even those named like the working columns of the checks."""
    rows = [
        shipment("OK", JAN),
        shipment("BAD", JAN, currency="ABC", description=""),  # rejected; the empty text stays empty
    ]
    table = rows_table(rows)
    table = table.set_column(
        table.schema.get_field_index("quantity"), "quantity", pa.array([1, 1], pa.int32())
    ).append_column("our_reference", pa.array(["r-1", "r-2"]))
    for name in ("_filled_hs_code", "_r_currency_unknown", "_input_0", "_error"):
        table = table.append_column(name, pa.array([f"{name}-1", f"{name}-2"]))
    pq.write_table(table, tmp_path / "in.parquet")

    result = kpis_compute(
        request=ComputeRequest(input=tmp_path / "in.parquet", quarantine=tmp_path / "q.parquet")
    )

    assert result["provenance"]["rows_quarantined"] == 1
    quarantined = pq.read_table(tmp_path / "q.parquet")
    assert quarantined.column_names == [*table.column_names, "reason"]
    assert quarantined.schema.field("quantity").type == pa.int32()
    assert quarantined.drop_columns(["reason"]).to_pylist() == table.slice(1).to_pylist()
    assert quarantined.column("reason").to_pylist() == ["consistency:currency_unknown"]
