from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clearway.core.actors import request_actor
from clearway.core.data_version import page_cache_get
from clearway.core.discovery import app_modules
from clearway.members import selectors


@login_required
def member_directory(request: HttpRequest) -> HttpResponse:
    cached = page_cache_get(request, apps=())
    if cached.html is not None:
        return render(request, "members/list.html", cached.context)
    region = request.GET.get("region") or None
    query = request.GET.get("q") or None
    members = selectors.member_list(viewer=request_actor(request), region=region, query=query)
    return render(
        request,
        "members/list.html",
        {
            **cached.context,
            "members": members,
            "regions": selectors.region_list(),
            "region": region,
            "q": query or "",
        },
    )


@login_required
def member_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    member = selectors.member_get(viewer=request_actor(request), iso3=iso3)
    # The page shows each app's panel and the Member's people: it is drawn again when any of them changes.
    panel_apps = [app for app, _module in app_modules("member_panels")]
    cached = page_cache_get(request, apps=(*panel_apps, "accounts"))
    if cached.html is not None:
        return render(request, "members/detail.html", {**cached.context, "member": member})
    # Domain apps add their own panels to a Member's page through `member_panels(member=…, viewer=…)`.
    panels = []
    for _app, module in app_modules("member_panels"):
        panels.extend(module.member_panels(member=member, viewer=request_actor(request)))
    return render(
        request,
        "members/detail.html",
        {
            **cached.context,
            "member": member,
            "panels": panels,
        },
    )
