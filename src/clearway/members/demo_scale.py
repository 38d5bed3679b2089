"""Which Members take part in the programme-scale demo data (see `clearway.core.demo_scale`)."""

from __future__ import annotations

from clearway.core.demo_scale import Scale, scale_random
from clearway.members.models import Member


def members_taking_part(*, scale: Scale) -> list[Member]:
    """Every active Member (ordered by ISO code), or that many picked evenly across the list."""
    members = list(Member.objects.filter(active=True).select_related("region").order_by("iso3"))
    if scale.members is None or scale.members >= len(members):
        return members
    step = len(members) / scale.members
    return [members[int(index * step)] for index in range(scale.members)]


def member_level(member: Member, year: int | None = None) -> float:
    """An illustrative implementation level (0-1), stable per Member and rising a little each year from 2021, so
    that its assessments, survey answers and AEO programme tell the same story."""
    base = scale_random("level", member.iso3).uniform(0.2, 0.8)
    return base if year is None else min(0.95, base + 0.03 * (year - 2021))
