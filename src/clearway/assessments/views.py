"""Pages of the assessments app: thin views over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clearway.accounts.http import request_user
from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.assessments import (
    analytics,
    charts,
    comparability,
    contradictions,
    exports,
    reminders,
    selectors,
    services,
)
from clearway.assessments.disclosure import levels_for_aggregates, viewer_sees_everything
from clearway.assessments.forms import (
    AnswerForm,
    CommentForm,
    CommitmentForm,
    CycleForm,
    EvidenceForm,
    ReopenRequestForm,
    ReviewForm,
    StatementForm,
)
from clearway.assessments.models import AssessmentStatus, Stage
from clearway.core.actors import request_actor
from clearway.core.data_version import page_cache_get
from clearway.core.exceptions import ClearwayError, NotFound
from clearway.core.exports import tabular_response
from clearway.core.forms import form_cleaned
from clearway.core.i18n import current_language
from clearway.core.reminders import reminder_notice
from clearway.framework.models import Standard
from clearway.members.models import Member
from clearway.members.selectors import member_get, member_list


def _fail(request: HttpRequest, exc: ClearwayError) -> None:
    messages.error(request, str(exc.message))
    for field, errors in exc.field_errors.items():
        for error in errors:
            if str(error) != str(exc.message):
                messages.error(request, f"{field}: {error}")


@login_required
def assessment_home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    cycles = selectors.cycle_list(viewer=user)
    current = selectors.cycle_current()
    mine = None
    if user.is_member_user and user.member is not None and current is not None:
        mine = selectors.assessment_for_member_and_cycle(user=user, member=user.member, cycle=current)
    return render(
        request,
        "assessments/home.html",
        {
            "cycles": cycles,
            "current": current,
            "mine": mine,
            "summary": analytics.cycle_overview_summary(viewer=user, cycle=current) if current else None,
            "catalogues": selectors.catalogue_list(),
            "is_secretariat": user_is_secretariat(user),
            "overdue": selectors.commitment_overdue_list(user=user)[:10],
        },
    )


@login_required
def catalogue_detail(request: HttpRequest, code: str) -> HttpResponse:
    catalogue = selectors.catalogue_get(code=code)
    return render(
        request,
        "assessments/catalogue.html",
        {
            "catalogue": catalogue,
            "indicators": selectors.indicator_list(catalogue=catalogue),
            "stages": Stage.choices,
            "mappings": [
                m
                for m in selectors.indicator_mapping_list(target=catalogue)
                if m.source.code != m.target.code
            ],
            "mapped_from": sorted(
                {m.source.catalogue.code for m in selectors.indicator_mapping_list(target=catalogue)}
            ),
        },
    )


@login_required
def cycle_create(request: HttpRequest) -> HttpResponse:
    if not user_is_secretariat(request_actor(request)):
        raise NotFound()
    values: dict[str, Any] = {"opens_on": timezone.localdate().isoformat(), "members": []}
    if request.method == "POST":
        form = CycleForm(request.POST)
        values = {**request.POST.dict(), "members": request.POST.getlist("members")}  # shown again as sent
        try:
            data = form_cleaned(form)
            catalogue = selectors.catalogue_get(code=data["catalogue"])
            members = list(Member.objects.filter(active=True) if data["all_members"] else data["members"])
            cycle = services.cycle_create(
                actor=request_actor(request),
                name=data["name"],
                name_fr=data["name_fr"],
                catalogue=catalogue,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                members=members,
            )
        except ClearwayError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Cycle opened for %(n)s Members.") % {"n": len(members)})
            return redirect("assessments:cycle", cycle_id=cycle.pk)
    return render(
        request,
        "assessments/cycle_form.html",
        {
            "catalogues": selectors.catalogue_list(),
            "members": member_list(viewer=request_actor(request)),
            "form": values,
        },
    )


@login_required
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id)
    cached = page_cache_get(request, apps=("assessments",))
    if cached.html is not None:
        return render(request, "assessments/cycle.html", {**cached.context, "cycle": cycle})
    heat = list(analytics.cycle_heatmap(viewer=request_actor(request), cycle=cycle))
    standards = list(selectors.cycle_standards(cycle=cycle))
    return render(
        request,
        "assessments/cycle.html",
        {
            **cached.context,
            "cycle": cycle,
            "summary": analytics.cycle_overview_summary(viewer=request_actor(request), cycle=cycle),
            "contradictions": contradictions.cycle_contradictions(viewer=request_actor(request), cycle=cycle),
            **_progress_list(request, cycle),
            "reminders": cycle.reminders.all()[:10] if user_is_secretariat(request_actor(request)) else [],
            "heat": [(row, [row.scores.get(s.key) for s in standards]) for row in heat],
            "heat_svg": _cycle_heat_svg(heat, standards),
            "standards": standards,
            "is_secretariat": user_is_secretariat(request_actor(request)),
        },
    )


def _cycle_heat_svg(heat: list[Any], standards: list[Any]) -> str:
    rows = [
        {"member": row.assessment.member.iso3, "standard": s.number, "score": row.scores.get(s.key)}
        for row in heat
        for s in standards
    ]
    return charts.heatmap_chart(rows=rows) if rows else ""


# How the cycle page's list of Members can be sorted: the choice's value, its label and the ordering.
PROGRESS_SORTS: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "member": (gettext_lazy("Member"), ("member__name_en",)),
    "region": (gettext_lazy("Region"), ("member__region__order", "member__name_en")),
    "status": (gettext_lazy("Status"), ("status", "member__name_en")),
    "submitted": (gettext_lazy("Submitted on"), (F("submitted_at").desc(nulls_last=True), "member__name_en")),
}
PROGRESS_PAGE_SIZE = 50


def _progress_list(request: HttpRequest, cycle: Any) -> dict[str, Any]:
    """Where each Member stands in the cycle, filtered by status and region, sorted, one page at a time."""
    status = request.GET.get("status") if request.GET.get("status") in AssessmentStatus.values else ""
    region = (request.GET.get("region") or "").upper()
    sort = request.GET.get("sort") or ""
    sort = sort if sort in PROGRESS_SORTS else "member"
    assessments = selectors.assessment_list_for_user(user=request_actor(request), cycle=cycle)
    if status:
        assessments = assessments.filter(status=status)
    if region:
        assessments = assessments.filter(member__region__code=region)
    ordering = PROGRESS_SORTS[sort][1]
    if sort == "member" and current_language() == "fr":
        ordering = ("member__name_fr", "member__name_en")
    page = Paginator(assessments.order_by(*ordering), PROGRESS_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "assessments": page,
        "page": page,
        "progress": {"status": status, "region": region, "sort": sort},
        "statuses": AssessmentStatus.choices,
        "sorts": [(key, label) for key, (label, _o) in PROGRESS_SORTS.items()],
    }


@login_required
@require_POST
def cycle_remind(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Remind the focal points of the Members that have not submitted; say plainly whom it could not reach."""
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id)
    try:
        reminder = reminders.cycle_remind(cycle=cycle, actor=request_actor(request))
    except ClearwayError as exc:
        _fail(request, exc)
        return redirect("assessments:cycle", cycle_id=cycle.pk)
    notice = reminder_notice(
        reminder=reminder,
        nothing_to_do=_("Every Member of the cycle has submitted: nobody to remind."),
        reached_nobody=_(
            "The reminder reached nobody: none of the %(m)s Members that have not submitted has an active "
            "focal point with an e-mail address (%(codes)s). Add or invite their focal points, then remind again."
        ),
    )
    messages.add_message(request, *notice)
    return redirect("assessments:cycle", cycle_id=cycle.pk)


