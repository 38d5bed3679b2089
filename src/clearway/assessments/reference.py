"""Load KPI catalogues (`catalogues/<code>.yaml`) and version mappings (`<from>--<to>.mapping.yaml`).

Every problem found names the file, the line and the field, and all problems are reported at once. Loading is
idempotent: an unchanged file changes nothing. A loaded catalogue version whose indicators have answers cannot
lose those indicators: publish a new version with a mapping instead.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from clearway.assessments.models import (
    Catalogue,
    Direction,
    Disclosure,
    Indicator,
    IndicatorKind,
    IndicatorMapping,
    Stage,
)
from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import ValidationFailed
from clearway.framework.models import Edition, Standard
from clearway.shipments.measures import MEASURES

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"

# Shipment KPIs the shipments app computes (its one list, `shipments.measures`); `measure` and
# `expected_measure` must name one of them.
SHIPMENT_MEASURES = frozenset(MEASURES)
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(\.[A-Z0-9]+)*$")
TOP_KEYS = {"code", "version", "edition", "clearway_own", "title", "note", "stages", "standards"}
INDICATOR_KEYS = {
    "code",
    "type",
    "text",
    "weight",
    "evidence",
    "disclosure",
    "stages",
    "expected_measure",
    "unit",
    "direction",
    "target",
    "floor",
    "measure",
}
KIND_KEYS = {
    IndicatorKind.MATURITY: {"stages", "expected_measure"},
    IndicatorKind.YES_NO: set(),
    IndicatorKind.NUMERIC: {"unit", "direction", "target", "floor", "measure"},
}


class LineDict(dict[str, Any]):
    """A mapping read from YAML that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {str(k.value): k.start_mark.line + 1 for k, _v in node.value}
    yield data
    data.update({str(k): v for k, v in loader.construct_mapping(node).items()})


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def yaml_read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 (safe loader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise ValidationFailed(f"{path.name} line {line}: not valid YAML ({exc.problem})") from None


@dataclass
class Problems:
    """Collects every problem in a file, each naming file, line and field."""

    file: str
    items: list[str] = field(default_factory=list)

    def add(self, node: Any, key: str | None, where: str, message: str) -> None:
        line = getattr(node, "line", 0)
        if key is not None and isinstance(node, LineDict):
            line = node.key_lines.get(key, line)
        self.items.append(f"{self.file} line {line}: {where}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed("\n".join(self.items))


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- validation


def _text(
    problems: Problems, node: LineDict, key: str, where: str, *, required: bool = True
) -> dict[str, str]:
    value = node.get(key)
    if value is None:
        if required:
            problems.add(node, None, f"{where}.{key}", "missing (give English and French text)")
        return {"en": "", "fr": ""}
    if (
        not isinstance(value, dict)
        or not str(value.get("en") or "").strip()
        or not str(value.get("fr") or "").strip()
    ):
        problems.add(node, key, f"{where}.{key}", "needs non-empty 'en' and 'fr' text")
        return {"en": "", "fr": ""}
    return {"en": str(value["en"]).strip(), "fr": str(value["fr"]).strip()}


def _number(problems: Problems, node: LineDict, key: str, where: str) -> Decimal | None:
    if key not in node or node[key] is None:
        return None
    value = node[key]
    if isinstance(value, bool):
        problems.add(node, key, f"{where}.{key}", f"{value!r} is not a number")
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        problems.add(node, key, f"{where}.{key}", f"{value!r} is not a number")
        return None


def _stages(problems: Problems, node: Any, where: str, *, complete: bool) -> dict[str, dict[str, str]]:
    if not isinstance(node, LineDict):
        problems.add(node, None, where, "must be a mapping of stages (full, partial, pilot, none)")
        return {}
    out: dict[str, dict[str, str]] = {}
    for key in node:
        if key not in Stage.values:
            problems.add(node, key, f"{where}.{key}", f"unknown stage (use {', '.join(Stage.values)})")
    for stage in Stage.values:
        if stage in node:
            out[stage] = _text(problems, node, stage, where)
        elif complete:
            problems.add(node, None, f"{where}.{stage}", "missing stage definition")
    return out


def _expected_measure(problems: Problems, node: LineDict, where: str) -> dict[str, Any] | None:
    value = node.get("expected_measure")
    if value is None:
        return None
    where = f"{where}.expected_measure"
    if not isinstance(value, LineDict):
        problems.add(node, "expected_measure", where, "must be a mapping {measure, full, partial, pilot}")
        return None
    if value.get("measure") not in SHIPMENT_MEASURES:
        problems.add(value, "measure", f"{where}.measure", f"{value.get('measure')!r} is not a shipment KPI")
    levels = {}
    for stage in ("full", "partial", "pilot"):
        number = _number(problems, value, stage, where)
        if number is None:
            problems.add(
                value, stage, f"{where}.{stage}", "missing the minimum measured value for this stage"
            )
        levels[stage] = number
    full, partial, pilot = levels["full"], levels["partial"], levels["pilot"]
    if full is not None and partial is not None and pilot is not None and not (full >= partial >= pilot):
        problems.add(value, None, where, "values must not increase from full to partial to pilot")
    return {"measure": value.get("measure"), **{k: float(v) for k, v in levels.items() if v is not None}}


def indicator_check(
    problems: Problems, node: Any, where: str, defaults: dict[str, Any]
) -> dict[str, Any] | None:
    if not isinstance(node, LineDict):
        problems.add(node, None, where, "must be a mapping")
        return None
    for key in node:
        if key not in INDICATOR_KEYS:
            problems.add(node, key, f"{where}.{key}", "unknown field")
    code = str(node.get("code") or "")
    if not CODE_RE.match(code):
        problems.add(
            node,
            "code",
            f"{where}.code",
            f"{code!r} is not a valid code (capitals, digits and dots, e.g. RM.2)",
        )
    kind = node.get("type")
    if kind not in IndicatorKind.values:
        problems.add(
            node, "type", f"{where}.type", f"{kind!r} is not one of {', '.join(IndicatorKind.values)}"
        )
        return None
    for key in INDICATOR_KEYS & set(node):
        if key in set().union(*KIND_KEYS.values()) and key not in KIND_KEYS[IndicatorKind(kind)]:
            problems.add(node, key, f"{where}.{key}", f"not used by a {kind} indicator")
    weight = _number(problems, node, "weight", where)
    if (weight is None and node.get("weight") is None) or (weight is not None and weight <= 0):
        problems.add(node, "weight", f"{where}.weight", "must be a number above 0")
    disclosure = node.get("disclosure")
    if disclosure not in Disclosure.values:
        problems.add(
            node,
            "disclosure",
            f"{where}.disclosure",
            f"{disclosure!r} is not one of {', '.join(Disclosure.values)}",
        )
    values: dict[str, Any] = {
        "code": code,
        "kind": kind,
        "weight": weight or Decimal(1),
        "disclosure": disclosure,
        "text": _text(problems, node, "text", where),
        "evidence": _text(problems, node, "evidence", where),
        "stages": {},
        "unit": "",
        "direction": "",
        "target": None,
        "floor": None,
        "measure": "",
        "expected_measure": None,
    }
    if kind == IndicatorKind.MATURITY:
        own = _stages(problems, node["stages"], f"{where}.stages", complete=False) if "stages" in node else {}
        values["stages"] = {**defaults, **own}
        values["expected_measure"] = _expected_measure(problems, node, where)
    elif kind == IndicatorKind.NUMERIC:
        _numeric_check(problems, node, where, values)
    return values


def _numeric_check(problems: Problems, node: LineDict, where: str, values: dict[str, Any]) -> None:
    unit = node.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        problems.add(node, "unit", f"{where}.unit", "a numeric indicator needs a unit")
    direction = node.get("direction")
    if direction not in Direction.values:
        problems.add(node, "direction", f"{where}.direction", f"{direction!r} is not one of higher, lower")
    target, floor = _number(problems, node, "target", where), _number(problems, node, "floor", where)
    if floor is not None and target is None:
        problems.add(node, "floor", f"{where}.floor", "a floor needs a target")
    wrong_side = (
        direction == Direction.HIGHER and floor is not None and target is not None and floor >= target
    ) or (direction == Direction.LOWER and floor is not None and target is not None and floor <= target)
    if wrong_side:
        problems.add(
            node,
            "floor",
            f"{where}.floor",
            f"must be on the worse side of the target ({direction} is better)",
        )
    measure = node.get("measure") or ""
    if measure and measure not in SHIPMENT_MEASURES:
        problems.add(node, "measure", f"{where}.measure", f"{measure!r} is not a shipment KPI")
    values.update(
        unit=str(unit or "").strip(), direction=direction or "", target=target, floor=floor, measure=measure
    )


@dataclass
class CatalogueSpec:
    path: Path
    code: str
    version: int
    edition: Edition
    title: dict[str, str]
    note: dict[str, str]
    clearway_own: bool
    checksum: str
    indicators: list[tuple[Standard, dict[str, Any]]]


def catalogue_check(path: Path) -> CatalogueSpec:
    """Read and validate one catalogue file; raise ValidationFailed listing every problem."""
    raw = path.read_bytes()
    data = yaml_read(path)
    problems = Problems(path.name)
    if not isinstance(data, LineDict):
        problems.add(data, None, "catalogue", "the file must hold a mapping")
        problems.raise_if_any()
    for key in data:
        if key not in TOP_KEYS:
            problems.add(data, key, key, "unknown field")
    code = str(data.get("code") or "")
    if code != path.stem:
        problems.add(data, "code", "code", f"{code!r} must equal the file name {path.stem!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.add(data, "version", "version", "must be a whole number from 1")
    if not isinstance(data.get("clearway_own"), bool):
        problems.add(
            data, "clearway_own", "clearway_own", "say true (written for Clearway) or false (official text)"
        )
    edition = Edition.objects.filter(code=str(data.get("edition"))).first()
    if edition is None:
        problems.add(data, "edition", "edition", f"edition {data.get('edition')!r} is not loaded")
    title, note = (
        _text(problems, data, "title", "catalogue"),
        _text(problems, data, "note", "catalogue", required=False),
    )
    defaults = _stages(problems, data.get("stages"), "stages", complete=True)
    indicators = _standards_check(problems, data, edition, defaults)
    problems.raise_if_any()
    assert edition is not None
    return CatalogueSpec(
        path=path,
        code=code,
        version=int(version),
        edition=edition,
        title=title,
        note=note,
        clearway_own=bool(data["clearway_own"]),
        checksum=hashlib.sha256(raw).hexdigest(),
        indicators=indicators,
    )


def _standards_check(
    problems: Problems, data: LineDict, edition: Edition | None, defaults: dict[str, Any]
) -> list[tuple[Standard, dict[str, Any]]]:
    blocks = data.get("standards")
    if not isinstance(blocks, LineList) or not blocks:
        problems.add(data, "standards", "standards", "must list the standards with their indicators")
        return []
    standards = {s.key: s for s in Standard.objects.filter(edition=edition)} if edition else {}
    seen_standards: set[str] = set()
    seen_codes: set[str] = set()
    out = []
    for i, block in enumerate(blocks):
        where = f"standards[{i}]"
        if not isinstance(block, LineDict):
            problems.add(blocks, None, where, "must be a mapping {standard, indicators}")
            continue
        key = block.get("standard")
        if key not in standards and edition is not None:
            problems.add(
                block, "standard", f"{where}.standard", f"{key!r} is not a standard of edition {edition.code}"
            )
        if key in seen_standards:
            problems.add(block, "standard", f"{where}.standard", f"{key!r} is listed twice")
        seen_standards.add(str(key))
        items = block.get("indicators")
        if not isinstance(items, LineList) or not items:
            problems.add(
                block, "indicators", f"{where}.indicators", "a standard needs at least one indicator"
            )
            continue
        for j, item in enumerate(items):
            values = indicator_check(problems, item, f"{where}.indicators[{j}]", defaults)
            if values is None:
                continue
            if values["code"] in seen_codes:
                problems.add(
                    item, "code", f"{where}.indicators[{j}].code", f"{values['code']!r} is used twice"
                )
            seen_codes.add(values["code"])
            if key in standards:
                out.append((standards[key], {**values, "order": j}))
    for missing in sorted(set(standards) - seen_standards):
        problems.add(
            data, "standards", "standards", f"standard {missing!r} of edition {edition} has no indicators"
        )
    return out


# ---------------------------------------------------------------- loading


def catalogue_load(spec: CatalogueSpec, summary: LoadSummary) -> Catalogue:
    values = {
        "version": spec.version,
        "edition": spec.edition,
        "title_en": spec.title["en"],
        "title_fr": spec.title["fr"],
        "note_en": spec.note["en"],
        "note_fr": spec.note["fr"],
        "clearway_own": spec.clearway_own,
        "source_file": spec.path.name,
        "checksum": spec.checksum,
    }
    catalogue = Catalogue.objects.filter(code=spec.code).first()
    if catalogue is not None and catalogue.checksum == spec.checksum:
        summary.unchanged += 1
        return catalogue
    before_load = catalogue
    if catalogue is None:
        catalogue = Catalogue.objects.create(code=spec.code, **values)
        audit_record(
            actor=SYSTEM,
            action="assessments.reference.create",
            instance=catalogue,
            after=model_snapshot(catalogue),
        )
        summary.created += 1
    else:
        before = model_snapshot(catalogue)
        for key, value in values.items():
            setattr(catalogue, key, value)
        catalogue.save()
        audit_record(
            actor=SYSTEM,
            action="assessments.reference.update",
            instance=catalogue,
            before=before,
            after=model_snapshot(catalogue),
        )
        summary.updated += 1
    _indicators_load(catalogue, spec)
    if before_load is not None:
        from clearway.assessments.services import catalogue_scores_refresh

        catalogue_scores_refresh(catalogue=catalogue)  # weights, targets or disclosure may have changed
    return catalogue


def _indicators_load(catalogue: Catalogue, spec: CatalogueSpec) -> None:
    codes = {values["code"] for _s, values in spec.indicators}
    gone = Indicator.objects.filter(catalogue=catalogue).exclude(code__in=codes)
    answered = sorted(gone.filter(answers__isnull=False).values_list("code", flat=True).distinct())
    if answered:
        raise ValidationFailed(
            f"{spec.path.name}: indicator(s) {', '.join(answered)} have answers and cannot be removed from "
            f"{spec.code}; publish a new catalogue version with a mapping instead"
        )
    gone.delete()
    for standard, v in spec.indicators:
        fields = {
            "standard": standard,
            "order": v["order"],
            "kind": v["kind"],
            "text_en": v["text"]["en"],
            "text_fr": v["text"]["fr"],
            "stages": v["stages"],
            "unit": v["unit"],
            "direction": v["direction"],
            "target": v["target"],
            "floor": v["floor"],
            "weight": v["weight"],
            "evidence_en": v["evidence"]["en"],
            "evidence_fr": v["evidence"]["fr"],
            "disclosure": v["disclosure"],
            "measure": v["measure"],
            "expected_measure": v["expected_measure"],
        }
        Indicator.objects.update_or_create(catalogue=catalogue, code=v["code"], defaults=fields)


def mapping_load(path: Path, summary: LoadSummary) -> int:
    """Load one `<from>--<to>.mapping.yaml`; every indicator of `from` must be mapped or listed as dropped."""
    data = yaml_read(path)
    problems = Problems(path.name)
    if not isinstance(data, LineDict):
        problems.add(data, None, "mapping", "the file must hold a mapping")
        problems.raise_if_any()
    catalogues = {}
    for side in ("from", "to"):
        catalogues[side] = Catalogue.objects.filter(code=str(data.get(side))).first()
        if catalogues[side] is None:
            problems.add(data, side, side, f"catalogue {data.get(side)!r} is not loaded")
    problems.raise_if_any()
    source = {i.code: i for i in Indicator.objects.filter(catalogue=catalogues["from"])}
    target = {i.code: i for i in Indicator.objects.filter(catalogue=catalogues["to"])}
    pairs = _mapping_pairs(problems, data, source, target)
    problems.raise_if_any()
    existing = IndicatorMapping.objects.filter(
        source__catalogue=catalogues["from"], target__catalogue=catalogues["to"]
    )
    wanted = {(source[s].pk, target[t].pk, note) for s, t, note in pairs}
    if set(existing.values_list("source_id", "target_id", "note")) != wanted:
        existing.delete()
        IndicatorMapping.objects.bulk_create(
            [IndicatorMapping(source_id=s, target_id=t, note=note) for s, t, note in sorted(wanted)]
        )
        summary.messages.append(f"{path.name}: {len(pairs)} correspondences loaded")
    return len(pairs)


def _mapping_pairs(
    problems: Problems, data: LineDict, source: dict[str, Indicator], target: dict[str, Indicator]
) -> list[tuple[str, str, str]]:
    pairs: list[tuple[str, str, str]] = []
    explicit: set[str] = set()
    for i, row in enumerate(data.get("map") or []):
        where = f"map[{i}]"
        if not isinstance(row, LineDict):
            problems.add(data, "map", where, "must be {from, to, note}")
            continue
        code, targets = str(row.get("from")), row.get("to")
        targets = [targets] if isinstance(targets, str) else list(targets or [])
        if code not in source:
            problems.add(row, "from", f"{where}.from", f"{code!r} is not in {data['from']}")
            continue
        explicit.add(code)
        for t in targets:
            if t not in target:
                problems.add(row, "to", f"{where}.to", f"{t!r} is not in {data['to']}")
            elif target[t].kind != source[code].kind:
                problems.add(
                    row,
                    "to",
                    f"{where}.to",
                    f"{code} ({source[code].kind}) and {t} ({target[t].kind}) are of different types",
                )
            else:
                pairs.append((code, str(t), str(row.get("note") or "")))
    dropped = {str(c) for c in (data.get("dropped") or [])}
    for code in dropped - set(source):
        problems.add(data, "dropped", "dropped", f"{code!r} is not in {data['from']}")
    if data.get("same_codes"):
        for code in sorted(set(source) - explicit - dropped):
            if code in target and target[code].kind == source[code].kind:
                pairs.append((code, code, ""))
            else:
                problems.add(
                    data,
                    "same_codes",
                    "same_codes",
                    f"{code} has no counterpart of the same type in {data['to']}: map it or list it as dropped",
                )
    seen_targets: dict[str, str] = {}
    for s, t, _note in pairs:
        if t in seen_targets and seen_targets[t] != s:
            problems.add(
                data,
                "map",
                "map",
                f"{t} would receive both {seen_targets[t]} and {s}: merges are not allowed",
            )
        seen_targets[t] = s
    return pairs


def catalogue_paths() -> list[Path]:
    return sorted(p for p in CATALOGUE_DIR.glob("*.yaml") if not p.name.endswith(".mapping.yaml"))


@transaction.atomic
def reference_load() -> LoadSummary:
    summary = LoadSummary()
    specs = [catalogue_check(path) for path in catalogue_paths()]
    for spec in specs:
        catalogue_load(spec, summary)
    for path in sorted(CATALOGUE_DIR.glob("*.mapping.yaml")):
        mapping_load(path, summary)
    summary.messages.insert(
        0,
        f"KPI catalogues: {summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged",
    )
    return summary
