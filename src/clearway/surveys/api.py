"""Survey API: questionnaires (list, XLSForm import and export), surveys, the Member's response, statistics."""

from __future__ import annotations

import datetime
import io
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status, UploadedFile

from clearway.accounts.http import request_user
from clearway.accounts.scoping import user_is_secretariat
from clearway.core.actors import request_actor
from clearway.core.api_schema import ObjectId, Version, model_resolver
from clearway.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from clearway.core.exports import XLSX_CONTENT_TYPE
from clearway.core.i18n import current_language
from clearway.members.models import Member, Region
from clearway.surveys import selectors, services
from clearway.surveys.models import Questionnaire, QuestionnaireVersion, Response, Survey
from clearway.surveys.statistics import survey_statistics
from clearway.surveys.summary import survey_summary

router = Router(tags=["surveys"])


class QuestionnaireVersionOut(Schema):
    code: str
    number: int
    title_en: str
    title_fr: str
    form_id: str
    form_version: str
    languages: list[str]
    created_at: datetime.datetime

    @model_resolver
    def resolve_code(version: QuestionnaireVersion) -> str:
        return version.questionnaire.code

    @model_resolver
    def resolve_languages(version: QuestionnaireVersion) -> list[str]:
        return list(version.definition.get("languages", []))


class QuestionnaireOut(Schema):
    code: str
    title_en: str
    title_fr: str
    versions: list[QuestionnaireVersionOut]

    @model_resolver
    def resolve_versions(questionnaire: Questionnaire) -> list[QuestionnaireVersion]:
        return list(questionnaire.versions.all())


class DefinitionOut(QuestionnaireVersionOut):
    definition: dict[str, Any]


class SurveyOut(Schema):
    id: int
    reference: str
    title_en: str
    title_fr: str
    questionnaire: str
    version: Version
    state: str
    letter_date: datetime.date
    deadline: datetime.date
    signatory: str
    target_kind: str
    targeted: int
    disclosure: str
    illustrative: bool

    @model_resolver
    def resolve_questionnaire(survey: Survey) -> str:
        return survey.version.questionnaire.code

    @model_resolver
    def resolve_version(survey: Survey) -> int:
        return survey.version.number

    @model_resolver
    def resolve_targeted(survey: Survey) -> int:
        return survey.targets.count()


class ResponseOut(Schema):
    id: int
    survey: str
    member: str
    state: str
    version: int
    answers: dict[str, Any]
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime
    illustrative: bool

    @model_resolver
    def resolve_survey(response: Response) -> str:
        return response.survey.reference

    @model_resolver
    def resolve_member(response: Response) -> str:
        return response.member.iso3


class SaveIn(Schema):
    answers: dict[str, Any]
    expected_version: Version


@router.get("/questionnaires", response=list[QuestionnaireOut])
def questionnaires_list(request: HttpRequest) -> list[QuestionnaireOut]:
    return [QuestionnaireOut.from_orm(q) for q in selectors.questionnaire_list(user=request_actor(request))]


@router.post("/questionnaires/import", response={201: QuestionnaireVersionOut})
def questionnaire_import(
    request: HttpRequest,
    code: Form[str],
    file: File[UploadedFile],
    attachments: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # optional (the only way ninja keeps it in the form)
) -> Status[QuestionnaireVersionOut]:
    """Upload an XLSForm (.xlsx, .xls, .csv or .md) as the next version of questionnaire `code` (secretariat),
    with the files its select_one_from_file questions name (`attachments`). A refusal (400) lists every problem
    in `fields.file`, each with its sheet, row, column and value."""
    version = services.questionnaire_import_xlsform(
        file=io.BytesIO(file.read()),
        code=code,
        actor=request_actor(request),
        source_name=file.name or "",
        attachments={f.name or "": f.read() for f in attachments or []},
    )
    return Status(201, QuestionnaireVersionOut.from_orm(version))