@login_required
@require_POST
def cycle_close(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id)
    try:
        services.cycle_close(actor=request_actor(request), cycle=cycle)
        messages.success(request, _("The cycle is closed."))
    except ClearwayError as exc:
        _fail(request, exc)
    return redirect("assessments:cycle", cycle_id=cycle.pk)


@login_required
def cycle_benchmarks(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id)
    cached = page_cache_get(request, apps=("assessments",))
    if cached.html is not None:
        return render(request, "assessments/benchmarks.html", {**cached.context, "cycle": cycle})
    benchmarks = analytics.cycle_benchmarks(viewer=request_actor(request), cycle=cycle)
    regions = sorted({b.region for b in benchmarks if b.region})
    table: dict[Any, dict[str, Any]] = {}
    for b in benchmarks:
        table.setdefault(b.standard, {})[b.region] = b
    return render(
        request,
        "assessments/benchmarks.html",
        {
            **cached.context,
            "cycle": cycle,
            "regions": regions,
            "table": table,
            "levels": sorted(levels_for_aggregates(request_actor(request))),
        },
    )


@login_required
def cycle_export(request: HttpRequest, cycle_id: int, fmt: str) -> HttpResponse:
    cycle = selectors.cycle_get(viewer=request_actor(request), cycle_id=cycle_id)
    return tabular_response(export=exports.cycle_export(viewer=request_actor(request), cycle=cycle), fmt=fmt)


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user = request_user(request)
    assessment = selectors.assessment_get_for_user(user=user, assessment_id=assessment_id)
    cached = page_cache_get(request, apps=("assessments", "shipments", "capacity"))
    if cached.html is not None:
        return render(request, "assessments/detail.html", {**cached.context, "assessment": assessment})
    card = selectors.scorecard_for(viewer=user, assessment=assessment)
    benchmarks = [
        b for b in analytics.cycle_benchmarks(viewer=user, cycle=assessment.cycle) if not b.suppressed
    ]
    medians = {b.standard.key: b.median for b in benchmarks if not b.region}
    region = assessment.member.region.code if assessment.member.region_id else ""
    region_medians = {b.standard.key: b.median for b in benchmarks if region and b.region == region}
    own = user.is_member_user and user.member_id == assessment.member_id
    change = analytics.assessment_change(viewer=user, assessment=assessment)
    return render(
        request,
        "assessments/detail.html",
        {
            **cached.context,
            "assessment": assessment,
            "card": card,
            "chart_svg": charts.scorecard_chart(card=card, medians=medians, region_medians=region_medians),
            "medians": medians,
            # The Member's score beside its region's and all Members' medians, standard by standard.
            "comparison": [
                (s, region_medians.get(s.standard.key), medians.get(s.standard.key))
                for s in card.standards
                if s.score is not None
            ],
            "region": assessment.member.region,
            "gaps": card.gaps()[:5],
            "change": change,
            "catalogue_changes": comparability.catalogue_changes(
                previous=change.previous_assessment,
                current=assessment,
                levels=selectors.assessment_levels(viewer=user, assessment=assessment),
            )
            if change.previous_assessment
            else [],
            "comments": selectors.comment_list(assessment=assessment)
            if own or user_is_secretariat(user)
            else [],
            "sees_everything": viewer_sees_everything(user, member_id=assessment.member_id),
            "can_edit": own
            and assessment.editable
            and user.role in (Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR),
            "can_submit": own and assessment.editable and user.role == Role.MEMBER_FOCAL_POINT,
            "can_review": user_is_secretariat(user)
            and assessment.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED),
            "can_comment": own or user_is_secretariat(user),
            # From a gap to a request for national support (filed by the focal point or the secretariat).
            "can_request_support": user_is_secretariat(user)
            or (own and user.role == Role.MEMBER_FOCAL_POINT),
            "answer_comments": selectors.comments_by_indicator(assessment=assessment)
            if own or user_is_secretariat(user)
            else {},
            "evidence": selectors.evidence_by_indicator(
                assessment=assessment, levels=selectors.assessment_levels(viewer=user, assessment=assessment)
            )
            if own or user_is_secretariat(user)
            else {},
            "reopen_request": selectors.assessment_reopen_request(assessment=assessment),
            "can_ask_reopen": own
            and user.role == Role.MEMBER_FOCAL_POINT
            and assessment.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED),
            "commitments": selectors.commitment_list_for_user(user=user, member=assessment.member),
            "measure_checks": analytics.assessment_measure_checks(
                assessment=assessment, levels=selectors.assessment_levels(viewer=user, assessment=assessment)
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(
        user=request_actor(request), assessment_id=assessment_id, write=True
    )
    if request.method == "POST":
        form = AnswerForm(request.POST)
        code = form.data.get("indicator", "")
        try:
            data = form_cleaned(form)
            services.answer_save(
                actor=request_actor(request),
                assessment=assessment,
                indicator_code=data["indicator"],
                base_version=data["version"] or 0,
                stage=data["stage"] or None,
                yes=data["yes"],
                value=data["value"],
                not_measurable=data["not_measurable"],
                comment=data["comment"],
            )
            messages.success(request, _("Answer to %(code)s saved.") % {"code": data["indicator"]})
        except ClearwayError as exc:
            _fail(request, exc)
        return redirect(f"{request.path}#ind-{code}")
    cached = page_cache_get(request, apps=("assessments",))
    if cached.html is not None:
        return render(
            request,
            "assessments/edit.html",
            {**cached.context, "assessment": assessment, "autosave_messages": _autosave_messages()},
        )
    answers = {a.indicator_id: a for a in selectors.answer_list(assessment=assessment)}
    sections: dict[Any, list[tuple[Any, Any]]] = {}
    for indicator in selectors.indicator_list(catalogue=assessment.cycle.catalogue):
        sections.setdefault(indicator.standard, []).append((indicator, answers.get(indicator.pk)))
    evidence = selectors.evidence_by_indicator(
        assessment=assessment, levels=frozenset({"public", "members", "secretariat"})
    )
    return render(
        request,
        "assessments/edit.html",
        {
            **cached.context,
            "assessment": assessment,
            "return_reason": selectors.assessment_return_reason(assessment=assessment),
            "answer_comments": selectors.comments_by_indicator(assessment=assessment),
            "sections": sections,
            "stages": Stage.choices,
            "evidence": evidence,
            "answered": sum(1 for a in answers.values() if a.is_answered),
            "total": sum(len(v) for v in sections.values()),
            "autosave_messages": _autosave_messages(),
        },
    )


def _autosave_messages() -> dict[str, str]:
    return {
        "saving": _("Saving…"),
        "saved": _("Saved"),
        "reload": _("Reload the page to see both versions"),
        "offline": _("Not saved yet: kept on this device, retrying…"),
        "restored": _("Unsaved text restored from this device"),
    }


@login_required
def answer_history(request: HttpRequest, assessment_id: int, code: str) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    if not viewer_sees_everything(request_actor(request), member_id=assessment.member_id):
        raise NotFound()
    indicator = selectors.indicator_get(catalogue=assessment.cycle.catalogue, code=code)
    answer = assessment.answers.filter(indicator=indicator).first()
    revisions = selectors.answer_history(answer=answer) if answer else []
    return render(
        request,
        "assessments/history.html",
        {
            "assessment": assessment,
            "indicator": indicator,
            "answer": answer,
            "revisions": revisions,
        },
    )


@login_required
@require_POST
def assessment_submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    try:
        statement = form_cleaned(StatementForm(request.POST))["statement"]
        services.assessment_submit(actor=request_actor(request), assessment=assessment, statement=statement)
        messages.success(request, _("Assessment signed off and submitted to the WCO Secretariat."))
    except ClearwayError as exc:
        _fail(request, exc)
    return redirect("assessments:detail", assessment_id=assessment.pk)


@login_required
@require_POST
def assessment_review(request: HttpRequest, assessment_id: int, decision: str) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    try:
        comment = form_cleaned(ReviewForm(request.POST))["comment"]
        if decision == "validate":
            services.assessment_validate(actor=request_actor(request), assessment=assessment, comment=comment)
            messages.success(request, _("Assessment validated."))
        else:
            services.assessment_return(actor=request_actor(request), assessment=assessment, comment=comment)
            messages.success(request, _("Assessment returned to the Member with your comments."))
    except ClearwayError as exc:
        _fail(request, exc)
    return redirect("assessments:detail", assessment_id=assessment.pk)


@login_required
@require_POST
def comment_add(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    form = CommentForm(request.POST)
    code, back = form.data.get("indicator", ""), form.data.get("back", "")
    try:
        body = form_cleaned(form)["body"]
        services.comment_add(
            actor=request_actor(request), assessment=assessment, body=body, indicator_code=code
        )
    except ClearwayError as exc:
        _fail(request, exc)
    if code and back == "edit":
        return redirect(f"{reverse('assessments:edit', args=[assessment.pk])}#ind-{code}")
    return redirect(f"{assessment_detail_url(assessment.pk)}#{f'line-{code}' if code else 'thread'}")


@login_required
@require_POST
def assessment_reopen_request(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request_actor(request), assessment_id=assessment_id)
    try:
        reason = form_cleaned(ReopenRequestForm(request.POST))["reason"]
        services.assessment_reopen_request(actor=request_actor(request), assessment=assessment, reason=reason)
        messages.success(
            request,
            _(
                "Your request was sent to the secretariat, which reopens the assessment by returning it to you."
            ),
        )
    except ClearwayError as exc:
        _fail(request, exc)
    return redirect(f"{assessment_detail_url(assessment.pk)}#thread")


def assessment_detail_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("assessments:detail", kwargs={"assessment_id": pk})


@login_required
@require_POST
def evidence_upload(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(
        user=request_actor(request), assessment_id=assessment_id, write=True
    )
    form = EvidenceForm(request.POST, request.FILES)
    code = form.data.get("indicator", "")
    try:
        upload = form_cleaned(form)["file"]
        services.evidence_upload(
            actor=request_actor(request), assessment=assessment, indicator_code=code, upload=upload
        )
        messages.success(request, _("Evidence attached to %(code)s.") % {"code": code})
    except ClearwayError as exc:
        _fail(request, exc)
    return redirect(f"/assessments/{assessment.pk}/edit/#ind-{code}")


@login_required
@require_POST
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = selectors.evidence_get_for_user(user=request_actor(request), evidence_id=evidence_id)
    assessment_id, code = evidence.assessment_id, evidence.indicator.code
    try:
        services.evidence_delete(actor=request_actor(request), evidence=evidence)
        messages.success(request, _("Evidence removed."))
    except ClearwayError as exc:
        _fail(request, exc)
    return redirect(f"/assessments/{assessment_id}/edit/#ind-{code}")


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_get_for_user(user=request_actor(request), evidence_id=evidence_id)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    member = None
    if request.GET.get("member"):
        member = member_get(viewer=user, iso3=request.GET["member"])
    elif user.is_member_user:
        member = user.member
    commitments = selectors.commitment_list_for_user(user=user, member=member)
    can_edit = member is not None and (
        user_is_secretariat(user) or (user.is_member_user and user.member_id == member.pk)
    )
    if request.method == "POST" and member is not None:
        try:
            data = form_cleaned(CommitmentForm(request.POST))
            services.commitment_save(actor=user, member=member, **data)
            messages.success(request, _("Commitment saved."))
        except ClearwayError as exc:
            _fail(request, exc)
        return redirect(f"{request.path}?member={member.iso3}")
    current = selectors.cycle_current()
    standards = (
        Standard.objects.filter(edition=current.catalogue.edition) if current else Standard.objects.none()
    )
    return render(
        request,
        "assessments/commitments.html",
        {
            "member": member,
            "commitments": commitments,
            "today": timezone.localdate(),
            "can_edit": can_edit,
            "standards": standards,
        },
    )
