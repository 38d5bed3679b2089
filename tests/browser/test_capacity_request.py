"""A Member's focal point files a request for national support; the Secretariat reviews and approves it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from clearway.core.actors import SYSTEM
from tests.conftest import PASSWORD


def _submitted_assessment(member: Any) -> None:
    from clearway.assessments.models import Assessment, AssessmentCycle, AssessmentStatus, Catalogue
    from clearway.core.audit import audit_record
    from clearway.framework.models import Edition

    catalogue = Catalogue.objects.order_by("pk").first() or Catalogue.objects.create(
        code="browser-kpis",
        version=1,
        edition=Edition.objects.get(code="2022"),
        title_en="KPIs",
        title_fr="ICP",
        source_file="test",
        checksum="0" * 64,
    )
    cycle = AssessmentCycle.objects.create(
        name_en="Browser cycle",
        catalogue=catalogue,
        opens_on=datetime.date(2022, 1, 1),
        closes_on=datetime.date(2030, 12, 31),
    )
    assessment = Assessment.objects.create(
        member=member, cycle=cycle, status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now()
    )
    # Recorded as the assessments app records a submission: pages kept in the page cache (the request page among
    # them) are drawn again after any audited write of the apps they show.
    audit_record(
        actor=SYSTEM,
        action="assessments.assessment.submit",
        instance=assessment,
        after={"status": "submitted"},
    )


def _move(page: Any, target: str, fields: dict[str, str] | None = None) -> None:
    form = page.locator(f"form[data-transition={target}]")
    for name, value in (fields or {}).items():
        form.locator(f"[name='{target}-{name}']").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"#request-state[data-state={target}]")


def test_focal_point_files_and_secretariat_approves(page: Any, sign_in: Any, make_user: Any) -> None:
    from clearway.members.models import Member

    kenya = Member.objects.get(iso3="KEN")
    make_user("member_focal_point", member=kenya, username="wanjiru", first_name="Wanjiru")
    make_user("secretariat_staff", username="sam", first_name="Sam")

    sign_in("wanjiru", PASSWORD)
    page.goto("/capacity/requests/")
    page.click("text=File a request")
    page.fill("#id_intention_date", "2022-04-11")
    page.fill("#id_intention_reference", "KRA/2022/041")
    page.fill("#id_needs", "Advance electronic data for postal consignments")
    page.click("#request-form button[type=submit]")
    page.wait_for_selector("#request-state[data-state=intention_notified]")
    assert page.locator("[data-condition=assessment]").get_attribute("data-met") == "no"
    # A focal point cannot approve: the form is not offered.
    assert page.locator("form[data-transition=approved]").count() == 0

    _move(
        page,
        "official_request_received",
        {"official_request_date": "2022-07-15", "official_request_reference": "DG/KRA/2022/118"},
    )
    assert page.locator("[data-condition=official_request]").get_attribute("data-met") == "yes"
    request_url = page.url

    page.context.clear_cookies()
    sign_in("sam", PASSWORD)
    page.goto(request_url)
    _move(page, "under_review")
    page.locator("form[data-transition=approved] button[type=submit]").click()
    page.wait_for_load_state()
    assert "missing condition" in page.locator(".messages").inner_text()
    assert page.locator("#request-state").get_attribute("data-state") == "under_review"

    _submitted_assessment(kenya)  # Kenya submits its assessment in the assessments app
    page.reload()
    assert page.locator("[data-condition=assessment]").get_attribute("data-met") == "yes"
    _move(page, "approved", {"reason": "All three conditions met"})
    assert "Approved" in page.locator("#request-state").inner_text()
    history = page.locator("#history").inner_text()
    assert "sam" in history and "All three conditions met" in history


def test_refused_request_keeps_its_letter_and_a_second_request_shows_the_first(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    from clearway.capacity.models import SupportRequest
    from clearway.members.models import Member

    kenya = Member.objects.get(iso3="KEN")
    make_user("member_focal_point", member=kenya, username="wanjiru", first_name="Wanjiru")
    sign_in("wanjiru", PASSWORD)
    page.goto("/capacity/requests/new/")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.fill("#id_intention_date", tomorrow.isoformat())
    page.set_input_files(
        "#id_intention_letter",
        {"name": "intention.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% letter\n"},
    )
    page.click("#request-form button[type=submit]")
    page.wait_for_load_state()
    # Refused once (not twice), and the letter is kept for the next try.
    assert page.get_by_text("The notification cannot be in the future.").count() == 1
    assert "intention.pdf" in page.locator("#request-form").inner_text()
    page.fill("#id_intention_date", "2022-04-11")
    page.click("#request-form button[type=submit]")
    page.wait_for_selector("#request-state[data-state=intention_notified]")
    assert SupportRequest.objects.get(member=kenya).intention_letter.read() == b"%PDF-1.4\n% letter\n"
    # The missing assessment links to where it is filled in.
    assert page.locator("[data-condition=assessment] a").count() == 1

    # Filing again shows the request in progress and what it waits for, not a form bound to be refused.
    page.goto("/capacity/requests/new/")
    assert page.locator("#request-form").count() == 0
    waiting = page.locator("#waiting-for").inner_text()
    assert "Assessment following the KPIs completed" in waiting
    page.click("text=Open the request in progress")
    page.wait_for_selector("#request-state[data-state=intention_notified]")
