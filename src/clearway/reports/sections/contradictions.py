"""Claims the measured values do not support, in aggregate: after the state of the assessments, how many claimed
stages of the cycle's completed assessments the Members' own measurements contradict, per standard. No Member is
named; the counts are over the indicators the report's reader may see."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clearway.reports.document import Block
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register


@section_register
class Contradictions(SectionProvider):
    key = "assessment_contradictions"
    order = 28

    def heading(self, ctx: ReportContext) -> str | Promise | None:
        return None

    def build(self, ctx: ReportContext) -> list[Block]:
        from clearway.assessments.contradictions import cycle_contradictions
        from clearway.assessments.selectors import cycle_list

        cycle = (
            cycle_list(viewer=ctx.viewer).filter(opens_on__lte=ctx.period_end).order_by("-opens_on").first()
        )
        if cycle is None:
            return []
        found = cycle_contradictions(viewer=ctx.viewer, cycle=cycle)
        if not found.standards:
            return []
        ctx.snapshot["contradictions"] = {s.standard.key: [s.claims, s.members] for s in found.standards}
        per_standard = "; ".join(
            _("standard %(number)s: %(claims)s") % {"number": s.standard.number, "claims": s.claims}
            for s in found.standards
        )
        text = ngettext(
            "In the completed assessments of “%(cycle)s”, %(claims)s claimed stage(s), by %(n)s Member, are not "
            "supported by the values the Member measured (%(standards)s).",
            "In the completed assessments of “%(cycle)s”, %(claims)s claimed stage(s), by %(n)s Members, are not "
            "supported by the values the Members measured (%(standards)s).",
            found.members,
        ) % {"cycle": cycle.name, "claims": found.claims, "n": found.members, "standards": per_standard}
        return [self.paragraph("summary", text)]
