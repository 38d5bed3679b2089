"""The committee report states the claims measured values do not support, in aggregate, naming no Member."""

from __future__ import annotations

import datetime
from typing import Any

from tests.assessments.test_contradictions_where_decided import _contradicted


def test_the_committee_report_states_them_in_aggregate_without_naming_the_member(
    make_report: Any, secretariat: Any, focal_a: Any, member_a: Any
) -> None:
    from clearway.reports.services import report_export, report_generate
    from tests.reports.conftest import docx_text

    _contradicted(member_a, focal_a)
    report = make_report(period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30))
    version = report_generate(report=report, actor=secretariat)
    text = docx_text(
        report_export(report=report, actor=secretariat, format="docx", version=version).file.read()
    )
    assert (
        "In the completed assessments of “Cycle 2026”, 1 claimed stage(s), by 1 Member, are not supported"
        in text
    )
    assert member_a.name_en not in text.split("Cycle 2026")[1].split(".")[0]
