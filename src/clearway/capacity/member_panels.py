"""The capacity-building history panel on a Member's page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clearway.capacity.progress import member_progress
from clearway.capacity.selectors import member_history
from clearway.core.actors import Actor
from clearway.core.panels import Panel

# The Member page lists the latest activities; the Member's capacity-building page lists them all.
MEMBER_PAGE_ACTIVITIES = 10


def member_panels(*, member: Any, viewer: Actor) -> list[Panel]:
    history = member_history(viewer=viewer, member=member, limit=MEMBER_PAGE_ACTIVITIES)
    html = render_to_string("capacity/_member_history.html", {"history": history})
    panels = [Panel(title=_("Capacity building"), html=html, order=40)]
    measured = member_progress(viewer=viewer, member=member)
    if measured:
        html = render_to_string("capacity/_progress.html", {"progress": measured})
        panels.append(Panel(title=_("Progress after support"), html=html, order=41))
    return panels
