"""Benchmark: drawing the charts of the heaviest pages, with and without Altair's schema checks and the charts cache.

    .venv/bin/python benchmarks/charts.py                      # 42 and 187 Members, 5 rounds each
    .venv/bin/python benchmarks/charts.py --members 187 -n 10  # one size, 10 rounds
    CLEARWAY_CHART_CACHE=file .venv/bin/python benchmarks/charts.py   # another cache backend

The charts are those of the cycle overview (a heat map of Members x standards, the page's heaviest part) and of an
assessment's page (its scorecard), built from generated scores shaped as the pages build theirs. Each is built and
drawn N times in four ways: Altair's schema checks on (as before: when every object is built and again in
to_dict) or off (as Clearway runs), and the charts cache cold (emptied before each drawing) or warm. Prints the
median time of each and ratios to the first, measured in the same run; every way must give the same SVG.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WAYS = [
    ("checks on", True, "cold"),
    ("checks off", False, "cold"),
    ("checks on", True, "warm"),
    ("checks off", False, "warm"),
]


def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearway.settings")
    import django

    django.setup()


def _heat_map(members: int, standards: int) -> Callable[[], str]:
    from clearway.assessments.charts import heatmap_chart

    # A score for most cells, some not disclosed (None), as on a cycle's overview.
    rows = [
        {"member": f"M{m:03}", "standard": s, "score": None if (m + s) % 11 == 0 else (m * 37 + s * 13) % 101}
        for m in range(members)
        for s in range(1, standards + 1)
    ]
    return lambda: heatmap_chart(rows=rows)


def _scorecard(standards: int) -> Callable[[], str]:
    from clearway.assessments.charts import scorecard_chart

    card = SimpleNamespace(
        standards=[
            SimpleNamespace(
                standard=SimpleNamespace(number=n, key=f"S{n}", title_en=f"Standard {n} of the framework"),
                score=(n * 29) % 101,
            )
            for n in range(1, standards + 1)
        ]
    )
    medians = {f"S{n}": (n * 17) % 101 for n in range(1, standards + 1)}
    return lambda: scorecard_chart(card=card, medians=medians)  # type: ignore[arg-type]


@contextmanager
def _schema_checks(on: bool) -> Iterator[None]:
    """Altair's checks as they were before Clearway turned them off: when objects are built and in to_dict."""
    from altair.utils import schemapi

    from clearway.core import charts

    plain = charts.chart_dict

    def checked(chart: Any) -> dict[str, Any]:
        return dict(chart) if isinstance(chart, dict) else chart.to_dict()

    with schemapi.debug_mode(on):
        charts.chart_dict = checked if on else plain  # type: ignore[assignment]
        try:
            yield
        finally:
            charts.chart_dict = plain  # type: ignore[assignment]


def _timed(draw: Callable[[], str], *, checks: bool, cache: str, rounds: int) -> tuple[float, str]:
    from django.core.cache import caches

    times, svg = [], ""
    with _schema_checks(checks):
        caches["charts"].clear()
        if cache == "warm":
            draw()
        for _ in range(rounds):
            if cache == "cold":
                caches["charts"].clear()
            start = time.perf_counter()
            svg = draw()
            times.append(time.perf_counter() - start)
    return statistics.median(times), svg


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", default="42,187", help="comma list of Member counts (default 42,187)")
    parser.add_argument("--standards", type=int, default=15, help="standards per Member (default 15)")
    parser.add_argument("-n", "--rounds", type=int, default=5, help="drawings per way (default 5)")
    args = parser.parse_args()
    _django()
    from django.conf import settings
    from django.utils import translation

    print(f"charts cache: {settings.CACHES['charts']['BACKEND']}; median of {args.rounds} drawings per way")
    charts = {
        f"cycle overview, {m} Members x {args.standards} standards": _heat_map(int(m), args.standards)
        for m in args.members.split(",")
    }
    charts[f"assessment scorecard, {args.standards} standards"] = _scorecard(args.standards)
    with translation.override("en"):
        for name, draw in charts.items():
            draw()  # the first drawing in a process loads vl-convert's engine: not measured
            print(f"\n{name}")
            results = [
                (label, cache, *_timed(draw, checks=on, cache=cache, rounds=args.rounds))
                for label, on, cache in WAYS
            ]
            base = results[0][2]
            for label, cache, seconds, _svg in results:
                print(
                    f"  {label:<10} cache {cache:<4}  {seconds * 1000:8.1f} ms   x{base / seconds:7.1f} faster"
                )
            if len({svg for *_rest, svg in results}) != 1:
                raise SystemExit(f"{name}: the ways gave different SVGs")


if __name__ == "__main__":
    main()
