"""What a French focal point sees while answering: numbers and messages as French writes them, said once."""

from __future__ import annotations

from typing import Any

from tests.browser.test_assessments_fill_and_submit import _setup
from tests.conftest import PASSWORD


def test_a_french_answer_shows_its_number_plainly_its_error_once_and_the_comment_unbolded(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    from clearway.accounts.models import User
    from clearway.assessments.services import answer_save

    assessment = _setup(make_user)
    answer_save(
        actor=User.objects.get(username="otieno"),
        assessment=assessment,
        indicator_code="SC.2",
        base_version=0,
        value="48.6",
    )
    sign_in("wanjiru", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/edit/")
    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    sc2 = page.locator("[id='ind-SC.2']")
    value = sc2.locator("input[name=value]")
    assert value.input_value() == "48,6"  # not 48.6000

    value.fill("abc")
    state = sc2.locator(".save-state")
    state.filter(has_text="n'est pas un nombre").wait_for()
    assert state.inner_text().count("n'est pas un nombre") == 1

    comment = sc2.locator("textarea[name=comment]")
    comment.fill("Seulement le hub de Nairobi.")
    assert comment.evaluate("e => getComputedStyle(e).fontWeight") == "400"
    page.screenshot(path="/tmp/h26/answer-fr.png", full_page=False)
