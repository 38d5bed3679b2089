"""One report template per committee: how its working documents are numbered, how the prose names it, and how
its document is laid out (meeting header, titles, section order).

The number of a committee's working document follows the WCO series of that committee (PC for the Permanent
Technical Committee, SP for the Policy Commission, SC for the Council, HC for the Capacity Building Committee):
the letters then at least four digits, e.g. PC0690. A report is refused a number outside its committee's series.

The front matter (the meeting header on the right, the centred titles, the period) is a Django template,
`reports/committees/<key>.txt`, extending the shared `reports/committees/base.txt`: one line per paragraph,
"<align> [bold] [size] | text", read by every exporter (DOCX, HTML, PDF) so that the formats say the same.
Adding a committee = an entry in `TEMPLATES` + its template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CommitteeTemplate:
    key: str
    prefix: str  # the letters of the committee's document series
    short: str | Promise  # how the prose names the committee once introduced: PTC / CTP
    title: str | Promise = _("E-Commerce")  # when the report gives none
    subtitle: str | Promise = _("Supporting Members' Implementation of the E-Commerce Package")
    # Section keys in the order this committee reads them; sections not listed follow in their standard order
    # (a new section is never silently left out), and the annex always comes last.
    sections: tuple[str, ...] = ()

    @property
    def example(self) -> str:
        return f"{self.prefix}0690"

    @property
    def front_template(self) -> str:
        return f"reports/committees/{self.key}.txt"

    def number_valid(self, number: str) -> bool:
        return re.fullmatch(rf"{self.prefix}\d{{4,}}", number.strip()) is not None

    def section_rank(self, key: str, standard: int) -> tuple[int, int]:
        """Where a section goes: its place in `sections`, else after them in its standard order."""
        if key in self.sections:
            return (0, self.sections.index(key))
        return (1, standard)


# Sections without a heading (national requests, support progress, assessments) continue the section before them
# (section II: their paragraphs refer back to its workshops): a committee moves whole sections, never these alone.
TEMPLATES: dict[str, CommitteeTemplate] = {
    t.key: t
    for t in (
        CommitteeTemplate("ptc", "PC", _("PTC")),
        CommitteeTemplate(
            "policy_commission",
            "SP",
            _("Policy Commission"),
            title=_("Cross-border E-Commerce"),
            subtitle=_("Progress report on the E-Commerce Package"),
            sections=("summary", "introduction", "survey_summaries"),
        ),
        CommitteeTemplate(
            "council",
            "SC",
            _("Council"),
            title=_("Cross-border E-Commerce"),
            subtitle=_("Report on the implementation of the E-Commerce Package"),
            # what Members answered first, then what the Secretariat delivered
            sections=("summary", "introduction", "survey_summaries", "capacity_activities"),
        ),
        CommitteeTemplate("capacity_building", "HC", _("Capacity Building Committee")),
    )
}


def committee_template(committee: str) -> CommitteeTemplate | None:
    return TEMPLATES.get(committee)


@dataclass(frozen=True)
class FrontLine:
    """One paragraph of the front matter: its text and how it is set."""

    text: str
    align: str = "left"  # left, right, center
    bold: bool = False
    size: int = 11  # points


_LINE = re.compile(r"(?P<align>left|right|center)(?P<bold> bold)?(?: (?P<size>\d+))? \| ?(?P<text>.*)")


def front_matter(committee: str, context: dict[str, Any]) -> list[FrontLine]:
    """The committee's front matter for `context` (`meta`: the DocumentMeta); lines without text are left out."""
    template = TEMPLATES.get(committee) or TEMPLATES["ptc"]
    lines = []
    for raw in render_to_string(template.front_template, context).splitlines():
        match = _LINE.fullmatch(raw.strip())
        if match is None or not match["text"].strip("-() "):
            continue
        lines.append(
            FrontLine(
                text=match["text"].strip(),
                align=match["align"],
                bold=bool(match["bold"]),
                size=int(match["size"] or 11),
            )
        )
    return lines
