from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearway.framework import selectors


@login_required
def framework_index(request: HttpRequest) -> HttpResponse:
    current = selectors.edition_current()
    if current is None:
        return render(request, "framework/empty.html")
    return redirect("framework:edition", code=current.code)


@login_required
def edition_detail(request: HttpRequest, code: str) -> HttpResponse:
    edition = selectors.edition_get(code=code)
    return render(
        request,
        "framework/edition.html",
        {
            "edition": edition,
            "editions": selectors.edition_list(),
            "principles": selectors.principle_list_with_standards(edition=edition),
        },
    )


@login_required
def standard_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    standard = selectors.standard_get(edition_code=code, number=number)
    siblings = list(selectors.standard_list(edition=standard.edition))
    return render(request, "framework/standard.html", {"standard": standard, "siblings": siblings})


@login_required
def edition_diff_view(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.edition_list())
    if len(editions) < 2:
        return render(request, "framework/empty.html")
    old = selectors.edition_get(code=request.GET.get("from", editions[-2].code))
    new = selectors.edition_get(code=request.GET.get("to", editions[-1].code))
    changes = selectors.edition_diff(old=old, new=new)
    return render(
        request,
        "framework/diff.html",
        {
            "old": old,
            "new": new,
            "editions": editions,
            "changes": changes,
            "changed_count": sum(1 for c in changes if c.kind != "unchanged"),
        },
    )
