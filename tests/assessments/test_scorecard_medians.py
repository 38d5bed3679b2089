"""The scorecard shows the Member's score beside its region's and all Members' medians, standard by standard."""

from __future__ import annotations

import datetime
import re
from typing import Any

from clearway.assessments import services
from clearway.members.models import Member


def test_the_scorecard_compares_with_the_region_and_all_members(
    secretariat: Any, catalogue: Any, make_user: Any, answer_all: Any, client_for: Any
) -> None:
    east = [Member.objects.get(iso3=c) for c in ("KEN", "UGA", "TZA")]
    europe = [Member.objects.get(iso3=c) for c in ("FRA", "DEU", "ITA")]
    cycle = services.cycle_create(
        actor=secretariat,
        name="Medians",
        catalogue=catalogue,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=east + europe,
    )
    for member in east + europe:
        focal = make_user("member_focal_point", member=member)
        assessment = cycle.assessments.get(member=member)
        answer_all(assessment, focal, level="full" if member in europe else "none")
        services.assessment_submit(actor=focal, assessment=assessment, statement="Signed.")
    kenya = cycle.assessments.get(member__iso3="KEN")

    page = client_for(secretariat).get(f"/assessments/{kenya.pk}/").content.decode()
    table = page[
        page.index('id="scorecard-comparison"') : page.index(
            "</table>", page.index('id="scorecard-comparison"')
        )
    ]
    assert "Median, ESA" in table and "Median, all Members" in table
    first = re.search(r"<tr><th scope=\"row\">1\. .*?</tr>", table)
    assert first is not None
    kenya_score, region_median, all_median = re.findall(r'<td class="num">([^<]*)</td>', first.group(0))
    # Kenya scored as its region did; all six Members together sit between East Africa and Europe.
    assert float(kenya_score) == float(region_median) < float(all_median)
