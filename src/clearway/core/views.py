from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render

from clearway.accounts.scoping import user_is_secretariat
from clearway.core import selectors
from clearway.core.exceptions import ValidationFailed
from clearway.core.exports import audit_events_export
from clearway.core.forms import AuditFilterForm
from clearway.core.jobs import job_get_for_user
from clearway.core.models import AuditEvent
from clearway.core.navigation import nav_items_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"actions": nav_items_for_user(request.user)})


def _audit_filter_form(request: HttpRequest) -> AuditFilterForm:
    params = request.GET.copy()
    params.pop("page", None)
    return AuditFilterForm(
        params or None,
        choices=selectors.audit_filter_choices(viewer=request.user),
        show_member=user_is_secretariat(request.user),
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form = _audit_filter_form(request)
    try:
        events = selectors.audit_event_list(viewer=request.user, **form.filters())
    except ValidationFailed:
        events = AuditEvent.objects.none()  # the form says what is wrong with the filters
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "form": form, "count": page.paginator.count, "query": query.urlencode()},
    )


@login_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered trail as CSV or XLSX (times in the server's time zone; before/after as JSON text)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = _audit_filter_form(request)
    try:
        events = selectors.audit_event_list(viewer=request.user, **form.filters())
    except ValidationFailed as exc:
        return HttpResponseBadRequest(str(exc.message))
    content, kind = audit_events_export(events=events, fmt=fmt)
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="clearway-audit.{fmt}"'
    return response


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
