"""Every write of the surveys domain: one function per use case, audited, shared by pages, API, CLI and demo."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_user
from clearway.accounts.roles import Role
from clearway.accounts.scoping import require_secretariat, user_is_secretariat
from clearway.core.actors import SYSTEM, Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from clearway.core.i18n import current_language
from clearway.core.reminders import reminder_due
from clearway.core.uploads import DOCUMENTS, uploaded_file_check
from clearway.members.models import Member, Region
from clearway.surveys import answers as defn_answers
from clearway.surveys import definition as defn
from clearway.surveys.answers import answers_default
from clearway.surveys.models import (
    Disclosure,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseFile,
    ResponseRevision,
    ResponseState,
    RevisionKind,
    Survey,
    SurveyReminder,
    SurveyState,
    TargetKind,
)
from clearway.surveys.xlsform import xlsform_to_definition

SURVEYS_RUN_BY_SECRETARIAT = _("Only the secretariat manages questionnaires and surveys.")

# ---------------------------------------------------------------- questionnaires


@transaction.atomic
def questionnaire_import_xlsform(
    *,
    file: BinaryIO | Path,
    code: str,
    actor: Actor,
    source_name: str = "",
    attachments: Mapping[str, bytes] | None = None,
) -> QuestionnaireVersion:
    """Read an XLSForm (.xlsx, .xls, .csv or .md) with pyxform and store it as the next version of `code`.

    `attachments` are the files the form names (choices of select_one_from_file), by file name. Raises
    XLSFormRefused (a ValidationFailed) listing every problem, each with its sheet, row, column and value.
    An import identical to the latest version returns that version (idempotent reference loads).
    """
    require_secretariat(actor, reason=SURVEYS_RUN_BY_SECRETARIAT)
    if isinstance(file, Path):
        data, source_name = file.read_bytes(), source_name or file.name
    else:
        data = file.read()
        source_name = source_name or str(getattr(file, "name", "") or "")
    code = (code or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", code):
        raise ValidationFailed(field_errors={"code": [_("Use letters, digits, hyphens and underscores.")]})
    definition = xlsform_to_definition(data, filename=source_name or "form.xlsx", attachments=attachments)
    questionnaire, _created = Questionnaire.objects.get_or_create(
        code=code,
        defaults={
            "title_en": _title_en(definition) or code,
            "title_fr": definition["title"].get("fr", ""),
        },
    )
    latest = questionnaire.versions.order_by("-number").first()
    if latest is not None and latest.definition == definition:
        return latest
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=(latest.number + 1) if latest else 1,
        title_en=_title_en(definition) or code,
        title_fr=definition["title"].get("fr", ""),
        form_id=definition.get("form_id", ""),
        form_version=definition.get("form_version", ""),
        definition=definition,
        source_name=source_name[:300],
        source_xlsform=data,
        created_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        action="surveys.questionnaire.import",
        instance=version,
        after=model_snapshot(
            version, ["questionnaire_id", "number", "form_id", "form_version", "source_name"]
        ),
    )
    return version


def _title_en(definition: Mapping[str, Any]) -> str:
    """The English title, else the title in the form's default language (a Kobo form may have only Kiswahili)."""
    titles = definition.get("title") or {}
    return str(titles.get("en") or titles.get(definition.get("default_language", "")) or "")


def questionnaire_export_xlsform(*, version: QuestionnaireVersion) -> bytes:
    """The version as an XLSForm workbook; importing it again gives the same definition."""
    from clearway.surveys.xlsform import definition_to_xlsform

    return definition_to_xlsform(version.definition)


# ---------------------------------------------------------------- surveys


def _resolve_targets(
    *, target_kind: str, regions: Iterable[Region], members: Iterable[Member]
) -> list[Member]:
    active = Member.objects.filter(active=True)
    if target_kind == TargetKind.ALL:
        return list(active)
    if target_kind == TargetKind.REGION:
        region_ids = [r.pk for r in regions]
        if not region_ids:
            raise ValidationFailed(field_errors={"regions": [_("Choose at least one region.")]})
        return list(active.filter(region_id__in=region_ids))
    if target_kind == TargetKind.LIST:
        chosen = list(members)
        if not chosen:
            raise ValidationFailed(field_errors={"members": [_("Choose at least one Member.")]})
        return chosen
    raise ValidationFailed(field_errors={"target_kind": [_("Unknown target.")]})


