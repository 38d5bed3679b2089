"""Pages of the capacity app: thin, they validate, call one service or selector, and render."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.capacity import progress_views, selectors, services, workflow
from clearway.capacity.charts import activity_timeline_svg
from clearway.capacity.exports import register_export
from clearway.capacity.facts import activity_facts
from clearway.capacity.forms import (
    AbsenceForm,
    ActionDoneForm,
    ActivityForm,
    AssignForm,
    AvailabilityForm,
    DocumentForm,
    ExpertForm,
    FreeExpertsForm,
    OrganisationForm,
    PeriodForm,
    RequestCreateForm,
    SpeakerForm,
    TransitionForm,
)
from clearway.capacity.models import Activity, RequestState
from clearway.core.actors import Actor, request_actor
from clearway.core.data_version import page_cache_get
from clearway.core.exceptions import ClearwayError, NotFound, PermissionDenied, ValidationFailed
from clearway.core.exports import tabular_response
from clearway.core.forms import form_errors_add
from clearway.core.uploads import upload_held, upload_hold, upload_release
from clearway.members.selectors import member_get

# Activities per page of the register (and of its timeline): the whole programme holds a thousand.
REGISTER_PAGE_SIZE = 50


def _flash(request: HttpRequest, exc: ClearwayError) -> None:
    if exc.field_errors:
        messages.error(request, " ".join(str(m) for msgs in exc.field_errors.values() for m in msgs))
    else:
        messages.error(request, str(exc.message))


# ------------------------------------------------------------------ register, timeline, calendar, coverage


@login_required
def register(request: HttpRequest) -> HttpResponse:
    cached = page_cache_get(request, apps=("capacity",))
    if cached.html is not None:
        return render(request, "capacity/register.html", cached.context)
    form = PeriodForm(request.GET or None)
    try:
        activities = selectors.activity_list(viewer=request_actor(request), **form.filters())
    except ValidationFailed:
        activities = Activity.objects.none()  # the form shows what is wrong with the period
    page = Paginator(activities, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    facts = [activity_facts(a) for a in page]
    with_speakers = [a for a in page if a.speakers.all()]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "capacity/register.html",
        {
            **cached.context,
            "form": form,
            "page": page,
            "facts": facts,
            "timeline_svg": activity_timeline_svg(facts),
            "any_illustrative": any(f.illustrative for f in facts),
            "query": query.urlencode(),
            "speakers": selectors.speaker_matrix(activities=with_speakers),
            "speaker_activities": with_speakers,
            "can_edit": user_is_secretariat(request_actor(request)),
        },
    )


@login_required
def register_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    activities = selectors.activity_list(viewer=request_actor(request), **form.filters())
    return tabular_response(export=register_export(activities=activities), fmt=fmt)


def _month_from(value: str | None) -> datetime.date:
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return datetime.date.today().replace(day=1)


@login_required
def activity_calendar(request: HttpRequest) -> HttpResponse:
    first = _month_from(request.GET.get("month"))
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    activities = list(
        selectors.activity_list_for_period(viewer=request_actor(request), start=first, end=last)
    )
    weeks = [
        [(day, [a for a in activities if a.start_date <= day <= a.end_date]) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    return render(
        request,
        "capacity/calendar.html",
        {
            "month": first,
            "weeks": weeks,
            "activities": activities,
            "previous": previous,
            "following": following,
            "weekdays": [datetime.date(2024, 1, d) for d in range(1, 8)],  # 1 Jan 2024 was a Monday
            "any_illustrative": any(a.illustrative for a in activities),
        },
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    try:
        until = form.filters()["end"]
    except ValidationFailed:
        until = None  # the form shows the error; coverage as of today
    result = selectors.regional_coverage(viewer=request_actor(request), until=until)
    return render(
        request,
        "capacity/coverage.html",
        {
            "coverage": result,
            "form": form,
            "any_illustrative": any(r.illustrative_only for r in result.regions),
        },
    )


# ------------------------------------------------------------------ activities


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request_actor(request), activity_id=pk)
    secretariat = user_is_secretariat(request_actor(request))
    return render(
        request,
        "capacity/activity_detail.html",
        {
            "activity": activity,
            "f": activity_facts(activity),
            "secretariat": secretariat,
            "documents": activity.documents.all(),
            "assignments": activity.assignments.select_related("expert") if secretariat else [],
            "speaker_form": SpeakerForm() if secretariat else None,
            "document_form": DocumentForm() if secretariat else None,
            "assign_form": AssignForm(
                initial={"start_date": activity.start_date, "end_date": activity.end_date}
            )
            if secretariat
            else None,
            **progress_views.activity_loop_context(user=request_actor(request), activity=activity),
        },
    )


def _activity_input(
    data: dict[str, Any], *, illustrative: bool = False, support_request: Any = None
) -> services.ActivityInput:
    fields = {k: v for k, v in data.items() if k in services.ActivityInput.__dataclass_fields__}
    for name in ("other_regions", "partners", "funders", "members", "standards"):
        fields[name] = list(fields.get(name) or [])
    fields["participant_groups"] = list(fields.get("participant_groups") or [])
    return services.ActivityInput(**fields, illustrative=illustrative, support_request=support_request)


def _activity_initial(activity: Activity) -> dict[str, Any]:
    initial = {
        name: getattr(activity, name)
        for name in ActivityForm.base_fields
        if name not in ("other_regions", "partners", "funders", "members", "standards")
    }
    for name in ("other_regions", "partners", "funders", "members", "standards"):
        initial[name] = list(getattr(activity, name).all())
    return initial


@login_required
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not user_is_secretariat(request_actor(request)):
        raise PermissionDenied()
    activity = selectors.activity_get_for_user(user=request_actor(request), activity_id=pk) if pk else None
    form = ActivityForm(request.POST or None, initial=_activity_initial(activity) if activity else None)
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                activity = services.activity_create(
                    actor=request_actor(request), data=_activity_input(form.cleaned_data)
                )
            else:
                activity = services.activity_update(
                    actor=request_actor(request),
                    activity=activity,
                    data=_activity_input(
                        form.cleaned_data,
                        illustrative=activity.illustrative,
                        support_request=activity.support_request,
                    ),
                )
        except ClearwayError as exc:  # invalid data, or experts not free on the new dates
            form_errors_add(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("capacity:activity_detail", pk=activity.pk)
    return render(request, "capacity/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_speaker_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request_actor(request), activity_id=pk)
    form = SpeakerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("capacity:activity_detail", pk=pk)
    try:
        organisation = form.cleaned_data["organisation"] or services.organisation_ensure(
            name_en=form.cleaned_data["new_organisation"], actor=request_actor(request)
        )
        services.activity_speaker_add(
            actor=request_actor(request),
            activity=activity,
            organisation=organisation,
            person=form.cleaned_data["person"],
            topic=form.cleaned_data["topic"],
        )
    except ClearwayError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The speaker was added."))
    return redirect("capacity:activity_detail", pk=pk)


@login_required
@require_POST
def activity_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request_actor(request), activity_id=pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("capacity:activity_detail", pk=pk)
    try:
        services.activity_document_add(
            actor=request_actor(request),
            activity=activity,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except ClearwayError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The document was added."))
    return redirect("capacity:activity_detail", pk=pk)


@login_required
@require_POST
def activity_assign(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request_actor(request), activity_id=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("capacity:activity_detail", pk=pk)
    try:
        services.expert_assign(actor=request_actor(request), activity=activity, **form.cleaned_data)
    except ClearwayError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The expert was assigned."))
    return redirect("capacity:activity_detail", pk=pk)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    secretariat = user_is_secretariat(request_actor(request))
    form = OrganisationForm(request.POST or None) if secretariat else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied()
        if form.is_valid():
            try:
                services.organisation_create(actor=request_actor(request), **form.cleaned_data)
            except ValidationFailed as exc:
                form_errors_add(form, exc)
            else:
                messages.success(request, _("The organisation was added."))
                return redirect("capacity:organisation_list")
    return render(
        request,
        "capacity/organisation_list.html",
        {
            "organisations": selectors.organisation_list(),
            "form": form,
        },
    )


# ------------------------------------------------------------------ requests


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    pipeline = selectors.request_pipeline_summary(viewer=request_actor(request))
    requests = selectors.request_list_for_user(viewer=request_actor(request), state=state)
    own = (
        None
        if user_is_secretariat(request_actor(request))
        else selectors.request_in_progress_for_user(user=request_actor(request))
    )
    return render(
        request,
        "capacity/request_list.html",
        {
            "requests": requests,
            "pipeline": pipeline,
            "state": state,
            "states": RequestState.choices,
            "can_file": user_is_secretariat(request_actor(request))
            or getattr(request.user, "role", None) == Role.MEMBER_FOCAL_POINT,
            **(_in_progress_context(own) if own else {}),
        },
    )


def _in_progress_context(support: Any) -> dict[str, Any]:
    return {"in_progress": support, "waiting_for": workflow.request_waiting_for(request=support)}


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    if not user_is_secretariat(request_actor(request)):
        own = selectors.request_in_progress_for_user(user=request_actor(request))
        if own is not None:  # one request at a time: show it, not a form that will be refused
            return render(request, "capacity/request_form.html", _in_progress_context(own))
    form = RequestCreateForm(
        request.POST or None,
        request.FILES or None,
        user=request_actor(request),
        initial=progress_views.request_create_initial(request=request, member=_member_of(request)),
    )
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        token, owner_id = request.POST.get("intention_letter_held", ""), int(request.user.pk or 0)
        letter = request.FILES.get("intention_letter") or upload_held(token=token, owner_id=owner_id)
        if form.is_valid():
            member = form.cleaned_data.get("member") or getattr(request.user, "member", None)
            try:
                support = services.request_create(
                    actor=request_actor(request),
                    member=member,
                    intention_date=form.cleaned_data["intention_date"],
                    intention_reference=form.cleaned_data["intention_reference"],
                    intention_letter=letter,
                    needs=form.cleaned_data["needs"],
                    standards=list(form.cleaned_data["standards"]),
                    indicators=list(form.cleaned_data["indicators"]),
                )
            except ClearwayError as exc:
                form_errors_add(form, exc)
                other = selectors.request_in_progress_for_user(user=request_actor(request), member=member)
                context.update(_in_progress_context(other) if other else {})
            else:
                upload_release(token=token, owner_id=owner_id)
                messages.success(request, _("The request was filed."))
                return redirect("capacity:request_detail", pk=support.pk)
        _letter_keep(form, letter=letter, token=token, request=request)
    return render(request, "capacity/request_form.html", context)


def _member_of(request: HttpRequest) -> Any:
    """The Member a new request is for: the focal point's own, or the one the secretariat chose (?member=ISO3)."""
    from clearway.members.models import Member

    if not user_is_secretariat(request_actor(request)):
        return getattr(request.user, "member", None)
    iso3 = request.GET.get("member", "").strip().upper()
    return Member.objects.filter(iso3=iso3).first() if iso3 else None


