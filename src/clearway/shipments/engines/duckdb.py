"""The DuckDB engine (the default): the staging query as a view over the files, streamed from disk."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from clearway.core.exceptions import ClearwayError
from clearway.shipments import staging
from clearway.shipments.engines.base import (
    Engine,
    duckdb_configure,
    engine_register,
    friendly_read_error,
    spool_dir,
)
from clearway.shipments.engines.sources import Source, csv_header_check


@ibis.udf.scalar.builtin(name="hash")
def _duckdb_hash(text: str) -> dt.uint64:  # type: ignore[empty-body]
    """DuckDB's 64-bit hash of a value."""


@ibis.udf.scalar.builtin(name="~~~")
def _duckdb_glob(text: str, pattern: str) -> bool:  # type: ignore[empty-body]
    """DuckDB's GLOB operator as a function: `text` matches `pattern` ([0-9] is one digit) as a whole."""


@engine_register
class DuckDBEngine(Engine):
    name = "duckdb"
    label = "DuckDB"

    def __init__(self) -> None:
        super().__init__()
        self._views: list[str] = []

    def connect(self) -> Any:
        con = ibis.duckdb.connect()
        duckdb_configure(con.con)
        return con

    def version(self) -> str:
        import duckdb

        return duckdb.__version__

    def table_arrow(self, table: ir.Table) -> Any:
        # The SQL Ibis compiles, run by DuckDB, which returns Arrow itself: Ibis's own to_pyarrow loads its pandas
        # type converters first, and importing pandas costs a quarter of a second that nothing else here needs.
        self.backend._run_pre_execute_hooks(table)
        return self.backend.con.sql(self.backend.compile(table)).to_arrow_table()

    def _code_table_new(self, columns: dict[str, list[Any]]) -> ir.Table:
        # A temporary table filled with parameters, not an Ibis memtable: a memtable imports pandas, which costs
        # a quarter of a second and nothing else in a DuckDB run needs it.
        name = f"clearway_tmp_{uuid.uuid4().hex[:12]}"
        types = {str: "VARCHAR", int: "BIGINT"}
        definition = ", ".join(f'"{column}" {types[type(values[0])]}' for column, values in columns.items())
        con = self.backend.con
        con.execute(f'CREATE TEMP TABLE "{name}" ({definition})')
        self._cached.append(name)
        # One statement, the lists as parameters side by side (DuckDB unnests them in step).
        lists = ", ".join("unnest(?)" for _column in columns)
        con.execute(f'INSERT INTO "{name}" SELECT {lists}', list(columns.values()))
        return self.backend.table(name)

    def cache(self, table: ir.Table, *, many_groups: bool = False) -> ir.Table:
        if not many_groups:
            return super().cache(table)
        # A hash table of one entry per row (ten million shipment ids) is built faster by twice as many
        # threads as cores: one thread computes while another waits on memory (ten million rows, two cores:
        # 0.9 to 1.2 s instead of 1.4 to 1.5 s). Other queries gain nothing from it, so it is set for this one.
        con = self.backend.con
        threads = int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])
        con.execute(f"SET threads = {2 * threads}")
        try:
            return super().cache(table)
        finally:
            con.execute(f"SET threads = {threads}")

    def text_hash(self, column: ir.StringValue) -> ir.IntegerValue | None:
        # DuckDB's own hash (an unsigned 64-bit integer); Ibis's `hash()` converts it to a signed one through
        # a bit string, which costs more than the hashing.
        return _duckdb_hash(column)

    def digits(self, column: ir.StringValue, count: int) -> ir.BooleanValue:
        # The same test as a glob pattern: several times faster than a regular expression on DuckDB (ten million
        # HS codes: about 0.1 s instead of 0.4 s; a test checks both give the same answers).
        return _duckdb_glob(column, "[0-9]" * count)

    def table_write(self, table: ir.Table, path: Path) -> None:
        # DuckDB's COPY streams straight to the file.
        if path.suffix.lower() == ".parquet":
            self.backend.to_parquet(table, path)
        else:
            self.backend.to_csv(table, path)

    def read(self, source: Source) -> ir.Table:
        # The staging query as a view over the files, not a file of its own: DuckDB reads only the columns and
        # computes only the values each pass needs, and the other engines' staged file is this same query.
        header = csv_header_check(source)
        con = self.backend.con  # connect first: a configuration error is not a file error
        try:
            relation = staging.input_relation(files=source.files, fmt=source.fmt, header=header)
            if source.fmt == "csv":
                relation = self._csv_spooled(relation)
            schema = staging.relation_schema(con=con, relation=relation)
            sql = staging.staging_sql(relation=relation, schema=schema, portable=True)
        except ClearwayError:
            raise
        except Exception as exc:  # duckdb raises many exception classes for bad files
            raise friendly_read_error(source, exc) from exc
        name = f"clearway_staged_{uuid.uuid4().hex[:12]}"
        con.execute(f'CREATE TEMP VIEW "{name}" AS {sql}')
        self._views.append(name)
        return self.backend.table(name)

    def _csv_spooled(self, relation: str) -> str:
        """CSV text parsed once into a temporary Parquet file, which every later pass reads instead.

        The checks and the KPIs read the input three times (duplicate ids, rejected rows, KPIs) and parsing CSV
        is much of what a pass costs (ten million rows, when there were four passes: 71 to 76 s parsing the CSV
        each time, 35 to 41 s reading the copy, which took 22 s to write; see docs/shipments.md). Columns stay
        text as read; the staging view types them.
        """
        path = spool_dir() / f"input-{os.getpid()}-{uuid.uuid4().hex[:12]}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._spooled.append(path)
        target = "'" + str(path).replace("'", "''") + "'"
        self.backend.con.execute(f"COPY (SELECT * FROM {relation}) TO {target} (FORMAT parquet)")
        return f"read_parquet({target})"

    def _release(self) -> None:
        super()._release()
        while self._views:
            self.backend.con.execute(f'DROP VIEW IF EXISTS "{self._views.pop()}"')
