"""Drawn charts are kept in the "charts" cache under a digest of what the drawing depends on: the same chart is
drawn once, and a chart in another language, with other data or at another scale is drawn anew."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import altair as alt
import pytest
import vl_convert as vlc
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from clearway.core.charts import chart_to_png, chart_to_svg


def _chart(count: int = 1200) -> alt.Chart:
    values = [{"answer": "Yes", "count": 3}, {"answer": "No", "count": count}]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(x=alt.X("count:Q", title="Respondents"), y=alt.Y("answer:N", title="Answer"))
    )


@pytest.fixture
def drawings(settings: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Counter[str]:
    """How many times vl-convert drew an SVG or a PNG, in a charts cache of this test's own."""
    settings.CACHES = {
        **settings.CACHES,
        "charts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.name},
    }
    counts: Counter[str] = Counter()

    def counted(name: str, draw: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return draw(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(vlc, "vega_to_svg", counted("svg", vlc.vega_to_svg))
    monkeypatch.setattr(vlc, "vegalite_to_png", counted("png", vlc.vegalite_to_png))
    return counts


def test_the_same_chart_is_drawn_once(drawings: Counter[str]) -> None:
    with translation.override("en"):
        first = chart_to_svg(_chart())
        assert chart_to_svg(_chart()) == first
        assert chart_to_svg(_chart().to_dict()) == first  # the same spec, as a report stores it
    assert drawings["svg"] == 1


def test_a_chart_in_another_language_is_drawn_in_that_language(drawings: Counter[str]) -> None:
    with translation.override("en"):
        english = chart_to_svg(_chart())
    with translation.override("fr"):
        french = chart_to_svg(_chart())
    assert "1,200" in english and "1\u00a0200" in french  # numbers as each language writes them
    with translation.override("en"):
        assert chart_to_svg(_chart()) == english
    assert drawings["svg"] == 2


def test_a_chart_with_other_data_is_drawn_anew(drawings: Counter[str]) -> None:
    with translation.override("en"):
        before, after = chart_to_svg(_chart(1200)), chart_to_svg(_chart(1300))
    assert "1,200" in before and "1,300" in after
    assert drawings["svg"] == 2


def test_a_png_is_kept_per_scale(drawings: Counter[str]) -> None:
    with translation.override("en"):
        small, large = chart_to_png(_chart(), scale=1), chart_to_png(_chart(), scale=2)
        assert chart_to_png(_chart(), scale=2) == large != small
        chart_to_svg(_chart())  # the SVG of the same spec is another entry
    assert drawings == {"png": 2, "svg": 1}


def test_entries_expire_and_the_cache_is_bounded() -> None:
    cache = caches["charts"]
    assert cache.default_timeout == 24 * 3600
    assert cache._max_entries == 300  # type: ignore[attr-defined]


def test_a_file_cache_keeps_drawings_for_every_process(
    drawings: Counter[str], settings: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "charts"
    settings.CACHES = {
        **settings.CACHES,
        "charts": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(folder)},
    }
    with translation.override("en"):
        first = chart_to_svg(_chart())
        assert chart_to_svg(_chart()) == first
    assert drawings["svg"] == 1 and len(list(folder.iterdir())) == 1


@pytest.mark.django_db
def test_migrating_makes_the_table_of_a_database_cache(drawings: Counter[str], settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "charts": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_chart_cache"},
    }
    call_command("migrate", verbosity=0)
    with translation.override("en"):
        first = chart_to_svg(_chart())
        assert chart_to_svg(_chart()) == first
    assert drawings["svg"] == 1


def test_a_chart_is_drawn_the_same_every_time_with_ids_of_its_own(settings: Any) -> None:
    """Vega numbers gradients per process: the ids are renamed after the chart, so that a drawing does not depend
    on what the process drew before, and two charts on one page never share an id."""
    settings.CACHES = {
        **settings.CACHES,
        "charts": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }

    def heat(score: int) -> alt.Chart:
        values = [
            {"member": "KEN", "standard": 1, "score": score},
            {"member": "UGA", "standard": 1, "score": 80},
        ]
        return (
            alt.Chart(alt.Data(values=values))
            .mark_rect()
            .encode(x="standard:O", y="member:N", color="score:Q")
        )

    with translation.override("en"):
        first, again, other = chart_to_svg(heat(20)), chart_to_svg(heat(20)), chart_to_svg(heat(30))
    assert first == again
    ids = re.findall(r'id="([^"]+)"', first)
    assert (
        ids
        and all(f"url(#{i})" in first for i in ids)
        and not set(ids) & set(re.findall(r'id="([^"]+)"', other))
    )


def test_a_chart_built_from_the_same_data_is_neither_built_nor_drawn_again(drawings: Counter[str]) -> None:
    from clearway.core.charts import chart_svg_of

    built: list[int] = []

    def build(*, count: int, when: Any) -> alt.Chart:
        built.append(count)
        return _chart(count)

    import datetime

    day = datetime.date(2026, 12, 7)
    first = chart_svg_of(build, count=5, when=day)
    assert chart_svg_of(build, count=5, when=day) == first
    assert built == [5]
    chart_svg_of(build, count=6, when=day)
    chart_svg_of(build, count=5, when=day + datetime.timedelta(days=1))
    with translation.override("fr"):
        chart_svg_of(build, count=5, when=day)
    assert built == [5, 6, 5, 5]
