"""The register as a table users open in Excel: one row per programme, one sheet of arrangements."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from clearway.aeo.models import (
    Coverage,
    EcommerceFeature,
    MraKind,
    MraStatus,
    MutualRecognition,
    OperatorType,
    Programme,
    ProgrammeStatus,
    RecordSource,
    StakeholderType,
)
from clearway.core.exports import Sheets, TabularExport


def _programme_headers() -> list[str]:
    return [
        _("ISO code"),
        _("Member"),
        _("Region"),
        _("Programme"),
        _("Status"),
        _("Launch year"),
        *[str(label) for label in StakeholderType.labels],
        _("General operator types"),
        _("E-commerce-specific criteria or benefits"),
        _("Details"),
        _("Source"),
        _("Confirmed"),
        _("Illustrative"),
    ]


def _programme_row(p: Programme) -> list[Any]:
    coverage = {c.stakeholder: c.coverage for c in p.coverages.all()}
    return [
        p.member.iso3,
        p.member.name,
        p.member.region.code,
        p.name,
        str(ProgrammeStatus(p.status).label),
        p.launch_year,
        *[str(Coverage(coverage[code]).label) if code in coverage else "" for code in StakeholderType.values],
        "; ".join(str(OperatorType(c).label) for c in p.operator_types),
        "; ".join(str(EcommerceFeature(c).label) for c in p.ecommerce_features),
        p.ecommerce_criteria,
        str(RecordSource(p.source).label),
        _("yes") if p.confirmed else _("no"),
        _("yes") if p.illustrative else _("no"),
    ]


def _mra_headers() -> list[str]:
    return [
        _("Arrangement"),
        _("Kind"),
        _("Parties"),
        _("Status"),
        _("Date signed"),
        _("Covers e-commerce stakeholders"),
        _("Confirmed"),
        _("Illustrative"),
    ]


def _mra_row(m: MutualRecognition) -> list[Any]:
    parties = sorted(p.member.iso3 for p in m.programmes.all())
    return [
        m.label,
        str(MraKind(m.kind).label),
        ", ".join(parties),
        str(MraStatus(m.status).label),
        m.signed_on,
        _("yes") if m.covers_ecommerce else _("no"),
        _("yes") if m.confirmed else _("no"),
        _("yes") if m.illustrative else _("no"),
    ]


def _register_sheets(
    programmes: list[Programme], mras: Callable[[], Iterable[MutualRecognition]], fmt: str
) -> Sheets:
    programme_sheet = (_programme_headers(), [_programme_row(p) for p in programmes])
    if fmt == "csv":
        return Sheets({_("Programmes"): programme_sheet})
    notes = [
        _("AEO programme register exported from Clearway."),
        _("Rows marked illustrative are demonstration data, not real facts about Members."),
    ]
    mra_sheet = (_mra_headers(), [_mra_row(m) for m in mras()])
    return Sheets({_("Programmes"): programme_sheet, _("Arrangements"): mra_sheet}, notes=notes)


def register_export(
    *, programmes: Iterable[Programme], mras: Callable[[], Iterable[MutualRecognition]]
) -> TabularExport:
    """The register: CSV (programmes) or XLSX (programmes, arrangements, notes); `mras` read only for XLSX."""
    listed = list(programmes)
    return TabularExport(filename="aeo-register", sheets=lambda fmt: _register_sheets(listed, mras, fmt))
