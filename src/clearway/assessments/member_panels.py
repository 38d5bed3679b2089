"""The assessment panel on a Member's page: latest assessment visible to the viewer, score and commitments."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearway.assessments import analytics, selectors
from clearway.core.actors import Actor
from clearway.core.panels import Panel
from clearway.members.models import Member


def member_panels(*, member: Member, viewer: Actor) -> list[Panel]:
    assessments = list(
        selectors.assessment_list_for_user(user=viewer, member=member).order_by("-cycle__opens_on")
    )
    commitments = list(selectors.commitment_list_for_user(user=viewer, member=member))
    if not assessments and not commitments:
        return []
    rows = []
    for index, a in enumerate(assessments[:3]):
        raw = analytics.assessment_overall_for(viewer=viewer, assessment=a)
        # The earlier cycle listed next: when its catalogue version differs, the scorecard's like-for-like change
        # counts fewer indicators than this raw score (said beside it; read from the rows, no query).
        earlier = assessments[index + 1] if index + 1 < len(assessments) else None
        changed = earlier is not None and earlier.cycle.catalogue_id != a.cycle.catalogue_id
        rows.append((a, raw, earlier if changed else None))
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
