"""Shipment KPI results API: an administration's script can upload the JSON written by `clearway kpis compute`."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from clearway.accounts.scoping import user_is_member_user
from clearway.core.actors import request_actor
from clearway.core.api_schema import ObjectId
from clearway.core.exceptions import ValidationFailed
from clearway.shipments import selectors, services
from clearway.shipments.models import KpiResult

router = Router()


class KpiResultOut(Schema):
    id: int
    member: str
    label: str
    source: str
    fingerprint: str
    rows_read: int
    rows_accepted: int
    period_first: str
    period_last: str
    engine: str
    illustrative: bool
    created_at: datetime.datetime
    kpis: dict[str, float | int | None]


class KpiResultIn(Schema):
    label: str = ""
    result: dict[str, Any]


def _out(r: KpiResult) -> KpiResultOut:
    return KpiResultOut(
        id=r.pk,
        member=r.member.iso3,
        label=r.label,
        source=r.source,
        fingerprint=r.fingerprint,
        rows_read=r.rows_read,
        rows_accepted=r.rows_accepted,
        period_first=r.period_first,
        period_last=r.period_last,
        engine=r.engine,
        illustrative=r.illustrative,
        created_at=r.created_at,
        kpis=r.kpis,  # type: ignore[arg-type]
    )


@router.get("/kpi-results", response=list[KpiResultOut])
def kpi_results_list(request: HttpRequest) -> list[KpiResultOut]:
    return [_out(r) for r in selectors.kpi_result_list_for_user(user=request_actor(request))]


@router.get("/kpi-results/{result_id}", response=KpiResultOut)
def kpi_result_detail(request: HttpRequest, result_id: ObjectId) -> KpiResultOut:
    return _out(selectors.kpi_result_get_for_user(user=request_actor(request), result_id=result_id))


@router.post("/kpi-results", response={201: KpiResultOut})
def kpi_result_create(request: HttpRequest, payload: KpiResultIn) -> Status[KpiResultOut]:
    """Store a KPI result for the caller's own Member (aggregates only; see docs/shipments.md)."""
    if not user_is_member_user(request_actor(request)):
        raise ValidationFailed(
            field_errors={"member": [_("Only a Member's users upload their KPI results.")]}
        )
    content = json.dumps(payload.result).encode()
    result = services.kpi_result_upload(
        actor=request_actor(request),
        member=request.user.member,  # type: ignore[union-attr]
        content=content,
        label=payload.label,
    )
    return Status(201, _out(result))
