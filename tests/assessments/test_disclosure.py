"""Disclosure levels and tenancy per persona, on pages, API and exports alike; benchmark suppression."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest

from clearway.assessments import analytics, selectors, services
from clearway.assessments.models import Indicator

pytestmark = pytest.mark.django_db


def _submit(assessment: Any, focal: Any, answer_all: Any, level: str = "full") -> Any:
    answer_all(assessment, focal, level=level)
    return services.assessment_submit(actor=focal, assessment=assessment, statement="Signed.")


def test_member_b_cannot_reach_member_a_draft_by_page_or_api(
    assessment_a: Any, focal_a: Any, focal_b: Any, client_for: Any
) -> None:
    services.answer_save(
        actor=focal_a, assessment=assessment_a, indicator_code="RM.1", base_version=0, stage="full"
    )
    b = client_for(focal_b)
    assert b.get(f"/assessments/{assessment_a.pk}/").status_code == 404
    assert b.get(f"/assessments/{assessment_a.pk}/edit/").status_code == 404
    assert b.get(f"/api/assessments/{assessment_a.pk}").status_code == 404
    put = b.put(
        f"/api/assessments/{assessment_a.pk}/answers/RM.1",
        {"version": 1, "stage": "none"},
        content_type="application/json",
    )
    assert put.status_code == 404
    assert assessment_a.answers.get(indicator__code="RM.1").stage == "full"
    assert [a["member"] for a in b.get("/api/assessments/").json()] == ["UGA"]
    a = client_for(focal_a)
    assert a.get(f"/assessments/{assessment_a.pk}/edit/").status_code == 200


def test_submitted_assessment_shows_each_persona_only_its_disclosure_levels(
    assessment_a: Any,
    focal_a: Any,
    focal_b: Any,
    observer: Any,
    secretariat: Any,
    regional_esa: Any,
    answer_all: Any,
    client_for: Any,
) -> None:
    _submit(assessment_a, focal_a, answer_all)
    levels = dict(
        Indicator.objects.filter(catalogue=assessment_a.cycle.catalogue).values_list("code", "disclosure")
    )
    expected = {
        focal_a: {"public", "members", "secretariat"},
        secretariat: {"public", "members", "secretariat"},
        focal_b: {"public", "members"},
        regional_esa: {"public", "members"},
        observer: {"public"},
    }
    for user, allowed in expected.items():
        data = client_for(user).get(f"/api/assessments/{assessment_a.pk}").json()
        seen = {levels[a["indicator"]] for a in data["answers"]}
        assert seen == allowed, user.username
    # Other Members cannot change it, nor read the thread or the answer history.
    b = client_for(focal_b)
    page = b.get(f"/assessments/{assessment_a.pk}/").content.decode()
    assert "RM.4" not in page and "RM.2" in page  # RM.4 hit rate is secretariat-only
    assert "Thread with the secretariat" not in page
    assert b.get(f"/assessments/{assessment_a.pk}/answers/RM.1/history/").status_code == 404
    assert "RM.4" in client_for(secretariat).get(f"/assessments/{assessment_a.pk}/").content.decode()


def test_anonymous_visitor_sees_nothing(assessment_a: Any, anon_client: Any) -> None:
    assert anon_client.get(f"/assessments/{assessment_a.pk}/").status_code == 302
    assert anon_client.get(f"/api/assessments/{assessment_a.pk}").status_code == 401
    assert anon_client.get(f"/api/assessments/cycles/{assessment_a.cycle_id}/benchmarks").status_code == 401


def test_benchmarks_are_suppressed_under_three_members(
    cycle: Any,
    assessment_a: Any,
    assessment_b: Any,
    focal_a: Any,
    focal_b: Any,
    make_user: Any,
    secretariat: Any,
    answer_all: Any,
) -> None:
    from clearway.members.models import Member

    _submit(assessment_a, focal_a, answer_all, "full")
    _submit(assessment_b, focal_b, answer_all, "none")
    overall = [b for b in analytics.cycle_benchmarks(viewer=secretariat, cycle=cycle) if not b.region]
    assert overall and all(b.suppressed and b.median is None for b in overall)
    summary = analytics.cycle_overview_summary(viewer=secretariat, cycle=cycle)
    assert summary.median_score is None and summary.median_suppressed
    # A third Member submits: the all-Members and ESA benchmarks appear; other regions stay suppressed.
    tanzania = Member.objects.get(iso3="TZA")
    third = services.cycle_create(
        actor=secretariat,
        name="Other",
        catalogue=cycle.catalogue,
        opens_on=datetime.date(2025, 1, 1),
        closes_on=datetime.date(2025, 2, 1),
        members=[tanzania],
    ).assessments.get()
    third.cycle = cycle
    third.save()
    _submit(third, make_user("member_focal_point", member=tanzania), answer_all, "partial")
    bench = {
        (b.standard.key, b.region): b for b in analytics.cycle_benchmarks(viewer=secretariat, cycle=cycle)
    }
    everyone = bench[("risk-management", "")]
    assert (everyone.count, everyone.suppressed) == (3, False)
    assert everyone.q1 is not None and everyone.q1 <= everyone.median <= everyone.q3
    assert bench[("risk-management", "ESA")].count == 3
    summary = analytics.cycle_overview_summary(viewer=secretariat, cycle=cycle)
    assert summary.median_score is not None and summary.submitted == 3


def test_scores_shown_use_only_the_viewer_levels(
    cycle: Any,
    assessment_a: Any,
    focal_a: Any,
    observer: Any,
    focal_b: Any,
    secretariat: Any,
    answer_all: Any,
) -> None:
    from tests.assessments.conftest import answer_values

    answer_all(assessment_a, focal_a, level="full")
    # The only weak answers are restricted to the secretariat: nobody else may see their effect on a score.
    for indicator in Indicator.objects.filter(catalogue=cycle.catalogue, disclosure="secretariat"):
        current = assessment_a.answers.get(indicator=indicator)
        services.answer_save(
            actor=focal_a,
            assessment=assessment_a,
            indicator_code=indicator.code,
            base_version=current.version,
            **answer_values(indicator, "none"),
        )
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    assert selectors.scorecard_for(viewer=secretariat, assessment=assessment_a).overall < 100
    assert selectors.scorecard_for(viewer=focal_a, assessment=assessment_a).overall < 100
    for viewer in (observer, focal_b):
        card = selectors.scorecard_for(viewer=viewer, assessment=assessment_a)
        assert card.overall == 100.0
        assert "secretariat" not in {line.indicator.disclosure for s in card.standards for line in s.lines}
    heat = analytics.cycle_heatmap(viewer=focal_b, cycle=cycle)
    assert [row.overall for row in heat] == [100.0]


def test_exports_follow_the_same_rules_as_pages(
    cycle: Any,
    assessment_a: Any,
    focal_a: Any,
    focal_b: Any,
    answer_all: Any,
    client_for: Any,
    secretariat: Any,
) -> None:
    answer_all(assessment_a, focal_a)  # a draft: only Kenya and the secretariat may see it
    rows_b = list(
        csv.reader(
            io.StringIO(
                client_for(focal_b)
                .get(f"/assessments/cycles/{cycle.pk}/export.csv")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert [r[1] for r in rows_b[1:]] == ["UGA"]
    rows_sec = list(
        csv.reader(
            io.StringIO(
                client_for(secretariat)
                .get(f"/assessments/cycles/{cycle.pk}/export.csv")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert sorted(r[1] for r in rows_sec[1:]) == ["KEN", "UGA"]
    services.assessment_submit(actor=focal_a, assessment=assessment_a, statement="Signed.")
    api = {
        a["member"]: a["overall_score"]
        for a in client_for(focal_b).get(f"/api/assessments/?cycle_id={cycle.pk}").json()
    }
    rows_b = list(
        csv.reader(
            io.StringIO(
                client_for(focal_b)
                .get(f"/assessments/cycles/{cycle.pk}/export.csv")
                .content.decode("utf-8-sig")
            )
        )
    )
    ken = next(r for r in rows_b if r[1] == "KEN")
    assert float(ken[5]) == api["KEN"]  # the same score in the export and the API for the same viewer
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(client_for(focal_b).get(f"/assessments/cycles/{cycle.pk}/export.xlsx").content)
    )
    codes = {row[4] for row in book["Answers"].iter_rows(min_row=2, values_only=True) if row[1] == "KEN"}
    restricted = set(
        Indicator.objects.filter(catalogue=cycle.catalogue, disclosure="secretariat").values_list(
            "code", flat=True
        )
    )
    assert codes and not codes & restricted
    book = load_workbook(
        io.BytesIO(client_for(secretariat).get(f"/assessments/cycles/{cycle.pk}/export.xlsx").content)
    )
    assert restricted <= {row[4] for row in book["Answers"].iter_rows(min_row=2, values_only=True)}


def test_evidence_downloads_follow_tenancy_and_disclosure(
    assessment_a: Any, focal_a: Any, focal_b: Any, secretariat: Any, answer_all: Any, client_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    public = services.evidence_upload(
        actor=focal_a,
        assessment=assessment_a,
        indicator_code="LAW.1",
        upload=SimpleUploadedFile("law.pdf", b"%PDF-1.7 law"),
    )
    restricted = services.evidence_upload(
        actor=focal_a,
        assessment=assessment_a,
        indicator_code="RM.4",
        upload=SimpleUploadedFile("hits.pdf", b"%PDF-1.7 hits"),
    )
    b = client_for(focal_b)
    assert b.get(f"/assessments/evidence/{public.pk}/").status_code == 404  # a draft of another Member
    _submit(assessment_a, focal_a, answer_all)
    assert b.get(f"/assessments/evidence/{public.pk}/").status_code == 200
    assert b.get(f"/assessments/evidence/{restricted.pk}/").status_code == 404  # secretariat-only indicator
    response = client_for(secretariat).get(f"/assessments/evidence/{restricted.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 hits"
