"""What the search box finds in the self-assessment: indicators of the KPI catalogues (read by every signed-in
user, as on the catalogue pages), cycles, and the assessments the reader may see (a Member's own in any state,
other Members' once completed, as `assessment_list_for_user` rules)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clearway.assessments.models import Indicator
from clearway.assessments.selectors import assessment_list_for_user, catalogue_list, cycle_list
from clearway.core.actors import Actor
from clearway.core.search import SearchHit, SearchKind, search_match, search_rank_of

INDICATORS = SearchKind("indicators", _("Indicators"), order=20)
CYCLES = SearchKind("cycles", _("Assessment cycles"), order=25)
ASSESSMENTS = SearchKind("assessments", _("Self-assessments"), order=30)


def search_results(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    return [
        *_indicators(query=query, limit=limit),
        *_cycles(user=user, query=query, limit=limit),
        *_assessments(user=user, query=query, limit=limit),
    ]


def _indicators(*, query: str, limit: int) -> list[SearchHit]:
    indicators = Indicator.objects.filter(catalogue__in=catalogue_list()).select_related("catalogue")
    found = search_match(indicators, query=query, fields=["text_en", "text_fr"], codes=["code"])
    return [
        SearchHit(
            kind=INDICATORS,
            title=f"{i.code} {i.text}",
            url=reverse("assessments:catalogue", args=[i.catalogue.code]),
            detail=i.catalogue.title,
            rank=search_rank_of(i),
        )
        for i in found[:limit]
    ]


def _cycles(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    found = search_match(cycle_list(viewer=user), query=query, fields=["name_en", "name_fr"])
    return [
        SearchHit(
            kind=CYCLES,
            title=cycle.name,
            url=reverse("assessments:cycle", args=[cycle.pk]),
            detail=f"{date_format(cycle.opens_on)} – {date_format(cycle.closes_on)} · {cycle.get_status_display()}",
            rank=search_rank_of(cycle),
        )
        for cycle in found[:limit]
    ]


def _assessments(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    found = search_match(
        assessment_list_for_user(user=user),
        query=query,
        fields=["member__name_en", "member__name_fr", "cycle__name_en", "cycle__name_fr"],
        codes=["member__iso3"],
    )
    return [
        SearchHit(
            kind=ASSESSMENTS,
            title=f"{a.member.name} – {a.cycle.name}",
            url=reverse("assessments:detail", args=[a.pk]),
            detail=a.status_label,
            rank=search_rank_of(a),
        )
        for a in found[:limit]
    ]
