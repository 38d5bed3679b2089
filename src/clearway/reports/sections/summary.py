"""The summary box at the top: purpose of the document and action required, before section I."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.phrases import session_label
from clearway.reports.sections.action_required import action_items, invitation
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register
from clearway.reports.sections.introduction import committee_short, period_phrase
from clearway.reports.sections.surveys import surveys_phrase


@section_register
class Summary(SectionProvider):
    key = "summary"
    order = 0
    numbered_heading = False

    def heading(self, ctx: ReportContext) -> str | Promise:
        return _("Summary")

    def build(self, ctx: ReportContext) -> list[Block]:
        if ctx.previous_session:
            since = _("after the %(session)s %(committee)s sessions") % {
                "session": session_label(ctx.previous_session, ctx.lang),
                "committee": committee_short(ctx.committee),
            }
        else:
            since = period_phrase(ctx)
        blocks = [
            self.block(f"{self.key}.purpose.heading", "heading", _("Purpose of document"), level=3),
            self.paragraph(
                "purpose",
                _(
                    "The purpose of this document is to provide an update on capacity building and awareness raising "
                    "activities in the area of cross-border e-commerce %(since)s."
                )
                % {"since": since},
                numbered=False,
            ),
        ]
        surveys = surveys_phrase(ctx)
        if surveys:
            blocks.append(
                self.paragraph(
                    "purpose_surveys",
                    _(
                        "This document also aims to provide information on the answers Members gave to %(surveys)s."
                    )
                    % {"surveys": surveys},
                    numbered=False,
                )
            )
        blocks.append(
            self.block(
                f"{self.key}.action.heading",
                "heading",
                _("Action required of the %(committee)s") % {"committee": committee_short(ctx.committee)},
                level=3,
            )
        )
        blocks.append(
            self.block(
                f"{self.key}.action",
                "bullets",
                invitation(ctx, short=True),
                items=action_items(ctx, in_annex_wording=False),
            )
        )
        return blocks
