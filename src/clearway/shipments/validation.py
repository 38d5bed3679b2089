"""Ingestion checks by the four data-quality dimensions, as Ibis expressions evaluated inside the engine.

A row breaking the contract (an *error*) is quarantined with the reason codes it broke, never dropped
silently. A row with a *defect* (a vague description, no HS code, advance data after arrival) is accepted
and lowers the data-quality score of its dimension. Every rule is one `Rule` row of `RULES`.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from clearway.shipments import contract as c
from clearway.shipments.contract import Dimension, Kind
from clearway.shipments.engines import Engine, Source
from clearway.shipments.staging import EPOCH_US, KIND_LABELS, PERIOD_COLUMNS, PERIOD_END_COLUMNS, RAW

SIX_DIGITS = "_hs_code_six_digits"  # the engine's test of the HS code's form (Engine.digits)
# What the KPIs read of each accepted row beyond the contract's fields (see staging.py).
KPI_EXTRAS = (
    *(f"{EPOCH_US}{f.name}" for f in c.FIELDS if f.kind is Kind.TIMESTAMP),
    *PERIOD_COLUMNS.values(),
    *PERIOD_END_COLUMNS.values(),
)
ERROR, DEFECT = "error", "defect"
# Prefixes in the quality summary's tables: a field's presence (a flag, a value or a count of values), a rule's
# test (or a count of rows breaking it), an input column kept for the quarantine file (by its place).
FILLED, BROKEN, INPUT = "_filled_", "_r_", "_input_"


def _interpolate(text: Any, params: dict[str, Any]) -> str:
    return str(text) % params


# A translatable message with its values put in when it is read, in the reader's language: `gettext_lazy(...) % x`
# would translate it once, at import, in whatever language was active then.
_lazy_interpolate = lazy(_interpolate, str)


@dataclass(frozen=True)
class Rule:
    code: str
    dimension: Dimension
    severity: str  # ERROR: quarantine the row; DEFECT: accept, count against the dimension
    explanation: Any  # lazy translatable text
    test: Callable[[ir.Table], ir.BooleanValue]  # True where the row breaks the rule
    lookup: bool = False  # the test reads a joined lookup (duplicate ids, ISO code lists)


def _present(t: ir.Table, name: str) -> ir.BooleanValue:
    return t[name].notnull()


def _missing(t: ir.Table, *, name: str) -> ir.BooleanValue:
    # Text that is present but not a valid value is reported once, as invalid, not also as missing.
    bad = f"_bad_{name}"
    return t[name].isnull() & ~t[bad] if bad in t.columns else t[name].isnull()


def _bad(t: ir.Table, *, name: str) -> ir.BooleanValue:
    # No `_bad_` column: the input column already had the contract type, so no value of it can be unreadable.
    bad = f"_bad_{name}"
    return t[bad] if bad in t.columns else ibis.literal(False)


def _unknown(t: ir.Table, *, name: str) -> ir.BooleanValue:
    """Present but not in the field's code list (the list is joined in as `_known_<field>`, see _lookups)."""
    return _present(t, name) & t[f"_known_{name}"].isnull()


def _negative(t: ir.Table, *, name: str) -> ir.BooleanValue:
    return t[name] < 0


_VAGUE_LENGTH = max(len(word) for word in c.VAGUE_DESCRIPTIONS)


def _vague(t: ir.Table) -> ir.BooleanValue:
    # Lower-casing ten million descriptions costs more than measuring them: only the short ones can match.
    text = t.description.strip()
    return (text.length() <= _VAGUE_LENGTH).ifelse(text.lower().isin(list(c.VAGUE_DESCRIPTIONS)), False)


def _required_rules() -> list[Rule]:
    return [
        Rule(
            f"{name}_missing",
            Dimension.COMPLETENESS,
            ERROR,
            _lazy_interpolate(gettext_lazy("Required field %(field)s is empty."), {"field": name}),
            functools.partial(_missing, name=name),
        )
        for name in c.REQUIRED_FIELDS
    ]


