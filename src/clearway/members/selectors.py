"""Reads of the Members directory. WCO membership is public reference data: every signed-in user may read it."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.members.models import Member, Region


def region_list() -> QuerySet[Region]:
    return Region.objects.annotate(member_count=Count("members", filter=Q(members__active=True)))


def region_get(*, code: str) -> Region:
    region = Region.objects.filter(code=code.upper()).first()
    if region is None:
        raise NotFound()
    return region


def member_list(*, viewer: Actor, region: str | None = None, query: str | None = None) -> QuerySet[Member]:
    if not viewer.is_authenticated:
        return Member.objects.none()
    qs = Member.objects.filter(active=True).select_related("region")
    if region:
        qs = qs.filter(region__code=region.upper())
    if query:
        q = query.strip()
        qs = qs.filter(
            Q(name_en__icontains=q) | Q(name_fr__icontains=q) | Q(iso3__iexact=q) | Q(iso2__iexact=q)
        )
    return qs


def member_get(*, viewer: Actor, iso3: str) -> Member:
    member = member_list(viewer=viewer).filter(iso3=iso3.upper()).first()
    if member is None:
        raise NotFound()
    return member
