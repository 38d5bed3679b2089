"""A focal point fills an assessment in a real browser (autosave, offline draft kept), submits and sees the score."""

from __future__ import annotations

import datetime
import re
from typing import Any

from tests.conftest import PASSWORD

SAVED = re.compile(r"^Saved$")  # not "Not saved yet…"


def _setup(make_user: Any) -> Any:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.selectors import indicator_list
    from clearway.assessments.services import answer_save, cycle_create
    from clearway.members.models import Member

    kenya = Member.objects.get(iso3="KEN")
    secretariat = make_user("secretariat_staff", username="sec")
    make_user("member_focal_point", member=kenya, username="wanjiru", first_name="Wanjiru")
    contributor = make_user("member_contributor", member=kenya, username="otieno")
    cycle = cycle_create(
        actor=secretariat,
        name="Browser cycle",
        catalogue=Catalogue.objects.get(code="clearway-2022-v2"),
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        members=[kenya],
    )
    assessment = cycle.assessments.get()
    for indicator in indicator_list(catalogue=cycle.catalogue):
        if indicator.code in ("RM.1", "SC.2"):
            continue
        values: dict[str, Any] = {"maturity": {"stage": "partial"}, "yes_no": {"yes": True}}.get(
            indicator.kind, {"value": str(indicator.target if indicator.target is not None else 5)}
        )
        answer_save(
            actor=contributor, assessment=assessment, indicator_code=indicator.code, base_version=0, **values
        )
    return assessment


def test_focal_point_fills_submits_and_sees_the_score(page: Any, sign_in: Any, make_user: Any) -> None:
    assessment = _setup(make_user)
    sign_in("wanjiru", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/edit/")

    rm1 = page.locator("[id='ind-RM.1']")
    rm1.locator("input[name=stage][value=full]").check()
    rm1.locator(".save-state", has_text=SAVED).wait_for()

    # The network drops while typing: the text stays on this device and is sent once the network is back.
    sc2 = page.locator("[id='ind-SC.2']")
    page.context.set_offline(True)
    sc2.locator("input[name=value]").fill("9")
    sc2.locator(".save-state", has_text="kept on this device").wait_for()
    draft = page.evaluate(f"localStorage.getItem('clearway-answer-{assessment.pk}-SC.2')")
    assert draft is not None and '"value":"9"' in draft
    page.context.set_offline(False)
    sc2.locator(".save-state", has_text=SAVED).wait_for(timeout=20000)
    assert page.evaluate(f"localStorage.getItem('clearway-answer-{assessment.pk}-SC.2')") is None
    assert str(assessment.answers.get(indicator__code="SC.2").value) == "9.0000"

    # A colleague saves RM.1 meanwhile: the focal point's next change is refused with a clear message.
    from clearway.accounts.models import User
    from clearway.assessments.services import answer_save

    answer_save(
        actor=User.objects.get(username="otieno"),
        assessment=assessment,
        indicator_code="RM.1",
        base_version=1,
        stage="pilot",
        comment="Only the Nairobi hub so far.",
    )
    rm1.locator("input[name=stage][value=partial]").check()
    rm1.locator(".save-state", has_text="after you opened it").wait_for()
    assert "otieno" in rm1.locator(".save-state").inner_text().lower()  # says who saved in the meantime
    answer = assessment.answers.get(indicator__code="RM.1")
    assert (answer.stage, answer.version) == ("pilot", 2)
    assert answer.revisions.filter(accepted=False, data__stage="partial").exists()

    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("button", name="Sign off and submit").click()
    page.wait_for_selector("[data-testid=status]")
    assert page.locator("[data-testid=status]").inner_text() == "Submitted"
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.score is not None
    assert page.locator("[data-testid=overall]").inner_text() == str(assessment.score)
    assert f"Why is this {assessment.score}?" in page.locator("#why h2").inner_text()
