"""Benchmark: survey statistics for 187 responses x 60 questions, and a committee report (DOCX with charts) over
the full-scale data, each beside a baseline measured in the same run.

    .venv/bin/python benchmarks/documents.py --database-url postgres://postgres@127.0.0.1:5432/clearway_bench
    .venv/bin/python benchmarks/documents.py -n 3          # on the database CLEARWAY_DATABASE_URL names

It needs the full-scale data (`clearway demo load --scale full`, which `benchmarks/web.py` loads too) and writes
nothing. Measured, median of N rounds after one warm-up:
- survey statistics: `survey_statistics` of the 60-question survey with the most submitted responses, and its page
  as the secretariat opens it; baseline: reading the same responses' answers from the database;
- committee report: building the latest committee report from the data (`report_generate_build`) and laying it out
  as DOCX with its charts (`report_render`); baseline: python-docx writing a one-paragraph document.
Targets (issue 24): statistics under 300 ms, the report under 5 s, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _django(database_url: str | None) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    if database_url:
        os.environ["CLEARWAY_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearway.settings")
    import django

    django.setup()


def _median_seconds(work: Callable[[], Any], rounds: int) -> float:
    work()  # warm-up: per-process caches, compiled templates, drawn charts
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _survey_rows(rounds: int) -> list[tuple[str, float]]:
    from django.db.models import Count, Q
    from django.test import Client

    from clearway.accounts.models import User
    from clearway.surveys import definition as defn
    from clearway.surveys.models import Response, ResponseState, Survey
    from clearway.surveys.statistics import survey_statistics

    submitted = Q(responses__state=ResponseState.SUBMITTED)
    candidates = Survey.objects.annotate(n=Count("responses", filter=submitted)).order_by("-n", "pk")
    survey = next((s for s in candidates if len(defn.fields(s.version.definition)) >= 60), None)
    if survey is None:
        raise SystemExit(
            "No survey with 60 questions: load the full-scale data (clearway demo load --scale full)."
        )
    secretariat = User.objects.get(username="secretariat")
    answers = Response.objects.filter(survey=survey, state=ResponseState.SUBMITTED)
    count = answers.count()
    client = Client()
    client.force_login(secretariat)
    path = f"/surveys/{survey.pk}/statistics/"
    label = f"{survey.reference}: {count} responses x {len(defn.fields(survey.version.definition))} questions"
    return [
        (
            f"baseline: read the answers ({label})",
            _median_seconds(lambda: list(answers.values_list("answers")), rounds),
        ),
        (
            "survey_statistics",
            _median_seconds(lambda: survey_statistics(survey=survey, viewer=secretariat), rounds),
        ),
        (
            "statistics page (charts drawn, cached)",
            _median_seconds(lambda: client.get(path, SERVER_NAME="localhost"), rounds),
        ),
    ]


def _report_rows(rounds: int) -> list[tuple[str, float]]:
    from docx import Document

    from clearway.accounts.models import User
    from clearway.reports.models import Report
    from clearway.reports.services import report_generate_build, report_render

    report = Report.objects.filter(language="en").order_by("-period_end", "-pk").first()
    if report is None:
        raise SystemExit("No committee report: load the demo data.")
    secretariat = User.objects.get(username="secretariat")

    def minimal_docx() -> bytes:
        document = Document()
        document.add_paragraph("Clearway")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def build() -> Any:
        return report_generate_build(report=report, actor=secretariat, viewer=secretariat)

    def build_and_render() -> bytes:
        draft = build()
        return report_render(report=report, format="docx", blocks=draft.blocks, version_number=1).content

    return [
        ("baseline: python-docx, one paragraph", _median_seconds(minimal_docx, rounds)),
        (f"build {report} from the data", _median_seconds(build, rounds)),
        ("build and lay out as DOCX with charts", _median_seconds(build_and_render, rounds)),
    ]


def _print(title: str, rows: list[tuple[str, float]], target: float) -> None:
    print(title)
    baseline = rows[0][1]
    for name, seconds in rows:
        ratio = seconds / baseline if baseline else 0.0
        print(f"  {name:<70} {seconds * 1000:9.1f} ms  {ratio:8.1f} x baseline")
    verdict = "holds" if rows[-1][1] < target else "MISSED"
    print(f"  target: under {target * 1000:.0f} ms -> {verdict} ({rows[-1][1] / target:.0%} of it)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("-n", "--rounds", type=int, default=5)
    options = parser.parse_args()
    _django(options.database_url)
    from django.utils import translation

    with translation.override("en"):
        _print("Survey statistics", _survey_rows(options.rounds), 0.3)
        _print("Committee report", _report_rows(options.rounds), 5.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