def _type_rules() -> list[Rule]:
    return [
        Rule(
            f"{f.name}_invalid",
            Dimension.CONSISTENCY,
            ERROR,
            _lazy_interpolate(
                gettext_lazy("%(field)s is not a valid %(kind)s."),
                {"field": f.name, "kind": KIND_LABELS[f.kind]},
            ),
            functools.partial(_bad, name=f.name),
        )
        for f in c.FIELDS
        if f.kind is not Kind.STRING
    ]


def _allowed_rules() -> list[Rule]:
    return [
        Rule(
            f"{f.name}_not_allowed",
            Dimension.CONSISTENCY,
            ERROR,
            _lazy_interpolate(gettext_lazy("%(field)s is not one of the allowed values."), {"field": f.name}),
            functools.partial(_unknown, name=f.name),
            lookup=True,
        )
        for f in c.FIELDS
        if f.allowed
    ]


def _negative_rules() -> list[Rule]:
    return [
        Rule(
            f"{name}_negative",
            Dimension.ACCURACY,
            ERROR,
            _lazy_interpolate(gettext_lazy("%(field)s is negative."), {"field": name}),
            functools.partial(_negative, name=name),
        )
        for name in c.NON_NEGATIVE_FIELDS
    ]


def _other_rules() -> list[Rule]:
    s = Dimension
    return [
        Rule(
            "currency_unknown",
            s.CONSISTENCY,
            ERROR,
            gettext_lazy("currency is not an ISO 4217 code."),
            functools.partial(_unknown, name="currency"),
            lookup=True,
        ),
        Rule(
            "origin_country_unknown",
            s.CONSISTENCY,
            ERROR,
            gettext_lazy("origin_country is not an ISO 3166-1 alpha-2 code."),
            functools.partial(_unknown, name="origin_country"),
            lookup=True,
        ),
        Rule(
            "destination_country_unknown",
            s.CONSISTENCY,
            ERROR,
            gettext_lazy("destination_country is not an ISO 3166-1 alpha-2 code."),
            functools.partial(_unknown, name="destination_country"),
            lookup=True,
        ),
        Rule(
            "hs_code_format",
            s.CONSISTENCY,
            ERROR,
            gettext_lazy("hs_code is not six digits."),
            lambda t: _present(t, "hs_code") & ~t[SIX_DIGITS],
        ),
        Rule(
            "quantity_not_positive",
            s.ACCURACY,
            ERROR,
            gettext_lazy("quantity is zero or negative."),
            lambda t: t.quantity <= 0,
        ),
        Rule(
            "released_before_arrival",
            s.CONSISTENCY,
            ERROR,
            gettext_lazy("released_at is earlier than arrival_at."),
            lambda t: t.released_at < t.arrival_at,
        ),
        Rule(
            "duplicate_shipment_id",
            s.CONSISTENCY,
            ERROR,
            gettext_lazy("Several records carry this shipment_id; none is used until the source is fixed."),
            lambda t: t._dup_n.notnull(),
            lookup=True,
        ),
        # Defects: the row is used, its dimension scores lower.
        Rule(
            "advance_data_missing_or_late",
            s.TIMELINESS,
            DEFECT,
            gettext_lazy("No advance electronic data before arrival."),
            lambda t: t.advance_data_at.isnull() | (t.advance_data_at >= t.arrival_at),
        ),
        Rule(
            "value_zero_or_one",
            s.ACCURACY,
            DEFECT,
            gettext_lazy("Declared value of 0 or 1."),
            lambda t: t.intrinsic_value.isin([0, 100]),  # in cents
        ),
        Rule(
            "weight_zero",
            s.ACCURACY,
            DEFECT,
            gettext_lazy("Gross weight of 0."),
            lambda t: t.gross_weight_kg == 0,
        ),
        Rule(
            "description_vague",
            s.ACCURACY,
            DEFECT,
            gettext_lazy("Description too vague to assess (e.g. gift, parts)."),
            _vague,
        ),
        Rule(
            "hs_code_missing",
            s.COMPLETENESS,
            DEFECT,
            gettext_lazy("No HS code."),
            lambda t: t.hs_code.isnull(),
        ),
        Rule(
            "description_missing",
            s.COMPLETENESS,
            DEFECT,
            gettext_lazy("No description."),
            lambda t: t.description.isnull(),
        ),
        Rule(
            "weight_missing",
            s.COMPLETENESS,
            DEFECT,
            gettext_lazy("No gross weight."),
            lambda t: t.gross_weight_kg.isnull(),
        ),
        Rule(
            "finding_without_control",
            s.CONSISTENCY,
            DEFECT,
            gettext_lazy("A finding is recorded but neither inspection nor scan."),
            lambda t: _present(t, "finding") & (t.finding != "none") & ~(t.inspected | t.nii_scanned),
        ),
        Rule(
            "risk_assessed_before_data",
            s.CONSISTENCY,
            DEFECT,
            gettext_lazy("Risk assessed before the advance data it relies on were received."),
            lambda t: t.risk_assessed_at < t.advance_data_at,
        ),
    ]


