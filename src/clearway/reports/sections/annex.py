"""Annex: survey statistics, with tables and charts (respondents by region, stakeholder types covered and planned)."""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clearway.core.charts import PALETTE, chart_dict
from clearway.core.i18n import percent_format
from clearway.reports.document import Block
from clearway.reports.facts import AeoAnnexFact, SurveyFact
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register
from clearway.reports.sections.surveys import annex_for, survey_slug, surveys_for


def percent(share: float) -> str:
    return percent_format(share)


def coverage_chart(annex: AeoAnnexFact) -> dict[str, Any]:
    covered, planned = pgettext("AEO coverage", "Covered now"), pgettext("AEO coverage", "Planned")
    rows = [{"type": r.label, "status": covered, "members": r.covered} for r in annex.coverage]
    rows += [{"type": r.label, "status": planned, "members": r.planned} for r in annex.coverage]
    # Fields titled for screen readers ("Stakeholder type: …; Status: Planned"), guides untitled.
    kind, status = _("Stakeholder type"), _("Status")
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "type:N",
                title=kind,
                sort=[r.label for r in annex.coverage],
                axis=alt.Axis(labelLimit=280, title=None),
            ),
            x=alt.X("members:Q", title=_("Members"), axis=alt.Axis(tickMinStep=1, format="d")),
            yOffset=alt.YOffset("status:N", title=status, sort=[covered, planned]),
            color=alt.Color(
                "status:N",
                title=status,
                sort=[covered, planned],
                scale=alt.Scale(range=PALETTE[:2]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
        )
        .properties(width=420, height=alt.Step(12))
    )
    return chart_dict(chart.configure_view(stroke=None))


def region_chart(annex: AeoAnnexFact) -> dict[str, Any]:
    rows = [{"region": region, "respondents": n} for region, n in annex.by_region]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y(
                "region:N",
                title=_("Region"),
                sort=[r for r, _n in annex.by_region],
                axis=alt.Axis(labelLimit=280, title=None),
            ),
            x=alt.X("respondents:Q", title=_("Respondents"), axis=alt.Axis(tickMinStep=1, format="d")),
        )
        .properties(width=420, height=alt.Step(20))
    )
    return chart_dict(chart.configure_view(stroke=None))


@section_register
class AnnexSurveyStatistics(SectionProvider):
    key = "annex_survey_statistics"
    order = 10
    annex = True

    def heading(self, ctx: ReportContext) -> str | Promise:
        return _("Annex: survey statistics")

    def build(self, ctx: ReportContext) -> list[Block]:
        blocks: list[Block] = []
        for survey in surveys_for(ctx):
            annex = annex_for(ctx, survey)
            if annex is not None:
                blocks += self._survey(ctx, survey, annex)
        return blocks

    def _survey(self, ctx: ReportContext, survey: SurveyFact, annex: AeoAnnexFact) -> list[Block]:
        key = f"{self.key}.{survey_slug(survey)}"
        ctx.snapshot.setdefault("annex", {})[survey.key] = {
            "respondents": annex.respondents,
            "by_region": annex.by_region,
            "coverage": [[r.stakeholder, r.covered, r.planned] for r in annex.coverage],
        }
        intro = _(
            "%(count)s Member administrations answered the survey. The tables below give the respondents by "
            "WCO region and how they answered each question."
        ) % {"count": annex.respondents}
        if annex.coverage:
            intro += " " + _(
                "For each type of e-commerce stakeholder, they also give how many respondents cover it "
                "in their AEO programme now and how many plan to."
            )
        blocks = [
            self.block(f"{key}.heading", "heading", survey.title, level=2),
            self.block(f"{key}.intro", "paragraph", intro),
            self.block(
                f"{key}.regions",
                "table",
                columns=[_("WCO region"), _("Respondents"), _("Share")],
                rows=[
                    [region, str(n), percent(n / annex.respondents if annex.respondents else 0)]
                    for region, n in annex.by_region
                ],
                caption=_("Respondents by region"),
            ),
        ]
        if annex.by_region:
            blocks.append(
                self.block(
                    f"{key}.regions.chart",
                    "chart",
                    chart=region_chart(annex),
                    caption=_("Respondents by WCO region"),
                )
            )
        if annex.coverage:
            blocks.append(
                self.block(
                    f"{key}.coverage",
                    "table",
                    columns=[
                        _("Stakeholder type"),
                        pgettext("AEO coverage", "Covered now"),
                        _("Share"),
                        pgettext("AEO coverage", "Planned"),
                        _("Share"),
                    ],
                    rows=[
                        [
                            r.label,
                            str(r.covered),
                            percent(r.covered_share),
                            str(r.planned),
                            percent(r.planned_share),
                        ]
                        for r in annex.coverage
                    ],
                    caption=_("E-commerce stakeholders in AEO programmes"),
                )
            )
            blocks.append(
                self.block(
                    f"{key}.coverage.chart",
                    "chart",
                    chart=coverage_chart(annex),
                    caption=_("E-commerce stakeholders covered now and planned"),
                )
            )
        for question in annex.questions:
            blocks.append(
                self.block(
                    f"{key}.q.{question.name}",
                    "table",
                    columns=[_("Answer"), _("Respondents"), _("Share")],
                    rows=[
                        [label, str(n), percent(n / question.answered if question.answered else 0)]
                        for label, n in question.choices
                    ],
                    caption=_("%(question)s (%(answered)s respondents answered)")
                    % {"question": question.label, "answered": question.answered},
                )
            )
        if annex.illustrative or survey.illustrative:
            blocks.append(
                self.block(
                    f"{key}.illustrative",
                    "note",
                    _(
                        "Illustrative data: these figures are demonstration data, not real answers from Members."
                    ),
                )
            )
        return blocks
