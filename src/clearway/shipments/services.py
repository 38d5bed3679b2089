"""Writes for shipment KPI results: upload a result file, compute one from a small file, attach it to an assessment.

Every write is audited. Only aggregates are accepted: a result whose groups carry anything but the
period/dimension/value keys and the known measures is refused, so shipment rows cannot be stored by mistake.
"""

from __future__ import annotations

import datetime
import json
import re
import tempfile
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_user
from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.core.actors import SYSTEM, Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from clearway.core.jobs import job_enqueue
from clearway.core.models import Job
from clearway.shipments import kpis, measures
from clearway.shipments.models import KpiResult, KpiResultSource
from clearway.shipments.pipeline import RESULT_FORMAT, RESULT_VERSION, ComputeRequest, kpis_compute

MAX_RESULT_BYTES = 5 * 1024 * 1024
MAX_SHIPMENT_FILE_BYTES = (
    20 * 1024 * 1024
)  # larger files: run `clearway kpis compute` locally and upload the result
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_WRITER_ROLES = frozenset({Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR})


def _require_writer(actor: Actor, member: Any) -> None:
    if user_is_secretariat(actor):
        return
    if actor.role in _WRITER_ROLES and actor.member_id == member.pk:
        return
    raise PermissionDenied()


# Larger than any count, hour or amount a KPI may hold; 1e308 would overflow every sum, chart and rounding.
KPI_VALUE_LIMIT = 1e15


def _number_or_none(value: Any) -> bool:
    """A KPI value: none, or a finite number within KPI_VALUE_LIMIT (never a text, a list or a boolean)."""
    if value is None:
        return True
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= KPI_VALUE_LIMIT


def _group_ok(group: Any, allowed: set[str]) -> bool:
    """A group of the result: its keys (period, dimension, value) texts, its measures numbers, `suppressed` a
    boolean, and nothing else."""
    if not isinstance(group, dict) or set(group) - allowed:
        return False
    return (
        all(isinstance(group.get(key, ""), str) for key in kpis.KEYS)
        and isinstance(group.get("suppressed", False), bool)
        and all(_number_or_none(v) for k, v in group.items() if k in measures.MEASURES)
    )


def result_check(data: Any) -> dict[str, Any]:
    """The parsed result if it is a Clearway KPI result holding aggregates only; ValidationFailed otherwise."""

    def fail(message: str) -> ValidationFailed:
        return ValidationFailed(field_errors={"file": [message]})

    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        raise fail(_("This is not a Clearway KPI result (produced by clearway kpis compute)."))
    if data.get("format_version") != RESULT_VERSION:
        raise fail(_("This result format version is not supported; recompute with this Clearway version."))
    headline, groups, prov = data.get("kpis"), data.get("groups"), data.get("provenance")
    # Results of earlier versions hold the first measures only; no result holds a key that is not a measure.
    if not isinstance(headline, dict) or not set(measures.MEASURES_V1) <= set(headline) <= set(
        measures.MEASURES
    ):
        raise fail(_("The result lacks the KPI values."))
    if not all(_number_or_none(v) for v in headline.values()):
        raise fail(_("A KPI value is not a number."))
    allowed = {*kpis.KEYS, *measures.MEASURES, "suppressed"}
    if not isinstance(groups, list) or any(not isinstance(g, dict) or set(g) - allowed for g in groups):
        raise fail(_("The groups hold fields other than KPI aggregates; only aggregates may be uploaded."))
    if not all(_group_ok(g, allowed) for g in groups):
        raise fail(_("A group's KPI value is not a number, or its period or dimension is not a text."))
    if not isinstance(prov, dict) or not _HEX64.match(
        str((prov.get("dataset_fingerprint") or {}).get("sha256", ""))
    ):
        raise fail(_("The provenance (dataset fingerprint) is missing."))
    read, accepted = prov.get("rows_read"), prov.get("rows_accepted")
    if not (isinstance(read, int) and isinstance(accepted, int) and 0 <= accepted <= read <= KPI_VALUE_LIMIT):
        raise fail(_("The provenance row counts are not consistent."))
    return data


def _store(
    *, actor: Actor, member: Any, data: dict[str, Any], source: str, label: str, quarantine: str = ""
) -> KpiResult:
    prov = data["provenance"]
    covered = prov.get("period_covered") or {}
    with transaction.atomic():
        result = KpiResult.objects.create(
            member=member,
            source=source,
            label=label.strip()[:200],
            result=data,
            fingerprint=prov["dataset_fingerprint"]["sha256"],
            rows_read=prov["rows_read"],
            rows_accepted=prov["rows_accepted"],
            period_first=str(covered.get("first") or "")[:40],
            period_last=str(covered.get("last") or "")[:40],
            engine=f"{(prov.get('engine') or {}).get('name', '')} {(prov.get('engine') or {}).get('version', '')}"[
                :60
            ],
            created_by=actor_user(actor),
            quarantine_file=quarantine,
        )
        audit_record(
            actor=actor,
            action="shipments.kpi_result.create",
            instance=result,
            after={k: v for k, v in model_snapshot(result).items() if k != "result"},
        )
    return result