DIMENSION_LABELS: dict[Dimension, Any] = {
    Dimension.TIMELINESS: gettext_lazy("Timeliness"),
    Dimension.ACCURACY: gettext_lazy("Accuracy"),
    Dimension.COMPLETENESS: gettext_lazy("Completeness"),
    Dimension.CONSISTENCY: gettext_lazy("Consistency"),
}

RULES: tuple[Rule, ...] = (
    *_required_rules(),
    *_type_rules(),
    *_allowed_rules(),
    *_negative_rules(),
    *_other_rules(),
)
RULES_BY_CODE = {r.code: r for r in RULES}
ERROR_RULES = tuple(r for r in RULES if r.severity == ERROR)
DEFECT_RULES = tuple(r for r in RULES if r.severity == DEFECT)


def shipments_typed(*, engine: Engine, raw: ir.Table) -> ir.Table:
    """The staged input (`Engine.read`, see staging.py) with the engine's test of the HS code's form."""
    return raw.mutate(**{SIX_DIGITS: engine.digits(raw.hs_code, 6)})


def input_columns(staged: ir.Table) -> list[str]:
    """The input's own column names, in order (the staged table keeps each as `_raw_<name>`)."""
    return [name[len(RAW) :] for name in staged.columns if name.startswith(RAW)]


def duplicate_ids(*, engine: Engine, typed: ir.Table) -> ir.Table:
    """Shipment ids that occur more than once, materialised (small) so later passes reuse it.

    Where the engine hashes text into a 64-bit integer (`Engine.text_hash`), the ids are first grouped by
    their hash, a table of small fixed-size entries, and only the ids whose hash occurs more than once are
    then counted by their text: an equal hash may hide different ids, never the same id in two groups, so the
    result is exact. DuckDB, 100 million rows: 20 s instead of 37 s (the table of texts spilled to disk).
    """
    ids = typed.filter(typed.shipment_id.notnull())
    hashed = engine.text_hash(ids.shipment_id)
    if hashed is not None:
        # Two queries: as one, the engine would hold every id read for the second scan until the first ends.
        by_hash = ids.group_by(_hash=hashed).aggregate(_n=ibis._.count())
        clashing = engine.cache(by_hash.filter(by_hash._n > 1).select("_hash"), many_groups=True)
        ids = ids.filter(hashed.isin(clashing._hash))
    counts = ids.group_by("shipment_id").aggregate(_dup_n=ibis._.count())
    return engine.cache(counts.filter(counts._dup_n > 1), many_groups=hashed is None)


def _lookups() -> dict[str, list[str]]:
    """The code list of every text field checked against one: the contract's allowed values and ISO codes."""
    lists = {f.name: list(f.allowed) for f in c.FIELDS if f.allowed}
    lists["currency"] = sorted(c.currency_codes())
    lists["origin_country"] = lists["destination_country"] = sorted(c.country_codes())
    return lists


