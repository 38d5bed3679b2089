from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clearway.assessments.selectors import cycle_current, cycle_get, cycle_list
from clearway.core.discovery import app_modules
from clearway.members import selectors
from clearway.members.map import MapMeasure, programme_map, programme_map_svg
from clearway.surveys.models import SurveyState
from clearway.surveys.selectors import survey_get_for_user, survey_list


@login_required
def member_directory(request: HttpRequest) -> HttpResponse:
    region = request.GET.get("region") or None
    query = request.GET.get("q") or None
    members = selectors.member_list(viewer=request.user, region=region, query=query)
    return render(
        request,
        "members/list.html",
        {
            "members": members,
            "regions": selectors.region_list(),
            "region": region,
            "q": query or "",
        },
    )


@login_required
def member_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    member = selectors.member_get(viewer=request.user, iso3=iso3)
    # Domain apps add their own panels to a Member's page through `member_panels(member=…, viewer=…)`.
    panels = []
    for _app, module in app_modules("member_panels"):
        panels.extend(module.member_panels(member=member, viewer=request.user))
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "panels": panels,
        },
    )


def _chosen_id(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@login_required
def member_map(request: HttpRequest) -> HttpResponse:
    """The programme on a world map, by the measure chosen, with the same values as a table."""
    measure = request.GET.get("show", "")
    measure = measure if measure in MapMeasure.values else MapMeasure.STATUS
    cycle_id, survey_id = _chosen_id(request, "cycle"), _chosen_id(request, "survey")
    cycle = cycle_get(viewer=request.user, cycle_id=cycle_id) if cycle_id else cycle_current()
    surveys = survey_list(user=request.user).order_by("-letter_date", "-id")
    # By default the latest survey sent (a draft has no responses yet).
    latest = surveys.exclude(state=SurveyState.DRAFT).first() or surveys.first()
    survey = survey_get_for_user(user=request.user, survey_id=survey_id) if survey_id else latest
    programme = programme_map(viewer=request.user, measure=measure, cycle=cycle, survey=survey)
    return render(
        request,
        "members/map.html",
        {
            "programme": programme,
            "map_svg": programme_map_svg(programme=programme),
            "measures": MapMeasure.choices,
            "cycles": cycle_list(viewer=request.user),
            "cycle": cycle,
            "surveys": surveys,
            "survey": survey,
        },
    )
