"""One reading of the input for every engine: the contract's grammar applied once, by DuckDB.

CSV text and Parquet values of any type are parsed here, in one SQL projection generated from the contract
(`staging_sql`), into the contract's types. The DuckDB engine reads that projection as a view over the files; the
other engines receive the same projection written to a typed Parquet file (`staging_write`), so PostgreSQL and
Spark never parse a CSV file, a timestamp unit or a number themselves and every engine starts from the same
typed rows. The grammar (docs/shipments.md section 1.1):

* text: leading and trailing spaces trimmed; empty text is missing. Identifiers upper-cased, allowed values and
  platforms lower-cased, ISO codes upper-cased (`Field.case`); no other spelling counts as missing (`NA` is
  Namibia, `NULL` in a number is an unreadable number).
* integers: optional sign and digits only (`3.5`, `1_000`, `1e3` are unreadable); a Parquet number only when
  whole and finite.
* decimals: optional sign, digits with an optional decimal point, optional exponent; finite. Money
  (`contract.MONEY_FIELDS`) is held as whole cents, the exact decimal rounded half up (away from zero) once
  here, up to 10^16 units; a binary floating-point amount is read to the nearest millionth (what the writing
  program printed for any amount written with at most six decimals: 2.675, not 2.67499999...).
* booleans: `true`, `false`, `1`, `0`, any case.
* timestamps: `YYYY-MM-DD`, optionally `T` or a space and `hh:mm`, `:ss`, `.` and 1 to 9 fraction digits,
  optionally `Z` or an offset `+hh`, `+hhmm` or `+hh:mm`; no offset means UTC; the date must exist. Parquet
  timestamps of any unit, with or without a zone (without: UTC), and dates (midnight UTC). Instants are kept
  to the microsecond, as epoch microseconds too (`_us_<field>`), so durations are exact integer differences.

A value that breaks the grammar gives NULL in its typed column and a true `_bad_<field>` flag: the row is
quarantined (`<field>_invalid`) with the value exactly as read (`_raw_<column>`, in the input's own type).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.core.exceptions import ValidationFailed
from clearway.shipments import contract as c
from clearway.shipments.contract import Kind

RAW = "_raw_"  # prefix of the input's columns as read, kept for the quarantine file
BAD = "_bad_"  # prefix of the flags of values that break the grammar
EPOCH_US = "_us_"  # prefix of timestamps as microseconds since the epoch
PERIOD_COLUMNS = {"month": "_arrival_month", "quarter": "_arrival_quarter"}
PERIOD_END_COLUMNS = {"month": "_arrival_month_end_us", "quarter": "_arrival_quarter_end_us"}
MAX_MONEY_UNITS = 10**16

# A contract type as it is named in a message, in the reader's language ("quantity is not a valid integer").
KIND_LABELS: dict[Kind, Any] = {
    Kind.STRING: gettext_lazy("string"),
    Kind.INTEGER: gettext_lazy("integer"),
    Kind.DECIMAL: gettext_lazy("decimal"),
    Kind.BOOLEAN: gettext_lazy("boolean"),
    Kind.TIMESTAMP: gettext_lazy("timestamp"),
}

_INTEGER = r"[+-]?[0-9]{1,18}"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?"
_TIMESTAMP = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?)?"
    r"(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?"
)
_TRUE, _FALSE = ("true", "1"), ("false", "0")


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _family(duck_type: str) -> str:
    t = duck_type.upper()
    if t in ("VARCHAR", "STRING", "TEXT") or t.startswith("VARCHAR"):
        return "text"
    if t == "BOOLEAN":
        return "boolean"
    if t.startswith("DECIMAL"):
        return "decimal"
    if t in ("FLOAT", "DOUBLE", "REAL"):
        return "float"
    if re.fullmatch(r"U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)", t):
        return "integer"
    if t.startswith("TIMESTAMP") or t == "DATE":
        return "timestamp"
    return "other"


# The input types each contract kind accepts; any other type refuses the whole file (exit 2).
_ACCEPTS: dict[Kind, tuple[str, ...]] = {
    Kind.STRING: ("text", "integer", "decimal"),
    Kind.INTEGER: ("text", "integer", "float", "decimal"),
    Kind.DECIMAL: ("text", "integer", "float", "decimal"),
    Kind.BOOLEAN: ("text", "boolean"),
    Kind.TIMESTAMP: ("text", "timestamp"),
}


def columns_check(schema: dict[str, str]) -> None:
    """Required columns present and typed columns of a readable type, or a clear error about the file."""
    missing = [n for n in c.REQUIRED_FIELDS if n not in schema]
    if missing:
        hint = ""
        if len(schema) == 1 and any(sep in next(iter(schema)) for sep in (";", "\t", "|")):
            hint = " " + _(
                "The header is one single column: the file seems to use another delimiter than a comma."
            )
        raise ValidationFailed(
            _("The input lacks required columns: %(names)s.") % {"names": ", ".join(missing)} + hint,
            field_errors={n: [_("Required column missing.")] for n in missing},
        )
    wrong = {
        f.name: [
            _("Column type is %(found)s; the contract expects %(kind)s.")
            % {"found": schema[f.name], "kind": KIND_LABELS[f.kind]}
        ]
        for f in c.FIELDS
        if f.name in schema and _family(schema[f.name]) not in _ACCEPTS[f.kind]
    }
    if wrong:
        raise ValidationFailed(
            _("Some columns have the wrong type: %(names)s.") % {"names": ", ".join(wrong)},
            field_errors=wrong,
        )


def _trim(text: str) -> str:
    """Spaces trimmed, empty text NULL; `trim` only where a space begins or ends the text (trim costs a third of a
    second per million values, testing the ends a tenth of that)."""
    return (
        f"CASE WHEN starts_with({text}, ' ') OR ends_with({text}, ' ') THEN nullif(trim({text}), '') "
        f"WHEN {text} = '' THEN NULL ELSE {text} END"
    )


def _text(column: str, f: c.Field) -> str:
    trimmed = _trim(f"CAST({column} AS VARCHAR)")
    return {"upper": f"upper({trimmed})", "lower": f"lower({trimmed})"}.get(f.case, trimmed)


def _matching(text: str, pattern: str, value: str) -> str:
    return f"CASE WHEN regexp_full_match({text}, '{pattern}') THEN {value} END"


def _integer(column: str, family: str) -> str:
    if family == "text":
        text = _trim(column)
        return _matching(text, _INTEGER, f"TRY_CAST({text} AS BIGINT)")
    if family == "float":
        return f"CASE WHEN isfinite({column}) AND {column} = floor({column}) THEN TRY_CAST({column} AS BIGINT) END"
    if family == "decimal":
        return f"CASE WHEN {column} = floor({column}) THEN TRY_CAST({column} AS BIGINT) END"
    return f"TRY_CAST({column} AS BIGINT)"


def _exact_cents(value: str) -> str:
    """Cents of an exact decimal value (DECIMAL(38,18)): rounded half away from zero, NULL beyond 10^16 units."""
    return f"TRY_CAST(CAST(TRY_CAST({value} AS DECIMAL(18,2)) AS DECIMAL(38,2)) * 100 AS BIGINT)"


def _micro_cents(number: str) -> str:
    """Cents of a double whose shortest decimal has at most six decimals and whose size is under 4.5 * 10^9.

    Such a number times 10^6 is within half a unit of the decimal's millionths (a double carries 52 bits: below
    2^52 the product's error is under 0.5), so rounding it gives them exactly; the millionths are then rounded
    half away from zero to cents with integers. A hundred times faster than DuckDB's decimal conversions, which
    took 3 to 4 s per million amounts.
    """
    m = f"CAST(round({number} * 1e6) AS BIGINT)"
    return f"CASE WHEN {m} >= 0 THEN ({m} + 5000) // 10000 ELSE -((5000 - {m}) // 10000) END"


_SHORT = r"[+-]?[0-9]{1,9}(\.[0-9]{0,6})?"  # text the double path reads exactly
_FAST_LIMIT = "4.5e9"


def _cents(column: str, family: str) -> str:
    """Whole cents of an amount, rounded half up (away from zero) from its exact decimal value, or NULL."""
    if family == "text":
        text = _trim(column)
        return (
            f"CASE WHEN regexp_full_match({text}, '{_SHORT}') THEN {_micro_cents(f'TRY_CAST({text} AS DOUBLE)')} "
            f"WHEN regexp_full_match({text}, '{_DECIMAL}') THEN {_exact_cents(f'TRY_CAST({text} AS DECIMAL(38,18))')} END"
        )
    if family == "float":
        # Read to the nearest millionth (what the writing program printed, for any amount written with at most
        # six decimals); beyond 4.5 * 10^9, where a double holds no millionths, its shortest decimal text.
        slow = _exact_cents(f"TRY_CAST(CAST({column} AS VARCHAR) AS DECIMAL(38,18))")
        return (
            f"CASE WHEN NOT isfinite({column}) THEN NULL "
            f"WHEN abs({column}) < {_FAST_LIMIT} THEN {_micro_cents(column)} ELSE {slow} END"
        )
    if family == "integer":
        return f"CASE WHEN abs({column}) < 10000000000000000 THEN CAST({column} AS BIGINT) * 100 END"
    return _exact_cents(f"TRY_CAST({column} AS DECIMAL(38,18))")


def _decimal(column: str, family: str) -> str:
    if family == "text":
        text = _trim(column)
        value = f"TRY_CAST({text} AS DOUBLE)"
        return _matching(text, _DECIMAL, f"CASE WHEN isfinite({value}) THEN {value} END")
    value = f"CAST({column} AS DOUBLE)"
    return f"CASE WHEN isfinite({value}) THEN {value} END"


def _boolean(column: str, family: str) -> str:
    if family == "boolean":
        return column
    low = f"lower({_trim(column)})"
    true, false = (", ".join(f"'{v}'" for v in values) for values in (_TRUE, _FALSE))
    return f"CASE WHEN {low} IN ({true}) THEN true WHEN {low} IN ({false}) THEN false END"


def _timestamp(column: str, family: str) -> str:
    if family == "text":
        text = _trim(column)
        return _matching(text, _TIMESTAMP, f"TRY_CAST({text} AS TIMESTAMPTZ)")
    return f"TRY_CAST({column} AS TIMESTAMPTZ)"


def _typed(f: c.Field, column: str, family: str) -> str:
    if f.kind is Kind.STRING:
        return _text(column, f)
    if f.kind is Kind.INTEGER:
        return _integer(column, family)
    if f.kind is Kind.DECIMAL:
        return _cents(column, family) if f.name in c.MONEY_FIELDS else _decimal(column, family)
    if f.kind is Kind.BOOLEAN:
        return _boolean(column, family)
    return _timestamp(column, family)


def _present(column: str, family: str) -> str:
    return f"({_trim(column)}) IS NOT NULL" if family == "text" else f"{column} IS NOT NULL"


def _plain(instant: str) -> str:
    # DuckDB takes calendar parts of a plain UTC timestamp several times faster than of a TIMESTAMPTZ.
    return f"make_timestamp(epoch_us({instant}))"


_NULL_TYPES = {
    Kind.STRING: "VARCHAR",
    Kind.INTEGER: "BIGINT",
    Kind.DECIMAL: "DOUBLE",
    Kind.BOOLEAN: "BOOLEAN",
    Kind.TIMESTAMP: "TIMESTAMPTZ",
}


_CONTRACT_TYPES = {
    Kind.INTEGER: "BIGINT",
    Kind.BOOLEAN: "BOOLEAN",
    Kind.TIMESTAMP: "TIMESTAMP WITH TIME ZONE",
}


def _already(f: c.Field, duck_type: str) -> bool:
    """The input column holds the field in its contract type already (a Parquet int64, bool or UTC timestamp)."""
    return _CONTRACT_TYPES.get(f.kind) == duck_type.upper()


def _typed_from(f: c.Field) -> str:
    return "BIGINT" if f.name in c.MONEY_FIELDS else _NULL_TYPES[f.kind]


# Input types every engine reads from a Parquet file as they are; the others (nanosecond timestamps, unsigned
# or 128-bit integers, lists...) reach the staged file, and so the quarantine file, as DuckDB's text of them.
_PORTABLE = re.compile(
    r"VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|DATE|TIMESTAMP"
    r"|TIMESTAMP WITH TIME ZONE|TIMESTAMP_MS"
)


def staging_columns(schema: dict[str, str], *, portable: bool) -> list[str]:
    """The staging projection's select list (`name AS alias` items) over an input of `schema`."""
    columns_check(schema)
    items: list[str] = []
    for name, duck_type in schema.items():
        value = quoted(name)
        if portable and not _PORTABLE.fullmatch(duck_type.upper()):
            value = f"CAST({value} AS VARCHAR)"
        items.append(f"{value} AS {quoted(RAW + name)}")
    for f in c.FIELDS:
        if f.name not in schema:
            items.append(f"CAST(NULL AS {_typed_from(f)}) AS {quoted(f.name)}")
            continue
        column, family = quoted(f.name), _family(schema[f.name])
        if _already(f, schema[f.name]):  # read in its contract type: nothing to convert, no value to refuse
            items.append(f"{column} AS {quoted(f.name)}")
            continue
        typed = _typed(f, column, family)
        items.append(f"{typed} AS {quoted(f.name)}")
        if f.kind is not Kind.STRING:
            items.append(f"({_present(column, family)} AND ({typed}) IS NULL) AS {quoted(BAD + f.name)}")
    return items