def _with_lookups(*, engine: Engine, typed: ir.Table, duplicates: ir.Table) -> ir.Table:
    """Duplicate counts and code-list membership as joins (`_dup_n`, `_known_<field>`).

    Joining a list costs the engine less than testing each row against it (DuckDB, ten million rows: the
    row-by-row tests went from 1.9 s to 1.1 s of CPU, the five more joins took 0.4 s), and long lists such as
    currencies and countries cost far more as IN tests.
    """
    # One chain of joins (one SELECT), not a join nested in a join: planners such as Spark's handle it far better.
    joined = typed.left_join(duplicates, "shipment_id")
    known: list[ir.Value] = [duplicates._dup_n]
    allowed = {f.name for f in c.FIELDS if f.allowed}
    for name, codes in _lookups().items():
        # The allowed values also bring their place in the contract's list (`_index_<field>`): the KPIs group
        # by that small integer instead of comparing each row's text with every value.
        columns: dict[str, list[Any]] = {f"_known_{name}": codes}
        if name in allowed:
            columns[f"_index_{name}"] = list(range(len(codes)))
        codes_table = engine.code_table(columns)
        joined = joined.left_join(codes_table, typed[name] == codes_table[f"_known_{name}"])
        known.extend(codes_table[column] for column in columns)
    return joined.select(typed, *known)


def shipments_checked(*, engine: Engine, typed: ir.Table, duplicates: ir.Table) -> ir.Table:
    """Every row with `_error` (quarantine it), each defect rule's test (`_r_<code>`, counted in the quality
    summary) and a `_defect_<dimension>` flag per dimension (any of its defects)."""
    # The rules that read the row alone are evaluated before the lookups are joined, on the staged columns.
    # One NULL-to-false at the end of each OR chain: TRUE wins over NULL in SQL's OR, so this is the same as
    # a NULL-to-false per rule, with one function call per row instead of one per rule.
    defects = _rule_tests(typed, DEFECT_RULES)  # defects only: accepted rows have no error
    with_defects = typed.mutate(**{f"{BROKEN}{code}": test for code, test in defects.items()})
    flags: dict[str, ir.Value] = {"_error_row": _any(r.test(typed) for r in ERROR_RULES if not r.lookup)}
    for dim in Dimension:
        flags[f"_defect_{dim}"] = _any(
            with_defects[f"{BROKEN}{r.code}"]
            for r in DEFECT_RULES
            if r.dimension is dim and r.code in defects
        )
    joined = _with_lookups(engine=engine, typed=with_defects.mutate(**flags), duplicates=duplicates)
    lookups = [r.test(joined) for r in ERROR_RULES if r.lookup]
    return joined.mutate(_error=joined._error_row | _any(lookups))


def _rule_tests(t: ir.Table, rules: Iterable[Rule]) -> dict[str, ir.BooleanValue]:
    """Each rule's test by code, leaving out the rules no row of this input can break (constant false)."""
    tests = {r.code: r.test(t) for r in rules}
    return {code: test for code, test in tests.items() if not _never(test)}


def _any(tests: Iterable[ir.BooleanValue]) -> ir.BooleanValue:
    """True where any test is true; false (never NULL) otherwise. Tests that are constant false are left out."""
    live = [t for t in tests if not _never(t)]
    if not live:
        return ibis.literal(False)
    return functools.reduce(operator.or_, live).fill_null(False)


def _never(test: ir.BooleanValue) -> bool:
    op = test.op()
    return isinstance(op, ops.Literal) and op.value is False


def rejected_table(*, engine: Engine, checked: ir.Table, columns: Sequence[str]) -> ir.Table:
    """The rows that break the contract, materialised (`Engine.cache`): the quarantine file and the quality
    summary read them.

    Each row keeps the input's `columns` as read (the `_raw_` copy or, where none was kept, the column itself:
    see `shipments_typed`), named by their place (`_input_<i>`, so no input column's name can clash), whether
    each contract field holds a value (`_filled_<field>`) and each rule's test (`_r_<code>`, true or false).
    A usable input has few rejected rows, so testing every rule on them costs little; the accepted rows are
    counted in the KPIs' pass (`accepted_counts`). The summary and the quarantine each read the whole input
    before (ten million rows: 2.6 s and 1.7 s; `kpis compute` now takes a tenth less in all).
    """
    # Materialised as they are, then tested: the tests then read a plain table. Spark's planner, given the tests
    # on top of the checks' own projections and joins, ran out of memory on two thousand rows.
    # Only what the tests and the quarantine read: the KPIs' columns (instants as microseconds, periods, code
    # places, defect flags), computed for every row before the filter, cost a fifth of this pass.
    unread = (*KPI_EXTRAS, "_index_", BROKEN, "_defect_", "_error")
    bad = engine.cache(
        checked.filter(checked._error).select(*(n for n in checked.columns if not n.startswith(unread)))
    )
    return bad.select(
        *[bad[f"{RAW}{n}"].name(f"{INPUT}{i}") for i, n in enumerate(columns)],
        **{f"{FILLED}{f.name}": bad[f.name].notnull() for f in c.FIELDS},
        **{f"{BROKEN}{code}": test.fill_null(False) for code, test in _rule_tests(bad, RULES).items()},
    )


