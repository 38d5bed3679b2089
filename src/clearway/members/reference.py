"""Load WCO regions and Members from the versioned data files in `members/data/` (idempotent)."""

from __future__ import annotations

import csv
import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
import yaml
from django.db import transaction

from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import ValidationFailed
from clearway.members.models import Member, MemberKind, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
MEMBERS_CSV = DATA_DIR / "wco_members.csv"
REGIONS_YAML = DATA_DIR / "regions.yaml"
ISO_EXCEPTIONS_YAML = DATA_DIR / "iso_exceptions.yaml"
REQUIRED_COLUMNS = ("iso3", "name", "region", "kind", "notes")


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.deactivated} deactivated"
        )


def _french_names() -> Callable[[str], str]:
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return lambda text: text
    return translation.gettext


def _upsert(model: type[Any], lookup: dict[str, Any], values: dict[str, Any], summary: LoadSummary) -> Any:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        audit_record(actor=SYSTEM, action="members.reference.create", instance=obj, after=model_snapshot(obj))
        summary.created += 1
        return obj
    before = model_snapshot(obj)
    for key, value in values.items():
        setattr(obj, key, value)
    after = model_snapshot(obj)
    if before != after:
        obj.save()
        audit_record(
            actor=SYSTEM, action="members.reference.update", instance=obj, before=before, after=after
        )
        summary.updated += 1
    else:
        summary.unchanged += 1
    return obj


def regions_load(summary: LoadSummary) -> dict[str, Region]:
    rows = yaml.safe_load(REGIONS_YAML.read_text(encoding="utf-8"))
    regions: dict[str, Region] = {}
    for order, row in enumerate(rows):
        regions[row["code"]] = _upsert(
            Region,
            {"code": row["code"]},
            {
                "name_en": row["name"]["en"],
                "name_fr": row["name"]["fr"],
                "acronym_fr": row.get("acronym", {}).get("fr", ""),
                "order": order,
                "rocb_city": row["rocb"]["city"],
                "rocb_confirmed": bool(row["rocb"]["confirmed"]),
            },
            summary,
        )
    return regions


def member_rows_read(path: Path = MEMBERS_CSV) -> list[dict[str, str]]:
    """Read and check the Members file; every problem names the line."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValidationFailed(f"{path.name}: missing column(s) {', '.join(missing)}")
        rows = list(reader)
    exceptions = yaml.safe_load(ISO_EXCEPTIONS_YAML.read_text(encoding="utf-8")) or {}
    errors: list[str] = []
    seen: set[str] = set()
    kinds = {k.value for k in MemberKind}
    for line, row in enumerate(rows, start=2):
        iso3 = row["iso3"].strip()
        if iso3 in seen:
            errors.append(f"{path.name} line {line}: duplicate code {iso3}")
        seen.add(iso3)
        if row["kind"] not in kinds:
            errors.append(
                f"{path.name} line {line}: kind {row['kind']!r} is not one of {', '.join(sorted(kinds))}"
            )
        if pycountry.countries.get(alpha_3=iso3) is None and iso3 not in exceptions:
            errors.append(
                f"{path.name} line {line}: {iso3} is not an ISO 3166-1 alpha-3 code "
                f"(add it to {ISO_EXCEPTIONS_YAML.name} if it is meant)"
            )
    if errors:
        raise ValidationFailed("\n".join(errors))
    return rows


def members_load(summary: LoadSummary, regions: dict[str, Region], path: Path = MEMBERS_CSV) -> None:
    rows = member_rows_read(path)
    exceptions = yaml.safe_load(ISO_EXCEPTIONS_YAML.read_text(encoding="utf-8")) or {}
    to_french = _french_names()
    codes = set()
    for row in rows:
        iso3 = row["iso3"].strip()
        codes.add(iso3)
        if row["region"] not in regions:
            raise ValidationFailed(f"{MEMBERS_CSV.name}: {iso3} has unknown region {row['region']!r}")
        country = pycountry.countries.get(alpha_3=iso3)
        if country is not None:
            iso2, name_fr = country.alpha_2, to_french(country.name)
        else:
            iso2, name_fr = exceptions[iso3].get("iso2", ""), exceptions[iso3]["name_fr"]
        notes = row["notes"].strip()
        _upsert(
            Member,
            {"iso3": iso3},
            {
                "iso2": iso2,
                "name_en": row["name"].strip(),
                "name_fr": name_fr,
                "region": regions[row["region"]],
                "kind": row["kind"],
                "notes": notes,
                "unconfirmed": bool(notes) and row["kind"] != "customs_territory",
                "active": True,
            },
            summary,
        )
    for member in Member.objects.filter(active=True).exclude(iso3__in=codes):
        member.active = False
        member.save(update_fields=["active"])
        audit_record(
            actor=SYSTEM,
            action="members.reference.deactivate",
            instance=member,
            reason="no longer in the Members file",
        )
        summary.deactivated += 1


@transaction.atomic
def reference_load(*, members_csv: Path = MEMBERS_CSV) -> LoadSummary:
    summary = LoadSummary()
    regions = regions_load(summary)
    members_load(summary, regions, members_csv)
    summary.messages.append(f"regions and Members: {summary}")
    return summary
