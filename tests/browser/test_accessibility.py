"""Every kind of page passes axe-core's accessibility checks (WCAG 2.2 A and AA, and axe's best practices) in
Chromium, on the demo data, for the Secretariat and a Member's focal point, in English and in French, and fits a
phone's width."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
DEMO_PASSWORD = "clearway-demo-2026"


def _violations(page: Any, axe: Any) -> list[str]:
    found = axe.run(page, options=RULES).response["violations"]
    return [
        f"{page.url}: {v['id']} ({v['impact']}) at {node['target']}: {' '.join(node['failureSummary'].split())}"
        for v in found
        for node in v["nodes"][:3]
    ]


def _pages_of_the_secretariat() -> list[str]:
    from clearway.assessments.models import Assessment, AssessmentCycle
    from clearway.capacity.models import SupportRequest
    from clearway.reports.models import Report
    from clearway.shipments.models import KpiResult
    from clearway.surveys.models import Survey

    assessment = Assessment.objects.exclude(submitted_at=None).order_by("pk").first()
    cycle = AssessmentCycle.objects.order_by("pk").first()
    request = SupportRequest.objects.order_by("pk").first()
    survey = Survey.objects.order_by("pk").last()
    report = Report.objects.order_by("pk").first()
    result = KpiResult.objects.order_by("pk").first()
    assert assessment and cycle and request and survey and report and result, "the demo should hold each kind"
    return [
        "/",
        "/members/",
        "/members/KEN/",
        "/framework/",
        "/assessments/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/cycles/{cycle.pk}/",
        f"/assessments/cycles/{cycle.pk}/benchmarks/",
        "/capacity/",
        "/capacity/calendar/",
        "/capacity/coverage/",
        "/capacity/requests/",
        f"/capacity/requests/{request.pk}/",
        "/capacity/experts/",
        "/surveys/",
        f"/surveys/{survey.pk}/",
        f"/surveys/{survey.pk}/statistics/",
        "/aeo/",
        "/aeo/network/",
        "/reports/",
        f"/reports/{report.pk}/",
        "/shipments/kpis/",
        f"/shipments/kpis/{result.pk}/",
        "/audit/",
        "/jobs/",
    ]


def _pages_of_a_focal_point() -> list[str]:
    from clearway.assessments.models import Assessment
    from clearway.surveys.models import Survey

    own = Assessment.objects.filter(member__iso3="FRA").order_by("pk").last()
    survey = Survey.objects.filter(state="open").order_by("pk").first()
    assert own and survey, "the demo data should give France an assessment and an open survey"
    return [
        "/",
        f"/assessments/{own.pk}/",
        f"/assessments/{own.pk}/edit/",
        f"/surveys/{survey.pk}/answer/",
        "/shipments/kpis/",
        "/accounts/profile/",
    ]


def test_pages_pass_the_accessibility_checks_in_english_and_french(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    call_command("demo_load", verbosity=0)
    axe = Axe()
    problems: list[str] = []

    page.goto("/accounts/login/")
    problems += _violations(page, axe)
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", "not the password")
    page.click("button[type=submit].primary")
    page.wait_for_selector(".errorlist, .error")
    problems += _violations(page, axe)  # the form as it comes back with its error

    for username, pages in (
        ("secretariat", _pages_of_the_secretariat()),
        ("focal.fra", _pages_of_a_focal_point()),
    ):
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for language in ("en", "fr"):
            page.set_viewport_size({"width": 1280, "height": 900})
            page.click(f"button[data-lang={language}]")
            page.wait_for_selector(f"html[lang={language}]")
            for path in pages:
                response = page.goto(path)
                assert response is not None and response.status == 200, (
                    f"{path}: {response and response.status}"
                )
                problems += _violations(page, axe)
            # On a phone the page itself never scrolls sideways: wide tables scroll in their own box.
            page.set_viewport_size({"width": 390, "height": 844})
            for path in pages:
                page.goto(path)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 390:
                    problems.append(f"{path} ({language}): {width} px wide on a 390 px screen")
    assert problems == []
