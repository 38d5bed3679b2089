"""The secretariat moves a workshop by a week and records where it takes place: its experts' missions move with it."""

from __future__ import annotations

import datetime
from typing import Any

from tests.conftest import PASSWORD

D = datetime.date


def test_moving_a_workshop_moves_its_experts(page: Any, sign_in: Any, make_user: Any) -> None:
    from clearway.capacity.services import activity_speaker_add, expert_assign
    from tests.capacity.factories import activity_make, expert_make, wco

    secretariat = make_user("secretariat_staff", username="sam", first_name="Sam")
    workshop = activity_make(
        title_en="National workshop on advance electronic data for postal consignments",
        status="planned",
        start_date=D(2027, 3, 1),
        end_date=D(2027, 3, 5),
    )
    expert = expert_make("Amina Diallo")
    expert_assign(
        actor=secretariat, expert=expert, activity=workshop, start_date=D(2027, 3, 2), end_date=D(2027, 3, 4)
    )
    activity_speaker_add(actor=secretariat, activity=workshop, organisation=wco(), topic="Risk management")

    sign_in("sam", PASSWORD)
    page.goto(f"/capacity/activities/{workshop.pk}/edit/")
    page.fill("#id_start_date", "2027-03-08")
    page.fill("#id_end_date", "2027-03-12")
    page.fill("#id_venue_city", "Nairobi")
    page.fill("#id_venue_country", "Kenya")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"**/capacity/activities/{workshop.pk}/")
    experts = page.locator("h2:has-text('Experts on this mission') + ul").inner_text()
    assert "Amina Diallo – 9 March 2027 – 11 March 2027" in experts
    facts = page.locator("dl.facts").inner_text()
    assert "Risk management" in facts and "Nairobi, Kenya" in facts  # the speaker's topic and the venue
