"""The loop in the browser, through the pages people use: a gap on the Member's scorecard → a request on that
standard (the Member's focal point) → reviewed, approved, the workshop planned and delivered on the request page
(the Secretariat) → the next cycle's assessment → progress shown on the request page and the Member page."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tests.conftest import PASSWORD


def _answered(*, actor: Any, assessment: Any, stages: dict[str, str], submitted: datetime.datetime) -> None:
    """Answers saved through the service (scores stored), then the assessment marked submitted on `submitted`."""
    from clearway.assessments.models import Assessment
    from clearway.assessments.services import answer_save

    for code, stage in stages.items():
        answer_save(actor=actor, assessment=assessment, indicator_code=code, base_version=0, stage=stage)
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted", submitted_at=submitted)


def _move(page: Any, target: str, fields: dict[str, str] | None = None) -> None:
    """Fill the "Move to …" form of `target` on the request page and confirm; the page must then show the new
    state and no error."""
    form = page.locator(f'form[data-transition="{target}"]')
    assert form.count() == 1, f"no form to move the request to {target!r}"
    for name, value in (fields or {}).items():
        field = form.locator(f'[name="{target}-{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    errors = page.locator(".msg.error").all_inner_texts()
    assert errors == [], f"moving to {target!r}: {errors}"
    assert page.locator("#request-state").get_attribute("data-state") == target


def test_from_a_gap_to_measured_progress(page: Any, sign_in: Any, make_user: Any) -> None:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import cycle_create
    from clearway.capacity.models import ActivityStatus, SupportRequest
    from clearway.members.models import Member

    kenya = Member.objects.get(iso3="KEN")
    staff = make_user("secretariat_staff", username="sam")
    focal = make_user("member_focal_point", member=kenya, username="kofi")
    catalogue = Catalogue.objects.get(code="clearway-2022-v2")
    maturity = catalogue.indicators.filter(kind="maturity").select_related("standard").order_by("pk")
    weak = maturity[0]
    strong = maturity.exclude(standard=weak.standard).first()
    today = timezone.localdate()
    first = cycle_create(
        actor=staff,
        name="Cycle one",
        catalogue=catalogue,
        opens_on=today - datetime.timedelta(days=90),
        closes_on=today - datetime.timedelta(days=40),
        members=[kenya],
    ).assessments.get()
    _answered(
        actor=focal,
        assessment=first,
        stages={weak.code: "none", strong.code: "full"},
        submitted=timezone.now() - datetime.timedelta(days=30),
    )

    # The Member's focal point follows the gap on the scorecard and files a request on that standard.
    sign_in("kofi", PASSWORD)
    page.goto(f"/assessments/{first.pk}/")
    page.locator("a.request-support").first.click()
    page.wait_for_url("**/capacity/requests/new/**")
    checked = page.locator("input[name=standards]:checked")
    assert checked.count() == 1 and checked.get_attribute("value") == str(weak.standard.pk)
    page.fill("#id_intention_date", (today - datetime.timedelta(days=25)).isoformat())
    page.click("#request-form button[type=submit]")
    page.wait_for_selector("#request-standards")
    assert page.locator(f'#request-standards li[data-standard="{weak.standard.key}"]').is_visible()
    assert page.locator("#request-state").get_attribute("data-state") == "intention_notified"
    support = SupportRequest.objects.get(member=kenya)
    page.screenshot(path="/tmp/h32b-1-filed.png", full_page=True)

    # The Secretariat moves it on the request page: assessment, letter, review, approval, workshop, delivery.
    with page.expect_navigation():
        page.click("form[action*=logout] button")
    sign_in("sam", PASSWORD)
    page.goto(f"/capacity/requests/{support.pk}/")
    _move(page, "assessment_completed")
    letter_on = (today - datetime.timedelta(days=20)).isoformat()
    _move(
        page,
        "official_request_received",
        {"official_request_date": letter_on, "official_request_reference": "DG/2026/117"},
    )
    _move(page, "under_review")
    assert page.locator("#eligibility tr[data-met=no]").count() == 0
    _move(page, "approved", {"reason": "The three conditions are met."})
    page.screenshot(path="/tmp/h32b-2-approved.png", full_page=True)
    start = today - datetime.timedelta(days=10)
    _move(
        page,
        "planned",
        {
            "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(days=2)).isoformat(),
            "modality": "in_person",
        },
    )
    workshop = support.activities.get()
    assert list(workshop.standards.all()) == [weak.standard]  # the workshop inherits the request's standard
    _move(page, "delivered")
    workshop.refresh_from_db()
    assert workshop.status == ActivityStatus.DELIVERED
    listed = page.locator(f'li:has(a[href="/capacity/activities/{workshop.pk}/"])')
    assert "Delivered" in listed.inner_text()
    assert "Re-assessment due" in page.locator("dl.facts").inner_text()
    waiting = page.locator(f'.support-progress[data-activity="{workshop.pk}"]')
    assert "Cycle one" in waiting.inner_text() and waiting.locator(".progress-table").count() == 0
    page.screenshot(path="/tmp/h32b-3-delivered.png", full_page=True)

    # The next cycle's assessment, after the workshop (answers through the service: the scorecard is not the point).
    second = cycle_create(
        actor=staff,
        name="Cycle two",
        catalogue=catalogue,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=60),
        members=[kenya],
    ).assessments.get()
    _answered(
        actor=focal,
        assessment=second,
        stages={weak.code: "full", strong.code: "full"},
        submitted=timezone.now(),
    )

    # Progress after support, on the request page and on the Member's page.
    page.goto(f"/capacity/requests/{support.pk}/")
    row = page.locator(f'#request-standards .progress-table tr[data-standard="{weak.standard.key}"]')
    assert row.locator("td[data-change]").inner_text() == "+100.0"
    head = page.locator("#request-standards .progress-table thead").inner_text()
    assert "Cycle one" in head and "Cycle two" in head
    page.locator("#request-standards").screenshot(path="/tmp/h32b-4-progress-request.png")
    page.goto("/members/KEN/")
    measured = page.locator(f'.panel .support-progress[data-activity="{workshop.pk}"]')
    row = measured.locator(f'.progress-table tr[data-standard="{weak.standard.key}"]')
    assert row.locator("td[data-change]").inner_text() == "+100.0"
    measured.screenshot(path="/tmp/h32b-5-progress-member.png")
