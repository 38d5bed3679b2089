"""Query engines behind one small interface: each returns an Ibis backend and reads shipment files into it.

The KPI and validation code (kpis.py, validation.py) is written once with Ibis and never names an engine;
adding an engine is one class registered here. Engines: `duckdb` (default, streams Parquet and CSV from
disk), `pyspark` (local mode, or a cluster through SPARK_REMOTE-style settings of the session), and
`postgres` (loads the input into a temporary table; meant for samples or data already in PostgreSQL).
"""

from __future__ import annotations

import csv
import errno
import os
import tempfile
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
from django.conf import settings
from django.utils.translation import gettext as _

from clearway.core.exceptions import ClearwayError, ProcessingFailed, ValidationFailed
from clearway.core.text_safety import text_error_detail
from clearway.shipments import staging

SUPPORTED_FORMATS = ("parquet", "csv")

# Ibis merges each projection into the one below it before it writes SQL, testing how complex every merge would
# make the result; on the deep expressions of the checks and the KPIs that is a third of compiling them (one
# million rows: 0.33 of 1.5 s of work, 0.24 s without it). The engines flatten nested projections themselves, and
# DuckDB runs the same plan (one million rows, one thread: 6.26 instead of 6.37 billion instructions in DuckDB;
# results identical). Only the shipment code uses Ibis in Clearway, so the option is set for the process.
ibis.options.sql.fuse_selects = False


@dataclass(frozen=True)
class Source:
    """The input files, all of one format."""

    files: tuple[Path, ...]
    fmt: str

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)


def source_resolve(path: Path) -> Source:
    """A file, or a folder of .parquet or .csv files (searched recursively), as a Source; bad paths raise."""
    if not path.exists():
        raise ValidationFailed(_("Input %(path)s does not exist.") % {"path": path})
    if path.is_file():
        files = [path]
    else:
        # Quarantine files written beside earlier results are outputs, not shipment records.
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower().lstrip(".") in SUPPORTED_FORMATS
            and not p.stem.endswith(".quarantine")
        )
        if not files:
            raise ValidationFailed(_("Folder %(path)s holds no .parquet or .csv file.") % {"path": path})
    formats = {p.suffix.lower().lstrip(".") for p in files}
    if len(formats) > 1:
        raise ValidationFailed(
            _("Folder %(path)s mixes Parquet and CSV files; use one format.") % {"path": path}
        )
    fmt = formats.pop()
    if fmt not in SUPPORTED_FORMATS:
        raise ValidationFailed(_("%(path)s is neither a .parquet nor a .csv file.") % {"path": path})
    return Source(files=tuple(files), fmt=fmt)


def csv_header_check(source: Source) -> list[str]:
    """Catch the commonest CSV mistakes early and say so: another separator than commas, or a folder whose files
    do not share one header (a reordered file would be read into the wrong columns). The header's column names
    (none for Parquet): the CSV reader is given them rather than guessing the layout from the rows."""
    first: tuple[Path, list[str]] | None = None
    for path in source.files if source.fmt == "csv" else ():
        with path.open("rb") as handle:
            header = handle.readline().decode("utf-8", errors="replace")
        if not header.strip():
            raise ValidationFailed(
                _("%(name)s is empty: a CSV file needs a header row.") % {"name": path.name}
            )
        if "," not in header:
            other = next((sep for sep in (";", "\t", "|") if sep in header), None)
            hint = (
                (
                    _(
                        "The header is one single column: the file seems to use another delimiter than a comma (%(sep)r)."
                    )
                    % {"sep": other}
                )
                if other
                else _("The header has no comma-separated column names.")
            )
            raise ValidationFailed(
                _("%(name)s: %(hint)s Save the file as comma-separated UTF-8 with a header row.")
                % {"name": path.name, "hint": hint},
                field_errors={"shipment_id": [_("Required column missing.")]},
            )
        names = _csv_header_names(header)
        if first is None:
            first = (path, names)
        elif names != first[1]:
            raise ValidationFailed(
                _(
                    "%(name)s does not have the columns of %(first)s (%(difference)s). Every CSV file of a "
                    "folder needs the same header: the same columns in the same order."
                )
                % {
                    "name": path.name,
                    "first": first[0].name,
                    "difference": _header_difference(first[1], names),
                }
            )
    return first[1] if first else []


def _csv_header_names(header: str) -> list[str]:
    row = next(csv.reader([header.lstrip("\ufeff").rstrip("\r\n")]), [])
    return [name.strip() for name in row]


def _header_difference(expected: list[str], found: list[str]) -> str:
    missing = [n for n in expected if n not in found]
    extra = [n for n in found if n not in expected]
    parts = []
    if missing:
        parts.append(_("missing: %(names)s") % {"names": ", ".join(missing)})
    if extra:
        parts.append(_("not in the first file: %(names)s") % {"names": ", ".join(extra)})
    return " – ".join(parts) or _("the same columns in another order")