@router.get("/questionnaires/{code}/versions/{number}", response=DefinitionOut)
def questionnaire_version_detail(request: HttpRequest, code: str, number: Version) -> DefinitionOut:
    v = selectors.questionnaire_version_get(user=request_actor(request), code=code, number=number)
    return DefinitionOut.from_orm(v)


@router.get("/questionnaires/{code}/versions/{number}/xlsform")
def questionnaire_export(request: HttpRequest, code: str, number: Version) -> HttpResponse:
    """The version as an XLSForm workbook (round trip: importing it gives the same definition)."""
    v = selectors.questionnaire_version_get(user=request_actor(request), code=code, number=number)
    response = HttpResponse(
        services.questionnaire_export_xlsform(version=v),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{code}-v{number}.xlsx"'
    return response


@router.get("/surveys", response=list[SurveyOut])
def surveys_list(request: HttpRequest) -> list[SurveyOut]:
    return [SurveyOut.from_orm(s) for s in selectors.survey_list(user=request_actor(request))]


@router.get("/surveys/{survey_id}", response=SurveyOut)
def survey_detail(request: HttpRequest, survey_id: ObjectId) -> SurveyOut:
    return SurveyOut.from_orm(selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id))


class SurveyIn(Schema):
    questionnaire: str
    version: Version
    reference: str
    letter_date: datetime.date
    signatory: str
    signatory_title_en: str = ""
    signatory_title_fr: str = ""
    title_en: str = ""
    title_fr: str = ""
    letter_body_en: str = ""
    letter_body_fr: str = ""
    target_kind: str = "all"
    regions: list[str] = []
    members: list[str] = []
    deadline: datetime.date
    disclosure: str = "secretariat"


class ReminderOut(Schema):
    sent_at: datetime.datetime
    members: list[str]
    recipients: int


@router.post("/surveys", response={201: SurveyOut})
def survey_create(request: HttpRequest, payload: SurveyIn) -> Status[SurveyOut]:
    """Create a draft survey (secretariat). Regions by code (ESA, WCA, MENA, EUR, AP, AM), Members by ISO code."""
    version = selectors.questionnaire_version_get(
        user=request_actor(request), code=payload.questionnaire, number=payload.version
    )
    regions = list(Region.objects.filter(code__in=payload.regions))
    members = list(Member.objects.filter(iso3__in=[m.upper() for m in payload.members]))
    unknown = sorted({m.upper() for m in payload.members} - {m.iso3 for m in members})
    if unknown or len(regions) != len(set(payload.regions)):
        raise ValidationFailed(
            field_errors={"members": [f"Unknown: {', '.join(unknown)}"]}
            if unknown
            else {"regions": ["Unknown region code."]}
        )
    survey = services.survey_create(
        version=version,
        reference=payload.reference,
        letter_date=payload.letter_date,
        signatory=payload.signatory,
        signatory_title_en=payload.signatory_title_en,
        signatory_title_fr=payload.signatory_title_fr,
        title_en=payload.title_en,
        title_fr=payload.title_fr,
        letter_body_en=payload.letter_body_en,
        letter_body_fr=payload.letter_body_fr,
        target_kind=payload.target_kind,
        regions=regions,
        members=members,
        deadline=payload.deadline,
        disclosure=payload.disclosure,
        actor=request_actor(request),
    )
    return Status(201, SurveyOut.from_orm(survey))


@router.post("/surveys/{survey_id}/open", response=SurveyOut)
def survey_open(request: HttpRequest, survey_id: ObjectId) -> SurveyOut:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    return SurveyOut.from_orm(services.survey_open(survey=survey, actor=request_actor(request)))


@router.post("/surveys/{survey_id}/close", response=SurveyOut)
def survey_close(request: HttpRequest, survey_id: ObjectId) -> SurveyOut:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    return SurveyOut.from_orm(services.survey_close(survey=survey, actor=request_actor(request)))


