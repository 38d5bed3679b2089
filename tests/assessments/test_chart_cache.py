"""The cycle overview's heat map is drawn once and then read from the charts cache, unchanged."""

from __future__ import annotations

import re
from typing import Any

import pytest
import vl_convert as vlc

from clearway.assessments import services

pytestmark = pytest.mark.django_db


def _charts_cache(settings: Any, backend: str) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "charts": {"BACKEND": f"django.core.cache.backends.{backend}", "LOCATION": "cycle-page"},
    }


def test_the_cycle_overview_shows_the_same_heat_map_from_the_cache(
    cycle: Any,
    assessment_a: Any,
    focal_a: Any,
    secretariat: Any,
    answer_all: Any,
    client_for: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.PAGE_CACHE_ENABLED = False  # the page is drawn each time: what is counted is the chart cache
    answer_all(assessment_a, focal_a)
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    client = client_for(secretariat)
    drawn: list[str] = []
    draw = vlc.vega_to_svg
    monkeypatch.setattr(vlc, "vega_to_svg", lambda *a, **k: drawn.append("svg") or draw(*a, **k))

    def heat_map(**headers: str) -> str:
        page = client.get(f"/assessments/cycles/{cycle.pk}/", **headers).content.decode()
        return "".join(re.findall(r"<svg.*?</svg>", page, flags=re.S))

    _charts_cache(settings, "dummy.DummyCache")
    uncached = heat_map()
    assert ">KEN<" in uncached and len(drawn) == 1
    _charts_cache(settings, "locmem.LocMemCache")
    assert heat_map() == uncached and len(drawn) == 2  # drawn and kept
    assert heat_map() == uncached and len(drawn) == 2  # read from the cache
    assert heat_map(HTTP_ACCEPT_LANGUAGE="fr") != uncached and len(drawn) == 3  # French is drawn in French