def _letter_keep(form: RequestCreateForm, *, letter: Any, token: str, request: HttpRequest) -> None:
    """A refused form keeps its letter (unless the letter itself was refused): the user does not choose it again."""
    if letter is None or "intention_letter" in form.errors:
        return
    if "intention_letter" not in request.FILES:  # the letter kept from an earlier try: keep it again
        form.letter_kept(token=token, name=letter.name)
        return
    held = upload_hold(upload=letter, owner_id=int(request.user.pk or 0))
    form.letter_kept(token=held.token, name=held.name)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.request_get_for_user(user=request_actor(request), request_id=pk)
    # Eligibility and progress after support read the Member's assessments as well as the request.
    cached = page_cache_get(request, apps=("capacity", "assessments"))
    if cached.html is not None:
        return render(request, "capacity/request_detail.html", {**cached.context, "r": support})
    available = workflow.transitions_available(user=request_actor(request), request=support)
    return render(
        request,
        "capacity/request_detail.html",
        {
            **cached.context,
            "r": support,
            "conditions": workflow.request_eligibility(request=support),
            "assessment_url": _assessment_url(user=request_actor(request), member=support.member),
            "history": selectors.request_history(request=support),
            "transitions": [(t, TransitionForm(prefix=t.target)) for t in available],
            "activities": support.activities.all(),
            "can_act": workflow.actor_kind_for(user=request_actor(request), request=support) is not None,
            "today": datetime.date.today(),
            "actions": support.actions.select_related("standard__edition"),
            **progress_views.request_loop_context(user=request_actor(request), support=support),
        },
    )


