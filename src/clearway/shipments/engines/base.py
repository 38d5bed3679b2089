"""The engine interface (`Engine`), the registry of engines, and what every engine shares: the staged reading of
the input by DuckDB (staging.py), DuckDB's settings, the spool folder and the errors of the machine."""

from __future__ import annotations

import errno
import os
import tempfile
import uuid
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import ibis
import ibis.expr.types as ir
from django.conf import settings
from django.utils.translation import gettext as _

from clearway.core.exceptions import ClearwayError, ProcessingFailed, ValidationFailed
from clearway.core.text_safety import text_error_detail
from clearway.shipments import staging
from clearway.shipments.engines.sources import Source, csv_header_check

# Ibis merges each projection into the one below it before it writes SQL, testing how complex every merge would
# make the result; on the deep expressions of the checks and the KPIs that is a third of compiling them (one
# million rows: 0.33 of 1.5 s of work, 0.24 s without it). The engines flatten nested projections themselves, and
# DuckDB runs the same plan (one million rows, one thread: 6.26 instead of 6.37 billion instructions in DuckDB;
# results identical). Only the shipment code uses Ibis in Clearway, so the option is set for the process.
ibis.options.sql.fuse_selects = False


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
        path = spool_dir() / f"staged-{os.getpid()}-{uuid.uuid4().hex[:12]}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._spooled.append(path)
        import duckdb

        con = duckdb.connect()
        try:
            duckdb_configure(con)
            relation = staging.input_relation(files=source.files, fmt=source.fmt, header=header)
            staging.staging_write(con=con, relation=relation, path=path)
        except ClearwayError:
            raise
        except Exception as exc:  # duckdb raises many exception classes for bad files
            raise friendly_read_error(source, exc) from exc
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


def friendly_read_error(source: Source, exc: Exception) -> ValidationFailed | ProcessingFailed:
    failure = resource_failure(exc)
    if failure is not None:
        return failure
    detail = text_error_detail(exc)
    kind = "Parquet" if source.fmt == "parquet" else "CSV"
    return ValidationFailed(
        _("Could not read the input as %(kind)s (%(files)s): %(detail)s")
        % {"kind": kind, "files": ", ".join(p.name for p in source.files[:3]), "detail": detail}
    )


def duckdb_configure(con: Any) -> None:
    """UTC, and a fixed memory budget that keeps 100M-row inputs under ~3 GB (DuckDB spills beyond it)."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{settings.KPI_DUCKDB_MEMORY_LIMIT}'")  # checked by settings.py
    con.execute(f"SET temp_directory = '{duckdb_spill_dir()}'")
    con.execute("SET preserve_insertion_order = false")  # lets DuckDB stream and spill large inputs


def duckdb_spill_dir() -> Path:
    """Where DuckDB spills what exceeds its memory budget (DuckDB may delete the folder when it closes)."""
    return Path(tempfile.gettempdir()) / "clearway-duckdb"


def spool_dir() -> Path:
    """Where CSV inputs are spooled: a folder of Clearway's own, which no engine empties behind its back."""
    return Path(tempfile.gettempdir()) / "clearway-spool"


def engine_names() -> list[str]:
    return list(ENGINES)
