"""Members' names by code, for core's pages (the audit trail's Member filter); core finds this module by its name
(core.discovery) and knows no Member."""

from __future__ import annotations

from collections.abc import Iterable

from clearway.members.models import Member


def member_names(*, codes: Iterable[str]) -> dict[str, str]:
    """{ISO alpha-3 code: name in the active language} of the Members with these codes."""
    return {member.iso3: member.name for member in Member.objects.filter(iso3__in=list(codes))}
