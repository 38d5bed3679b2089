"""The state of Members' assessments following the KPIs (the second condition for national support)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.facts import AssessmentFact
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register


@section_register
class AssessmentsState(SectionProvider):
    key = "assessments_state"
    order = 27

    def heading(self, ctx: ReportContext) -> str | Promise | None:
        return None

    def build(self, ctx: ReportContext) -> list[Block]:
        overview: AssessmentFact | None = ctx.fetch("assessments", ctx.sources.assessment_overview)
        if overview is None:
            return []
        ctx.snapshot["assessments"] = {"cycle": overview.cycle, "counts": overview.counts}
        parts = [
            _("%(count)s %(state)s") % {"count": n, "state": overview.labels.get(code, code).lower()}
            for code, n in overview.counts.items()
            if n
        ]
        if not parts:
            text = _("No Member has yet started an assessment in the %(cycle)s cycle.") % {
                "cycle": overview.cycle
            }
        else:
            text = _(
                "As regards the assessments following the KPIs, in the %(cycle)s cycle the assessments of "
                "Members stood as follows: %(states)s."
            ) % {"cycle": overview.cycle, "states": "; ".join(parts)}
            if overview.average_rate is not None:
                text += " " + _(
                    "The average implementation rate of the submitted assessments is %(rate)s%%."
                ) % {"rate": round(overview.average_rate * 100)}
        blocks = [self.paragraph("overview", text)]
        if overview.regions:
            blocks.append(
                self.block(
                    f"{self.key}.table",
                    "table",
                    columns=[_("Region"), _("Assessments submitted"), _("Assessments started")],
                    rows=[[r, str(done), str(started)] for r, done, started in overview.regions],
                    caption=_("Assessments by region"),
                )
            )
        return blocks