@transaction.atomic
def survey_create(
    *,
    version: QuestionnaireVersion,
    reference: str,
    letter_date: datetime.date,
    signatory: str,
    target_kind: str,
    regions: Iterable[Region] = (),
    members: Iterable[Member] = (),
    deadline: datetime.date,
    actor: Actor,
    signatory_title_en: str = "",
    signatory_title_fr: str = "",
    title_en: str = "",
    title_fr: str = "",
    letter_body_en: str = "",
    letter_body_fr: str = "",
    disclosure: str = Disclosure.SECRETARIAT,
    illustrative: bool = False,
) -> Survey:
    """A draft survey of `version`, its targeted Members resolved now from all / regions / a list."""
    require_secretariat(actor, reason=SURVEYS_RUN_BY_SECRETARIAT)
    errors: dict[str, list[str]] = {}
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Give the letter's reference.")]
    elif len(reference) > 100:
        errors["reference"] = [_("At most 100 characters.")]
    elif Survey.objects.filter(reference=reference).exists():
        errors["reference"] = [_("A survey with this reference exists already.")]
    if not (signatory or "").strip():
        errors["signatory"] = [_("Name the signatory of the letter.")]
    elif len(signatory.strip()) > 200 or max(len(signatory_title_en), len(signatory_title_fr)) > 200:
        errors["signatory"] = [_("At most 200 characters.")]
    if len(title_en) > 300 or len(title_fr) > 300:
        errors["title_en"] = [_("At most 300 characters.")]
    if deadline < letter_date:
        errors["deadline"] = [_("The deadline cannot be before the letter's date.")]
    if disclosure not in Disclosure.values:
        errors["disclosure"] = [_("Unknown disclosure setting.")]
    if errors:
        raise ValidationFailed(field_errors=errors)
    regions, members = list(regions), list(members)
    targets = _resolve_targets(target_kind=target_kind, regions=regions, members=members)
    survey = Survey.objects.create(
        version=version,
        reference=reference,
        letter_date=letter_date,
        signatory=signatory.strip(),
        signatory_title_en=signatory_title_en.strip(),
        signatory_title_fr=signatory_title_fr.strip(),
        title_en=title_en or version.title_en,
        title_fr=title_fr or version.title_fr,
        letter_body_en=letter_body_en,
        letter_body_fr=letter_body_fr,
        target_kind=target_kind,
        deadline=deadline,
        disclosure=disclosure,
        illustrative=illustrative,
        created_by=actor_user(actor),
    )
    if target_kind == TargetKind.REGION:
        survey.target_regions.set(regions)
    survey.targets.set(targets)
    audit_record(
        actor=actor,
        action="surveys.survey.create",
        instance=survey,
        after={**model_snapshot(survey), "targets": sorted(m.iso3 for m in targets)},
    )
    return survey


_TRANSITIONS = {SurveyState.DRAFT: SurveyState.OPEN, SurveyState.OPEN: SurveyState.CLOSED}


