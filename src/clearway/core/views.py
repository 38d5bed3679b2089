from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from clearway.core import selectors
from clearway.core.jobs import job_get_for_user
from clearway.core.navigation import nav_items_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"actions": nav_items_for_user(request.user)})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    events = selectors.audit_event_list(viewer=request.user, object_type=request.GET.get("type") or None)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page})


@login_required
def job_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """JSON for the progress bar that pages show while a background job runs."""
    job = job_get_for_user(user=request.user, job_id=job_id)
    return JsonResponse(
        {
            "id": str(job.pk),
            "status": job.status,
            "progress": job.progress,
            "message": job.message,
            "result": job.result,
            "file": job.result_file.url if job.result_file else None,
            "error": job.error.splitlines()[0] if job.error else "",
        }
    )