class Engine(ABC):
    """A query engine: connect once, read the input, coerce text to contract types, close."""

    name: ClassVar[str]
    label: ClassVar[str]

    def __init__(self) -> None:
        self._backend: Any = None
        self._cached: list[str] = []
        self._code_tables: dict[tuple[tuple[str, tuple[Any, ...]], ...], ir.Table] = {}
        self._spooled: list[Path] = []  # staged or spooled copies of the input, deleted on close

    @property
    def backend(self) -> Any:
        if self._backend is None:
            self._backend = self.connect()
        return self._backend

    @abstractmethod
    def connect(self) -> Any: ...

    def read(self, source: Source) -> ir.Table:
        """The staged input (see staging.py): the contract's fields typed by one grammar, `_bad_<field>` flags,
        the input's columns as read (`_raw_<column>`) and the instants as epoch microseconds.

        DuckDB parses the input once into a typed Parquet file that this engine then reads (`read_staged`), so
        every engine starts from the same typed rows whatever the file's quirks.
        """
        header = csv_header_check(source)
        self.backend  # noqa: B018 (connect first: a configuration error is not a file error)
        path = _spool_dir() / f"staged-{os.getpid()}-{uuid.uuid4().hex[:12]}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._spooled.append(path)
        import duckdb

        con = duckdb.connect()
        try:
            _duckdb_configure(con)
            relation = staging.input_relation(files=source.files, fmt=source.fmt, header=header)
            staging.staging_write(con=con, relation=relation, path=path)
        except ClearwayError:
            raise
        except Exception as exc:  # duckdb raises many exception classes for bad files
            raise _friendly_read_error(source, exc) from exc
        finally:
            con.close()
        return self.read_staged(path)

    def read_staged(self, path: Path) -> ir.Table:
        """The staged Parquet file (`read`) as a table of this engine."""
        raise NotImplementedError

    def version(self) -> str:
        return str(self.backend.version)

    def text_hash(self, column: ir.StringValue) -> ir.IntegerValue | None:
        """A 64-bit hash of the text, where the engine has a fast one (see validation.duplicate_ids)."""
        return None

    def digits(self, column: ir.StringValue, count: int) -> ir.BooleanValue:
        """True where the text is exactly `count` digits 0-9 (NULL for NULL)."""
        return column.re_search(f"^[0-9]{{{count}}}$")

    def cache(self, table: ir.Table, *, many_groups: bool = False) -> ir.Table:
        """Materialise an intermediate result the next steps read several times (a temporary table).

        `many_groups`: the query groups by a key nearly every row has its own (shipment ids), which some
        engines compute faster with other settings (see DuckDBEngine.cache).
        """
        name = f"clearway_tmp_{uuid.uuid4().hex[:12]}"
        self._cached.append(name)
        return self.backend.create_table(name, obj=table, temp=True)

    def reused(self, table: ir.Table) -> ir.Table:
        """A table the next query reads in several places, as the engine computes that best.

        Engines that compute such a subquery once (DuckDB, PostgreSQL: Ibis writes it as a CTE, which they
        materialise when it is read more than once) take it as it is; Spark computes it again for every place
        that reads it, so PySparkEngine materialises it first.
        """
        return table

    def table_arrow(self, table: ir.Table) -> Any:
        """A (small) result as a pyarrow Table."""
        return table.to_pyarrow()

    def code_table(self, columns: dict[str, list[Any]]) -> ir.Table:
        """A small constant table (a code list and the codes' places in it), named column by column.

        Made once per run: the checks and the quality summary both join the same lists.
        """
        key = tuple((name, tuple(values)) for name, values in columns.items())
        if key not in self._code_tables:
            self._code_tables[key] = self._code_table_new(columns)
        return self._code_tables[key]

    def _code_table_new(self, columns: dict[str, list[Any]]) -> ir.Table:
        return ibis.memtable(columns)

    def _release(self) -> None:
        while self._cached:
            self.backend.raw_sql(f'DROP TABLE IF EXISTS "{self._cached.pop()}"')

    def table_write(self, table: ir.Table, path: Path) -> None:
        """Stream a (possibly large) result to a .parquet or .csv file."""
        self._batches_write(table.to_pyarrow_batches(chunk_size=200_000), path)

    @staticmethod
    def _batches_write(batches: Any, path: Path) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        writer: Any = None
        try:
            for batch in batches:
                if writer is None:
                    writer = (
                        pq.ParquetWriter(path, batch.schema)
                        if path.suffix.lower() == ".parquet"
                        else pacsv.CSVWriter(path, batch.schema)
                    )
                writer.write_table(pa.Table.from_batches([batch]))
        finally:
            if writer is not None:
                writer.close()

    def close(self) -> None:
        self._code_tables.clear()
        try:
            if self._backend is not None:
                self._release()
                self._backend.disconnect()
                self._backend = None
        finally:
            self._spool_delete()

    def _spool_delete(self) -> None:
        while self._spooled:
            self._spooled.pop().unlink(missing_ok=True)