def _survey_transition(*, survey: Survey, to: str, actor: Actor, reason: str = "") -> Survey:
    require_secretariat(actor, reason=SURVEYS_RUN_BY_SECRETARIAT)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if _TRANSITIONS.get(SurveyState(survey.state)) != to:
        raise InvalidTransition(
            _("A survey in state “%(state)s” cannot become “%(to)s”.")
            % {"state": survey.get_state_display(), "to": SurveyState(to).label}
        )
    before = model_snapshot(survey, ["state", "opened_at", "closed_at"])
    survey.state = to
    if to == SurveyState.OPEN:
        survey.opened_at = timezone.now()
    else:
        survey.closed_at = timezone.now()
    survey.save(update_fields=["state", "opened_at", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=f"surveys.survey.{to}",
        instance=survey,
        before=before,
        after=model_snapshot(survey, ["state", "opened_at", "closed_at"]),
        reason=reason,
    )
    return survey


@transaction.atomic
def survey_open(*, survey: Survey, actor: Actor) -> Survey:
    """Draft -> open: targeted Members can answer."""
    return _survey_transition(survey=survey, to=SurveyState.OPEN, actor=actor)


@transaction.atomic
def survey_close(*, survey: Survey, actor: Actor, reason: str = "") -> Survey:
    """Open -> closed: responses are frozen."""
    return _survey_transition(survey=survey, to=SurveyState.CLOSED, actor=actor, reason=reason)


@transaction.atomic
def survey_update_disclosure(*, survey: Survey, disclosure: str, actor: Actor) -> Survey:
    require_secretariat(actor, reason=SURVEYS_RUN_BY_SECRETARIAT)
    if disclosure not in Disclosure.values:
        raise ValidationFailed(field_errors={"disclosure": [_("Unknown disclosure setting.")]})
    before = model_snapshot(survey, ["disclosure"])
    survey.disclosure = disclosure
    survey.save(update_fields=["disclosure", "updated_at"])
    audit_record(
        actor=actor,
        action="surveys.survey.disclosure_set",
        instance=survey,
        before=before,
        after=model_snapshot(survey, ["disclosure"]),
    )
    return survey


@transaction.atomic
def survey_remind(
    *, survey: Survey, actor: Actor, scheduled_for: datetime.date | None = None
) -> SurveyReminder:
    """E-mail the focal points of targeted Members that have not submitted, each in their language.

    Members with no active focal point with an e-mail address are recorded as unreachable: the secretariat is
    told, and a reminder that reached nobody is a problem, never a success.
    """
    from clearway.accounts.models import User

    require_secretariat(actor, reason=SURVEYS_RUN_BY_SECRETARIAT)
    if survey.state != SurveyState.OPEN:
        raise InvalidTransition(_("Reminders are sent only while the survey is open."))
    submitted = set(
        survey.responses.filter(state=ResponseState.SUBMITTED).values_list("member_id", flat=True)
    )
    pending = [m for m in survey.targets.order_by("iso3") if m.pk not in submitted]
    focal_points = (
        User.objects.filter(member__in=pending, role=Role.MEMBER_FOCAL_POINT, is_active=True)
        .exclude(email="")
        .select_related("member")
    )
    recipients: list[str] = []
    failures: list[str] = []
    for user in focal_points:
        with translation.override(user.preferred_language or "en"):
            subject = _("Reminder: %(title)s (%(reference)s), due %(deadline)s") % {
                "title": survey.title,
                "reference": survey.reference,
                "deadline": survey.deadline.isoformat(),
            }
            body = _(
                "Dear colleague,\n\nThe WCO Secretariat has not yet received the answer of %(member)s to the "
                "survey “%(title)s” sent by letter %(reference)s of %(date)s. Please submit it in Clearway by "
                "%(deadline)s.\n\nWith thanks,\nWCO Secretariat"
            ) % {
                "member": user.member.name if user.member else "",
                "title": survey.title,
                "reference": survey.reference,
                "date": survey.letter_date.isoformat(),
                "deadline": survey.deadline.isoformat(),
            }
        try:
            send_mail(subject, body, None, [user.email])
        except Exception as exc:  # one unreachable address must not stop the others; the failure is audited
            failures.append(f"{user.email}: {exc}")
            continue
        recipients.append(user.email)
    reached = {user.member_id for user in focal_points if user.email in recipients}
    reminder = SurveyReminder.objects.create(
        survey=survey,
        sent_by=actor_user(actor),
        members=[m.iso3 for m in pending],
        recipients=recipients,
        unreachable=[m.iso3 for m in pending if m.pk not in reached],
        scheduled_for=scheduled_for,
    )
    audit_record(
        actor=actor,
        action="surveys.survey.remind",
        instance=survey,
        after={
            "members": reminder.members,
            "recipients": len(recipients),
            "unreachable": reminder.unreachable,
            "failures": failures,
        },
    )
    return reminder


def survey_reminders_send_due(*, today: datetime.date) -> list[SurveyReminder]:
    """The scheduled reminders: each open survey whose reminder day it is (`core.reminders`), once a day."""
    sent = []
    for survey in Survey.objects.filter(state=SurveyState.OPEN).order_by("pk"):
        if not reminder_due(deadline=survey.deadline, today=today):
            continue
        if survey.reminders.filter(scheduled_for=today).exists():
            continue  # already sent for this reminder day
        sent.append(survey_remind(survey=survey, actor=SYSTEM, scheduled_for=today))
    return sent


# ---------------------------------------------------------------- responses


def _check_can_answer(*, survey: Survey, member: Member, actor: Actor) -> None:
    if user_is_secretariat(actor):
        return
    if actor.role in (Role.MEMBER_FOCAL_POINT, Role.MEMBER_CONTRIBUTOR) and actor.member_id == member.pk:
        return
    raise PermissionDenied(_("Only the Member's focal point and contributors answer for this Member."))


def _check_survey_accepts(survey: Survey, member: Member) -> None:
    if survey.state != SurveyState.OPEN:
        raise InvalidTransition(_("This survey is not open for answers."))
    if not survey.targets.filter(pk=member.pk).exists():
        raise PermissionDenied(_("This survey was not sent to this Member."))


def response_for_answering(*, survey: Survey, member: Member, actor: Actor) -> Response:
    """The Member's response to show on the answering page: the stored one or, before the first save, a new
    empty draft that is not stored (opening a page writes nothing; the first save or submission creates it)."""
    _check_can_answer(survey=survey, member=member, actor=actor)
    existing = Response.objects.filter(survey=survey, member=member).first()
    if existing is not None:
        return existing
    _check_survey_accepts(survey, member)
    return Response(
        survey=survey,
        member=member,
        illustrative=survey.illustrative,
        answers=answers_default(survey.version.definition),
    )


@transaction.atomic
def response_get_or_create(
    *, survey: Survey, member: Member, actor: Actor, illustrative: bool = False
) -> Response:
    """The Member's one institutional response to `survey`, created as an empty draft on first use."""
    _check_can_answer(survey=survey, member=member, actor=actor)
    existing = Response.objects.filter(survey=survey, member=member).first()
    if existing is not None:
        return existing
    _check_survey_accepts(survey, member)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                member=member,
                answers=answers_default(survey.version.definition),
                illustrative=illustrative or survey.illustrative,
                updated_by=actor_user(actor),
            )
    except IntegrityError:  # created concurrently by a colleague: use theirs
        return Response.objects.get(survey=survey, member=member)
    audit_record(
        actor=actor, action="surveys.response.create", instance=response, after=model_snapshot(response)
    )
    return response


