"""What the search box finds among committee reports: by title or document number, the secretariat every report,
others those the secretariat has shared (`report_list` rules)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from clearway.core.actors import Actor
from clearway.core.search import DOCUMENTS, SearchHit, search_match, search_rank_of
from clearway.reports.selectors import report_list


def search_results(*, user: Actor, query: str, limit: int) -> list[SearchHit]:
    found = search_match(
        report_list(viewer=user), query=query, fields=["title"], codes=["document_number", "session"]
    )
    return [
        SearchHit(
            kind=DOCUMENTS,
            title=report.title or str(report),
            url=reverse("reports:detail", args=[report.pk]),
            detail=gettext("Committee document %(number)s of %(date)s")
            % {"number": report.document_number, "date": date_format(report.document_date)},
            rank=search_rank_of(report),
        )
        for report in found[:limit]
    ]
