"""On a phone (390 px): the menu takes one line, not a third of the screen, and the cycle's heat map scrolls
sideways in its own box instead of being cut off."""

from __future__ import annotations

from typing import Any

from tests.browser.test_assessments_fill_and_submit import _setup
from tests.conftest import PASSWORD


def test_on_a_phone_the_menu_is_one_line_and_the_heat_map_scrolls(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    from clearway.accounts.models import User
    from clearway.assessments.services import answer_save, assessment_submit

    assessment = _setup(make_user)
    otieno = User.objects.get(username="otieno")
    answer_save(actor=otieno, assessment=assessment, indicator_code="RM.1", base_version=0, stage="full")
    answer_save(actor=otieno, assessment=assessment, indicator_code="SC.2", base_version=0, value="6")
    assessment_submit(
        actor=User.objects.get(username="wanjiru"), assessment=assessment, statement="Signed off."
    )

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("sec", PASSWORD)
    page.goto(f"/assessments/cycles/{assessment.cycle_id}/")
    menu = page.locator("nav.mainnav").bounding_box()
    assert menu is not None and menu["height"] < 50  # one line (it took four)
    assert page.locator("nav.mainnav").evaluate("e => e.scrollWidth > e.clientWidth")  # the rest scrolls
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] < 844 / 4
    heat = page.locator("#heat-map")
    assert heat.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls sideways, whole
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/h26/small-cycle.png")
