"""IV. Action required: what the committee is invited to do, following from what the document reports."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register
from clearway.reports.sections.capacity import activities_for
from clearway.reports.sections.surveys import surveys_phrase


def action_items(ctx: ReportContext, *, in_annex_wording: bool) -> list[str]:
    items = []
    if activities_for(ctx):
        items.append(
            _(
                "take note of the activities undertaken by the Secretariat to support Members' "
                "implementation of the E-Commerce Package, and provide guidance, as appropriate"
            )
        )
    surveys = surveys_phrase(ctx)
    if surveys:
        text = _("take note of the collective summary of the answers to %(surveys)s") % {"surveys": surveys}
        if in_annex_wording:
            text += _(" as appended in the Annex hereto")
        items.append(text)
    if not items:
        items.append(_("take note of this document and provide guidance, as appropriate"))
    return items


def invitation(ctx: ReportContext, *, short: bool) -> str:
    from clearway.reports.sections.introduction import committee_short

    name = committee_short(ctx.committee) if short else ctx.committee_label
    return _("The %(committee)s is invited to:") % {"committee": name}


@section_register
class ActionRequired(SectionProvider):
    key = "action_required"
    order = 90

    def heading(self, ctx: ReportContext) -> str | Promise:
        return _("Action required")

    def build(self, ctx: ReportContext) -> list[Block]:
        return [
            self.block(
                f"{self.key}.invitation",
                "bullets",
                invitation(ctx, short=False),
                items=action_items(ctx, in_annex_wording=True),
                numbered=True,
            )
        ]
