"""Load principles and editions from `framework/data/*.yaml`; validated, idempotent, audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from clearway.core.exceptions import ValidationFailed
from clearway.framework.models import Edition, Principle, Standard
from clearway.members.reference import LoadSummary, _upsert

DATA_DIR = Path(__file__).resolve().parent / "data"


def _require(data: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in data]
    if missing:
        raise ValidationFailed(f"{where}: missing field(s) {', '.join(missing)}")
    for k in keys:
        value = data[k]
        if isinstance(value, dict) and set(value) >= {"en"} and not value.get("fr"):
            raise ValidationFailed(f"{where}: field {k} has no French text")


def principles_load(summary: LoadSummary) -> dict[int, Principle]:
    rows = yaml.safe_load((DATA_DIR / "principles.yaml").read_text(encoding="utf-8"))
    out: dict[int, Principle] = {}
    for index, row in enumerate(rows, start=1):
        _require(row, ("number", "roman", "title"), f"principles.yaml entry {index}")
        out[row["number"]] = _upsert(
            Principle,
            {"number": row["number"]},
            {"roman": row["roman"], "title_en": row["title"]["en"], "title_fr": row["title"]["fr"]},
            summary,
        )
    return out


def _edition_validate(data: dict[str, Any], principles: dict[int, Principle], name: str) -> None:
    """Check the whole file before writing anything, so a bad file leaves the database as it was."""
    _require(data, ("code", "year", "title", "standards"), name)
    numbers: set[int] = set()
    keys: set[str] = set()
    for index, row in enumerate(data["standards"], start=1):
        where = f"{name} standard {index}"
        _require(row, ("number", "key", "principle", "title"), where)
        if row["principle"] not in principles:
            raise ValidationFailed(f"{where}: principle {row['principle']} does not exist")
        if row["number"] in numbers:
            raise ValidationFailed(f"{where}: number {row['number']} is used twice")
        if row["key"] in keys:
            raise ValidationFailed(f"{where}: key {row['key']} is used twice")
        numbers.add(row["number"])
        keys.add(row["key"])


def edition_load(path: Path, principles: dict[int, Principle], summary: LoadSummary) -> Edition:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    _edition_validate(data, principles, path.name)
    edition = _upsert(
        Edition,
        {"code": str(data["code"])},
        {
            "year": data["year"],
            "adopted": str(data.get("adopted", "")),
            "confirmed": bool(data.get("confirmed", True)),
            "title_en": data["title"]["en"],
            "title_fr": data["title"]["fr"],
            "note_en": data.get("note", {}).get("en", ""),
            "note_fr": data.get("note", {}).get("fr", ""),
        },
        summary,
    )
    for row in data["standards"]:
        _upsert(
            Standard,
            {"edition": edition, "key": row["key"]},
            {
                "number": row["number"],
                "principle": principles[row["principle"]],
                "title_en": row["title"]["en"],
                "title_fr": row["title"]["fr"],
                "confirmed": bool(row.get("confirmed", True)),
            },
            summary,
        )
    return edition


@transaction.atomic
def reference_load() -> LoadSummary:
    summary = LoadSummary()
    principles = principles_load(summary)
    for path in sorted(DATA_DIR.glob("edition_*.yaml")):
        edition_load(path, principles, summary)
    summary.messages.append(f"framework: {summary}")
    return summary
