from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clearway.aeo import selectors
from clearway.core.actors import Actor
from clearway.core.panels import Panel
from clearway.members.models import Member


def member_panels(*, member: Member, viewer: Actor) -> list[Panel]:
    programmes = list(selectors.programme_list(viewer=viewer, member=member))
    mra_count = selectors.mra_list(viewer=viewer, member=member).count()
    html = render_to_string(
        "aeo/member_panel.html",
        {
            "member": member,
            "programmes": programmes,
            "mra_count": mra_count,
            "illustrative": selectors.register_has_illustrative(programmes=programmes),
        },
    )
    return [Panel(title=_("AEO programmes"), html=html, order=60)]
