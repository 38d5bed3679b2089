"""One report template per committee: how its working documents are numbered and how the prose names it.

The number of a committee's working document follows the WCO series of that committee (PC for the Permanent
Technical Committee, SP for the Policy Commission, SC for the Council, HC for the Capacity Building Committee):
the letters then at least four digits, e.g. PC0690. A report is refused a number outside its committee's series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CommitteeTemplate:
    key: str
    prefix: str  # the letters of the committee's document series
    short: str | Promise  # how the prose names the committee once introduced: PTC / CTP

    @property
    def example(self) -> str:
        return f"{self.prefix}0690"

    def number_valid(self, number: str) -> bool:
        return re.fullmatch(rf"{self.prefix}\d{{4,}}", number.strip()) is not None


TEMPLATES: dict[str, CommitteeTemplate] = {
    t.key: t
    for t in (
        CommitteeTemplate("ptc", "PC", _("PTC")),
        CommitteeTemplate("policy_commission", "SP", _("Policy Commission")),
        CommitteeTemplate("council", "SC", _("Council")),
        CommitteeTemplate("capacity_building", "HC", _("Capacity Building Committee")),
    )
}


def committee_template(committee: str) -> CommitteeTemplate | None:
    return TEMPLATES.get(committee)
