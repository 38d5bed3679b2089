from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from clearway.core.actors import request_actor
from clearway.core.api_schema import model_resolver
from clearway.members import selectors
from clearway.members.models import Member, Region

router = Router()


class RegionOut(Schema):
    code: str
    name_en: str
    name_fr: str
    rocb_city: str
    rocb_confirmed: bool
    member_count: int

    @model_resolver
    def resolve_member_count(region: Region) -> int:
        return getattr(region, "member_count", 0)  # counted by `selectors.region_list`


class MemberOut(Schema):
    iso3: str
    iso2: str
    name_en: str
    name_fr: str
    region: str
    kind: str
    unconfirmed: bool
    notes: str

    @model_resolver
    def resolve_region(member: Member) -> str:
        return member.region.code


@router.get("/regions", response=list[RegionOut])
def regions_list(request: HttpRequest) -> list[RegionOut]:
    return [RegionOut.from_orm(r) for r in selectors.region_list()]


@router.get("/", response=list[MemberOut])
def members_list(request: HttpRequest, region: str | None = None, q: str | None = None) -> list[MemberOut]:
    """WCO Members, optionally filtered by region code and a search on name or ISO code."""
    return [
        MemberOut.from_orm(m)
        for m in selectors.member_list(viewer=request_actor(request), region=region, query=q)
    ]


@router.get("/{iso3}", response=MemberOut)
def member_detail(request: HttpRequest, iso3: str) -> MemberOut:
    return MemberOut.from_orm(selectors.member_get(viewer=request_actor(request), iso3=iso3))