def kpi_result_upload(*, actor: Actor, member: Any, content: bytes, label: str = "") -> KpiResult:
    """Store a result file produced by `clearway kpis compute` on the administration's machine."""
    _require_writer(actor, member)
    if len(content) > MAX_RESULT_BYTES:
        raise ValidationFailed(field_errors={"file": [_("A KPI result is at most 5 MB.")]})
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationFailed(
            field_errors={
                "file": [_("The file is not JSON. Upload the .json written by clearway kpis compute.")]
            }
        ) from None
    return _store(
        actor=actor, member=member, data=result_check(data), source=KpiResultSource.UPLOADED, label=label
    )


INCOMING = "shipments/incoming"  # storage folder of shipment files waiting for their background computation


def _shipment_file_check(upload: Any) -> str:
    """The suffix (.parquet or .csv) of an acceptable small shipment file, or a clear refusal."""
    name = Path(getattr(upload, "name", "") or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ValidationFailed(field_errors={"file": [_("Upload a .parquet or .csv shipment file.")]})
    if upload.size > MAX_SHIPMENT_FILE_BYTES:
        raise ValidationFailed(
            field_errors={
                "file": [
                    _(
                        "This file is larger than 20 MB: run clearway kpis compute on your own machine and upload the result."
                    )
                ]
            }
        )
    if not upload.size:
        raise ValidationFailed(field_errors={"file": [_("The file is empty.")]})
    return suffix


def kpi_result_compute_submit(
    *, actor: Actor, member: Any, upload: Any, params: kpis.KpiParameters, label: str = ""
) -> Job:
    """Keep a small shipment file and compute its KPIs in the background; the file is deleted afterwards.

    The file is written to storage before the job is queued, so an accepted file survives a restart: a worker
    runs the job whenever one is up. The file is deleted when the result is kept or the file refused; one left
    by a job that failed otherwise is deleted by the daily clean-up.
    """
    _require_writer(actor, member)
    suffix = _shipment_file_check(upload)
    if params.period not in kpis.PERIODS:
        raise ValidationFailed(field_errors={"period": [_("Period must be month or quarter.")]})
    stored = default_storage.save(f"{INCOMING}/{uuid.uuid4().hex}{suffix}", upload)
    name = Path(getattr(upload, "name", "") or "").name
    job = job_enqueue(
        kind="shipments.compute",
        params={
            "file": stored,
            "name": name,
            "member": member.pk,
            "label": label or name,
            "period": params.period,
            "de_minimis": params.de_minimis,
        },
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="shipments.compute.submit",
        instance=job,
        after={"member": member.pk, "file": name, "size": upload.size, "period": params.period},
        member_iso3=member.iso3,
    )
    return job


QUARANTINE = "shipments/quarantine"  # storage folder of the rows computations run on the page refused


@dataclass(frozen=True)
class ComputedRun:
    data: dict[str, Any]  # the result: aggregates only
    quarantine: str  # storage name of the refused rows (CSV), or "" when none was refused


def kpi_stored_compute(
    *, actor: Actor, member: Any, stored: str, name: str, params: kpis.KpiParameters, progress: Any
) -> ComputedRun:
    """The job's computation: the stored file's KPIs, read from a private copy. Only the rows it refuses are
    written, to a quarantine file kept under QUARANTINE until the result is kept (the daily clean-up deletes one
    no result names)."""
    _require_writer(actor, member)
    suffix = Path(stored).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="clearway-kpis-") as folder:
        # The user's file name, so that messages about the file name the file they sent.
        path = Path(folder) / f"{get_valid_filename(Path(name).stem)[:100] or 'shipments'}{suffix}"
        with default_storage.open(stored, "rb") as source, path.open("wb") as handle:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                handle.write(chunk)
        refused = Path(folder) / "quarantine" / "refused.csv"
        data = kpis_compute(
            request=ComputeRequest(input=path, params=params, quarantine=refused), progress=progress
        )
        if not refused.exists():
            return ComputedRun(data=data, quarantine="")
        with refused.open("rb") as handle:
            kept = default_storage.save(f"{QUARANTINE}/{uuid.uuid4().hex}.csv", File(handle))
    return ComputedRun(data=data, quarantine=kept)


def kpi_result_store_computed(
    *, actor: Actor, member: Any, run: ComputedRun, stored: str, label: str
) -> KpiResult:
    """Keep a computed result with its quarantine file; the shipment file it came from is deleted once this is
    committed."""
    result = _store(
        actor=actor,
        member=member,
        data=run.data,
        source=KpiResultSource.COMPUTED,
        label=label,
        quarantine=run.quarantine,
    )
    transaction.on_commit(lambda: default_storage.delete(stored))
    return result


