"""The loop in the browser: a gap on the scorecard → a request on that standard → approved → the workshop
delivered → the next cycle's assessment → progress shown on the request."""

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


def test_from_a_gap_to_measured_progress(page: Any, sign_in: Any, make_user: Any) -> None:
    from clearway.assessments.models import Catalogue
    from clearway.assessments.services import cycle_create
    from clearway.capacity.models import RequestState, SupportRequest
    from clearway.capacity.services import request_transition
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

    # The gap on the scorecard leads to a request on that standard.
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

    # Approved, then the workshop planned and delivered (the transitions' own pages are tested elsewhere).
    support = SupportRequest.objects.get(member=kenya)
    SupportRequest.objects.filter(pk=support.pk).update(state=RequestState.APPROVED)
    start = today - datetime.timedelta(days=10)
    request_transition(
        request=support,
        to_state=RequestState.PLANNED,
        actor=staff,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        modality="in_person",
    )
    request_transition(request=support, to_state=RequestState.DELIVERED, actor=staff)

    # The next cycle's assessment, after the workshop.
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

    page.goto(f"/capacity/requests/{support.pk}/")
    row = page.locator(f'.progress-table tr[data-standard="{weak.standard.key}"]')
    assert row.locator("td[data-change]").inner_text() == "+100.0"
    assert "Cycle one" in page.locator(".progress-table thead").inner_text()
    assert "Cycle two" in page.locator(".progress-table thead").inner_text()
    page.locator("#request-standards").screenshot(path="/tmp/h32-progress.png")
