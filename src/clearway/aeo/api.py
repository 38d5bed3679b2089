"""The AEO register over the API: the same selectors and services as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from clearway.aeo import selectors, services, updates
from clearway.aeo.models import MutualRecognition, Programme, RegisterUpdate
from clearway.aeo.network import mra_network_layout
from clearway.core.actors import request_actor
from clearway.core.api_schema import ObjectId, Version, Year
from clearway.core.exceptions import NotFound, PermissionDenied
from clearway.members.models import Member

router = Router()


class ProgrammeFacts(Schema):
    name_en: str
    name_fr: str = ""
    status: str
    launch_year: Year | None = None
    operator_types: list[str] = []
    coverage: dict[str, str] = {}
    ecommerce_features: list[str] = []
    ecommerce_criteria_en: str = ""
    ecommerce_criteria_fr: str = ""


class ProgrammeOut(ProgrammeFacts):
    id: int
    member: str
    region: str
    source: str
    source_detail: str
    confirmed: bool
    illustrative: bool
    version: int


class ProgrammeIn(ProgrammeFacts):
    member: str
    confirmed: bool = True


class ProgrammeUpdateIn(ProgrammeFacts):
    expected_version: Version
    confirmed: bool | None = None


class MraOut(Schema):
    id: int
    kind: str
    name_en: str
    name_fr: str
    label: str
    status: str
    signed_on: datetime.date | None
    covers_ecommerce: bool
    members: list[str]
    programme_ids: list[int]
    confirmed: bool
    illustrative: bool


class MraIn(Schema):
    kind: str
    programme_ids: list[ObjectId]
    status: str
    signed_on: datetime.date | None = None
    covers_ecommerce: bool = False
    name_en: str = ""
    name_fr: str = ""
    confirmed: bool = True
    notes: str = ""


class MraUpdateIn(Schema):
    status: str
    signed_on: datetime.date | None = None
    covers_ecommerce: bool
    confirmed: bool
    notes: str = ""
    reason: str = ""


class DiffRowOut(Schema):
    label: str
    current: str
    proposed: str
    changed: bool


class RegisterUpdateOut(Schema):
    id: int
    member: str
    source: str  # "survey" (an answer to the AEO survey) or "member" (proposed by the Member's focal point)
    survey: str  # the survey's reference; empty for a Member's own proposal
    response_id: int | None
    response_version: int
    member_note: str
    programme_id: int | None
    status: str
    proposed: dict[str, Any]
    current: dict[str, Any]
    diff: list[DiffRowOut]
    decision_note: str


class DecisionIn(Schema):
    note: str = ""


class NodeOut(Schema):
    key: str
    label: str
    kind: str
    region: str
    x: float
    y: float


class EdgeOut(Schema):
    source: str
    target: str
    status: str
    covers_ecommerce: bool
    title: str


class NetworkOut(Schema):
    nodes: list[NodeOut]
    edges: list[EdgeOut]


def _programme_out(p: Programme) -> ProgrammeOut:
    facts = services.programme_facts(programme=p)
    return ProgrammeOut(
        id=p.pk,
        member=p.member.iso3,
        region=p.member.region.code,
        source=p.source,
        source_detail=p.source_detail,
        confirmed=p.confirmed,
        illustrative=p.illustrative,
        version=p.version,
        **facts,
    )


def _mra_out(m: MutualRecognition) -> MraOut:
    parties = sorted(m.programmes.all(), key=lambda p: p.member.iso3)
    return MraOut(
        id=m.pk,
        kind=m.kind,
        name_en=m.name_en,
        name_fr=m.name_fr,
        label=m.label,
        status=m.status,
        signed_on=m.signed_on,
        covers_ecommerce=m.covers_ecommerce,
        members=[p.member.iso3 for p in parties],
        programme_ids=[p.pk for p in parties],
        confirmed=m.confirmed,
        illustrative=m.illustrative,
    )


def _update_out(u: RegisterUpdate) -> RegisterUpdateOut:
    return RegisterUpdateOut(
        id=u.pk,
        member=u.member.iso3,
        source="survey" if u.response is not None else "member",
        survey=u.response.survey.reference if u.response is not None else "",
        response_id=u.response_id,
        response_version=u.response_version,
        member_note=u.member_note,
        programme_id=u.programme_id,
        status=u.status,
        proposed=u.proposed,
        current=u.current,
        decision_note=u.decision_note,
        diff=[DiffRowOut(**row.__dict__) for row in updates.register_update_diff(update=u)],
    )


def _facts(payload: ProgrammeFacts) -> dict[str, Any]:
    return payload.dict(include=set(services.FACT_FIELDS))


@router.get("/programmes", response=list[ProgrammeOut])
def programmes_list(
    request: HttpRequest,
    region: str | None = None,
    status: str | None = None,
    stakeholder: str | None = None,
    coverage: str | None = None,
    member: str | None = None,
    q: str | None = None,
) -> list[ProgrammeOut]:
    """Programmes you may read; `stakeholder` with `coverage` (default `covered`) keeps those covering it."""
    member_obj = Member.objects.filter(iso3=member.upper()).first() if member else None
    if member and member_obj is None:
        return []
    qs = selectors.programme_list(
        viewer=request_actor(request),
        region=region,
        status=status,
        stakeholder=stakeholder,
        coverage=coverage,
        member=member_obj,
        query=q,
    )
    return [_programme_out(p) for p in qs]


@router.get("/programmes/{programme_id}", response=ProgrammeOut)
def programme_detail(request: HttpRequest, programme_id: ObjectId) -> ProgrammeOut:
    return _programme_out(
        selectors.programme_get_for_user(user=request_actor(request), programme_id=programme_id)
    )


@router.post("/programmes", response={201: ProgrammeOut})
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Status[ProgrammeOut]:
    """Secretariat only: add a programme (source: secretariat entry)."""
    member = Member.objects.filter(iso3=payload.member.upper()).first()
    if member is None:
        raise NotFound()
    programme = services.programme_create(
        actor=request_actor(request), member=member, facts=_facts(payload), confirmed=payload.confirmed
    )
    return Status(201, _programme_out(programme))


@router.put("/programmes/{programme_id}", response=ProgrammeOut)
def programme_update(
    request: HttpRequest, programme_id: ObjectId, payload: ProgrammeUpdateIn
) -> ProgrammeOut:
    """Secretariat only: replace a programme's facts; 409 when `expected_version` is stale."""
    programme = selectors.programme_get_for_user(
        user=request_actor(request), programme_id=programme_id, write=True
    )
    programme = services.programme_update(
        actor=request_actor(request),
        programme=programme,
        facts=_facts(payload),
        expected_version=payload.expected_version,
        confirmed=payload.confirmed,
    )
    return _programme_out(programme)