ENGINES: dict[str, type[Engine]] = {}


def engine_register(cls: type[Engine]) -> type[Engine]:
    ENGINES[cls.name] = cls
    return cls


def engine_get(name: str) -> Engine:
    try:
        return ENGINES[name]()
    except KeyError:
        raise ValidationFailed(
            _("Unknown engine %(name)s; choose one of: %(names)s.")
            % {"name": name, "names": ", ".join(ENGINES)}
        ) from None


def resource_failure(exc: BaseException) -> ProcessingFailed | None:
    """The machine failing the run, not the input: a full disk or exhausted memory (exit code 1, not 2).

    Engines report both with the same exception classes as an unreadable file, so the message tells them apart.
    """
    text = str(exc).strip()
    detail = text_error_detail(exc)
    lowered = text.lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "no space left on device" in lowered:
        return ProcessingFailed(
            _(
                "The disk is full. Clearway keeps its temporary files in %(folder)s: a working copy of a CSV input "
                "(about a third of its size) and what does not fit in the engine's memory budget. Free some space "
                "there, or set TMPDIR to a folder on a larger disk, and run again. (%(detail)s)"
            )
            % {"folder": tempfile.gettempdir(), "detail": detail}
        )
    if "out of memory" in lowered:
        return ProcessingFailed(
            _(
                "The engine ran out of memory. Close other programs, or lower CLEARWAY_DUCKDB_MEMORY_LIMIT (now "
                "%(limit)s) so that DuckDB moves work to disk sooner, and run again. (%(detail)s)"
            )
            % {"limit": settings.KPI_DUCKDB_MEMORY_LIMIT, "detail": detail}
        )
    return None


def _friendly_read_error(source: Source, exc: Exception) -> ValidationFailed | ProcessingFailed:
    failure = resource_failure(exc)
    if failure is not None:
        return failure
    detail = text_error_detail(exc)
    kind = "Parquet" if source.fmt == "parquet" else "CSV"
    return ValidationFailed(
        _("Could not read the input as %(kind)s (%(files)s): %(detail)s")
        % {"kind": kind, "files": ", ".join(p.name for p in source.files[:3]), "detail": detail}
    )


@ibis.udf.scalar.builtin(name="hash")
def _duckdb_hash(text: str) -> dt.uint64:  # type: ignore[empty-body]
    """DuckDB's 64-bit hash of a value."""


@ibis.udf.scalar.builtin(name="~~~")
def _duckdb_glob(text: str, pattern: str) -> bool:  # type: ignore[empty-body]
    """DuckDB's GLOB operator as a function: `text` matches `pattern` ([0-9] is one digit) as a whole."""


def _duckdb_configure(con: Any) -> None:
    """UTC, and a fixed memory budget that keeps 100M-row inputs under ~3 GB (DuckDB spills beyond it)."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{settings.KPI_DUCKDB_MEMORY_LIMIT}'")  # checked by settings.py
    con.execute(f"SET temp_directory = '{_duckdb_spill_dir()}'")
    con.execute("SET preserve_insertion_order = false")  # lets DuckDB stream and spill large inputs


def _duckdb_spill_dir() -> Path:
    """Where DuckDB spills what exceeds its memory budget (DuckDB may delete the folder when it closes)."""
    return Path(tempfile.gettempdir()) / "clearway-duckdb"


def _spool_dir() -> Path:
    """Where CSV inputs are spooled: a folder of Clearway's own, which no engine empties behind its back."""
    return Path(tempfile.gettempdir()) / "clearway-spool"


@engine_register
class DuckDBEngine(Engine):
    name = "duckdb"
    label = "DuckDB"

    def __init__(self) -> None:
        super().__init__()
        self._views: list[str] = []

    def connect(self) -> Any:
        con = ibis.duckdb.connect()
        _duckdb_configure(con.con)
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
            raise _friendly_read_error(source, exc) from exc
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
        path = _spool_dir() / f"input-{os.getpid()}-{uuid.uuid4().hex[:12]}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._spooled.append(path)
        target = "'" + str(path).replace("'", "''") + "'"
        self.backend.con.execute(f"COPY (SELECT * FROM {relation}) TO {target} (FORMAT parquet)")
        return f"read_parquet({target})"

    def _release(self) -> None:
        super()._release()
        while self._views:
            self.backend.con.execute(f'DROP VIEW IF EXISTS "{self._views.pop()}"')