def rejected_counts(*, engine: Engine, rejected: ir.Table) -> dict[str, int]:
    """The rejected rows counted: rows, rows per rule broken, values per field, rows per dimension broken."""
    broken = [r for r in RULES if f"{BROKEN}{r.code}" in rejected.columns]
    metrics: dict[str, ir.Value] = {"rows": rejected.count()}
    for r in broken:
        metrics[f"rule__{r.code}"] = rejected[f"{BROKEN}{r.code}"].sum()
    for f in c.FIELDS:
        metrics[f"fill__{f.name}"] = rejected[f"{FILLED}{f.name}"].sum()
    for dim in Dimension:
        metrics[f"dim__{dim}"] = _any(
            rejected[f"{BROKEN}{r.code}"] for r in broken if r.dimension is dim
        ).sum()
    row = summary_row(engine.table_arrow(rejected.aggregate(**metrics)))
    return {name: int(value or 0) for name, value in row.items()}  # a sum over no row is NULL: 0


def accepted_carried(*, accepted: ir.Table) -> dict[str, ir.Value]:
    """What `accepted_counts` reads of the accepted rows (`accepted_table`), to carry along with the KPIs' rows
    (`kpis.kpi_rows(..., carry=...)`): each optional field's values, each defect rule's test, each dimension's
    defect flag and the arrival. An accepted row has every required field, so those need no count."""
    return {
        **{f"{FILLED}{f.name}": accepted[f.name] for f in c.FIELDS if not f.required},
        **{name: accepted[name] for name in accepted.columns if name.startswith(BROKEN)},
        **{f"_defect_{d}": accepted[f"_defect_{d}"] for d in Dimension},
        "_arrival": accepted.arrival_at,
    }


def accepted_counts(*, rows: ir.Table) -> ir.Table:
    """The accepted rows counted for the quality summary, as one row: rows (`_n`), values per optional field,
    rows per defect rule, rows with a defect per dimension, first and last arrival. `rows` carry the columns
    of `accepted_carried`: the KPIs' rows, so the counts are made in the KPIs' pass (`kpis.kpi_cube(...,
    along=...)`), where those rows are read anyway."""
    return rows.aggregate(
        _n=rows.count(),
        **{name: rows[name].count() for name in rows.columns if name.startswith(FILLED)},
        **{name: rows[name].sum() for name in rows.columns if name.startswith((BROKEN, "_defect_"))},
        _first=rows._arrival.min(),
        _last=rows._arrival.max(),
    )


def quality_summary(*, accepted: dict[str, Any], rejected: dict[str, int]) -> dict[str, Any]:
    """Rows read, accepted, broken per rule, fill rate per field, pass rate per dimension, over every row read:
    `accepted` as `accepted_counts` gives it, `rejected` as `rejected_counts` does."""
    n = int(accepted.get("_n") or 0)
    row: dict[str, Any] = {"rows": n + rejected["rows"], "accepted": n}
    for r in RULES:  # an accepted row breaks no error rule: those are counted on the rejected rows only
        row[f"rule__{r.code}"] = int(accepted.get(f"{BROKEN}{r.code}") or 0) + rejected.get(
            f"rule__{r.code}", 0
        )
    for f in c.FIELDS:
        filled = n if f.required else int(accepted.get(f"{FILLED}{f.name}") or 0)
        row[f"fill__{f.name}"] = filled + rejected[f"fill__{f.name}"]
    for dim in Dimension:  # an accepted row breaks a dimension where it has one of its defects
        row[f"dim__{dim}"] = int(accepted.get(f"_defect_{dim}") or 0) + rejected[f"dim__{dim}"]
    first_last = {
        key: accepted.get(f"_{key}") and accepted[f"_{key}"].replace(tzinfo=datetime.UTC)
        for key in ("first", "last")
    }
    return _summary_shape(row, first_last)


