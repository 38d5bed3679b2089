"""Progress after national support: did the standards a national workshop addressed improve in the Members'
next assessment, against the other Members? Continues section II after the requests for national support. Figures
are pooled: a group of fewer than 3 Members is not summarised, and no Member is named."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clearway.reports.document import Block
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register


def _change(group: Any) -> str:
    if group.suppressed:
        return _("not shown (fewer than 3 Members)")
    sign = "+" if group.mean > 0 else ""
    return sign + formats.number_format(group.mean, 1, use_l10n=True)


@section_register
class SupportProgress(SectionProvider):
    key = "support_progress"
    order = 26

    def heading(self, ctx: ReportContext) -> str | Promise | None:
        return None

    def build(self, ctx: ReportContext) -> list[Block]:
        from clearway.capacity.progress import programme_progress
        from clearway.core.exceptions import PermissionDenied

        try:
            view = programme_progress(viewer=ctx.viewer, until=ctx.period_end)
        except PermissionDenied:
            return []
        rows = [c for c in view.standards if c.supported.count]
        if not view.supported_members:
            return []
        ctx.snapshot["support_progress"] = {
            c.standard.key: [c.supported.count, c.supported.mean, c.not_supported.count, c.not_supported.mean]
            for c in rows
        }
        text = ngettext(
            "%(n)s Member received a national workshop on given standards;",
            "%(n)s Members received a national workshop on given standards;",
            view.supported_members,
        ) % {"n": view.supported_members}
        text += " " + ngettext(
            "%(m)s of them assessed itself both before and after it.",
            "%(m)s of them assessed themselves both before and after it.",
            view.measured_members,
        ) % {"m": view.measured_members}
        shown = [c for c in rows if not c.supported.suppressed]
        if shown:
            text += " " + _(
                "On the standards addressed, their scores changed by %(changes)s on average, against the other "
                "Members' change between their last two assessments shown in the table below."
            ) % {
                "changes": "; ".join(
                    _("standard %(number)s: %(change)s")
                    % {"number": c.standard.number, "change": _change(c.supported)}
                    for c in shown
                )
            }
        else:
            text += " " + _(
                "Fewer than 3 Members were measured on each standard addressed, so no change is summarised yet."
            )
        blocks = [self.paragraph("summary", text)]
        if shown:
            blocks.append(
                self.block(
                    f"{self.key}.table",
                    "table",
                    columns=[
                        _("Standard"),
                        _("Supported Members"),
                        _("Mean change"),
                        _("Other Members"),
                        _("Mean change"),
                    ],
                    rows=[
                        [
                            f"{c.standard.number}. {c.standard.title}",
                            str(c.supported.count),
                            _change(c.supported),
                            str(c.not_supported.count),
                            _change(c.not_supported),
                        ]
                        for c in rows
                    ],
                    caption=_("Progress after national support (change of the score per standard)"),
                )
            )
        return blocks
