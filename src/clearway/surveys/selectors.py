"""Reads of the surveys domain, every one scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from clearway.accounts.roles import Role
from clearway.accounts.scoping import member_filter_for_user, user_is_secretariat
from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.surveys.models import (
    Disclosure,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseFile,
    ResponseRevision,
    ResponseState,
    Survey,
    SurveyState,
)


def questionnaire_list(*, user: Actor) -> QuerySet[Questionnaire]:
    """Questionnaires are managed by the secretariat; others see those behind the surveys they can see."""
    qs = Questionnaire.objects.prefetch_related("versions")
    if user_is_secretariat(user):
        return qs
    return qs.filter(versions__surveys__in=survey_list(user=user)).distinct()


def questionnaire_version_get(*, user: Actor, code: str, number: int | None = None) -> QuestionnaireVersion:
    versions = QuestionnaireVersion.objects.select_related("questionnaire").filter(questionnaire__code=code)
    if not user_is_secretariat(user):
        versions = versions.filter(surveys__in=survey_list(user=user)).distinct()
    version = versions.filter(number=number).first() if number else versions.order_by("-number").first()
    if version is None:
        raise NotFound()
    return version


def survey_list(*, user: Actor) -> QuerySet[Survey]:
    """Secretariat: every survey. Member users: open or closed surveys sent to their Member. Regional offices:
    surveys sent to a Member of their region. Experts and observers: surveys whose statistics are public."""
    # The imported workbook is read only when downloaded; "sent to" is an EXISTS, not a join made DISTINCT (which
    # would compare every survey's whole definition row by row).
    qs = Survey.objects.select_related("version__questionnaire").defer("version__source_xlsform")
    if not user.is_authenticated:
        return qs.none()
    if user_is_secretariat(user):
        return qs
    published = qs.exclude(state=SurveyState.DRAFT)
    sent_to = Survey.targets.through.objects.filter(survey_id=OuterRef("pk"))
    if user.role in (Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR) and user.member_id is not None:
        own = sent_to.filter(member_id=user.member_id)
        return published.filter(Exists(own) | ~Q(disclosure=Disclosure.SECRETARIAT))
    if user.role == Role.REGIONAL_OFFICE and user.region_id is not None:
        region = sent_to.filter(member__region_id=user.region_id)
        return published.filter(Exists(region) | ~Q(disclosure=Disclosure.SECRETARIAT))
    return published.exclude(disclosure=Disclosure.SECRETARIAT)


def survey_get_for_user(*, user: Actor, survey_id: int | None = None, reference: str | None = None) -> Survey:
    """A survey by id or reference, or NotFound when it does not exist or is not visible to `user`."""
    qs = survey_list(user=user)
    survey = (
        qs.filter(pk=survey_id).first() if survey_id is not None else qs.filter(reference=reference).first()
    )
    if survey is None:
        raise NotFound()
    return survey


def survey_get_by_key(*, user: Actor, key: str) -> Survey:
    """A survey by its reference, or by its id when `key` is all digits and no reference matches (CLI)."""
    qs = survey_list(user=user)
    survey = qs.filter(reference=key).first()
    if survey is None and key.isdigit():
        survey = qs.filter(pk=int(key)).first()
    if survey is None:
        raise NotFound(f"No survey with reference or id “{key}”.")
    return survey


def survey_is_targeted(*, survey: Survey, member_id: int | None) -> bool:
    return member_id is not None and survey.targets.filter(pk=member_id).exists()


def survey_statistics_visible(*, survey: Survey, user: Actor) -> bool:
    """The secretariat and the system (`SYSTEM`: the command line) always; others only once the survey is open and
    when the disclosure setting allows."""
    if user_is_secretariat(user):
        return True
    if not user.is_authenticated or survey.state == SurveyState.DRAFT:
        return False
    return survey.disclosure != Disclosure.SECRETARIAT


def survey_text_attributed(*, survey: Survey, user: Actor) -> bool:
    """Whether free-text answers may be shown with the Member's name to `user` (the Secretariat, or `SYSTEM`)."""
    return survey.disclosure == Disclosure.ATTRIBUTED or (
        user_is_secretariat(user) and survey.disclosure == Disclosure.SECRETARIAT
    )


def response_list(*, user: Actor, survey: Survey | None = None) -> QuerySet[Response]:
    """Responses the user may read: the secretariat all; Member users their own Member's (drafts included);
    regional offices their region's submitted responses."""
    qs = Response.objects.select_related("member__region", "survey", "submitted_by", "updated_by")
    if survey is not None:
        qs = qs.filter(survey=survey)
    return _response_scope(qs, user=user)


def _response_scope(qs: QuerySet[Response], *, user: Actor, write: bool = False) -> QuerySet[Response]:
    """The one reading rule of responses: the user's Members, and for a regional office only what was submitted
    (a draft is its Member's own until sent)."""
    scoped = qs.filter(member_filter_for_user(user, write=write))
    if user.role == Role.REGIONAL_OFFICE:
        scoped = scoped.filter(state=ResponseState.SUBMITTED)
    return scoped


def response_get_for_user(*, user: Actor, response_id: int, write: bool = False) -> Response:
    qs = Response.objects.select_related("member__region", "survey__version", "submitted_by", "updated_by")
    response = _response_scope(qs, user=user, write=write).filter(pk=response_id).first()
    if response is None:
        raise NotFound()
    return response


def response_for_member(*, user: Actor, survey: Survey, member_id: int) -> Response | None:
    return response_list(user=user, survey=survey).filter(member_id=member_id).first()


def response_revisions(*, user: Actor, response: Response) -> QuerySet[ResponseRevision]:
    visible = response_list(user=user).filter(pk=response.pk).exists()
    return response.revisions.select_related("actor") if visible else ResponseRevision.objects.none()


def response_file_get_for_user(*, user: Actor, response_id: int, file_id: int) -> ResponseFile:
    """A file answering a question, for those who may read the response (NotFound otherwise)."""
    response = response_get_for_user(user=user, response_id=response_id)
    found = ResponseFile.objects.filter(response=response, pk=file_id).first()
    if found is None:
        raise NotFound()
    return found
