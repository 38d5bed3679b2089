"""Requests for national support: the three conditions, and where Members stand on the way to a national workshop."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.facts import PipelineFact
from clearway.reports.phrases import date_long
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register


@section_register
class NationalRequests(SectionProvider):
    """Continues section II (no heading of its own), as the committee document does."""

    key = "national_requests"
    order = 25

    def heading(self, ctx: ReportContext) -> str | Promise | None:
        return None

    def build(self, ctx: ReportContext) -> list[Block]:
        pipeline: PipelineFact | None = ctx.fetch("pipeline", ctx.sources.request_pipeline)
        blocks = [
            self.paragraph(
                "conditions",
                _(
                    "In this regard, capacity building support would be provided to the Members that notify their "
                    "intention to implement the E-Commerce FoS; complete an assessment following the KPIs for monitoring "
                    "and evaluation of the E-Commerce FoS implementation, and make an official request from the "
                    "respective Director General to the WCO."
                ),
            )
        ]
        if pipeline is None:
            return blocks
        ctx.snapshot["pipeline"] = {"at": pipeline.at.isoformat(), "counts": pipeline.counts}
        if not any(pipeline.counts.values()):
            blocks.append(
                self.paragraph(
                    "pipeline",
                    _("As at %(date)s, no Member had yet started the procedure for national support.")
                    % {"date": date_long(pipeline.at, ctx.lang)},
                )
            )
            return blocks
        parts = [
            _("%(state)s (%(count)s)") % {"count": n, "state": pipeline.labels.get(code, code).lower()}
            for code, n in pipeline.counts.items()
            if n
        ]
        blocks.append(
            self.paragraph(
                "pipeline",
                _(
                    "As at %(date)s, the Members' requests for national support stood at these steps (number of "
                    "Members): %(steps)s."
                )
                % {"date": date_long(pipeline.at, ctx.lang), "steps": "; ".join(parts)},
            )
        )
        blocks.append(
            self.block(
                f"{self.key}.table",
                "table",
                columns=[_("Step"), _("Members")],
                rows=[[pipeline.labels.get(code, code), str(n)] for code, n in pipeline.counts.items()],
                caption=_("Requests for national support"),
            )
        )
        return blocks
