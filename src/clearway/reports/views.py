"""Pages of committee reports: thin views that validate, call one service or selector, and render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearway.accounts.scoping import require_secretariat, user_is_secretariat
from clearway.core.actors import request_actor
from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.core.forms import form_errors_add
from clearway.core.jobs import job_get_for_user
from clearway.reports import selectors, services
from clearway.reports.assembly import document_render_prepare
from clearway.reports.document import Block, blocks_compare
from clearway.reports.exporters.base import exporter_get, exporter_keys
from clearway.reports.exporters.html import document_html
from clearway.reports.forms import BlockEditForm, GenerateForm, ReportForm
from clearway.reports.production import report_generate_enqueue


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    reports = selectors.report_list(viewer=request_actor(request)).prefetch_related("versions")
    return render(
        request,
        "reports/list.html",
        {"reports": reports, "can_write": user_is_secretariat(request_actor(request))},
    )


@login_required
def report_create_view(request: HttpRequest) -> HttpResponse:
    require_secretariat(request_actor(request), reason=services.REPORTS_BY_SECRETARIAT)
    form = ReportForm(
        request.POST or None, initial={"language": getattr(request.user, "preferred_language", "en")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=request_actor(request), data=form.to_input())
        except ValidationFailed as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Report created. Generate it from the data."))
            return redirect("reports:detail", report_id=report.pk)
    return render(request, "reports/form.html", {"form": form, "report": None})


@login_required
def report_edit_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    fields = list(ReportForm.base_fields)
    form = ReportForm(request.POST or None, initial={f: getattr(report, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(actor=request_actor(request), report=report, data=form.to_input())
        except ValidationFailed as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Saved. Regenerate the report to apply the changes."))
            return redirect("reports:detail", report_id=report.pk)
    return render(request, "reports/form.html", {"form": form, "report": report})


def _job_for(request: HttpRequest) -> object | None:
    raw = request.GET.get("job")
    if not raw:
        return None
    try:
        return job_get_for_user(user=request_actor(request), job_id=UUID(raw))
    except (ValueError, NotFound):
        return None


@login_required
def report_detail_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id)
    versions = list(selectors.report_versions(report=report))
    latest = versions[0] if versions else None
    rendered = None
    if latest is not None:
        rendered = document_render_prepare(
            report=report, blocks=[Block.from_dict(b) for b in latest.blocks], version=latest.number
        )
    can_write = user_is_secretariat(request_actor(request))
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "latest": latest,
            "versions": versions,
            "doc": rendered,
            "items": _page_items(rendered) if rendered else [],
            "files": selectors.report_files(report=report)[:20],
            "can_write": can_write,
            "generate_form": GenerateForm(),
            "formats": exporter_keys(),
            "job": _job_for(request),
            "stale_count": sum(1 for b in (rendered.blocks if rendered else []) if b.stale),
            "changed_count": sum(1 for b in (rendered.blocks if rendered else []) if b.changed),
        },
    )


def _page_items(doc: object) -> list[dict[str, object]]:
    from clearway.reports.assembly import RenderedDocument

    assert isinstance(doc, RenderedDocument)
    return [{"block": b, "number": doc.numbers.get(b.id), "roman": doc.romans.get(b.id)} for b in doc.blocks]


@login_required
def report_preview_view(request: HttpRequest, report_id: int) -> HttpResponse:
    """The latest version as the standalone HTML document (what the HTML export gives)."""
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id)
    version = selectors.report_version_get(report=report)
    doc = document_render_prepare(
        report=report, blocks=[Block.from_dict(b) for b in version.blocks], version=version.number
    )
    return HttpResponse(document_html(doc), content_type="text/html; charset=utf-8")


@login_required
@require_POST
def report_generate_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(field_errors={k: [str(m) for m in v] for k, v in form.errors.items()})
    job = report_generate_enqueue(
        report=report,
        actor=request_actor(request),
        formats=form.formats(),
        regenerate=bool(form.cleaned_data["regenerate"]),
    )
    return redirect(f"{reverse('reports:detail', args=[report.pk])}?job={job.pk}")


@login_required
@require_POST
def report_share_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    services.report_share(
        report=report, actor=request_actor(request), shared=request.POST.get("shared") == "1"
    )
    messages.success(request, _("Sharing updated."))
    return redirect("reports:detail", report_id=report.pk)


@login_required
@require_POST
def block_edit_view(request: HttpRequest, report_id: int, block_id: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    form = BlockEditForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(field_errors={k: [str(m) for m in v] for k, v in form.errors.items()})
    items = form.cleaned_data["items"].splitlines() if "items" in request.POST else None
    version = services.report_block_edit(
        report=report,
        actor=request_actor(request),
        block_id=block_id,
        text=form.cleaned_data["text"],
        items=items,
        base_version=form.cleaned_data["version"],
    )
    messages.success(request, _("Paragraph saved (version %(n)s).") % {"n": version.number})
    return redirect(f"{reverse('reports:detail', args=[report.pk])}#{block_id}")


@login_required
@require_POST
def block_add_view(request: HttpRequest, report_id: int, block_id: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    version = services.report_block_add(
        report=report,
        actor=request_actor(request),
        after_block_id=block_id,
        text=request.POST.get("text", ""),
    )
    messages.success(request, _("Paragraph added (version %(n)s).") % {"n": version.number})
    return redirect(f"{reverse('reports:detail', args=[report.pk])}#{block_id}")


@login_required
@require_POST
def block_remove_view(request: HttpRequest, report_id: int, block_id: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    version = services.report_block_remove(report=report, actor=request_actor(request), block_id=block_id)
    messages.success(request, _("Paragraph removed (version %(n)s).") % {"n": version.number})
    return redirect("reports:detail", report_id=report.pk)


@login_required
@require_POST
def block_resolve_view(request: HttpRequest, report_id: int, block_id: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id, write=True)
    services.report_block_resolve(
        report=report,
        actor=request_actor(request),
        block_id=block_id,
        keep_mine=request.POST.get("choice") == "keep",
    )
    return redirect(f"{reverse('reports:detail', args=[report.pk])}#{block_id}")


@login_required
def version_compare_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request_actor(request), report_id=report_id)
    versions = list(selectors.report_versions(report=report))
    if not versions:
        raise NotFound(_("This report has no version yet."))
    try:
        new_n = int(request.GET.get("b") or versions[0].number)
        old_n = int(request.GET.get("a") or (versions[1].number if len(versions) > 1 else versions[0].number))
    except ValueError:
        raise ValidationFailed(_("Choose two versions from the lists.")) from None
    old = selectors.report_version_get(report=report, number=old_n)
    new = selectors.report_version_get(report=report, number=new_n)
    changes = blocks_compare(
        old=[Block.from_dict(b) for b in old.blocks], new=[Block.from_dict(b) for b in new.blocks]
    )
    return render(
        request,
        "reports/versions.html",
        {
            "report": report,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
            "changed": [c for c in changes if c.kind != "unchanged"],
        },
    )


@login_required
def file_download_view(request: HttpRequest, file_id: int) -> FileResponse:
    record = selectors.report_file_get_for_user(user=request_actor(request), file_id=file_id)
    exporter = exporter_get(record.format)
    name = record.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        record.file.open("rb"), as_attachment=True, filename=name, content_type=exporter.content_type
    )