def _normalise(response: Response, answers: dict[str, Any]) -> dict[str, Any]:
    try:
        return defn.answers_normalise(response.survey.version.definition, answers)
    except KeyError as exc:
        raise ValidationFailed(
            _("The answers name a question that this questionnaire does not have: %(name)s.")
            % {"name": exc.args[0]}
        ) from exc


def response_save_draft(
    *, response: Response, answers: dict[str, Any], expected_version: int, actor: Actor
) -> Response:
    """Save all answers (autosave). `expected_version` is the version the client started from: a stale version
    raises Conflict, after keeping the refused answers in a revision row so nothing typed is lost.

    After submission, a save is a correction: it must pass validation (ValidationFailed with errors per question
    otherwise), the response stays submitted and the correction is recorded as a revision.
    """
    with transaction.atomic():
        saved, refused = _response_save_or_keep(
            response=response, answers=answers, expected_version=expected_version, actor=actor
        )
    if refused is not None:  # raised after the commit, so the refused answers stay stored
        raise Conflict(
            _(
                "Someone saved this response since you opened it (version %(current)s, you had %(expected)s). "
                "Your answers were kept as revision %(revision)s; reload to see the latest answers."
            )
            % {"current": saved.version, "expected": expected_version, "revision": refused.pk}
        )
    return saved


def _response_save_or_keep(
    *, response: Response, answers: dict[str, Any], expected_version: int, actor: Actor
) -> tuple[Response, ResponseRevision | None]:
    current = (
        Response.objects.select_for_update().select_related("survey__version", "member").get(pk=response.pk)
    )
    _check_can_answer(survey=current.survey, member=current.member, actor=actor)
    _check_survey_accepts(current.survey, current.member)
    clean = _normalise(current, answers)
    user = actor_user(actor)
    if expected_version != current.version:
        revision = ResponseRevision.objects.create(
            response=current,
            kind=RevisionKind.REFUSED_STALE,
            response_version=expected_version,
            answers=clean,
            actor=user,
        )
        audit_record(
            actor=actor,
            action="surveys.response.save_refused",
            instance=current,
            after={
                "expected_version": expected_version,
                "current_version": current.version,
                "revision": revision.pk,
            },
        )
        return current, revision
    if current.state == ResponseState.SUBMITTED:
        # A correction to a submitted answer must itself be complete: the institutional answer stays valid.
        errors = defn.answers_validate(current.survey.version.definition, clean, lang=current_language())
        if errors:
            raise ValidationFailed(
                _("This correction cannot be saved: %(count)s question(s) need attention.")
                % {"count": len(errors)},
                field_errors=errors,
            )
    before = model_snapshot(current, ["answers", "version", "state"])
    current.answers = clean
    current.version += 1
    current.updated_by = user
    current.save(update_fields=["answers", "version", "updated_by", "updated_at"])
    if current.state == ResponseState.SUBMITTED:
        ResponseRevision.objects.create(
            response=current,
            kind=RevisionKind.EDITED_AFTER_SUBMISSION,
            response_version=current.version,
            answers=clean,
            actor=user,
        )
    audit_record(
        actor=actor,
        action="surveys.response.save",
        instance=current,
        before=before,
        after=model_snapshot(current, ["answers", "version", "state"]),
    )
    return current, None