def _assessment_url(*, user: Actor, member: Any) -> str:
    """Where the Member's assessment of the current cycle is filled in (the assessments' home if none is open)."""
    from clearway.assessments.selectors import assessment_for_member_and_cycle, cycle_current

    cycle = cycle_current()
    assessment = cycle and assessment_for_member_and_cycle(user=user, member=member, cycle=cycle)
    return reverse("assessments:detail", args=[assessment.pk]) if assessment else reverse("assessments:home")


def _transition_data(form: TransitionForm) -> dict[str, Any]:
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
    data.pop("reason", None)
    data.pop("effective_on", None)
    description = data.pop("action_description", "")
    standard, due = data.pop("action_standard", None), data.pop("action_due", None)
    if "experts" in data:
        data["experts"] = list(data["experts"])
    if description:
        data["actions"] = [services.ActionInput(description=description, standard=standard, due_date=due)]
    return data


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int, target: str) -> HttpResponse:
    support = selectors.request_get_for_user(user=request_actor(request), request_id=pk)
    form = TransitionForm(request.POST, request.FILES, prefix=target)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("capacity:request_detail", pk=pk)
    data = _transition_data(form)
    if target == RequestState.FOLLOW_UP:  # one action per standard the workshop addressed
        per_standard = progress_views.follow_up_actions_from(request.POST, support=support)
        data["actions"] = [*data.get("actions", []), *per_standard]
    try:
        services.request_transition(
            request=support,
            to_state=target,
            actor=request_actor(request),
            reason=form.cleaned_data.get("reason") or "",
            effective_on=form.effective_date(),
            **data,
        )
    except ClearwayError as exc:
        _flash(request, exc)
    else:
        messages.success(
            request, _("The request is now “%(state)s”.") % {"state": RequestState(target).label}
        )
    return HttpResponseRedirect(reverse("capacity:request_detail", args=[pk]))


