"""Pages keep what they draw until the data they show change (core/data_version.py): a reader sees every write at
once, never another reader's page, and a page served from the cache asks the database almost nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from clearway.capacity.services import ActivityInput, activity_update
from clearway.core.data_version import data_versions, page_cache_key
from clearway.core.models import AuditEvent
from tests.capacity.factories import activity_make

pytestmark = pytest.mark.django_db


def _get(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _retitled(activity: Any, title: str) -> ActivityInput:
    values: dict[str, Any] = {}
    for field in dataclasses.fields(ActivityInput):
        if hasattr(activity, field.name):
            value = getattr(activity, field.name)
            values[field.name] = list(value.all()) if hasattr(value, "all") else value
    return ActivityInput(**(values | {"title_en": title}))


def test_a_write_shows_on_the_next_visit_and_a_second_visit_asks_less_of_the_database(
    secretariat: Any, client_for: Callable[[Any], Client]
) -> None:
    activity = activity_make(title_en="Workshop on advance data")
    client = client_for(secretariat)
    first, drawn = _get(client, "/capacity/")
    again, served = _get(client, "/capacity/")
    assert "Workshop on advance data" in first and "Workshop on advance data" in again
    assert served < drawn

    activity_update(
        actor=secretariat, activity=activity, data=_retitled(activity, "Workshop on risk management")
    )

    after, _queries = _get(client, "/capacity/")
    assert "Workshop on risk management" in after
    assert "Workshop on advance data" not in after


def test_a_page_drawn_for_one_reader_is_never_served_to_another(
    secretariat: Any, observer: Any, client_for: Callable[[Any], Client]
) -> None:
    activity_make(title_en="Workshop on advance data")
    assert "Record an activity" in _get(client_for(secretariat), "/capacity/")[0]
    assert "Record an activity" not in _get(client_for(observer), "/capacity/")[0]


def test_each_language_and_each_query_has_its_own_page(
    secretariat: Any, client_for: Callable[[Any], Client]
) -> None:
    activity_make(title_en="Workshop on advance data", title_fr="Atelier sur les données préalables")
    client = client_for(secretariat)
    english, _q = _get(client, "/capacity/")
    client.post("/accounts/language/", {"language": "fr", "next": "/capacity/"})
    french, _q = _get(client, "/capacity/")
    assert "Workshop on advance data" in english and "Atelier sur les données préalables" in french
    filtered, _q = _get(client, "/capacity/?q=nothing-matches-this")
    assert "Atelier sur les données préalables" not in filtered


def test_the_version_of_an_app_is_its_latest_audit_event(secretariat: Any) -> None:
    before = data_versions(apps=("capacity", "aeo"))
    activity_make()
    after = data_versions(apps=("capacity", "aeo", "*"))
    latest = AuditEvent.objects.filter(app="capacity").latest("id").pk
    assert after["capacity"] == latest > before["capacity"]
    assert after["aeo"] == before["aeo"]
    assert after["*"] == AuditEvent.objects.latest("id").pk


def test_forms_sent_back_and_a_cache_turned_off_are_always_drawn(secretariat: Any) -> None:
    post = RequestFactory().post("/capacity/")
    post.user = secretariat
    assert page_cache_key(post, apps=("capacity",)) == ""
    get = RequestFactory().get("/capacity/")
    get.user = secretariat
    assert page_cache_key(get, apps=("capacity",))
    with override_settings(PAGE_CACHE_ENABLED=False):
        assert page_cache_key(get, apps=("capacity",)) == ""


@override_settings(PAGE_CACHE_ENABLED=False)
def test_without_the_cache_every_visit_draws_the_page(
    secretariat: Any, client_for: Callable[[Any], Client]
) -> None:
    activity_make()
    client = client_for(secretariat)
    assert _get(client, "/capacity/")[1] == _get(client, "/capacity/")[1]