def _derived_columns() -> list[str]:
    """Instants as epoch microseconds and the arrival's periods, over the typed columns."""
    items = [
        f"epoch_us({quoted(f.name)}) AS {quoted(EPOCH_US + f.name)}"
        for f in c.FIELDS
        if f.kind is Kind.TIMESTAMP
    ]
    arrival = _plain('"arrival_at"')
    return items + [
        f"year({arrival}) * 100 + month({arrival}) AS {PERIOD_COLUMNS['month']}",
        f"year({arrival}) * 10 + quarter({arrival}) AS {PERIOD_COLUMNS['quarter']}",
        f"epoch_us(date_trunc('month', {arrival}) + INTERVAL 1 MONTH) AS {PERIOD_END_COLUMNS['month']}",
        f"epoch_us(date_trunc('quarter', {arrival}) + INTERVAL 3 MONTH) AS {PERIOD_END_COLUMNS['quarter']}",
    ]


def staging_sql(*, relation: str, schema: dict[str, str], portable: bool) -> str:
    """The staging query over `relation` (an input of `schema`: column name -> DuckDB type).

    `portable`: the input's columns of types another engine cannot read from Parquet are kept as text, so every
    engine's quarantine file holds the same values; otherwise every input column is kept as read.
    """
    select = ",\n  ".join(staging_columns(schema, portable=portable))
    derived = ",\n  ".join(_derived_columns())
    return f"SELECT *,\n  {derived}\nFROM (SELECT\n  {select}\nFROM {relation})"


