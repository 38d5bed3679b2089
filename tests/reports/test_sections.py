"""Sections are registered classes: each renders its data; a new one appears without touching any caller."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from clearway.reports.document import Block
from clearway.reports.facts import AssessmentFact
from clearway.reports.sections import base
from clearway.reports.sections.base import ReportContext, SectionProvider, section_providers, section_register
from clearway.reports.services import report_export, report_generate
from clearway.reports.sources import DataSources
from tests.reports.conftest import docx_text

D = datetime.date


class _WithAssessments(DataSources):
    def assessment_overview(self) -> AssessmentFact:
        return AssessmentFact(
            cycle="Cycle 2024",
            members_total=38,
            counts={"not_started": 2, "in_progress": 3, "submitted": 6, "validated": 27, "returned": 0},
            median_score=52.9,
            regions=[("East and Southern Africa (ESA)", 8, 9)],
        )


def test_the_assessments_paragraph_states_where_members_stand(secretariat: Any, make_report: Any) -> None:
    report = make_report()
    sources = _WithAssessments(
        viewer=secretariat, start=report.period_start, end=report.period_end, lang="en"
    )
    version = report_generate(report=report, actor=secretariat, sources=sources)
    blocks = {b["id"]: b for b in version.blocks}
    assert blocks["assessments_state.overview"]["text"] == (
        "In the assessment cycle “Cycle 2024”, 33 of the 38 Members invited have completed their assessment "
        "following the KPIs (27 validated by the Secretariat); 3 are in progress and 2 have not started. The median "
        "overall score of the completed assessments is 52.9 out of 100."
    )
    assert blocks["assessments_state.table"]["rows"] == [["East and Southern Africa (ESA)", "8", "9"]]


def test_the_sections_come_in_document_order() -> None:
    keys = [p.key for p in section_providers()]
    assert keys == [
        "summary",
        "introduction",
        "capacity_activities",
        "national_requests",
        "support_progress",
        "assessments_state",
        "assessment_contradictions",
        "survey_summaries",
        "action_required",
        "annex_survey_statistics",
    ]


class _Outlook(SectionProvider):
    key = "outlook"
    order = 80

    def heading(self, ctx: ReportContext) -> str:
        return "Outlook"

    def build(self, ctx: ReportContext) -> list[Block]:
        return [
            self.paragraph("next", f"The next report will cover the period after {ctx.period_end:%d %B %Y}.")
        ]


@pytest.fixture
def outlook_registered() -> Iterator[None]:
    section_register(_Outlook)
    yield
    base._REGISTRY.pop("outlook")


def test_a_registered_section_reaches_every_format_without_other_changes(
    secretariat: Any, make_report: Any, outlook_registered: None
) -> None:
    report = make_report()
    report_generate(report=report, actor=secretariat)
    text = docx_text(report_export(report=report, actor=secretariat, format="docx").file.read())
    assert "III. Outlook" in text and "The next report will cover the period after 07 March 2022." in text
    assert text.index("III. Outlook") < text.index("IV. Action required")
