"""The pages users open most make as many SQL queries with the small demo as with the larger TEST scale loaded on
top: what a page reads grows in rows, never in queries (no query per Member, per activity or per answer).

Counts, not times: each page is opened once to warm per-process caches, then counted. The data are loaded inside a
transaction rolled back when the module ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from clearway.accounts.models import User
from clearway.aeo.models import Programme
from clearway.assessments.models import Assessment
from clearway.capacity.models import Activity
from clearway.core.demo_scale import SMALL, TEST, demo_data_load
from clearway.most_opened import MOST_OPENED_PERSONAS, most_opened_pages
from clearway.surveys.models import Response

pytestmark = pytest.mark.django_db


def _page_queries(pages: list[tuple[str, str, str]]) -> dict[str, int]:
    clients = {}
    for persona, username in MOST_OPENED_PERSONAS.items():
        clients[persona] = Client()
        clients[persona].force_login(User.objects.get(username=username))
    counts = {}
    for key, persona, path in pages:
        assert clients[persona].get(path).status_code == 200, path
        with CaptureQueriesContext(connection) as queries:
            response = clients[persona].get(path)
        assert response.status_code == 200, path
        counts[key] = len(queries.captured_queries)
    return counts


def _rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Assessment, Activity, Response, Programme)}


@pytest.fixture(scope="module")
def counts(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    """The same pages (the same objects) counted with the small demo, then with the TEST scale loaded on top."""
    measured: dict[str, Any] = {}
    media = tmp_path_factory.mktemp("media")
    # Pages are counted as they are drawn, not as served from the page cache (tests/core/test_page_cache.py).
    drawn = override_settings(MEDIA_ROOT=str(media), PAGE_CACHE_ENABLED=False)
    with django_db_blocker.unblock(), drawn, transaction.atomic():
        with translation.override("en"):
            demo_data_load(scale=SMALL)
        pages = most_opened_pages()
        measured["small"] = {"queries": _page_queries(pages), "rows": _rows()}
        with translation.override("en"):
            demo_data_load(scale=TEST)
        measured["test"] = {"queries": _page_queries(pages), "rows": _rows()}
        yield measured
        transaction.set_rollback(True)


def test_the_larger_scale_holds_more_of_everything(counts: dict[str, Any]) -> None:
    small, larger = counts["small"]["rows"], counts["test"]["rows"]
    assert all(larger[name] > small[name] for name in small), (small, larger)


PAGES = "home assessment scorecard cycle benchmarks members member capacity request survey_statistics survey_answer"
PAGES += " aeo mra_network kpi_result audit"


@pytest.mark.parametrize("page", PAGES.split())
def test_a_page_makes_as_many_queries_whatever_the_size_of_the_programme(
    counts: dict[str, Any], page: str
) -> None:
    small, larger = counts["small"]["queries"][page], counts["test"]["queries"][page]
    assert larger == small, f"{page}: {small} queries with the small demo, {larger} at the TEST scale"