@router.post("/surveys/{survey_id}/remind", response=ReminderOut)
def survey_remind(request: HttpRequest, survey_id: ObjectId) -> ReminderOut:
    """E-mail the focal points of targeted Members that have not submitted (secretariat, open surveys)."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    reminder = services.survey_remind(survey=survey, actor=request_actor(request))
    return ReminderOut(
        sent_at=reminder.sent_at, members=reminder.members, recipients=len(reminder.recipients)
    )


def _member_for(request: HttpRequest, member: str | None) -> Member:
    """Member users answer for their own Member; the secretariat names one (`?member=ISO3`)."""
    user = request_user(request)
    if user_is_secretariat(user) and member:
        found = Member.objects.filter(iso3=member.upper()).first()
        if found is None:
            raise NotFound(f"No Member {member}.")
        return found
    own = user.member
    if member and own is not None and member.upper() != own.iso3:
        raise PermissionDenied("You answer only for your own administration.")
    if own is None:
        raise ValidationFailed(field_errors={"member": ["Give the Member's ISO code (?member=ISO3)."]})
    return own


@router.get("/surveys/{survey_id}/response", response=ResponseOut)
def response_detail(request: HttpRequest, survey_id: ObjectId, member: str | None = None) -> ResponseOut:
    """The Member's response (drafts are visible only to that Member's users and the secretariat)."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    found = selectors.response_for_member(
        user=request_actor(request), survey=survey, member_id=_member_for(request, member).pk
    )
    if found is None:
        raise NotFound("No response yet: start one with POST.")
    return ResponseOut.from_orm(found)


@router.post("/surveys/{survey_id}/response", response=ResponseOut)
def response_start(request: HttpRequest, survey_id: ObjectId, member: str | None = None) -> ResponseOut:
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    return ResponseOut.from_orm(
        services.response_get_or_create(
            survey=survey, member=_member_for(request, member), actor=request_actor(request)
        )
    )


