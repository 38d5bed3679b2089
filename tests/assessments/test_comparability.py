"""Comparability explained: the scorecard lists the indicators that changed between catalogue versions and how
each earlier answer was carried; the Member page says why a raw score differs from the comparable one."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from clearway.assessments.models import Assessment, AssessmentCycle, Catalogue
from clearway.assessments.services import answer_save


def _cycle_with(member: Any, code: str, year: int) -> Assessment:
    cycle = AssessmentCycle.objects.create(
        name_en=f"Cycle {year}",
        catalogue=Catalogue.objects.get(code=code),
        opens_on=datetime.date(year, 1, 1),
        closes_on=datetime.date(year, 12, 31),
    )
    return Assessment.objects.create(member=member, cycle=cycle, status="in_progress")


def _answer(actor: Any, assessment: Assessment, code: str, **value: Any) -> None:
    answer_save(actor=actor, assessment=assessment, indicator_code=code, base_version=0, **value)


def _submit(assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted", submitted_at=timezone.now())


def test_the_scorecard_lists_split_renamed_dropped_and_new_indicators_and_how_answers_were_carried(
    client_for: Any, focal_a: Any, member_a: Any
) -> None:
    before = _cycle_with(member_a, "clearway-2022-v1", 2024)
    now = _cycle_with(member_a, "clearway-2022-v2", 2026)
    law2 = before.cycle.catalogue.indicators.get(code="LAW.2")
    _answer(focal_a, before, "LAW.2", **({"stage": "partial"} if law2.kind == "maturity" else {"yes": True}))
    page = client_for(focal_a).get(f"/assessments/{now.pk}/").content.decode()
    assert 'id="catalogue-changes"' in page
    table = page[page.index('id="catalogue-changes"') :]
    split = table[table.index('data-kind="split"') :].split("</tr>")[0]
    assert "LAW.2A" in split and "LAW.2B" in split and "stands for each of its successors" in split
    renamed = table[table.index('data-kind="renamed"') :].split("</tr>")[0]
    assert "MEA.1" in renamed and "MEA.SYS" in renamed and "No earlier answer" in renamed
    dropped = table[table.index('data-kind="dropped"') :].split("</tr>")[0]
    assert "FRD.3" in dropped and "left out of the comparison" in dropped


def test_the_member_page_says_why_a_raw_score_differs_from_the_comparable_one(
    client_for: Any, focal_a: Any, secretariat: Any, member_a: Any
) -> None:
    before = _cycle_with(member_a, "clearway-2022-v1", 2024)
    now = _cycle_with(member_a, "clearway-2022-v2", 2026)
    v2 = now.cycle.catalogue.indicators.filter(kind="maturity")
    new = v2.exclude(mapped_from__isnull=False).first()  # an indicator new in v2: counted raw, not compared
    common = v2.filter(mapped_from__source__catalogue=before.cycle.catalogue).first()
    _answer(focal_a, before, common.mapped_from.get().source.code, stage="partial")
    _answer(focal_a, now, common.code, stage="full")
    _answer(focal_a, now, new.code, stage="none")
    _submit(before)
    _submit(now)
    page = client_for(secretariat).get(f"/members/{member_a.iso3}/").content.decode()
    row = page[page.index('id="member-scores"') :].split("</tr>")[1]
    assert (
        "Cycle 2026" in row
        and "counts only the indicators that correspond between the catalogue versions" in row
    )
    assert f'/assessments/{now.pk}/#change">comparable scores</a>' in row
