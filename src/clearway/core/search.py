"""Find anything: the search box in every page's header, its results page and `GET /api/search`.

Core knows no domain: each app with something to find offers `search_results(*, user, query, limit)` in its
`search` module, returning at most `limit` `SearchHit`s of each kind it offers, read through the app's own
selectors (so scoped to what `user` may see) and written in the active language. Core gathers them, groups them
by kind and provides the matching itself (`search_match`): PostgreSQL full-text search, ranked, in production;
a case-insensitive match of every word on SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Case, F, FloatField, Model, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clearway.core.actors import Actor
from clearway.core.discovery import app_modules

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 10
# The PostgreSQL text search configuration: 'simple' lowercases without stemming, which suits names, codes and
# titles written in two languages; every word is matched as a prefix ("work" finds "workshop").
TEXT_SEARCH_CONFIG = "simple"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class SearchKind:
    """What a group of results is (`members`, `documents`), its heading, and where the group stands on the page."""

    key: str
    label: str | Promise
    order: int = 50


# Several apps hold documents (committee reports, activity documents, survey letters): one group for all.
DOCUMENTS = SearchKind("documents", _("Documents"), order=90)


@dataclass(frozen=True)
class SearchHit:
    kind: SearchKind
    title: str
    url: str
    detail: str = ""
    rank: float = 0.0


@dataclass(frozen=True)
class SearchGroup:
    kind: SearchKind
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.kind.label)


def search_query_clean(query: str | None) -> str:
    """The query as searched: spaces collapsed, at most MAX_QUERY_LENGTH characters; "" when too short."""
    text = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    return text if len(text) >= MIN_QUERY_LENGTH else ""


def search_for_user(*, user: Actor, query: str | None, limit: int = RESULTS_PER_KIND) -> list[SearchGroup]:
    """What every app finds for `query` that `user` may see, grouped by kind, best match first in each group."""
    text = search_query_clean(query)
    if not text or not user.is_authenticated:
        return []
    groups: dict[str, SearchGroup] = {}
    finders = [getattr(module, "search_results", None) for _app, module in app_modules("search")]
    for find in filter(None, finders):  # core's own module (this one) finds nothing itself
        for hit in find(user=user, query=text, limit=limit):
            groups.setdefault(hit.kind.key, SearchGroup(kind=hit.kind)).hits.append(hit)
    for group in groups.values():
        group.hits.sort(key=lambda h: -h.rank)
        del group.hits[limit:]
    return sorted(groups.values(), key=lambda g: (g.kind.order, g.kind.key))


# ---------------------------------------------------------------- matching, for the apps' search modules


def search_rank_of(row: Model) -> float:
    """The rank `search_match` gave a row."""
    return float(getattr(row, "search_rank", 0.0))


_WORD = re.compile(r"[^\W_]+")


def search_match(
    queryset: QuerySet[M], *, query: str, fields: Sequence[str], codes: Sequence[str] = ()
) -> QuerySet[M]:
    """The rows of `queryset` that match `query`, best first, each annotated with `search_rank` (a float).

    A row matches when every word of the query is in one of `fields` (the first weighs most in the ranking), or
    when the whole query is part of one of `codes` (ISO codes, references, document numbers: matched as written,
    never split into words). Fields may follow foreign keys (`member__name_en`), not many-to-many relations.
    """
    code_match = reduce(or_, (Q(**{f"{c}__icontains": query}) for c in codes), Q(pk__in=[]))
    if connections[queryset.db].vendor == "postgresql":
        return _postgres_match(queryset, query=query, fields=fields, code_match=code_match)
    return _plain_match(queryset, query=query, fields=fields, code_match=code_match)


def _postgres_match(
    queryset: QuerySet[M], *, query: str, fields: Sequence[str], code_match: Q
) -> QuerySet[M]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    words = _WORD.findall(query.lower())
    if not words:
        plain: QuerySet[M] = queryset.filter(code_match).annotate(
            search_rank=Value(1.0, output_field=FloatField())
        )
        return plain
    vector: Any = SearchVector(fields[0], weight="A", config=TEXT_SEARCH_CONFIG)
    if len(fields) > 1:
        vector = vector + SearchVector(*fields[1:], weight="B", config=TEXT_SEARCH_CONFIG)
    # Prefix matching of every word ("cust & proc" finds "Customs procedures"): the words are letters and
    # digits only, so the raw query cannot carry tsquery operators typed by the user.
    tsquery = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config=TEXT_SEARCH_CONFIG)
    bonus = Case(When(code_match, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    found: QuerySet[M] = (
        queryset.alias(search_vector=vector)
        .filter(Q(search_vector=tsquery) | code_match)
        .annotate(search_rank=SearchRank(F("search_vector"), tsquery) + bonus)
        .order_by("-search_rank", "pk")
    )
    return found


def _plain_match(queryset: QuerySet[M], *, query: str, fields: Sequence[str], code_match: Q) -> QuerySet[M]:
    words = query.split()
    every_word = reduce(
        and_, (reduce(or_, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words), Q()
    )
    rank = Case(
        When(code_match, then=Value(3.0)),
        When(Q(**{f"{fields[0]}__istartswith": query}), then=Value(2.0)),
        default=Value(1.0),
        output_field=FloatField(),
    )
    found: QuerySet[M] = (
        queryset.filter(every_word | code_match).annotate(search_rank=rank).order_by("-search_rank", "pk")
    )
    return found
