"""Query engines behind one small interface: each returns an Ibis backend and reads shipment files into it.

The KPI and validation code (kpis.py, validation.py) is written once with Ibis and never names an engine;
adding an engine is one module here whose class registers itself (`engine_register`), imported below. Engines:
`duckdb` (default, streams Parquet and CSV from disk), `pyspark` (local mode, or a cluster through
SPARK_REMOTE-style settings of the session), and `postgres` (loads the input into a temporary table; meant for
samples or data already in PostgreSQL). The interface and the registry are in `base`, the input files in
`sources`.
"""

from clearway.shipments.engines import duckdb, spark, postgres  # noqa: F401, I001 (registered in this order)
from clearway.shipments.engines.base import (
    ENGINES,
    Engine,
    engine_get,
    engine_names,
    engine_register,
    resource_failure,
)
from clearway.shipments.engines.sources import SUPPORTED_FORMATS, Source, csv_header_check, source_resolve

__all__ = [
    "ENGINES",
    "SUPPORTED_FORMATS",
    "Engine",
    "Source",
    "csv_header_check",
    "engine_get",
    "engine_names",
    "engine_register",
    "resource_failure",
    "source_resolve",
]
