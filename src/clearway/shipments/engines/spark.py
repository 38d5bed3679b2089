"""The PySpark engine: local mode, or a cluster through the settings of the session; reads the staged file."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from django.conf import settings

from clearway.shipments.engines.base import Engine, engine_register


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
