"""The pages users open most, with ids from the loaded demo data: `benchmarks/web.py` measures them under load and
tests check that their query counts do not grow with the data. Above every app (it names pages of most of them),
beside `urls.py` and `api.py`."""

from __future__ import annotations

from clearway.assessments.models import Assessment, AssessmentCycle
from clearway.capacity.models import SupportRequest
from clearway.shipments.models import KpiResult
from clearway.surveys.models import Survey

# Who opens each page in load tests and query-count tests: user names of the demo data.
MOST_OPENED_PERSONAS = {"secretariat": "secretariat", "focal": "focal.ken"}


def most_opened_pages() -> list[tuple[str, str, str]]:
    """(key, persona, path) of the 15 pages users open most, with ids taken from the loaded demo data.

    `benchmarks/web.py` measures them under load; tests check that their query counts do not grow with the data.
    """
    own = Assessment.objects.filter(member__iso3="KEN").order_by("-pk").first()
    submitted = Assessment.objects.exclude(submitted_at=None).order_by("-pk").first()
    cycle = AssessmentCycle.objects.order_by("-pk").first()
    request = SupportRequest.objects.order_by("pk").first()
    survey = Survey.objects.exclude(state="draft").order_by("pk").first()
    open_survey = Survey.objects.filter(state="open").order_by("pk").first() or survey
    result = KpiResult.objects.filter(member__iso3="KEN").order_by("pk").first() or KpiResult.objects.first()
    if None in (own, submitted, cycle, request, survey, open_survey, result):
        raise ValueError("The demo data are not loaded: run `clearway demo load` first.")
    assert own and submitted and cycle and request and survey and open_survey and result  # for mypy
    return [
        ("home", "focal", "/"),
        ("assessment", "focal", f"/assessments/{own.pk}/edit/"),
        ("scorecard", "secretariat", f"/assessments/{submitted.pk}/"),
        ("cycle", "secretariat", f"/assessments/cycles/{cycle.pk}/"),
        ("benchmarks", "secretariat", f"/assessments/cycles/{cycle.pk}/benchmarks/"),
        ("members", "secretariat", "/members/"),
        ("member", "secretariat", "/members/KEN/"),
        ("capacity", "secretariat", "/capacity/"),
        ("request", "secretariat", f"/capacity/requests/{request.pk}/"),
        ("survey_statistics", "secretariat", f"/surveys/{survey.pk}/statistics/"),
        ("survey_answer", "focal", f"/surveys/{open_survey.pk}/answer/"),
        ("aeo", "secretariat", "/aeo/"),
        ("mra_network", "secretariat", "/aeo/network/"),
        ("kpi_result", "focal", f"/shipments/kpis/{result.pk}/"),
        ("audit", "secretariat", "/audit/"),
    ]
