from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clearway.core.actors import Actor
from clearway.core.panels import Panel
from clearway.shipments import selectors


def member_panels(*, member: Any, viewer: Actor) -> list[Panel]:
    """The Member's latest shipment KPI result, for its own users and the secretariat only."""
    latest = selectors.kpi_result_list_for_user(user=viewer, member=member).first()
    if latest is None:
        return []
    html = render_to_string("shipments/member_panel.html", {"result": latest})
    return [Panel(title=_("Shipment KPIs"), html=html, order=70)]
