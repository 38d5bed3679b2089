from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearway.core import selectors
from clearway.core.actors import Actor, request_actor
from clearway.core.data_version import ALL_APPS, page_cache_get
from clearway.core.discovery import app_modules
from clearway.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from clearway.core.exports import audit_events_export, tabular_response
from clearway.core.forms import AuditFilterForm
from clearway.core.jobs import job_cancel, job_get_for_user, job_list, job_reason, job_retry
from clearway.core.jobs_operations import (
    job_kind_choices,
    job_kind_label,
    job_rows,
    worker_alive_window,
    worker_rows,
)
from clearway.core.models import AuditEvent, Job, JobStatus
from clearway.core.navigation import nav_items_for_user
from clearway.core.search import MIN_QUERY_LENGTH, RESULTS_PER_KIND, search_for_user, search_query_clean
from clearway.core.todo import todo_apps, todo_list_for_user, todo_list_state
from clearway.core.viewers import viewer_is_secretariat


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What is the reader's to do and by when, what is new for them, and where to go."""
    actor = request_actor(request)
    panels = [
        panel for _app, module in app_modules("home_panels") for panel in module.home_panels(user=actor)
    ]
    context = {
        "actions": nav_items_for_user(actor),
        "panels": sorted(panels, key=lambda p: p.order),
    }
    cached = page_cache_get(request, apps=todo_apps(), state=todo_list_state(user=actor))
    if cached.html is None:
        context["todo"] = todo_list_for_user(user=actor)
    return render(request, "core/home.html", {**context, **cached.context})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Find anything the reader may see: the results of the search box in the page header, grouped by kind."""
    query = request.GET.get("q", "")
    return render(
        request,
        "core/search.html",
        {
            "q": " ".join(query.split()),
            "searched": bool(search_query_clean(query)),
            "min_length": MIN_QUERY_LENGTH,
            "limit": RESULTS_PER_KIND,
            "groups": search_for_user(user=request_actor(request), query=query, limit=RESULTS_PER_KIND),
        },
    )


def _audit_filter_form(request: HttpRequest) -> AuditFilterForm:
    params = request.GET.copy()
    params.pop("page", None)
    return AuditFilterForm(
        params or None,
        choices=selectors.audit_filter_choices(viewer=request_actor(request)),
        show_member=viewer_is_secretariat(request_actor(request)),
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    cached = page_cache_get(request, apps=ALL_APPS)
    if cached.html is not None:
        return render(request, "core/audit_list.html", cached.context)
    form = _audit_filter_form(request)
    try:
        events = selectors.audit_event_list(viewer=request_actor(request), **form.filters())
    except ValidationFailed:
        events = AuditEvent.objects.none()  # the form says what is wrong with the filters
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {
            **cached.context,
            "page": page,
            "form": form,
            "count": page.paginator.count,
            "query": query.urlencode(),
        },
    )


@login_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered trail as CSV or XLSX (times in the server's time zone; before/after as JSON text)."""
    form = _audit_filter_form(request)
    try:
        events = selectors.audit_event_list(viewer=request_actor(request), **form.filters())
    except ValidationFailed as exc:
        return HttpResponseBadRequest(str(exc.message))
    return tabular_response(export=audit_events_export(events=events), fmt=fmt)


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """The bare page: a signed-in request through every middleware (session, user, language, CSRF) that renders
    nothing. Load tests measure pages against it (benchmarks/web.py); monitors may use it too."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def job_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """JSON for the progress bar that pages show while a background job runs."""
    job = job_get_for_user(user=request_actor(request), job_id=job_id)
    return JsonResponse(
        {
            "id": str(job.pk),
            "status": job.status,
            "progress": job.progress,
            "message": job.message,
            "result": job.result,
            "file": job.result_file.url if job.result_file else None,
            # Why it failed or was cancelled, for the page to show.
            "error": job_reason(job=job),
        }
    )


def _operator(request: HttpRequest) -> Actor:
    user = request_actor(request)
    if not viewer_is_secretariat(user):
        raise PermissionDenied(_("Only the Secretariat runs background jobs."))
    return user


@login_required
def jobs_list(request: HttpRequest) -> HttpResponse:
    """The operators' page: the worker processes, then the jobs (filtered by status and kind), newest first."""
    user = _operator(request)
    status = request.GET.get("status", "")
    status = status if status in JobStatus.values else ""
    kind = request.GET.get("kind", "").strip()
    page = Paginator(job_list(viewer=user, status=status, kind=kind), 50).get_page(request.GET.get("page"))
    workers = worker_rows()
    return render(
        request,
        "core/jobs.html",
        {
            "page": page,
            "rows": job_rows(page),
            "workers": workers,
            "alive": any(row.alive for row in workers),
            "alive_seconds": int(worker_alive_window().total_seconds()),
            "statuses": JobStatus.choices,
            "kinds": job_kind_choices(jobs=job_list(viewer=user)),
            "status": status,
            "kind": kind,
            "back": request.get_full_path(),
        },
    )


def _back_to_jobs(request: HttpRequest) -> HttpResponse:
    """To the page the button was on (its filters and page number), else to the jobs page."""
    back = request.POST.get("next", "")
    jobs = reverse("core:jobs")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) and back.startswith(jobs)
    return redirect(back if safe else jobs)


def _job_act(request: HttpRequest, job_id: UUID, act: Callable[..., Job], done: str) -> HttpResponse:
    """Retry or cancel a job for the operator, say what happened, and go back to the list."""
    user = _operator(request)
    try:
        job = act(job=job_get_for_user(user=user, job_id=job_id), actor=user)
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, done % {"kind": job_kind_label(job.kind), "status": job.get_status_display()}
        )
    return _back_to_jobs(request)


@login_required
@require_POST
def job_retry_view(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return _job_act(request, job_id, job_retry, _("The job “%(kind)s” will run again. Status: %(status)s."))


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return _job_act(request, job_id, job_cancel, _("The job “%(kind)s” was cancelled."))
