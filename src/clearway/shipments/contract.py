"""The shipment-record data contract: one row per e-commerce shipment an administration holds.

Field names, types, units, whether a field is required and which values are allowed live here, once.
Ingestion, validation, the generator, the KPIs and `docs/shipments.md` all read this module; the
documentation table is printed by `contract_markdown()` so code and docs cannot drift.

Aligned with the practical field set of DOMAIN.md section 3 (EU H7 super-reduced data set, UPU ITMATT,
EDIFACT CUSEXP). All timestamps are UTC instants. Money amounts other than `intrinsic_value` are in the
administration's national (reporting) currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import pyarrow as pa
import pycountry

CONTRACT_VERSION = "1"


class Dimension(StrEnum):
    """The four data-quality dimensions of WCO and UPU."""

    TIMELINESS = "timeliness"
    ACCURACY = "accuracy"
    COMPLETENESS = "completeness"
    CONSISTENCY = "consistency"


class Kind(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"


CHANNELS = ("postal", "express", "cargo")
OPERATOR_TYPES = (
    "postal_operator",
    "express_carrier",
    "freight_forwarder",
    "customs_broker",
    "e_platform",
    "e_vendor",
    "fulfilment_centre",
    "other",
)
LANES = ("green", "yellow", "red")
FINDINGS = ("none", "undervaluation", "misdescription", "prohibited", "restricted", "ipr", "other")
COLLECTION_MODELS = ("at_border", "vendor", "platform", "intermediary", "deferred_account")
AEO_STATUSES = ("aeo", "non_aeo", "unknown")

# Descriptions too vague to risk-assess (WCO/UPU: "gift", "parts"); compared case-insensitively, trimmed.
VAGUE_DESCRIPTIONS = (
    "gift",
    "gifts",
    "parts",
    "goods",
    "sample",
    "samples",
    "item",
    "items",
    "merchandise",
    "stuff",
)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool
    description: str
    unit: str = ""
    allowed: tuple[str, ...] = ()
    rule: str = ""  # a format rule checked beyond the type (documented, enforced in validation.py)
    case: str = ""  # text read trimmed and then "upper"- or "lower"-cased, or trimmed only (staging.py)

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW[self.kind]


_ARROW: dict[Kind, pa.DataType] = {
    Kind.STRING: pa.string(),
    Kind.INTEGER: pa.int64(),
    Kind.DECIMAL: pa.float64(),
    Kind.BOOLEAN: pa.bool_(),
    Kind.TIMESTAMP: pa.timestamp("us", tz="UTC"),
}

FIELDS: tuple[Field, ...] = (
    Field(
        "shipment_id",
        Kind.STRING,
        True,
        "Air waybill, S10 postal item id or house bill; unique per row.",
        case="upper",
    ),
    Field("order_id", Kind.STRING, False, "The e-commerce order the shipment fulfils.", case="upper"),
    Field("channel", Kind.STRING, True, "Postal, express or cargo.", allowed=CHANNELS, case="lower"),
    Field(
        "operator_id",
        Kind.STRING,
        True,
        "Carrier, postal operator or declarant; joinable to the AEO register.",
        case="upper",
    ),
    Field(
        "operator_type",
        Kind.STRING,
        True,
        "Stakeholder type of the operator.",
        allowed=OPERATOR_TYPES,
        case="lower",
    ),
    Field("operator_aeo", Kind.BOOLEAN, False, "The operator holds AEO status (empty: unknown)."),
    Field("platform", Kind.STRING, False, "E-platform or marketplace the goods were sold on.", case="lower"),
    Field("seller_id", Kind.STRING, False, "Seller (e-vendor) identifier.", case="upper"),
    Field(
        "origin_country", Kind.STRING, True, "Country of dispatch.", rule="ISO 3166-1 alpha-2", case="upper"
    ),
    Field(
        "destination_country",
        Kind.STRING,
        True,
        "Country of the consignee.",
        rule="ISO 3166-1 alpha-2",
        case="upper",
    ),
    Field("hs_code", Kind.STRING, False, "Harmonized System subheading.", rule="6 digits"),
    Field(
        "description",
        Kind.STRING,
        False,
        "Description of the goods; vague words count as an accuracy defect.",
    ),
    Field("quantity", Kind.INTEGER, False, "Number of items.", unit="items", rule="> 0"),
    Field("gross_weight_kg", Kind.DECIMAL, False, "Gross weight.", unit="kg", rule=">= 0"),
    Field("intrinsic_value", Kind.DECIMAL, True, "Declared value of the goods, in `currency`.", rule=">= 0"),
    Field("currency", Kind.STRING, True, "Currency of the declared value.", rule="ISO 4217", case="upper"),
    Field(
        "customs_value",
        Kind.DECIMAL,
        True,
        "Value in the national currency, used for de minimis.",
        unit="national currency",
        rule=">= 0",
    ),
    Field("transport_cost", Kind.DECIMAL, False, "Transport cost.", unit="national currency", rule=">= 0"),
    Field(
        "tax_id", Kind.STRING, False, "Tax identifier of the seller or platform (IOSS-like).", case="upper"
    ),
    Field(
        "advance_data_at",
        Kind.TIMESTAMP,
        False,
        "Advance electronic data received (empty: none received).",
        unit="UTC",
    ),
    Field(
        "arrival_at",
        Kind.TIMESTAMP,
        True,
        "Goods arrived at the office of entry; sets the period.",
        unit="UTC",
    ),
    Field("risk_assessed_at", Kind.TIMESTAMP, False, "Risk assessment completed.", unit="UTC"),
    Field(
        "released_at",
        Kind.TIMESTAMP,
        False,
        "Goods released (empty: not yet released).",
        unit="UTC",
        rule="not before arrival_at",
    ),
    Field("lane", Kind.STRING, False, "Risk lane assigned.", allowed=LANES, case="lower"),
    Field("inspected", Kind.BOOLEAN, True, "A physical inspection took place."),
    Field("nii_scanned", Kind.BOOLEAN, True, "A non-intrusive (X-ray or similar) scan took place."),
    Field("finding", Kind.STRING, False, "Result of inspection or scan.", allowed=FINDINGS, case="lower"),
    Field(
        "duties_taxes_assessed",
        Kind.DECIMAL,
        False,
        "Duties and taxes assessed.",
        unit="national currency",
        rule=">= 0",
    ),
    Field(
        "duties_taxes_collected",
        Kind.DECIMAL,
        False,
        "Duties and taxes collected.",
        unit="national currency",
        rule=">= 0",
    ),
    Field(
        "collection_model",
        Kind.STRING,
        False,
        "How revenue was collected.",
        allowed=COLLECTION_MODELS,
        case="lower",
    ),
    Field("returned", Kind.BOOLEAN, False, "The goods were returned to the sender (empty: no)."),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
REQUIRED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
NON_NEGATIVE_FIELDS = (
    "intrinsic_value",
    "customs_value",
    "gross_weight_kg",
    "transport_cost",
    "duties_taxes_assessed",
    "duties_taxes_collected",
)
# Amounts held as whole cents once read (staging.py): summed exactly, rounded once.
MONEY_FIELDS = tuple(name for name in NON_NEGATIVE_FIELDS if name != "gross_weight_kg")
# Every column nullable in files: a missing required value is a defect to quarantine, not a write error.
SCHEMA: pa.Schema = pa.schema([pa.field(f.name, f.arrow_type) for f in FIELDS])


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes, from pycountry."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from pycountry, plus EU (the Union ships and receives as one territory)."""
    return frozenset(c.alpha_2 for c in pycountry.countries) | {"EU"}


_READ_AS = {"upper": "trimmed, upper case", "lower": "trimmed, lower case", "": "trimmed"}


def contract_markdown() -> str:
    """The contract as a Markdown table, for docs/shipments.md."""
    lines = [
        "| Field | Type | Unit | Required | Allowed values or rule | Text read as | Meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in FIELDS:
        allowed = ", ".join(f"`{v}`" for v in f.allowed) or f.rule
        lines.append(
            f"| `{f.name}` | {f.kind} | {f.unit} | {'yes' if f.required else 'no'} | {allowed} "
            f"| {_READ_AS[f.case] if f.kind is Kind.STRING else ''} | {f.description} |"
        )
    return "\n".join(lines)