@router.put("/surveys/{survey_id}/response", response=ResponseOut)
def response_save(
    request: HttpRequest, survey_id: ObjectId, payload: SaveIn, member: str | None = None
) -> ResponseOut:
    """Save a draft (autosave). 409 when `expected_version` is stale; the refused answers are kept server-side."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    response = services.response_get_or_create(
        survey=survey, member=_member_for(request, member), actor=request_actor(request)
    )
    saved = services.response_save_draft(
        response=response,
        answers=payload.answers,
        expected_version=payload.expected_version,
        actor=request_actor(request),
    )
    return ResponseOut.from_orm(saved)


@router.post("/surveys/{survey_id}/response/submit", response=ResponseOut)
def response_submit(request: HttpRequest, survey_id: ObjectId, member: str | None = None) -> ResponseOut:
    """Submit (focal point). 400 with `fields` (errors per question, in the user's language) when incomplete."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    answering = _member_for(request, member)
    found = selectors.response_for_member(user=request_actor(request), survey=survey, member_id=answering.pk)
    if found is None:  # submitted before anything was saved: the answers are checked as they are (empty)
        found = services.response_get_or_create(survey=survey, member=answering, actor=request_actor(request))
    return ResponseOut.from_orm(
        services.response_submit(response=found, actor=request_actor(request), lang=current_language())
    )


class AnswerFileOut(Schema):
    upload: int
    name: str
    url: str


@router.post("/surveys/{survey_id}/response/files", response={201: AnswerFileOut})
def response_file_upload(
    request: HttpRequest,
    survey_id: ObjectId,
    question: Form[str],
    file: File[UploadedFile],
    member: str | None = None,
) -> Status[AnswerFileOut]:
    """Upload the file answering an image, audio, video or file question (the platform's upload checks apply);
    save the returned object as that question's answer."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    response = services.response_get_or_create(
        survey=survey, member=_member_for(request, member), actor=request_actor(request)
    )
    stored = services.response_file_attach(
        response=response, question=question, upload=file, actor=request_actor(request)
    )
    url = reverse("surveys:response_file", args=[survey.pk, response.pk, stored.pk])
    return Status(201, AnswerFileOut(upload=stored.pk, name=stored.original_name, url=url))


class RegionRateOut(Schema):
    code: str
    name: str
    targeted: int
    respondents: int
    rate: float


class ChoiceCountOut(Schema):
    name: str
    label: str
    count: int
    of_respondents: float
    of_targeted: float
    by_region: dict[str, int]


class MatrixRowOut(Schema):
    name: str
    label: str
    answered: int
    choices: list[ChoiceCountOut]


class NumericSummaryOut(Schema):
    count: int
    minimum: float
    maximum: float
    mean: float
    median: float


class TextAnswerOut(Schema):
    text: str
    member: str
    region: str


class QuestionStatisticsOut(Schema):
    name: str
    type: str
    label: str
    answered: int
    repeat: str
    choices: list[ChoiceCountOut]
    rows: list[MatrixRowOut]
    numeric: NumericSummaryOut | None
    texts: list[TextAnswerOut]


class StatisticsOut(Schema):
    reference: str
    lang: str
    targeted: int
    respondents: int
    response_rate: float
    attributed: bool
    illustrative: bool
    regions: list[RegionRateOut]
    questions: list[QuestionStatisticsOut]


class SummaryChoiceOut(Schema):
    name: str
    label: str
    count: int
    share: float
    share_of_targeted: float
    by_region: dict[str, int]
    share_by_region: dict[str, float]


class SummaryRowOut(Schema):
    name: str
    label: str
    answered: int
    choices: list[SummaryChoiceOut]


class SummaryQuestionOut(Schema):
    name: str
    type: str
    label: str
    answered: int
    choices: list[SummaryChoiceOut]
    rows: list[SummaryRowOut]


class SummaryRegionOut(Schema):
    code: str
    name: str
    targeted: int
    respondents: int
    rate: float


class SurveySummaryOut(Schema):
    reference: str
    title: str
    lang: str
    illustrative: bool
    letter_date: datetime.date
    deadline: datetime.date
    state: str
    targeted: int
    respondents: int
    response_rate: float
    regions: list[SummaryRegionOut]
    questions: list[SummaryQuestionOut]


def _lang_param(lang: str | None) -> str:
    if lang is not None and lang not in ("en", "fr"):
        raise ValidationFailed(field_errors={"lang": ["en or fr"]})
    return lang or current_language()


@router.get("/surveys/{survey_id}/statistics", response=StatisticsOut)
def statistics_detail(request: HttpRequest, survey_id: ObjectId, lang: str | None = None) -> StatisticsOut:
    """Response rates, counts and shares per question, by region (per the survey's disclosure setting)."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    stats = survey_statistics(survey=survey, viewer=request_actor(request), lang=_lang_param(lang))
    return StatisticsOut(
        reference=survey.reference,
        lang=stats.lang,
        targeted=stats.targeted,
        respondents=stats.respondents,
        response_rate=stats.response_rate,
        attributed=stats.attributed,
        illustrative=survey.illustrative,
        regions=[RegionRateOut(**asdict(r), rate=r.rate) for r in stats.regions],
        questions=[QuestionStatisticsOut(**asdict(q)) for q in stats.questions],
    )


@router.get("/surveys/{survey_id}/summary", response=SurveySummaryOut)
def summary_detail(request: HttpRequest, survey_id: ObjectId, lang: str = "en") -> SurveySummaryOut:
    """The collective summary (see `clearway.surveys.summary.SurveySummary` for the fields)."""
    survey = selectors.survey_get_for_user(user=request_actor(request), survey_id=survey_id)
    summary = survey_summary(survey=survey, viewer=request_actor(request), lang=_lang_param(lang))
    return SurveySummaryOut(**asdict(summary))
