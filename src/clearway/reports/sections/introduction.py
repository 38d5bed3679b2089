"""I. Introduction: how the E-Commerce Package came about and which progress reports preceded this one."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.phrases import MONTHS, join_list, session_label
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register


def committee_short(committee: str) -> str:
    """How the prose names a committee once introduced: PTC / CTP (from the committee's report template)."""
    from clearway.reports.committees import committee_template

    template = committee_template(committee)
    return str(template.short) if template else committee


def previous_sessions_phrase(ctx: ReportContext, session: str) -> str:
    return _("the %(session)s %(committee)s sessions") % {
        "session": session_label(session, ctx.lang),
        "committee": committee_short(ctx.committee),
    }


@section_register
class Introduction(SectionProvider):
    key = "introduction"
    order = 10

    def heading(self, ctx: ReportContext) -> str | Promise:
        return _("Introduction")

    def build(self, ctx: ReportContext) -> list[Block]:
        adopted = ctx.sources.framework_adoption()
        ctx.snapshot["introduction"] = {
            "adopted": adopted.isoformat() if adopted else None,
            "previous": ctx.fetch("previous_reports", ctx.sources.previous_reports),
        }
        rest = _(
            "Subsequently, the Council approved a number of tools that support the implementation of the "
            "E-Commerce FoS and form part of the E-Commerce Package."
        )
        if adopted:
            first = _(
                "At its %(when)s Sessions, the Council approved the WCO Framework of Standards on Cross-Border "
                "E-Commerce (hereafter “E-Commerce FoS”) and the accompanying Council Resolution."
            ) % {"when": f"{MONTHS[ctx.lang][adopted.month - 1]} {adopted.year}"}
        else:
            first = _(
                "The Council approved the WCO Framework of Standards on Cross-Border E-Commerce (hereafter "
                "“E-Commerce FoS”) and the accompanying Council Resolution."
            )
        blocks = [
            self.paragraph("adoption", f"{first} {rest}"),
            self.paragraph(
                "package",
                _(
                    "In addition, the Council approved the E-Commerce FoS update/maintenance mechanism, a broad "
                    "capacity building action plan for e-commerce, and the key performance indicators (KPI) for "
                    "possible monitoring and evaluation of the E-Commerce FoS implementation, as well as for capacity "
                    "building purposes."
                ),
            ),
        ]
        history = self._history(ctx)
        if history:
            blocks.append(self.paragraph("history", history))
        return blocks

    def _history(self, ctx: ReportContext) -> str:
        sessions = [r["session"] for r in ctx.fetch("previous_reports", ctx.sources.previous_reports)]
        if ctx.previous_session and ctx.previous_session not in sessions:
            sessions.append(ctx.previous_session)
        if not sessions:
            return ""
        return _(
            "Following the finalization of the E-Commerce Package, the Secretariat is investing efforts in "
            "supporting the effective and harmonized implementation by Members of the E-Commerce FoS. Progress "
            "reports on the delivery of capacity building and awareness raising activities in the area of "
            "e-commerce were submitted to %(sessions)s."
        ) % {"sessions": join_list([previous_sessions_phrase(ctx, s) for s in sessions], ctx.lang)}


def period_phrase(ctx: ReportContext) -> str:
    from clearway.reports.phrases import date_long

    return _("from %(start)s to %(end)s") % {
        "start": date_long(ctx.period_start, ctx.lang),
        "end": date_long(ctx.period_end, ctx.lang),
    }