@router.get("/mras", response=list[MraOut])
def mras_list(request: HttpRequest, status: str | None = None, ecommerce: bool = False) -> list[MraOut]:
    return [
        _mra_out(m)
        for m in selectors.mra_list(viewer=request_actor(request), status=status, ecommerce_only=ecommerce)
    ]


@router.post("/mras", response={201: MraOut})
def mra_create(request: HttpRequest, payload: MraIn) -> Status[MraOut]:
    """Secretariat only: record an arrangement between programmes."""
    if not request.user.is_authenticated or not request.user.is_secretariat:
        raise PermissionDenied()
    programmes = list(
        selectors.programme_list(viewer=request_actor(request)).filter(pk__in=payload.programme_ids)
    )
    if len(programmes) != len(set(payload.programme_ids)):
        raise NotFound()
    mra = services.mra_create(
        actor=request_actor(request),
        kind=payload.kind,
        programmes=programmes,
        status=payload.status,
        signed_on=payload.signed_on,
        covers_ecommerce=payload.covers_ecommerce,
        name_en=payload.name_en,
        name_fr=payload.name_fr,
        confirmed=payload.confirmed,
        notes=payload.notes,
    )
    return Status(201, _mra_out(mra))


@router.put("/mras/{mra_id}", response=MraOut)
def mra_update(request: HttpRequest, mra_id: ObjectId, payload: MraUpdateIn) -> MraOut:
    """Secretariat only: record a change of state (e.g. signed after negotiation, extended to e-commerce)."""
    mra = selectors.mra_get_for_user(user=request_actor(request), mra_id=mra_id, write=True)
    mra = services.mra_update(
        actor=request_actor(request),
        mra=mra,
        status=payload.status,
        signed_on=payload.signed_on,
        covers_ecommerce=payload.covers_ecommerce,
        confirmed=payload.confirmed,
        notes=payload.notes,
        reason=payload.reason,
    )
    return _mra_out(mra)


@router.get("/network", response=NetworkOut)
def mra_network(request: HttpRequest, status: str | None = None, ecommerce: bool = False) -> NetworkOut:
    """The mutual recognition network as laid out on the page (node positions on a unit circle)."""
    layout = mra_network_layout(
        mras=selectors.mra_list(viewer=request_actor(request), status=status, ecommerce_only=ecommerce)
    )
    return NetworkOut(
        nodes=[
            NodeOut(key=n.key, label=n.label, kind=n.kind, region=n.region, x=n.x, y=n.y)
            for n in layout.nodes
        ],
        edges=[
            EdgeOut(
                source=e.source,
                target=e.target,
                status=e.status,
                covers_ecommerce=e.covers_ecommerce,
                title=e.title,
            )
            for e in layout.edges
        ],
    )


@router.get("/updates", response=list[RegisterUpdateOut])
def updates_list(request: HttpRequest, status: str | None = None) -> list[RegisterUpdateOut]:
    """Register updates proposed by survey answers: the secretariat sees all, a Member's users their own."""
    return [
        _update_out(u) for u in updates.register_update_list(viewer=request_actor(request), status=status)
    ]


@router.get("/updates/{update_id}", response=RegisterUpdateOut)
def update_detail(request: HttpRequest, update_id: ObjectId) -> RegisterUpdateOut:
    return _update_out(updates.register_update_get_for_user(user=request_actor(request), update_id=update_id))


@router.post("/updates/{update_id}/confirm", response=RegisterUpdateOut)
def update_confirm(request: HttpRequest, update_id: ObjectId, payload: DecisionIn) -> RegisterUpdateOut:
    """Secretariat only: apply the proposal to the register."""
    update = updates.register_update_get_for_user(user=request_actor(request), update_id=update_id)
    return _update_out(
        updates.register_update_confirm(update=update, actor=request_actor(request), note=payload.note)
    )


@router.post("/updates/{update_id}/reject", response=RegisterUpdateOut)
def update_reject(request: HttpRequest, update_id: ObjectId, payload: DecisionIn) -> RegisterUpdateOut:
    """Secretariat only: close the proposal without changing the register."""
    update = updates.register_update_get_for_user(user=request_actor(request), update_id=update_id)
    return _update_out(
        updates.register_update_reject(update=update, actor=request_actor(request), note=payload.note)
    )
