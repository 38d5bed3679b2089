"""The assessment panel on a Member's page: latest assessment visible to the viewer, score and commitments."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearway.assessments import selectors
from clearway.assessments.comparability import comparable_score
from clearway.core.panels import Panel
from clearway.members.models import Member


def member_panels(*, member: Member, viewer: Any) -> list[Panel]:
    assessments = list(
        selectors.assessment_list_for_user(user=viewer, member=member).order_by("-cycle__opens_on")
    )
    commitments = list(selectors.commitment_list_for_user(user=viewer, member=member))
    if not assessments and not commitments:
        return []
    rows = []
    for a in assessments[:3]:
        raw = selectors.assessment_overall_for(viewer=viewer, assessment=a)
        rows.append((a, raw, comparable_score(viewer=viewer, assessment=a, raw=raw)))
    html = render_to_string(
        "assessments/member_panel.html",
        {
            "rows": rows,
            "commitments": commitments,
            "today": timezone.localdate(),
            "illustrative": any(a.illustrative for a in assessments)
            or any(c.illustrative for c in commitments),
        },
    )
    return [Panel(title=_("Self-assessment"), html=html, order=30)]
