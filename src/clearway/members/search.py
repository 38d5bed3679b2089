"""What the search box finds among WCO Members: by name in either language or by ISO code."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clearway.core.actors import Actor
from clearway.core.search import SearchHit, SearchKind, search_match, search_rank_of
from clearway.members.selectors import member_list

MEMBERS = SearchKind("members", _("WCO Members"), order=10)


def search_results(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    found = search_match(
        member_list(viewer=user), query=query, fields=["name_en", "name_fr"], codes=["iso3", "iso2"]
    )
    return [
        SearchHit(
            kind=MEMBERS,
            title=member.name,
            url=reverse("members:detail", args=[member.iso3]),
            detail=f"{member.iso3} · {member.region.code}",
            rank=search_rank_of(member),
        )
        for member in found[:limit]
    ]
