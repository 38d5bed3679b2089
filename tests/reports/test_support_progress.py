"""The committee report states progress after national support, pooled, and read back from the DOCX."""

from __future__ import annotations

import datetime
from typing import Any

from clearway.reports.services import report_export, report_generate
from tests.capacity.test_support_loop import _assessed, _cycle, _organiser, _standards
from tests.reports.conftest import docx_text


def _supported_and_others(count: int) -> None:
    from clearway.capacity.models import Activity
    from clearway.members.models import Member

    (standard,) = _standards(1)
    before, after = _cycle("2024", 2024), _cycle("2026", 2026)
    for member in Member.objects.filter(region__code="ESA").order_by("iso3")[:count]:
        activity = Activity.objects.create(
            title_en=f"Workshop {member.iso3}",
            kind="national_workshop",
            status="delivered",
            modality="online",
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 3),
            organiser_id=_organiser().pk,
        )
        activity.members.set([member])
        activity.standards.set([standard])
        _assessed(member, before, datetime.date(2024, 6, 1), {standard.key: 20.0})
        _assessed(member, after, datetime.date(2026, 2, 1), {standard.key: 50.0})
    for member in Member.objects.filter(region__code="EUR").order_by("iso3")[:3]:
        _assessed(member, before, datetime.date(2024, 6, 1), {standard.key: 20.0})
        _assessed(member, after, datetime.date(2026, 2, 1), {standard.key: 25.0})


def test_the_report_states_progress_after_support_in_both_languages(
    make_report: Any, secretariat: Any
) -> None:
    _supported_and_others(3)
    period = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2026, 6, 30)}
    for language, facts in (
        (
            "en",
            ["3 Members received a national workshop", "3 of them assessed themselves", "standard 1: +30.0"],
        ),
        (
            "fr",
            ["3 Membres ont reçu un atelier national", "3 d'entre eux se sont évalués", "norme 1 : +30,0"],
        ),
    ):
        report = make_report(language=language, **period)
        version = report_generate(report=report, actor=secretariat)
        text = docx_text(
            report_export(report=report, actor=secretariat, format="docx", version=version).file.read()
        )
        text = text.replace("\u00a0", " ").replace("\u202f", " ")  # the spaces French sets before signs
        missing = [fact for fact in facts if fact not in text]
        assert not missing, missing
        assert "Workshop KEN" not in text  # pooled: no Member named


def test_a_group_under_three_members_is_not_summarised_in_the_report(
    make_report: Any, secretariat: Any
) -> None:
    _supported_and_others(2)
    report = make_report(period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2026, 6, 30))
    version = report_generate(report=report, actor=secretariat)
    text = docx_text(
        report_export(report=report, actor=secretariat, format="docx", version=version).file.read()
    )
    assert "2 Members received a national workshop" in text
    assert "no change is summarised yet" in text and "+30.0" not in text
