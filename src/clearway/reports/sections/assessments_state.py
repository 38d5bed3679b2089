"""The state of Members' assessments following the KPIs (the second condition for national support)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.facts import AssessmentFact
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register


@section_register
class AssessmentsState(SectionProvider):
    """Continues section II: where Members stand with the self-assessment the conditions ask for."""

    key = "assessments_state"
    order = 27

    def heading(self, ctx: ReportContext) -> str | Promise | None:
        return None

    def build(self, ctx: ReportContext) -> list[Block]:
        overview: AssessmentFact | None = ctx.fetch("assessments", ctx.sources.assessment_overview)
        if overview is None:
            return []
        ctx.snapshot["assessments"] = {"cycle": overview.cycle, "counts": overview.counts}
        completed = overview.counts.get("submitted", 0) + overview.counts.get("validated", 0)
        if not overview.members_total:
            text = _("No Member has yet been invited to an assessment in the cycle “%(cycle)s”.") % {
                "cycle": overview.cycle
            }
        else:
            text = _(
                "In the assessment cycle “%(cycle)s”, %(completed)s of the %(total)s Members invited "
                "have completed their assessment following the KPIs (%(validated)s validated by the "
                "Secretariat); %(in_progress)s are in progress and %(not_started)s have not started."
            ) % {
                "cycle": overview.cycle,
                "completed": completed,
                "total": overview.members_total,
                "validated": overview.counts.get("validated", 0),
                "in_progress": overview.counts.get("in_progress", 0) + overview.counts.get("returned", 0),
                "not_started": overview.counts.get("not_started", 0),
            }
            if overview.median_score is not None:
                text += " " + _(
                    "The median overall score of the completed assessments is %(score)s out of 100."
                ) % {"score": f"{overview.median_score:g}"}
        blocks = [self.paragraph("overview", text)]
        if overview.regions:
            blocks.append(
                self.block(
                    f"{self.key}.table",
                    "table",
                    columns=[_("Region"), _("Assessments completed"), _("Members invited")],
                    rows=[[r, str(done), str(total)] for r, done, total in overview.regions],
                    caption=_("Assessments by region"),
                )
            )
        return blocks