def kpi_quarantine_open(*, actor: Actor, kpi_result: KpiResult) -> File[bytes]:
    """The rows a computation refused, opened for download (audited). `kpi_result` comes from the viewer's scoped
    getter: only who may see the result may read them."""
    if not kpi_result.quarantine_file or not default_storage.exists(kpi_result.quarantine_file):
        raise NotFound(_("This result has no quarantine file: no row was refused, or it was deleted."))
    audit_record(
        actor=actor,
        action="shipments.kpi_result.quarantine_download",
        instance=kpi_result,
        after={"quarantine_file": kpi_result.quarantine_file, "rows": kpi_result.rows_quarantined},
        member_iso3=kpi_result.member.iso3,
    )
    return default_storage.open(kpi_result.quarantine_file, "rb")


@transaction.atomic
def kpi_quarantine_expire(*, kpi_result: KpiResult, now: datetime.datetime) -> None:
    """The daily clean-up's deletion of a quarantine file past its retention, recorded on the result."""
    before = {"quarantine_file": kpi_result.quarantine_file, "quarantine_deleted_at": None}
    name = kpi_result.quarantine_file
    kpi_result.quarantine_file = ""
    kpi_result.quarantine_deleted_at = now
    kpi_result.save(update_fields=["quarantine_file", "quarantine_deleted_at"])
    audit_record(
        actor=SYSTEM,
        action="shipments.kpi_result.quarantine_expire",
        instance=kpi_result,
        before=before,
        after={"quarantine_file": "", "quarantine_deleted_at": now.isoformat()},
        member_iso3=kpi_result.member.iso3,
    )
    transaction.on_commit(lambda: default_storage.delete(name))


def incoming_file_discard(*, stored: str) -> None:
    """A shipment file whose computation was refused: deleted at once (it would be refused again)."""
    default_storage.delete(stored)


@dataclass(frozen=True)
class Attached:
    indicator_code: str
    measure: str
    value: Decimal


# Amounts computed from shipment records are in the administration's national currency (the contract's duties
# and taxes); Clearway holds no exchange rates, so it never puts them into an indicator kept in another currency.
MONEY_MEASURES = measures.MONEY


def measure_unusable_reason(*, measure: str, indicator: Any) -> str:
    """Why a measured value cannot go into this indicator, or '' when it can."""
    unit = (indicator.unit or "").strip()
    if measure in MONEY_MEASURES and re.fullmatch(r"[A-Z]{3}", unit):
        return _(
            "The indicator is in %(unit)s; amounts from shipment data are in national currency, which Clearway "
            "does not convert. Enter this value yourself."
        ) % {"unit": unit}
    return ""


def measure_in_unit(*, measure: str, value: float, indicator: Any) -> Decimal:
    """A KPI value in the indicator's unit: shares (fractions 0-1) become 0-100 for % and pp indicators."""
    scale = indicator.measure_scale if measure in measures.SHARES else 1
    return (Decimal(str(value)) * scale).quantize(Decimal("0.0001"))


def kpi_result_attach(
    *, actor: Actor, kpi_result: KpiResult, assessment: Any, indicator_codes: Collection[str] | None = None
) -> list[Attached]:
    """Put the measured values into the assessment's numeric indicators that name a measure, with provenance;
    only into the indicators `indicator_codes` names when given (the ones the user chose on the page)."""
    from clearway.assessments.selectors import indicator_list_with_measure
    from clearway.assessments.services import answer_attach_measurement

    _require_writer(actor, kpi_result.member)
    if assessment.member_id != kpi_result.member_id:
        raise PermissionDenied(_("A result can only be attached to its own Member's assessment."))
    provenance = kpi_provenance(kpi_result=kpi_result)
    attached: list[Attached] = []
    with transaction.atomic():
        for indicator in indicator_list_with_measure(catalogue=assessment.cycle.catalogue):
            if indicator_codes is not None and indicator.code not in indicator_codes:
                continue
            measured = kpi_result.kpis.get(indicator.measure) if indicator.measure else None
            if indicator.kind != "numeric" or not isinstance(measured, int | float):
                continue
            if measure_unusable_reason(measure=indicator.measure, indicator=indicator):
                continue
            value = measure_in_unit(measure=indicator.measure, value=float(measured), indicator=indicator)
            answer_attach_measurement(
                assessment=assessment,
                indicator_code=indicator.code,
                value=value,
                provenance={**provenance, "measure": indicator.measure, "measured_value": measured},
                actor=actor,
            )
            attached.append(Attached(indicator.code, indicator.measure, value))
        if not attached:
            raise ValidationFailed(_("No indicator of this assessment takes a value from this result."))
        audit_record(
            actor=actor,
            action="shipments.kpi_result.attach",
            instance=kpi_result,
            after={"assessment": assessment.pk, "indicators": [a.indicator_code for a in attached]},
        )
    return attached


def kpi_provenance(*, kpi_result: KpiResult) -> dict[str, Any]:
    prov = kpi_result.result.get("provenance") or {}
    return {
        "source": "shipment_kpis",
        "kpi_result": kpi_result.pk,
        "dataset_fingerprint": kpi_result.fingerprint,
        "rows_read": kpi_result.rows_read,
        "rows_accepted": kpi_result.rows_accepted,
        "period_covered": prov.get("period_covered"),
        "engine": prov.get("engine"),
        "clearway_version": prov.get("clearway_version"),
        "parameters": kpi_result.result.get("parameters"),
    }
