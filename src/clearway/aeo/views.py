"""Pages of the AEO register: thin views that validate, call one service or selector, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clearway.accounts.roles import Role
from clearway.accounts.scoping import require_secretariat, user_is_secretariat
from clearway.aeo import exports, selectors, services
from clearway.aeo import updates as updates_mod
from clearway.aeo.forms import (
    MraForm,
    ProgrammeForm,
    ProgrammeProposalForm,
    RegisterUpdateDecisionForm,
    programme_form_initial,
)
from clearway.aeo.models import Coverage, MraStatus, ProgrammeStatus, StakeholderType, UpdateStatus
from clearway.aeo.network import annex_coverage_chart, mra_network_chart, mra_network_layout
from clearway.aeo.questionnaire import QUESTIONNAIRE_CODE
from clearway.aeo.summary import aeo_survey_annex
from clearway.core.actors import request_actor
from clearway.core.charts import chart_svg_of, chart_to_svg
from clearway.core.data_version import page_cache_get
from clearway.core.exceptions import ClearwayError, NotFound, ValidationFailed
from clearway.core.exports import tabular_response
from clearway.core.forms import form_errors_add
from clearway.core.i18n import current_language
from clearway.members.selectors import member_get, region_list

# Programmes and arrangements per page of the register and of the network's table.
AEO_PAGE_SIZE = 50


def _register_filters(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    return {
        "region": get.get("region") or None,
        "status": get.get("status") if get.get("status") in ProgrammeStatus.values else None,
        "stakeholder": get.get("stakeholder") if get.get("stakeholder") in StakeholderType.values else None,
        "coverage": get.get("coverage") if get.get("coverage") in Coverage.values else None,
        "query": (get.get("q") or "").strip() or None,
    }


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    cached = page_cache_get(request, apps=("aeo", "surveys"))
    if cached.html is not None:
        return render(request, "aeo/register_list.html", cached.context)
    filters = _register_filters(request)
    page = Paginator(
        selectors.programme_list(viewer=request_actor(request), **filters), AEO_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    programmes = list(page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "aeo/register_list.html",
        {
            **cached.context,
            "page": page,
            "programmes": programmes,
            "filters": filters,
            "regions": region_list(),
            "statuses": ProgrammeStatus.choices,
            "stakeholders": StakeholderType.choices,
            "coverages": Coverage.choices,
            "illustrative": selectors.register_has_illustrative(programmes=programmes),
            "query_string": query.urlencode(),
            "can_edit": user_is_secretariat(request_actor(request)),
            "pending_updates": _pending_update_count(request),
            "aeo_surveys": _aeo_surveys(request),
        },
    )


def _aeo_surveys(request: HttpRequest) -> list[Any]:
    from clearway.surveys.selectors import survey_list

    return list(
        survey_list(user=request_actor(request)).filter(version__questionnaire__code=QUESTIONNAIRE_CODE)
    )


def _pending_update_count(request: HttpRequest) -> int:
    return updates_mod.register_update_list(
        viewer=request_actor(request), status=UpdateStatus.PENDING
    ).count()


@login_required
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    programmes = selectors.programme_list(viewer=request_actor(request), **_register_filters(request))
    export = exports.register_export(
        programmes=programmes, mras=lambda: selectors.mra_list(viewer=request_actor(request))
    )
    return tabular_response(export=export, fmt=fmt)


@login_required
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(user=request_actor(request), programme_id=programme_id)
    coverage = selectors.programme_coverage_map(programme=programme)
    rows = [
        (label, Coverage(coverage[code]).label if code in coverage else None, coverage.get(code))
        for code, label in StakeholderType.choices
    ]
    mras = list(selectors.mra_list(viewer=request_actor(request)).filter(programmes=programme))
    return render(
        request,
        "aeo/programme_detail.html",
        {
            "programme": programme,
            "coverage_rows": rows,
            "mras": mras,
            "can_edit": user_is_secretariat(request_actor(request)),
        },
    )


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request_actor(request))
    form = ProgrammeForm(request.POST or None, initial={"confirmed": True})
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request_actor(request),
                member=form.cleaned_data["member"],
                facts=form.facts(),
                confirmed=form.cleaned_data["confirmed"],
            )
        except ClearwayError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Programme added to the register."))
            return redirect("aeo:programme", programme.pk)
    return render(request, "aeo/programme_form.html", {"form": form, "programme": None})


@login_required
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(
        user=request_actor(request), programme_id=programme_id, write=True
    )
    form = ProgrammeForm(request.POST or None, initial=programme_form_initial(programme), programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                actor=request_actor(request),
                programme=programme,
                facts=form.facts(),
                expected_version=form.cleaned_data["version"] or 0,
                confirmed=form.cleaned_data["confirmed"],
            )
        except ClearwayError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Programme updated."))
            return redirect("aeo:programme", programme.pk)
    return render(request, "aeo/programme_form.html", {"form": form, "programme": programme})


@login_required
@require_POST
def programme_confirm(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(
        user=request_actor(request), programme_id=programme_id, write=True
    )
    services.programme_confirm(actor=request_actor(request), programme=programme)
    messages.success(request, _("Programme confirmed: its facts are now published."))
    return redirect("aeo:programme", programme.pk)


@login_required
def member_programmes(request: HttpRequest, iso3: str) -> HttpResponse:
    member = member_get(viewer=request_actor(request), iso3=iso3)
    programmes = list(selectors.programme_list(viewer=request_actor(request), member=member))
    mras = list(selectors.mra_list(viewer=request_actor(request), member=member))
    return render(
        request,
        "aeo/member_programmes.html",
        {
            "member": member,
            "programmes": programmes,
            "mras": mras,
            "illustrative": selectors.register_has_illustrative(programmes=programmes, mras=mras),
            "can_propose": getattr(request.user, "role", None) == Role.MEMBER_FOCAL_POINT
            and getattr(request.user, "member_id", None) == member.pk,
        },
    )


@login_required
def member_propose(request: HttpRequest, iso3: str) -> HttpResponse:
    """A Member's focal point proposes a change to its own entry (`?programme=`) or a new one, at any time."""
    member = member_get(viewer=request_actor(request), iso3=iso3)
    programme = None
    if request.GET.get("programme"):
        programme = selectors.programme_get_for_user(
            user=request_actor(request), programme_id=_int(request.GET["programme"])
        )
    initial = programme_form_initial(programme) if programme is not None else {}
    form = ProgrammeProposalForm(request.POST or None, initial=initial, member=member, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            updates_mod.register_update_propose_own(
                actor=request_actor(request),
                member=member,
                programme=programme,
                facts=form.facts(),
                note=form.cleaned_data["note"],
            )
        except ClearwayError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(
                request,
                _("Your proposal was sent to the secretariat; the register changes once it confirms."),
            )
            return redirect("aeo:member", member.iso3)
    return render(
        request, "aeo/programme_proposal.html", {"form": form, "programme": programme, "member": member}
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NotFound() from None


@login_required
@require_POST
def update_bulk(request: HttpRequest) -> HttpResponse:
    """Confirm or reject several pending proposals at once; each is decided on its own, and what could not be
    decided is listed with the reason."""
    decision = request.POST.get("decision")
    note = request.POST.get("note", "").strip()
    done, refused = 0, []
    for raw in request.POST.getlist("ids"):
        try:
            update = updates_mod.register_update_get_for_user(
                user=request_actor(request), update_id=_int(raw)
            )
            if decision == "confirm":
                updates_mod.register_update_confirm(update=update, actor=request_actor(request), note=note)
            elif decision == "reject":
                updates_mod.register_update_reject(update=update, actor=request_actor(request), note=note)
            else:
                raise ValidationFailed(_("Choose to confirm or to reject."))
            done += 1
        except ClearwayError as exc:
            refused.append(f"#{raw}: {exc.message}")
    if done:
        messages.success(
            request, ngettext("%(n)d proposal decided.", "%(n)d proposals decided.", done) % {"n": done}
        )
    if refused:
        messages.error(request, _("Not decided: %(list)s") % {"list": "; ".join(refused)})
    if not done and not refused:
        messages.info(request, _("Select the proposals to decide."))
    return redirect("aeo:updates")


@login_required
def mra_network(request: HttpRequest) -> HttpResponse:
    cached = page_cache_get(request, apps=("aeo",))
    if cached.html is not None:
        return render(request, "aeo/network.html", cached.context)
    status = request.GET.get("status") if request.GET.get("status") in MraStatus.values else None
    ecommerce_only = request.GET.get("ecommerce") == "1"
    mras = list(
        selectors.mra_list(viewer=request_actor(request), status=status, ecommerce_only=ecommerce_only)
    )
    layout = mra_network_layout(mras=mras)
    chart_svg = chart_svg_of(mra_network_chart, layout=layout) if layout.edges else ""
    return render(
        request,
        "aeo/network.html",
        {
            **cached.context,
            "mras": mras,
            "page": Paginator(mras, AEO_PAGE_SIZE).get_page(request.GET.get("page")),
            "chart_svg": chart_svg,
            "status": status,
            "ecommerce_only": ecommerce_only,
            "statuses": MraStatus.choices,
            "member_count": sum(1 for n in layout.nodes if n.kind == "member"),
            "illustrative": selectors.register_has_illustrative(mras=mras),
            "can_edit": user_is_secretariat(request_actor(request)),
        },
    )


@login_required
def mra_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request_actor(request))
    form = MraForm(request.POST or None, programmes=selectors.programme_list(viewer=request_actor(request)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mra_create(
                actor=request_actor(request),
                kind=data["kind"],
                programmes=data["programmes"],
                status=data["status"],
                signed_on=data["signed_on"],
                covers_ecommerce=data["covers_ecommerce"],
                name_en=data["name_en"],
                name_fr=data["name_fr"],
                confirmed=data["confirmed"],
                notes=data["notes"],
            )
        except ClearwayError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Arrangement added to the register."))
            return redirect("aeo:network")
    return render(request, "aeo/mra_form.html", {"form": form})


@login_required
def update_list(request: HttpRequest) -> HttpResponse:
    requested = request.GET.get("status", UpdateStatus.PENDING)
    status = requested if requested in UpdateStatus.values else None
    updates = list(updates_mod.register_update_list(viewer=request_actor(request), status=status))
    return render(
        request,
        "aeo/update_list.html",
        {
            "updates": updates,
            "status": status,
            "statuses": UpdateStatus.choices,
            "can_decide": user_is_secretariat(request_actor(request)),
        },
    )


@login_required
def update_review(request: HttpRequest, update_id: int) -> HttpResponse:
    update = updates_mod.register_update_get_for_user(user=request_actor(request), update_id=update_id)
    form = RegisterUpdateDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if request.POST.get("decision") == "confirm":
                updates_mod.register_update_confirm(update=update, actor=request_actor(request), note=note)
                messages.success(request, _("The register was updated from this answer."))
            elif request.POST.get("decision") == "reject":
                updates_mod.register_update_reject(update=update, actor=request_actor(request), note=note)
                messages.success(request, _("The proposal was rejected; the register is unchanged."))
            elif update.response is not None:
                updates_mod.register_update_propose(response=update.response, actor=request_actor(request))
                messages.success(
                    request, _("The proposal was refreshed from the latest answer and register.")
                )
        except ClearwayError as exc:
            messages.error(request, str(exc.message))
        return redirect("aeo:update", update.pk)
    return render(
        request,
        "aeo/update_review.html",
        {
            "update": update,
            "diff": updates_mod.register_update_diff(update=update),
            "form": form,
            "can_decide": user_is_secretariat(request_actor(request))
            and update.status == UpdateStatus.PENDING,
            "mras_reported": updates_mod.register_update_mras(update=update),
        },
    )


@login_required
def survey_annex(request: HttpRequest, survey_id: int) -> HttpResponse:
    from clearway.surveys.selectors import survey_get_for_user

    survey = survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    annex = aeo_survey_annex(survey=survey, viewer=request_actor(request), lang=current_language())
    return render(
        request,
        "aeo/annex.html",
        {
            "survey": survey,
            "annex": annex,
            "chart_svg": chart_to_svg(annex_coverage_chart(annex=annex)),
        },
    )