def _answers_submitted(response: Response, *, actor: Actor) -> dict[str, Any]:
    """What ODK submits: the values that count (answers of non-relevant questions cleared, calculations
    computed) and the metadata the form asks for (start, end, today, username...)."""
    definition = response.survey.version.definition
    started = response.created_at or timezone.now()
    metadata = defn_answers.metadata_values(
        definition, started=started, ended=response.submitted_at or timezone.now(), user=actor
    )
    return {**defn.answers_effective(definition, response.answers), **metadata}


@transaction.atomic
def response_submit(*, response: Response, actor: Actor, lang: str | None = None) -> Response:
    """The focal point (or the secretariat on the Member's behalf) submits; errors per question in `lang`."""
    current = (
        Response.objects.select_for_update().select_related("survey__version", "member").get(pk=response.pk)
    )
    if not user_is_secretariat(actor) and not (
        actor.role == Role.MEMBER_FOCAL_POINT and actor.member_id == current.member_id
    ):
        raise PermissionDenied(_("Only the Member's focal point submits the institutional response."))
    _check_survey_accepts(current.survey, current.member)
    if current.state == ResponseState.SUBMITTED:
        raise InvalidTransition(_("This response was submitted already; later saves are recorded as edits."))
    errors = defn.answers_validate(
        current.survey.version.definition, current.answers, lang=lang or current_language()
    )
    if errors:
        with translation.override(lang or current_language()):
            message = _("The response cannot be submitted yet: %(count)s question(s) need attention.") % {
                "count": len(errors)
            }
        raise ValidationFailed(message, field_errors=errors)
    before = model_snapshot(current, ["state", "submitted_at"])
    current.state = ResponseState.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = actor_user(actor)
    current.answers = _answers_submitted(current, actor=actor)
    current.save(update_fields=["state", "submitted_at", "submitted_by", "answers", "updated_at"])
    ResponseRevision.objects.create(
        response=current,
        kind=RevisionKind.SUBMITTED,
        response_version=current.version,
        answers=current.answers,
        actor=current.submitted_by,
    )
    audit_record(
        actor=actor,
        action="surveys.response.submit",
        instance=current,
        before=before,
        after=model_snapshot(current, ["state", "submitted_at"]),
    )
    return current


# ---------------------------------------------------------------- files answering upload questions

_UPLOAD_KINDS = {"image": ("png", "jpeg")}


@transaction.atomic
def response_file_attach(
    *, response: Response, question: str, upload: UploadedFile, actor: Actor
) -> ResponseFile:
    """Store a file answering an image, audio, video or file question, after the platform's upload checks
    (size, kind read from the bytes, extension). The caller then saves `{"upload": id, "name": ...}` as the
    answer, as for any other answer."""
    _check_can_answer(survey=response.survey, member=response.member, actor=actor)
    _check_survey_accepts(response.survey, response.member)
    nodes = {f.name: f for f in defn.fields(response.survey.version.definition)}
    field = nodes.get(question)
    if field is None or field.type not in defn.UPLOAD_TYPES:
        raise ValidationFailed(field_errors={"question": [_("This question does not take a file.")]})
    checked = uploaded_file_check(upload, field="file", accepted=_UPLOAD_KINDS.get(field.type, DOCUMENTS))
    stored = ResponseFile.objects.create(
        response=response,
        question=question,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=upload.size or 0,
        sha256=checked.sha256,
        uploaded_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        action="surveys.response.file_attach",
        instance=response,
        after={"question": question, "file": stored.original_name, "sha256": stored.sha256},
    )
    return stored
