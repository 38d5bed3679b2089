"""The PostgreSQL engine: loads the staged rows into a temporary table (samples, or data already in PostgreSQL)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from django.conf import settings
from django.utils.translation import gettext as _

from clearway.core.exceptions import ValidationFailed
from clearway.shipments.engines.base import Engine, engine_register


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
