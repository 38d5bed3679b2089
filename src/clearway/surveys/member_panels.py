"""The surveys panel on a Member's page: surveys sent to the Member and its responses, as the viewer may see them."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clearway.core.actors import Actor
from clearway.core.panels import Panel
from clearway.surveys.selectors import response_list, survey_list


def member_panels(*, member: Any, viewer: Actor) -> list[Panel]:
    surveys = list(survey_list(user=viewer).filter(targets=member).order_by("-letter_date")[:10])
    if not surveys:
        return []
    responses = {r.survey_id: r for r in response_list(user=viewer).filter(member=member, survey__in=surveys)}
    rows = [{"survey": s, "response": responses.get(s.pk)} for s in surveys]
    html = render_to_string("surveys/_member_panel.html", {"rows": rows, "member": member})
    return [Panel(title=_("Surveys"), html=html, order=60)]
