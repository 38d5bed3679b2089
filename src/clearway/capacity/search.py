"""What the search box finds in capacity building: activities of the register, requests for national support and
the documents of activities, each read through this app's selectors (a Member's requests and its national
workshop still being planned stay with that Member and the secretariat)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearway.capacity.models import Activity, ActivityDocument
from clearway.capacity.selectors import activity_queryset, request_list_for_user
from clearway.core.actors import Actor
from clearway.core.search import DOCUMENTS, SearchHit, SearchKind, search_match, search_rank_of

ACTIVITIES = SearchKind("activities", _("Activities"), order=40)
REQUESTS = SearchKind("requests", _("Requests for national support"), order=50)


def search_results(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    return [
        *_activities(user=user, query=query, limit=limit),
        *_requests(user=user, query=query, limit=limit),
        *_documents(user=user, query=query, limit=limit),
    ]


def _visible_activities(user: Actor) -> QuerySet[Activity]:
    """The activities `activity_queryset` lets the user see, by id: without its prefetched relations (results
    show none) and its DISTINCT, so that the text is read once per activity."""
    visible = activity_queryset(viewer=user).values("pk")
    return Activity.objects.filter(pk__in=visible).select_related("organiser")


def _activities(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    found = search_match(
        _visible_activities(user),
        query=query,
        fields=["title_en", "title_fr", "organiser__name_en", "organiser__name_fr"],
        codes=["organiser__acronym"],
    )
    return [
        SearchHit(
            kind=ACTIVITIES,
            title=activity.title,
            url=reverse("capacity:activity_detail", args=[activity.pk]),
            detail=f"{activity.get_kind_display()} · {date_format(activity.start_date)}",
            rank=search_rank_of(activity),
        )
        for activity in found[:limit]
    ]


def _requests(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    found = search_match(
        request_list_for_user(viewer=user),
        query=query,
        fields=["member__name_en", "member__name_fr", "needs"],
        codes=["member__iso3", "intention_reference", "official_request_reference"],
    )
    return [
        SearchHit(
            kind=REQUESTS,
            title=str(request),
            url=reverse("capacity:request_detail", args=[request.pk]),
            detail=request.state_label,
            rank=search_rank_of(request),
        )
        for request in found[:limit]
    ]


def _documents(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    documents = ActivityDocument.objects.filter(
        activity__in=_visible_activities(user).values("pk")
    ).select_related("activity")
    found = search_match(documents, query=query, fields=["title"])
    return [
        SearchHit(
            kind=DOCUMENTS,
            title=document.title,
            url=reverse("capacity:document", args=[document.activity_id, document.pk]),
            detail=gettext("Document of the activity “%(activity)s”") % {"activity": document.activity.title},
            rank=search_rank_of(document),
        )
        for document in found[:limit]
    ]
