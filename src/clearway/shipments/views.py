from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.core.actors import request_actor
from clearway.core.data_version import page_cache_get
from clearway.core.exceptions import ClearwayError, NotFound
from clearway.core.forms import form_errors_add
from clearway.core.jobs import job_get_for_user, job_reason
from clearway.core.models import JobStatus
from clearway.shipments import charts, selectors, services
from clearway.shipments.forms import ResultUploadForm, ShipmentFileForm
from clearway.shipments.kpis import KpiParameters


def _own_member(request: HttpRequest) -> Any:
    return getattr(request.user, "member", None) if user_is_member_user(request_actor(request)) else None


UPLOAD_IDS, COMPUTE_IDS = "upload-%s", "compute-%s"


@login_required
def result_list(request: HttpRequest) -> HttpResponse:
    if not (user_is_member_user(request_actor(request)) or user_is_secretariat(request_actor(request))):
        raise NotFound()
    member = _own_member(request)
    # Two forms on one page with fields of the same names: each its own ids, so each label names its own field.
    upload: Any = ResultUploadForm(auto_id=UPLOAD_IDS)
    compute: Any = ShipmentFileForm(auto_id=COMPUTE_IDS)
    if request.method == "POST" and member is not None:
        kind = request.POST.get("kind")
        form = (
            ResultUploadForm(request.POST, request.FILES, auto_id=UPLOAD_IDS)
            if kind == "upload"
            else ShipmentFileForm(request.POST, request.FILES, auto_id=COMPUTE_IDS)
        )
        if form.is_valid():
            try:
                if kind == "upload":
                    result = services.kpi_result_upload(
                        actor=request_actor(request),
                        member=member,
                        content=form.cleaned_data["file"].read(),
                        label=form.cleaned_data["label"],
                    )
                else:
                    job = services.kpi_result_compute_submit(
                        actor=request_actor(request),
                        member=member,
                        upload=form.cleaned_data["file"],
                        params=KpiParameters(
                            period=form.cleaned_data["period"], de_minimis=form.cleaned_data["de_minimis"]
                        ),
                        label=form.cleaned_data["label"],
                    )
            except ClearwayError as exc:
                form_errors_add(form, exc)
            else:
                if kind != "upload":
                    return redirect(f"{reverse('shipments:results')}?job={job.pk}")
                messages.success(
                    request, _("KPI result saved: %(rows)s rows read.") % {"rows": result.rows_read}
                )
                return redirect("shipments:result", result_id=result.pk)
        upload, compute = (form, compute) if kind == "upload" else (upload, form)
    return render(
        request,
        "shipments/results.html",
        {
            "results": selectors.kpi_result_list_for_user(user=request_actor(request)),
            **_job_context(_job_of(request)),
            "member": member,
            "upload_form": upload,
            "compute_form": compute,
        },
    )


def _job_context(job: Any) -> dict[str, Any]:
    """The followed computation and its state as the page tells it: running (queued or running), succeeded, or
    failed (failed or cancelled), with the reason it did not succeed."""
    if job is None:
        return {"job": None}
    state = {JobStatus.SUCCEEDED: "succeeded", JobStatus.FAILED: "failed", JobStatus.CANCELLED: "failed"}
    return {"job": job, "job_state": state.get(job.status, "running"), "job_reason": job_reason(job=job)}


def _job_of(request: HttpRequest) -> Any:
    """The computation the page was asked to follow (?job=<id>), if the user may see it."""
    job_id = request.GET.get("job", "")
    try:
        return job_get_for_user(user=request_actor(request), job_id=UUID(job_id)) if job_id else None
    except (ValueError, ClearwayError):
        return None


@login_required
def result_detail(request: HttpRequest, result_id: int) -> HttpResponse:
    result = selectors.kpi_result_get_for_user(
        user=request_actor(request), result_id=result_id, with_values=False
    )
    cached = page_cache_get(request, apps=("shipments", "assessments"))
    days = settings.KPI_QUARANTINE_DAYS
    if cached.html is not None:
        return render(
            request,
            "shipments/result.html",
            {**cached.context, "result": result, "settings_quarantine_days": days},
        )
    result.refresh_from_db(fields=["result"])
    assessment = selectors.assessment_current_for_member(user=request_actor(request), member=result.member)
    volume_chart, release_chart = charts.kpi_result_charts_svg(kpi_result=result)
    context: dict[str, Any] = {
        **cached.context,
        "result": result,
        "assessment": assessment,
        "kpis": _kpi_rows(result),
        "quality": selectors.kpi_result_quality(kpi_result=result),
        "breakdowns": selectors.kpi_result_breakdowns(kpi_result=result),
        "breakdown_measures": selectors.BREAKDOWN_MEASURES,
        "volume_chart": volume_chart,
        "release_chart": release_chart,
        "settings_quarantine_days": days,
    }
    if assessment is not None:
        context["measure_rows"] = selectors.kpi_measure_rows(kpi_result=result, assessment=assessment)
        checks = selectors.kpi_stage_checks(kpi_result=result, assessment=assessment)
        context["contradiction_count"] = sum(1 for c in checks if c.verdict == "contradiction")
    context["can_attach"] = bool(
        assessment
        and assessment.editable
        and (
            user_is_secretariat(request_actor(request))
            or getattr(request.user, "member_id", None) == result.member_id
        )
    )
    return render(request, "shipments/result.html", context)


def _kpi_rows(result: Any) -> list[tuple[str, Any]]:
    from clearway.shipments.kpis import MEASURES

    return [(m, result.kpis.get(m)) for m in MEASURES]


@login_required
@require_POST
def result_attach(request: HttpRequest, result_id: int) -> HttpResponse:
    result = selectors.kpi_result_get_for_user(user=request_actor(request), result_id=result_id)
    assessment = selectors.assessment_current_for_member(user=request_actor(request), member=result.member)
    if assessment is None:
        raise NotFound()
    chosen = request.POST.getlist("indicator")
    if not chosen:
        messages.error(request, _("Choose at least one value to attach."))
        return redirect("shipments:result", result_id=result.pk)
    try:
        attached = services.kpi_result_attach(
            actor=request_actor(request), kpi_result=result, assessment=assessment, indicator_codes=chosen
        )
    except ClearwayError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("%(n)s indicator values attached to the assessment.") % {"n": len(attached)}
        )
    return redirect("shipments:result", result_id=result.pk)


@login_required
def result_quarantine(request: HttpRequest, result_id: int) -> HttpResponseBase:
    """The rows the computation refused, with the reasons and the values as read (CSV), while they are kept."""
    result = selectors.kpi_result_get_for_user(
        user=request_actor(request), result_id=result_id, with_values=False
    )
    try:
        handle = services.kpi_quarantine_open(actor=request_actor(request), kpi_result=result)
    except NotFound as exc:
        messages.error(request, str(exc.message))
        return redirect("shipments:result", result_id=result.pk)
    name = f"kpi-result-{result.pk}-refused-rows.csv"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="text/csv; charset=utf-8")


@login_required
def result_checks(request: HttpRequest, result_id: int) -> HttpResponse:
    result = selectors.kpi_result_get_for_user(user=request_actor(request), result_id=result_id)
    assessment = selectors.assessment_current_for_member(user=request_actor(request), member=result.member)
    checks = selectors.kpi_stage_checks(kpi_result=result, assessment=assessment) if assessment else []
    return render(
        request, "shipments/checks.html", {"result": result, "assessment": assessment, "checks": checks}
    )