@login_required
@require_POST
def follow_up_action_done(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    support = selectors.request_get_for_user(user=request_actor(request), request_id=pk)
    action = support.actions.filter(pk=action_id).first()
    if action is None:
        raise NotFound()
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("capacity:request_detail", pk=pk)
    try:
        services.follow_up_action_complete(
            actor=request_actor(request), action=action, done_on=form.cleaned_data["done_on"]
        )
    except ClearwayError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The action was marked as done."))
    return redirect("capacity:request_detail", pk=pk)


# ------------------------------------------------------------------ experts and Members


@login_required
def expert_list(request: HttpRequest) -> HttpResponse:
    if not selectors.expert_roster_visible(request_actor(request)):
        raise PermissionDenied()
    secretariat = user_is_secretariat(request_actor(request))
    form = ExpertForm(request.POST or None) if secretariat else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied()
        if form.is_valid():
            try:
                services.expert_create(actor=request_actor(request), **form.cleaned_data)
            except ValidationFailed as exc:
                form_errors_add(form, exc)
            else:
                messages.success(request, _("The expert was added to the roster."))
                return redirect("capacity:expert_list")
    free = FreeExpertsForm(request.GET or None)
    dates = free.cleaned_data if free.is_bound and free.is_valid() else {}
    experts = selectors.expert_list(
        viewer=request_actor(request),
        status=request.GET.get("status") or None,
        region=request.GET.get("region") or None,
        free_from=dates.get("free_from"),
        free_to=dates.get("free_to"),
    )
    return render(
        request,
        "capacity/expert_list.html",
        {
            "experts": experts,
            "any_illustrative": any(e.illustrative for e in experts),
            "form": form,
            "free_form": free,
            "filtered": bool(dates.get("free_from")),
            "absence_form": AbsenceForm(),
            "secretariat": secretariat,
        },
    )


@login_required
@require_POST
def expert_availability(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get_for_user(user=request_actor(request), expert_id=pk)
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.expert_set_availability(
                actor=request_actor(request),
                expert=expert,
                available=form.cleaned_data["available"],
                note=form.cleaned_data["availability_note"],
            )
        except ClearwayError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("The availability was saved."))
    return redirect("capacity:expert_list")


@login_required
@require_POST
def expert_absence_add(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get_for_user(user=request_actor(request), expert_id=pk)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("capacity:expert_list")
    try:
        services.expert_absence_add(actor=request_actor(request), expert=expert, **form.cleaned_data)
    except ClearwayError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The dates were recorded: no mission will be assigned on them."))
    return redirect("capacity:expert_list")


@login_required
@require_POST
def expert_absence_remove(request: HttpRequest, pk: int, absence_id: int) -> HttpResponse:
    expert = selectors.expert_get_for_user(user=request_actor(request), expert_id=pk)
    absence = expert.absences.filter(pk=absence_id).first()
    if absence is None:
        raise NotFound()
    try:
        services.expert_absence_remove(actor=request_actor(request), absence=absence)
    except ClearwayError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The dates were removed."))
    return redirect("capacity:expert_list")


@login_required
def member_history(request: HttpRequest, iso3: str) -> HttpResponse:
    member = member_get(viewer=request_actor(request), iso3=iso3)
    history = selectors.member_history(viewer=request_actor(request), member=member)
    return render(request, "capacity/member_history.html", {"history": history, "member": member})


# ------------------------------------------------------------------ files (served only through the permission checks)


def _file_response(field: Any, *, download_name: str) -> FileResponse:
    if not field:
        raise NotFound()
    return FileResponse(field.open("rb"), as_attachment=True, filename=download_name)


@login_required
def activity_document_download(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    activity = selectors.activity_get_for_user(user=request_actor(request), activity_id=pk)
    document = activity.documents.filter(pk=document_id).first()
    if document is None:
        raise NotFound()
    return _file_response(document.file, download_name=document.file.name.rsplit("/", 1)[-1])


@login_required
def request_letter_download(request: HttpRequest, pk: int, letter: str) -> FileResponse:
    support = selectors.request_get_for_user(user=request_actor(request), request_id=pk)
    fields = {"intention": support.intention_letter, "official": support.official_request_letter}
    if letter not in fields:
        raise NotFound()
    field = fields[letter]
    return _file_response(field, download_name=field.name.rsplit("/", 1)[-1] if field else "")