def input_relation(*, files: Sequence[Path], fmt: str, header: Sequence[str] = ()) -> str:
    """The DuckDB table function reading the input: Parquet by column name; CSV by RFC 4180, every column as
    text, named by `header` (the first line, read by `engines.csv_header_check`) rather than by what a sniffer
    guesses from the rows, so a malformed row is an error naming the file, not another layout."""
    paths = "[" + ", ".join(_literal(str(p)) for p in files) + "]"
    if fmt == "parquet":
        return f"read_parquet({paths}, union_by_name = true)"
    columns = "{" + ", ".join(f"{_literal(name)}: 'VARCHAR'" for name in header) + "}"
    return (
        f"read_csv({paths}, columns = {columns}, header = true, auto_detect = false, delim = ',', "
        "quote = '\"', escape = '\"', strict_mode = true)"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def relation_schema(*, con: Any, relation: str) -> dict[str, str]:
    """Column name -> DuckDB type of a relation, in order."""
    rows = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    return {str(row[0]): str(row[1]) for row in rows}


def staging_write(*, con: Any, relation: str, path: Path) -> None:
    """The staged rows written to a Parquet file other engines read."""
    schema = relation_schema(con=con, relation=relation)
    sql = staging_sql(relation=relation, schema=schema, portable=True)
    con.execute(f"COPY ({sql}) TO {_literal(str(path))} (FORMAT parquet)")


__all__ = [
    "BAD",
    "KIND_LABELS",
    "EPOCH_US",
    "PERIOD_COLUMNS",
    "PERIOD_END_COLUMNS",
    "RAW",
    "columns_check",
    "input_relation",
    "relation_schema",
    "staging_sql",
    "staging_write",
]