def summary_row(table: pa.Table) -> dict[str, Any]:
    """The one row of an aggregate as a dict, UTC timestamps without their zone: pyarrow reads zoned ones into
    Python through pandas, which costs a quarter of a second to import (see DuckDBEngine.table_arrow); the
    instants are the same."""
    fields = [
        f.with_type(pa.timestamp(f.type.unit)) if pa.types.is_timestamp(f.type) and f.type.tz else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields)).to_pylist()[0]


def _summary_shape(row: dict[str, Any], first_last: dict[str, Any]) -> dict[str, Any]:
    rows = int(row["rows"] or 0)
    accepted = int(row["accepted"] or 0)

    def share(n: Any) -> float | None:
        return round(int(n or 0) / rows, 4) if rows else None

    fields = [
        {
            "field": f.name,
            "required": f.required,
            "filled": int(row[f"fill__{f.name}"] or 0),
            "fill_rate": share(row[f"fill__{f.name}"]),
        }
        for f in c.FIELDS
    ]
    rules = [
        {
            "code": r.code,
            "dimension": str(r.dimension),
            "severity": r.severity,
            "explanation": str(r.explanation),
            "rows": int(row.get(f"rule__{r.code}") or 0),
        }
        for r in RULES
    ]
    dims = {str(d): round(1 - int(row[f"dim__{d}"] or 0) / rows, 4) if rows else None for d in Dimension}
    scores = [v for v in dims.values() if v is not None]
    return {
        "rows_read": rows,
        "rows_accepted": accepted,
        "rows_quarantined": rows - accepted,
        "dimensions": dims,
        "score": round(sum(scores) / len(scores), 4) if scores else None,
        "fields": fields,
        "rules": [r for r in rules if r["rows"]],
        "first_arrival": first_last["first"].isoformat() if first_last["first"] else None,
        "last_arrival": first_last["last"].isoformat() if first_last["last"] else None,
    }


def quarantine_table(*, rejected: ir.Table, columns: Sequence[str]) -> ir.Table:
    """Rejected rows (`rejected_table`, made with the same `columns`) as they were read, named as in the input,
    with the reasons (codes `dimension:rule`, separated by ';')."""
    reason = ibis.literal("")
    for r in ERROR_RULES:
        name = f"{BROKEN}{r.code}"
        if name in rejected.columns:
            reason = reason + rejected[name].ifelse(ibis.literal(f"{r.dimension}:{r.code};"), "")
    return rejected.select(
        *[rejected[f"{INPUT}{i}"].name(n) for i, n in enumerate(columns)], reason=reason.re_replace(";$", "")
    )


def accepted_table(*, checked: ir.Table) -> ir.Table:
    """The accepted rows: the contract's fields and what the KPIs and `accepted_counts` read of them."""
    ok = checked.filter(~checked._error)
    indexes = [f"_index_{f.name}" for f in c.FIELDS if f.allowed]
    defects = [name for name in ok.columns if name.startswith(BROKEN)]  # see shipments_checked
    return ok.select(*c.FIELD_NAMES, *KPI_EXTRAS, *indexes, *[f"_defect_{d}" for d in Dimension], *defects)


__all__ = [
    "RULES",
    "Source",
    "accepted_carried",
    "accepted_counts",
    "accepted_table",
    "duplicate_ids",
    "quality_summary",
    "quarantine_table",
    "rejected_counts",
    "rejected_table",
    "shipments_checked",
    "shipments_typed",
    "summary_row",
]
