"""Writes to the AEO register: one function per use case, each audited. Only the secretariat maintains the
register (or Clearway itself, `SYSTEM`, for reference and demo loads)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from clearway.accounts.scoping import require_secretariat
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
    StakeholderCoverage,
    StakeholderType,
)
from clearway.core.actors import Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import Conflict, ValidationFailed
from clearway.members.models import Member

REGISTER_KEPT_BY_SECRETARIAT = _("Only the secretariat maintains the AEO register.")

# The facts of a programme that the register publishes and a survey answer may propose to change.
FACT_FIELDS = (
    "name_en",
    "name_fr",
    "status",
    "launch_year",
    "operator_types",
    "coverage",
    "ecommerce_features",
    "ecommerce_criteria_en",
    "ecommerce_criteria_fr",
)


def programme_facts(*, programme: Programme) -> dict[str, Any]:
    """The published facts of a programme as plain data (for diffs, audit and exports)."""
    return {
        "name_en": programme.name_en,
        "name_fr": programme.name_fr,
        "status": programme.status,
        "launch_year": programme.launch_year,
        "operator_types": sorted(programme.operator_types or []),
        "coverage": {c.stakeholder: c.coverage for c in programme.coverages.all()},
        "ecommerce_features": sorted(programme.ecommerce_features or []),
        "ecommerce_criteria_en": programme.ecommerce_criteria_en,
        "ecommerce_criteria_fr": programme.ecommerce_criteria_fr,
    }


def programme_facts_clean(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise programme facts; every problem is reported against its field."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(facts) - set(FACT_FIELDS))
    if unknown:
        errors["__all__"] = [_("Unknown field(s): %(names)s.") % {"names": ", ".join(unknown)}]
    name_en = str(facts.get("name_en") or "").strip()
    if not name_en:
        errors["name_en"] = [_("Give the programme's name in English.")]
    status = facts.get("status")
    if status not in ProgrammeStatus.values:
        errors["status"] = [_("Choose operational, under development or none.")]
    launch_year = _clean_year(facts.get("launch_year"), errors)
    if status == ProgrammeStatus.NONE and launch_year is not None:
        errors.setdefault("launch_year", []).append(_("A record of 'no programme' has no launch year."))
    operator_types = _clean_codes(facts.get("operator_types"), OperatorType.values, "operator_types", errors)
    features = _clean_codes(
        facts.get("ecommerce_features"), EcommerceFeature.values, "ecommerce_features", errors
    )
    coverage = _clean_coverage(facts.get("coverage"), errors)
    if errors:
        raise ValidationFailed(field_errors=errors)
    return {
        "name_en": name_en,
        "name_fr": str(facts.get("name_fr") or "").strip(),
        "status": status,
        "launch_year": launch_year,
        "operator_types": operator_types,
        "coverage": coverage,
        "ecommerce_features": features,
        "ecommerce_criteria_en": str(facts.get("ecommerce_criteria_en") or "").strip(),
        "ecommerce_criteria_fr": str(facts.get("ecommerce_criteria_fr") or "").strip(),
    }


def _clean_year(value: Any, errors: dict[str, list[str]]) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        errors["launch_year"] = [_("The launch year is a number such as 2012.")]
        return None
    if not 1990 <= year <= datetime.date.today().year + 5:
        errors["launch_year"] = [_("The launch year must lie between 1990 and five years from now.")]
    return year


def _clean_codes(value: Any, allowed: Sequence[str], field: str, errors: dict[str, list[str]]) -> list[str]:
    codes = [str(v) for v in (value or [])]
    bad = [c for c in codes if c not in allowed]
    if bad:
        errors[field] = [_("Unknown code(s): %(codes)s.") % {"codes": ", ".join(bad)}]
    return sorted(set(codes) - set(bad))


def _clean_coverage(value: Any, errors: dict[str, list[str]]) -> dict[str, str]:
    coverage = dict(value or {})
    bad = [
        f"{k}={v}" for k, v in coverage.items() if k not in StakeholderType.values or v not in Coverage.values
    ]
    if bad:
        errors["coverage"] = [
            _("Unknown stakeholder type or coverage: %(pairs)s.") % {"pairs": ", ".join(bad)}
        ]
        return {}
    return {k: coverage[k] for k in StakeholderType.values if k in coverage}


def _coverage_write(*, programme: Programme, coverage: Mapping[str, str]) -> None:
    programme.coverages.exclude(stakeholder__in=list(coverage)).delete()
    for stakeholder, value in coverage.items():
        StakeholderCoverage.objects.update_or_create(
            programme=programme, stakeholder=stakeholder, defaults={"coverage": value}
        )


def _record_snapshot(programme: Programme) -> dict[str, Any]:
    data = model_snapshot(programme)
    data["coverage"] = {c.stakeholder: c.coverage for c in programme.coverages.all()}
    return data


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    member: Member,
    facts: Mapping[str, Any],
    source: str = RecordSource.SECRETARIAT,
    source_detail: str = "",
    confirmed: bool = True,
    illustrative: bool = False,
) -> Programme:
    require_secretariat(actor, reason=REGISTER_KEPT_BY_SECRETARIAT)
    clean = programme_facts_clean(facts)
    if source not in RecordSource.values:
        raise ValidationFailed(field_errors={"source": [_("Unknown source.")]})
    if Programme.objects.filter(member=member, name_en=clean["name_en"]).exists():
        raise Conflict(_("%(member)s already has a programme with this name.") % {"member": member.name})
    coverage = clean.pop("coverage")
    programme = Programme.objects.create(
        member=member,
        source=source,
        source_detail=source_detail,
        confirmed=confirmed,
        illustrative=illustrative,
        **clean,
    )
    _coverage_write(programme=programme, coverage=coverage)
    audit_record(
        actor=actor, action="aeo.programme.create", instance=programme, after=_record_snapshot(programme)
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Actor,
    programme: Programme,
    facts: Mapping[str, Any],
    expected_version: int,
    source: str | None = None,
    source_detail: str | None = None,
    confirmed: bool | None = None,
    reason: str = "",
) -> Programme:
    """Replace a programme's facts. `expected_version` guards against overwriting someone else's change."""
    require_secretariat(actor, reason=REGISTER_KEPT_BY_SECRETARIAT)
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.version != expected_version:
        raise Conflict()
    clean = programme_facts_clean(facts)
    duplicate = Programme.objects.filter(member=locked.member, name_en=clean["name_en"]).exclude(pk=locked.pk)
    if duplicate.exists():
        raise Conflict(
            _("%(member)s already has a programme with this name.") % {"member": locked.member.name}
        )
    before = _record_snapshot(locked)
    coverage = clean.pop("coverage")
    for name, value in clean.items():
        setattr(locked, name, value)
    if source is not None:
        locked.source = source
    if source_detail is not None:
        locked.source_detail = source_detail
    if confirmed is not None:
        locked.confirmed = confirmed
    locked.version += 1
    locked.save()
    _coverage_write(programme=locked, coverage=coverage)
    audit_record(
        actor=actor,
        action="aeo.programme.update",
        instance=locked,
        before=before,
        after=_record_snapshot(locked),
        reason=reason,
    )
    return locked


@transaction.atomic
def programme_confirm(*, actor: Actor, programme: Programme, reason: str = "") -> Programme:
    """Publish a programme's facts to every signed-in user."""
    require_secretariat(actor, reason=REGISTER_KEPT_BY_SECRETARIAT)
    if programme.confirmed:
        return programme
    before = model_snapshot(programme, ["confirmed", "version"])
    programme.confirmed = True
    programme.version += 1
    programme.save(update_fields=["confirmed", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="aeo.programme.confirm",
        instance=programme,
        before=before,
        after=model_snapshot(programme, ["confirmed", "version"]),
        reason=reason,
    )
    return programme


def _mra_snapshot(mra: MutualRecognition) -> dict[str, Any]:
    data = model_snapshot(mra)
    data["programmes"] = sorted(p.pk for p in mra.programmes.all())
    return data


def _mra_clean(
    *, kind: str, status: str, signed_on: datetime.date | None, programmes: Sequence[Programme], name_en: str
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in MraKind.values:
        errors["kind"] = [_("Choose bilateral or plurilateral.")]
    if status not in MraStatus.values:
        errors["status"] = [_("Choose signed or under negotiation.")]
    if status == MraStatus.SIGNED and signed_on is None:
        errors["signed_on"] = [_("A signed arrangement has a signature date.")]
    if signed_on is not None and signed_on > datetime.date.today():
        errors["signed_on"] = [_("The signature date cannot be in the future.")]
    members = {p.member_id for p in programmes}
    if len(members) != len(programmes):
        errors["programmes"] = [_("Each party is a different Member's programme.")]
    elif kind == MraKind.BILATERAL and len(programmes) != 2:
        errors["programmes"] = [_("A bilateral arrangement links exactly two programmes.")]
    elif kind == MraKind.PLURILATERAL and len(programmes) < 3:
        errors["programmes"] = [_("A plurilateral arrangement links at least three programmes.")]
    if kind == MraKind.PLURILATERAL and not name_en.strip():
        errors["name_en"] = [_("A plurilateral arrangement has a name.")]
    if any(p.status == ProgrammeStatus.NONE for p in programmes):
        errors.setdefault("programmes", []).append(_("A Member with no programme cannot be party to an MRA."))
    if errors:
        raise ValidationFailed(field_errors=errors)


@transaction.atomic
def mra_create(
    *,
    actor: Actor,
    kind: str,
    programmes: Iterable[Programme],
    status: str,
    signed_on: datetime.date | None = None,
    covers_ecommerce: bool = False,
    name_en: str = "",
    name_fr: str = "",
    source: str = RecordSource.SECRETARIAT,
    confirmed: bool = True,
    notes: str = "",
    illustrative: bool = False,
) -> MutualRecognition:
    require_secretariat(actor, reason=REGISTER_KEPT_BY_SECRETARIAT)
    parties = list(programmes)
    _mra_clean(kind=kind, status=status, signed_on=signed_on, programmes=parties, name_en=name_en)
    mra = MutualRecognition.objects.create(
        kind=kind,
        status=status,
        signed_on=signed_on,
        covers_ecommerce=covers_ecommerce,
        name_en=name_en.strip(),
        name_fr=name_fr.strip(),
        source=source,
        confirmed=confirmed,
        notes=notes,
        illustrative=illustrative,
    )
    mra.programmes.set(parties)
    audit_record(actor=actor, action="aeo.mra.create", instance=mra, after=_mra_snapshot(mra))
    return mra


@transaction.atomic
def mra_update(
    *,
    actor: Actor,
    mra: MutualRecognition,
    status: str,
    signed_on: datetime.date | None,
    covers_ecommerce: bool,
    confirmed: bool,
    notes: str = "",
    reason: str = "",
) -> MutualRecognition:
    """Record a change of an arrangement's state (e.g. signed after negotiation, extended to e-commerce)."""
    require_secretariat(actor, reason=REGISTER_KEPT_BY_SECRETARIAT)
    parties = list(mra.programmes.all())
    _mra_clean(kind=mra.kind, status=status, signed_on=signed_on, programmes=parties, name_en=mra.name_en)
    before = _mra_snapshot(mra)
    mra.status, mra.signed_on, mra.covers_ecommerce = status, signed_on, covers_ecommerce
    mra.confirmed, mra.notes = confirmed, notes
    mra.save()
    audit_record(
        actor=actor,
        action="aeo.mra.update",
        instance=mra,
        before=before,
        after=_mra_snapshot(mra),
        reason=reason,
    )
    return mra
