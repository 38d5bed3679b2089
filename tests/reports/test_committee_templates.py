"""Each committee's document is laid out by its own template (meeting header, titles, section order) on a shared
base; the DOCX, the PDF and the HTML of two committees differ as their templates declare, read back from the files."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest

from clearway.members.models import Region
from clearway.reports.assembly import committee_sections
from clearway.reports.committees import TEMPLATES
from clearway.reports.production import report_produce
from clearway.reports.sections.base import section_providers
from tests.capacity.factories import activity_make
from tests.reports.conftest import docx_read, pdf_body_text
from tests.surveys.conftest import make_survey, stats_version  # noqa: F401 (fixtures)

D = datetime.date

# What each template declares, in the order a reader meets it.
FRONT = {
    "ptc": [
        "PERMANENT TECHNICAL COMMITTEE",
        "PC0780",
        "(HYBRID MEETING)",
        "235th/236th Sessions",
        "25-29 April 2026",
        "Brussels, 7 July 2026.",
        "E-COMMERCE",
        "- Supporting Members' Implementation of the E-Commerce Package -",
        "(Item X.a on the Agenda)",
    ],
    "council": [
        "SC0780",
        "COUNCIL",
        "Brussels, 7 July 2026.",
        "235th/236th Sessions",
        "25-29 April 2026",
        "(HYBRID MEETING)",
        "CROSS-BORDER E-COMMERCE",
        "Report on the implementation of the E-Commerce Package",
        "(Item X.a on the Agenda)",
    ],
}
CAPACITY = "Capacity Building Activities"
SURVEYS = "Surveys of Members to support the implementation"


def _in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


def _html_text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def period_data(make_survey: Any, db: Any) -> None:  # noqa: F811
    make_survey()  # letter of 2 March 2026
    activity_make(
        title_en="Regional workshop for EUR",
        start_date=D(2026, 3, 2),
        end_date=D(2026, 3, 4),
        region=Region.objects.get(code="EUR"),
        participants_value=45,
    )


@pytest.mark.parametrize("committee", ["ptc", "council"])
def test_two_committees_differ_as_their_templates_declare_in_every_format(
    period_data: None, make_report: Any, secretariat: Any, committee: str
) -> None:
    prefix = TEMPLATES[committee].prefix
    report = make_report(
        committee=committee,
        document_number=f"{prefix}0780",
        document_date=D(2026, 7, 7),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
        meeting_start=D(2026, 4, 25),
        meeting_end=D(2026, 4, 29),
        previous_session="",
        previous_document_number="",
    )
    files = {
        f.format: f.file.read()
        for f in report_produce(report=report, actor=secretariat, formats=["docx", "pdf", "html"]).files
    }
    paragraphs = [p.text for p in docx_read(files["docx"]).paragraphs if p.text.strip()]
    assert paragraphs[: len(FRONT[committee])] == FRONT[committee]
    docx = " ".join(paragraphs)
    pdf = pdf_body_text(files["pdf"])
    html = _html_text(files["html"].decode())
    sections = [CAPACITY, SURVEYS] if committee == "ptc" else [SURVEYS, CAPACITY]
    for text in (docx, pdf, html):
        assert _in_order(text, FRONT[committee]), (committee, text[:600])
        assert _in_order(text, sections), committee
    other = "council" if committee == "ptc" else "ptc"
    assert FRONT[other][0] not in " ".join(paragraphs[:2])


def test_every_committee_has_a_template_and_lists_only_sections_that_exist() -> None:
    from django.template.loader import get_template

    known = {p.key for p in section_providers()}
    for template in TEMPLATES.values():
        get_template(template.front_template)
        assert set(template.sections) <= known, template.key
        order = [p.key for p in committee_sections(template.key)]
        assert sorted(order) == sorted(
            known
        )  # nothing left out: unlisted sections follow in their standard order
        assert order[: len(template.sections)] == list(template.sections)
