"""Survey pages: thin views over selectors and services."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearway.accounts.http import request_user
from clearway.accounts.scoping import require_secretariat, user_is_secretariat
from clearway.core.actors import request_actor
from clearway.core.data_version import page_cache_get
from clearway.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from clearway.core.exports import XLSX_CONTENT_TYPE, tabular_response
from clearway.core.i18n import current_language
from clearway.core.jobs import job_enqueue
from clearway.core.reminders import reminder_notice
from clearway.members.models import Member
from clearway.surveys import selectors, services
from clearway.surveys.charts import question_chart_svg
from clearway.surveys.definition import answers_effective
from clearway.surveys.exports import responses_export
from clearway.surveys.forms import DisclosureForm, QuestionnaireImportForm, SurveyCreateForm
from clearway.surveys.letters import letter_content, letter_to_docx
from clearway.surveys.models import ResponseState, SurveyState
from clearway.surveys.rendering import answer_display, form_html, form_language, form_languages, form_nodes
from clearway.surveys.statistics import survey_statistics
from clearway.surveys.summary import RENDERERS, summary_from_statistics
from clearway.surveys.xlsform.problems import problem_from_dict

XLSX = XLSX_CONTENT_TYPE


def _lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in ("en", "fr") else current_language()


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def survey_index(request: HttpRequest) -> HttpResponse:
    surveys = list(selectors.survey_list(user=request_actor(request)).prefetch_related("targets"))
    member_id = getattr(request.user, "member_id", None)
    own = (
        {
            r.survey_id: r
            for r in selectors.response_list(user=request_actor(request)).filter(member_id=member_id)
        }
        if member_id
        else {}
    )
    rows = [
        {
            "survey": s,
            "response": own.get(s.pk),
            "targeted": selectors.survey_is_targeted(survey=s, member_id=member_id),
            "stats": selectors.survey_statistics_visible(survey=s, user=request_actor(request)),
        }
        for s in surveys
    ]
    return render(
        request,
        "surveys/index.html",
        {"rows": rows, "is_secretariat": user_is_secretariat(request_actor(request))},
    )


@login_required
@require_POST
def survey_remind_open(request: HttpRequest) -> HttpResponse:
    """Remind the non-respondents of every open survey at once: a background job the jobs page follows."""
    require_secretariat(request_actor(request))
    job = job_enqueue(kind="surveys.remind_open", params={}, actor=request_actor(request))
    messages.success(
        request,
        _(
            "Reminders for every open survey are being sent in the background; each survey's page lists them once sent."
        ),
    )
    return redirect(f"{reverse('core:jobs')}?kind=surveys.remind_open#job-{job.pk}")


@login_required
def questionnaire_index(request: HttpRequest) -> HttpResponse:
    form = QuestionnaireImportForm()
    if request.method == "POST":
        require_secretariat(request_actor(request))
        form = QuestionnaireImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = services.questionnaire_import_xlsform(
                    file=io.BytesIO(upload.read()),
                    code=form.cleaned_data["code"],
                    actor=request_actor(request),
                    source_name=upload.name,
                    attachments={f.name: f.read() for f in form.cleaned_data["attachments"]},
                )
            except ValidationFailed as exc:
                for error in exc.field_errors.get("file") or [str(exc.message)]:
                    form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("Imported %(code)s version %(number)s.")
                    % {"code": version.questionnaire.code, "number": version.number},
                )
                return redirect(
                    "surveys:questionnaire", code=version.questionnaire.code, number=version.number
                )
    questionnaires = selectors.questionnaire_list(user=request_actor(request))
    return render(
        request,
        "surveys/questionnaires.html",
        {
            "questionnaires": questionnaires,
            "form": form,
            "is_secretariat": user_is_secretariat(request_actor(request)),
        },
    )


@login_required
def questionnaire_preview(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = selectors.questionnaire_version_get(user=request_actor(request), code=code, number=number)
    lang = form_language(version.definition, request.GET.get("form_lang") or request.GET.get("lang", ""))
    return render(
        request,
        "surveys/questionnaire.html",
        {
            "version": version,
            "nodes": form_nodes(version.definition, lang),
            "lang": lang,
            "form_languages": form_languages(version.definition),
            "notes": [problem_from_dict(n) for n in version.definition.get("notes", [])],
            "preview": True,
        },
    )


@login_required
def questionnaire_download(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = selectors.questionnaire_version_get(user=request_actor(request), code=code, number=number)
    return _download(services.questionnaire_export_xlsform(version=version), f"{code}-v{number}.xlsx", XLSX)


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    require_secretariat(request_actor(request))
    form = SurveyCreateForm(request.POST or None, initial={"target_kind": "all"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                version=data["version"],
                reference=data["reference"],
                letter_date=data["letter_date"],
                signatory=data["signatory"],
                signatory_title_en=data["signatory_title_en"],
                signatory_title_fr=data["signatory_title_fr"],
                title_en=data["title_en"],
                title_fr=data["title_fr"],
                letter_body_en=data["letter_body_en"],
                letter_body_fr=data["letter_body_fr"],
                target_kind=data["target_kind"],
                regions=data["regions"],
                members=data["members"],
                deadline=data["deadline"],
                disclosure=data["disclosure"],
                actor=request_actor(request),
            )
        except ValidationFailed as exc:
            for field, errors in exc.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Survey created as a draft. Check the letter, then open it."))
            return redirect("surveys:detail", survey_id=survey.pk)
    return render(request, "surveys/new.html", {"form": form})


@login_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    responses = {r.member_id: r for r in selectors.response_list(user=request_actor(request), survey=survey)}
    secretariat = user_is_secretariat(request_actor(request))
    targets = list(survey.targets.select_related("region").order_by("region__order", "name_en"))
    if not secretariat:
        targets = [
            m for m in targets if m.pk in responses or m.pk == getattr(request.user, "member_id", None)
        ]
    show = request.GET.get("show", "")
    if show == "submitted":
        targets = [
            m for m in targets if m.pk in responses and responses[m.pk].state == ResponseState.SUBMITTED
        ]
    elif show == "pending":
        targets = [
            m for m in targets if m.pk not in responses or responses[m.pk].state != ResponseState.SUBMITTED
        ]
    elif show == "not_started":
        targets = [m for m in targets if m.pk not in responses]
    elif show == "draft":
        targets = [m for m in targets if m.pk in responses and responses[m.pk].state == ResponseState.DRAFT]
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "secretariat": secretariat,
            "targets": [{"member": m, "response": responses.get(m.pk)} for m in targets],
            "targeted_count": survey.targets.count(),
            "show": show,
            "submitted_count": survey.responses.filter(state=ResponseState.SUBMITTED).count(),
            "can_answer": survey.state == SurveyState.OPEN
            and selectors.survey_is_targeted(
                survey=survey, member_id=getattr(request.user, "member_id", None)
            ),
            "stats_visible": selectors.survey_statistics_visible(survey=survey, user=request_actor(request)),
            "reminders": survey.reminders.all()[:10] if secretariat else [],
            "disclosure_form": DisclosureForm(initial={"disclosure": survey.disclosure}),
        },
    )


@login_required
@require_POST
def survey_transition(request: HttpRequest, survey_id: int) -> HttpResponse:
    require_secretariat(request_actor(request))
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    if request.POST.get("to") == SurveyState.OPEN:
        services.survey_open(survey=survey, actor=request_actor(request))
        messages.success(request, _("The survey is open: targeted Members can answer."))
    elif request.POST.get("to") == SurveyState.CLOSED:
        services.survey_close(
            survey=survey, actor=request_actor(request), reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The survey is closed: responses are frozen."))
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
@require_POST
def survey_remind_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    require_secretariat(request_actor(request))
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    reminder = services.survey_remind(survey=survey, actor=request_actor(request))
    notice = reminder_notice(
        reminder=reminder,
        nothing_to_do=_("Every Member targeted has answered: nobody to remind."),
        reached_nobody=_(
            "The reminder reached nobody: none of the %(m)s Members that have not answered has an active "
            "focal point with an e-mail address (%(codes)s). Add or invite their focal points, then remind again."
        ),
    )
    messages.add_message(request, *notice)
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
@require_POST
def survey_disclosure(request: HttpRequest, survey_id: int) -> HttpResponse:
    require_secretariat(request_actor(request))
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    form = DisclosureForm(request.POST)
    if form.is_valid():
        services.survey_update_disclosure(
            survey=survey, disclosure=form.cleaned_data["disclosure"], actor=request_actor(request)
        )
        messages.success(request, _("Disclosure setting saved."))
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
def survey_letter(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    lang = _lang(request)
    return render(
        request,
        "surveys/letter.html",
        {"survey": survey, "letter": letter_content(survey=survey, lang=lang), "lang": lang},
    )


@login_required
def survey_letter_docx(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    lang = _lang(request)
    data = letter_to_docx(survey=survey, lang=lang)
    filename = f"letter-{survey.reference.replace('/', '-')}-{lang}.docx"
    return _download(
        data, filename, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def _member_for(request: HttpRequest) -> Member:
    user = request_user(request)
    iso3 = request.GET.get("member", "")
    if user_is_secretariat(user) and iso3:
        member = Member.objects.filter(iso3=iso3.upper()).first()
        if member is None:
            raise NotFound()
        return member
    own = user.member
    if own is None:
        raise PermissionDenied(_("Only a Member's focal point and contributors answer surveys."))
    if iso3 and iso3.upper() != own.iso3:
        raise PermissionDenied(_("You answer only for your own administration."))
    return own


@login_required
def response_answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The answering page: the form, skip logic live in the browser, autosave through the API."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    member = _member_for(request)
    response = selectors.response_for_member(user=request_actor(request), survey=survey, member_id=member.pk)
    if response is None:
        response = services.response_for_answering(survey=survey, member=member, actor=request_actor(request))
    lang = form_language(survey.version.definition, request.GET.get("form_lang", ""))
    query = f"?member={member.iso3}" if user_is_secretariat(request_actor(request)) else ""
    config = {
        "api": f"/api/surveys/surveys/{survey.pk}/response{query}",
        "submit": f"/api/surveys/surveys/{survey.pk}/response/submit{query}",
        "files": f"/api/surveys/surveys/{survey.pk}/response/files{query}",
        "version": response.version,
        "answers": response.answers,
        "state": response.state,
        "storageKey": f"clearway:survey:{survey.pk}:{member.iso3}:{request.user.pk}",
        "loginUrl": reverse("accounts:login") + "?next=" + request.path + query,
        "canSubmit": user_is_secretariat(request_actor(request))
        or getattr(request.user, "role", "") == "member_focal_point",
    }
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "member": member,
            "response": response,
            "config": config,
            "form": form_html(survey.version, lang),
            "form_lang": lang,
            "form_languages": form_languages(survey.version.definition),
            "editable": survey.state == SurveyState.OPEN,
        },
    )


@login_required
def response_file_download(
    request: HttpRequest, survey_id: int, response_id: int, file_id: int
) -> FileResponse:
    """A file answering a question, for those who may read the response."""
    stored = selectors.response_file_get_for_user(
        user=request_actor(request), response_id=response_id, file_id=file_id
    )
    if stored.response.survey_id != survey_id:
        raise NotFound()
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )


@login_required
def response_detail(request: HttpRequest, survey_id: int, response_id: int) -> HttpResponse:
    response = selectors.response_get_for_user(user=request_actor(request), response_id=response_id)
    if response.survey_id != survey_id:
        raise NotFound()
    lang = current_language()
    definition = response.survey.version.definition
    return render(
        request,
        "surveys/response.html",
        {
            "response": response,
            "survey": response.survey,
            "answers": answer_display(
                definition,
                answers_effective(definition, response.answers),
                lang,
                file_url=lambda upload: reverse(
                    "surveys:response_file", args=[survey_id, response.pk, upload]
                ),
            ),
            "revisions": [
                {"revision": r, "answers": answer_display(definition, r.answers, lang)}
                for r in selectors.response_revisions(user=request_actor(request), response=response)
            ],
        },
    )


@login_required
def survey_statistics_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    cached = page_cache_get(request, apps=("surveys",))
    if cached.html is not None:
        return render(request, "surveys/statistics.html", {**cached.context, "survey": survey})
    stats = survey_statistics(survey=survey, viewer=request_actor(request), lang=current_language())
    questions = [{"q": q, "chart": question_chart_svg(q)} for q in stats.questions]
    return render(
        request,
        "surveys/statistics.html",
        {**cached.context, "survey": survey, "stats": stats, "questions": questions},
    )


@login_required
def survey_summary_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    lang = _lang(request)
    stats = survey_statistics(survey=survey, viewer=request_actor(request), lang=lang)
    summary = summary_from_statistics(stats)
    fmt = request.GET.get("format", "")
    if fmt in RENDERERS:
        content_type = {"json": "application/json", "md": "text/markdown; charset=utf-8", "xlsx": XLSX}[fmt]
        return _download(
            RENDERERS[fmt](summary),
            f"summary-{survey.reference.replace('/', '-')}-{lang}.{fmt}",
            content_type,
        )
    with translation.override(lang):
        charts = {q.name: question_chart_svg(q) for q in stats.questions if q.type == "matrix"}
    return render(
        request,
        "surveys/summary.html",
        {"survey": survey, "summary": summary, "lang": lang, "charts": charts},
    )


@login_required
def survey_export(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Responses the user may read (own Member's for Member users; all for the secretariat), CSV or XLSX."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    lang = _lang(request)
    drafts = request.GET.get("drafts") == "1" and user_is_secretariat(request_actor(request))
    export = responses_export(survey=survey, viewer=request_actor(request), lang=lang, include_drafts=drafts)
    return tabular_response(export=export, fmt=request.GET.get("format") or "xlsx")