@engine_register
class PySparkEngine(Engine):
    name = "pyspark"
    label = "Apache Spark (PySpark)"

    def connect(self) -> Any:
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.appName("clearway-kpis")
            .master(settings.KPI_SPARK_MASTER)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", str(settings.KPI_SPARK_SHUFFLE_PARTITIONS))
            .config("spark.ui.enabled", "false")
            .config("spark.sql.ansi.enabled", "false")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        return ibis.pyspark.connect(session)

    def version(self) -> str:
        import pyspark

        return pyspark.__version__

    def cache(self, table: ir.Table, *, many_groups: bool = False) -> ir.Table:
        # The SQL goes to Spark directly, so the small in-memory tables it names (the code lists) are registered
        # first, as Ibis does before running a query; without this, a run that had not yet executed a query
        # naming them failed with "table or view not found" (a run with no quarantine file to write, say).
        self.backend._run_pre_execute_hooks(table)
        # Computed now and cut from the plan that produced it (a local checkpoint, not `cache()`): a cached frame
        # carries its whole plan into every query that reads it, and the roll-ups read tables that read tables
        # that read the cube, so plans grew until Spark ran out of memory writing them out. One million rows,
        # whole run: 94 s with cache(), 50 s with checkpoints. Checkpointed blocks live on the executors and go
        # when the frame is no longer referenced; losing an executor fails the run (Spark then reruns it).
        frame = self.backend._session.sql(ibis.to_sql(table, dialect="pyspark")).localCheckpoint(eager=True)
        name = f"clearway_tmp_{uuid.uuid4().hex[:12]}"
        frame.createOrReplaceTempView(name)
        self._cached.append(name)
        return self.backend.table(name)

    def reused(self, table: ir.Table) -> ir.Table:
        # A million-row run spent two minutes of its KPI step recomputing the roll-ups and quantiles for each
        # place that reads them (some two hundred stages over the same small cube); 60 s with these kept.
        return self.cache(table)

    def _release(self) -> None:
        while self._cached:
            self.backend._session.catalog.dropTempView(self._cached.pop())

    def table_write(self, table: ir.Table, path: Path) -> None:
        # Spark's rows as Python values, not through pandas as Ibis's Arrow export goes: pandas turns a NaN read
        # from the input into a missing value, and the quarantine file must show the value as read.
        import pyarrow as pa

        self.backend._run_pre_execute_hooks(table)
        frame = self.backend._session.sql(ibis.to_sql(table, dialect="pyspark"))
        schema = table.schema().to_pyarrow()
        rows = (row.asDict() for row in frame.toLocalIterator())
        batch: list[dict[str, Any]] = []
        batches = []
        for row in rows:
            batch.append(row)
            if len(batch) == 100_000:
                batches.append(pa.RecordBatch.from_pylist(batch, schema=schema))
                batch = []
        batches.append(pa.RecordBatch.from_pylist(batch, schema=schema))
        self._batches_write(batches, path)

    def read_staged(self, path: Path) -> ir.Table:
        frame = self.backend._session.read.parquet(str(path))
        view = f"clearway_input_{uuid.uuid4().hex[:12]}"
        frame.createOrReplaceTempView(view)
        self._cached.append(view)  # dropped when the engine closes: the session outlives the run
        return self.backend.table(view)

    def close(self) -> None:
        # The SparkSession is shared for the process (starting one takes seconds); only drop the ibis handle.
        self._code_tables.clear()
        try:
            if self._backend is not None:
                self._release()
                self._backend = None
        finally:
            self._spool_delete()


@engine_register
class PostgresEngine(Engine):
    name = "postgres"
    label = "PostgreSQL"
    max_rows = 5_000_000

    def connect(self) -> Any:
        url = settings.KPI_POSTGRES_URL
        if not url.startswith(("postgres://", "postgresql://")):
            raise ValidationFailed(
                _("Set CLEARWAY_KPI_POSTGRES_URL to a postgres:// URL to use the PostgreSQL engine.")
            )
        con = ibis.connect(url.replace("postgresql://", "postgres://", 1))
        con.raw_sql("SET TIME ZONE 'UTC'")
        return con

    def version(self) -> str:
        return str(self.backend.version)

    def read_staged(self, path: Path) -> ir.Table:
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(path).metadata.num_rows
        if rows > self.max_rows:
            raise ValidationFailed(
                _(
                    "The PostgreSQL engine loads its input into the database; %(rows)s rows is too many. "
                    "Use the duckdb or pyspark engine for large files."
                )
                % {"rows": rows}
            )
        name = f"clearway_input_{uuid.uuid4().hex[:12]}"
        return self.backend.create_table(name, obj=pq.read_table(path), temp=True)


def engine_names() -> list[str]:
    return list(ENGINES)
