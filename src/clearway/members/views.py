from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clearway.core.discovery import app_modules
from clearway.members import selectors


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
