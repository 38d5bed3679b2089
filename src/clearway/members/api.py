from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from clearway.core.actors import request_actor
from clearway.members import selectors
from clearway.members.models import Member

router = Router()


class RegionOut(Schema):
    code: str
    name_en: str
    name_fr: str
    rocb_city: str
    rocb_confirmed: bool
    member_count: int


class MemberOut(Schema):
    iso3: str
    iso2: str
    name_en: str
    name_fr: str
    region: str
    kind: str
    unconfirmed: bool
    notes: str


def _member_out(m: Member) -> MemberOut:
    return MemberOut(
        iso3=m.iso3,
        iso2=m.iso2,
        name_en=m.name_en,
        name_fr=m.name_fr,
        region=m.region.code,
        kind=m.kind,
        unconfirmed=m.unconfirmed,
        notes=m.notes,
    )


@router.get("/regions", response=list[RegionOut])
def regions_list(request: HttpRequest) -> list[RegionOut]:
    return [
        RegionOut(
            code=r.code,
            name_en=r.name_en,
            name_fr=r.name_fr,
            rocb_city=r.rocb_city,
            rocb_confirmed=r.rocb_confirmed,
            member_count=getattr(r, "member_count", 0),
        )
        for r in selectors.region_list()
    ]


@router.get("/", response=list[MemberOut])
def members_list(request: HttpRequest, region: str | None = None, q: str | None = None) -> list[MemberOut]:
    """WCO Members, optionally filtered by region code and a search on name or ISO code."""
    return [
        _member_out(m) for m in selectors.member_list(viewer=request_actor(request), region=region, query=q)
    ]


@router.get("/{iso3}", response=MemberOut)
def member_detail(request: HttpRequest, iso3: str) -> MemberOut:
    return _member_out(selectors.member_get(viewer=request_actor(request), iso3=iso3))
