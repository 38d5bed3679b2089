"""Every write of the assessments domain: one function per use case, audited, shared by pages, API, CLI and jobs."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_person, actor_user
from clearway.accounts.roles import Role
from clearway.accounts.scoping import member_filter_for_user, require_secretariat, user_is_secretariat
from clearway.assessments.disclosure import AUDIENCES
from clearway.assessments.models import (
    EDITABLE_STATUSES,
    Answer,
    AnswerRevision,
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    Catalogue,
    Commitment,
    CycleStatus,
    Evidence,
    Indicator,
    IndicatorKind,
    ReviewComment,
    ReviewKind,
    Stage,
)
from clearway.assessments.scoring import scores_by_audience
from clearway.assessments.selectors import indicator_get, indicator_list
from clearway.core.actors import Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.audit_labels import SYSTEM_ACTOR
from clearway.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from clearway.core.uploads import EVIDENCE, field_invalid, upload_check
from clearway.framework.models import Standard
from clearway.members.models import Member

SECRETARIAT_ONLY = _("Only the WCO Secretariat may do this.")


def _label(actor: Actor) -> str:
    """Who wrote, as the thread names them: the user name, or the system actor (`SYSTEM_ACTOR`)."""
    return actor.get_username() if actor.is_authenticated else str(actor)


def _require_writer(actor: Actor, assessment: Assessment) -> None:
    if not Assessment.objects.filter(member_filter_for_user(actor, write=True), pk=assessment.pk).exists():
        raise PermissionDenied(
            _("You may not change the assessment of %(member)s.") % {"member": assessment.member}
        )


def _require_editable(assessment: Assessment) -> None:
    if assessment.cycle.status != CycleStatus.OPEN:
        raise InvalidTransition(
            _("The cycle %(cycle)s is closed: its assessments can no longer change.")
            % {"cycle": assessment.cycle.name}
        )
    if assessment.status not in EDITABLE_STATUSES:
        raise InvalidTransition(
            _("This assessment is %(status)s: answers can change only after the secretariat returns it.")
            % {"status": assessment.status_label.lower()}
        )


# ---------------------------------------------------------------- cycles


# Words a cycle's English name often carries, as French writes them (docs/glossary.md).
_CYCLE_NAME_FRENCH = ((re.compile(r"\(illustrative\)", re.IGNORECASE), "(données d'illustration)"),)


def cycle_name_in_french(name: str) -> str:
    """The French name of a cycle named `name` in English, when the secretariat gives none."""
    for pattern, french in _CYCLE_NAME_FRENCH:
        name = pattern.sub(french, name)
    return name


@transaction.atomic
def cycle_create(
    *,
    actor: Actor,
    name: str,
    catalogue: Catalogue,
    opens_on: datetime.date,
    closes_on: datetime.date,
    members: Iterable[Member],
    illustrative: bool = False,
    name_fr: str = "",
) -> AssessmentCycle:
    """Open a cycle for the given Members: each gets one (not started) assessment.

    `name` is the English name; `name_fr`, the French one, defaults to it with its known words translated.
    """
    require_secretariat(actor, reason=SECRETARIAT_ONLY)
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("Give the cycle a name.")]
    elif AssessmentCycle.objects.filter(name_en=name).exists():
        errors["name"] = [_("A cycle with this name already exists.")]
    if closes_on < opens_on:
        errors["closes_on"] = [_("The closing date is before the opening date.")]
    members = list(members)
    if not members:
        errors["members"] = [_("Choose at least one Member.")]
    if errors:
        raise ValidationFailed(field_errors=errors)
    cycle = AssessmentCycle.objects.create(
        name_en=name,
        name_fr=name_fr.strip() or cycle_name_in_french(name),
        catalogue=catalogue,
        opens_on=opens_on,
        closes_on=closes_on,
        illustrative=illustrative,
        created_by=actor_user(actor),
    )
    cycle.members.set(members)
    Assessment.objects.bulk_create(
        [Assessment(member=m, cycle=cycle, illustrative=illustrative) for m in members]
    )
    audit_record(
        actor=actor,
        action="assessments.cycle.create",
        instance=cycle,
        after={**model_snapshot(cycle), "members": sorted(m.iso3 for m in members)},
    )
    return cycle


@transaction.atomic
def cycle_close(*, actor: Actor, cycle: AssessmentCycle) -> AssessmentCycle:
    require_secretariat(actor, reason=SECRETARIAT_ONLY)
    if cycle.status == CycleStatus.CLOSED:
        raise InvalidTransition(_("This cycle is already closed."))
    before = model_snapshot(cycle)
    cycle.status = CycleStatus.CLOSED
    cycle.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="assessments.cycle.close",
        instance=cycle,
        before=before,
        after=model_snapshot(cycle),
    )
    return cycle


# ---------------------------------------------------------------- answers


def _clean_answer(
    indicator: Indicator, *, stage: Any, yes: Any, value: Any, not_measurable: bool, comment: str
) -> dict[str, Any]:
    """Check one answer against its indicator's type; return the values to store."""
    field = f"{indicator.code}"
    data: dict[str, Any] = {
        "stage": "",
        "yes": None,
        "value": None,
        "not_measurable": bool(not_measurable),
        "comment": (comment or "").strip(),
    }
    if not_measurable:
        if not data["comment"]:
            raise field_invalid(field, _("Say in the comment why this cannot be answered."))
        return data
    if indicator.kind == IndicatorKind.MATURITY:
        if stage not in (None, "") and stage not in Stage.values:
            raise field_invalid(field, _("Choose a stage: %(stages)s.") % {"stages": ", ".join(Stage.values)})
        data["stage"] = stage or ""
    elif indicator.kind == IndicatorKind.YES_NO:
        data["yes"] = yes if yes is None else bool(yes)
    else:
        data["value"] = _decimal(value, indicator, field)
    return data


def _decimal(value: Any, indicator: Indicator, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise field_invalid(field, _("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise field_invalid(field, _("“%(value)s” is not a usable number.") % {"value": value})
    if indicator.unit == "%" and not (Decimal(0) <= number <= Decimal(100)):
        raise field_invalid(field, _("A percentage lies between 0 and 100."))
    return number.quantize(Decimal("0.0001"))


def _answer_locked(assessment: Assessment, indicator: Indicator) -> Answer:
    try:
        with transaction.atomic():
            answer, _created = Answer.objects.select_for_update().get_or_create(
                assessment=assessment, indicator=indicator
            )
    except IntegrityError:  # created by a concurrent first save: lock the row it made
        answer = Answer.objects.select_for_update().get(assessment=assessment, indicator=indicator)
    return answer


def answer_save(
    *,
    actor: Actor,
    assessment: Assessment,
    indicator_code: str,
    base_version: int,
    stage: Any = None,
    yes: Any = None,
    value: Any = None,
    not_measurable: bool = False,
    comment: str = "",
    provenance: dict[str, Any] | None = None,
) -> Answer:
    """Save one answer if nobody saved it since `base_version`; otherwise keep the refused version and raise Conflict.

    Both versions are kept: the winner is the current answer, the refused one is an AnswerRevision(accepted=False).
    """
    _require_writer(actor, assessment)
    indicator = indicator_get(catalogue=assessment.cycle.catalogue, code=indicator_code)
    data = _clean_answer(
        indicator, stage=stage, yes=yes, value=value, not_measurable=not_measurable, comment=comment
    )
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update().select_related("cycle", "member").get(pk=assessment.pk)
        )
        _require_editable(assessment)
        answer = _answer_locked(assessment, indicator)
        if answer.version != base_version:
            refused = _revision_add(answer, data, provenance, actor, accepted=False, version=base_version)
            audit_record(
                actor=actor,
                action="assessments.answer.refused",
                instance=answer,
                before=answer.values(),
                after=refused.data,
                reason=f"based on version {base_version}, current version {answer.version}",
            )
            conflict = _conflict_for(answer, base_version)
        else:
            conflict = None
            _answer_apply(answer, data, provenance, actor)
    if conflict is not None:
        raise conflict
    return answer


def _conflict_for(answer: Answer, base_version: int) -> Conflict:
    who = (
        answer.updated_by.get_full_name() or answer.updated_by.get_username()
        if answer.updated_by
        else _("someone")
    )
    return Conflict(
        _(
            "%(who)s saved indicator %(code)s after you opened it (now version %(current)s; yours was based on "
            "version %(base)s). Your text was not lost: it is kept in the answer's history. Reload to see both "
            "and merge."
        )
        % {"who": who, "code": answer.indicator.code, "current": answer.version, "base": base_version},
        field_errors={answer.indicator.code: [_("Changed by someone else in the meantime.")]},
    )


def _answer_apply(
    answer: Answer, data: dict[str, Any], provenance: dict[str, Any] | None, actor: Actor
) -> None:
    before = answer.values()
    for key, val in data.items():
        setattr(answer, key, val)
    answer.provenance = provenance
    answer.version += 1
    answer.updated_by = actor_user(actor)
    answer.save()
    _revision_add(answer, answer.values(), provenance, actor, accepted=True, version=answer.version)
    audit_record(
        actor=actor,
        action="assessments.answer.save",
        instance=answer,
        before=before,
        after={**answer.values(), "version": answer.version, "provenance": provenance},
        member_iso3=answer.assessment.member.iso3,
    )
    assessment = answer.assessment
    if assessment.status == AssessmentStatus.NOT_STARTED:
        assessment.status = AssessmentStatus.IN_PROGRESS
    assessment_score_refresh(assessment=assessment)


def _revision_add(
    answer: Answer,
    data: dict[str, Any],
    provenance: dict[str, Any] | None,
    actor: Actor,
    *,
    accepted: bool,
    version: int,
) -> AnswerRevision:
    clean = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in data.items()}
    return AnswerRevision.objects.create(
        answer=answer,
        version=version,
        accepted=accepted,
        data=clean,
        provenance=provenance,
        author=actor_user(actor),
        author_label=_label(actor),
    )


def answer_attach_measurement(
    *,
    assessment: Assessment,
    indicator_code: str,
    value: Decimal | float,
    provenance: dict[str, Any],
    actor: Actor,
) -> Answer:
    """Store a value measured from shipment data (already in the indicator's unit) with where it came from.

    The actor must be allowed to write this assessment. The value overwrites the current one (a new version);
    earlier values stay in the history.
    """
    indicator = indicator_get(catalogue=assessment.cycle.catalogue, code=indicator_code)
    if indicator.kind != IndicatorKind.NUMERIC:
        raise field_invalid(indicator_code, _("Only numeric indicators take a measured value."))
    if not isinstance(provenance, dict) or not provenance:
        raise field_invalid("provenance", _("Say where the value comes from."))
    current = Answer.objects.filter(assessment=assessment, indicator=indicator).first()
    comment = current.comment if current else ""
    return answer_save(
        actor=actor,
        assessment=assessment,
        indicator_code=indicator_code,
        base_version=current.version if current else 0,
        value=value,
        comment=comment,
        provenance=provenance,
    )


def assessment_score_refresh(*, assessment: Assessment) -> Assessment:
    """Recompute the stored scores from the scoring module: the overall score over all indicators, and the
    overall and per-standard scores for each audience that pages pooling several Members read."""
    assessment_scores_set(assessment=assessment, answers=assessment.answers.all())
    assessment.save(update_fields=["score", "scores", "status", "updated_at"])
    return assessment


def assessment_scores_set(*, assessment: Assessment, answers: Iterable[Any]) -> None:
    """Fill `score` and `scores` (unsaved) from `answers`: bulk loads call this before inserting many at once."""
    indicators = indicator_list(catalogue=assessment.cycle.catalogue)
    assessment.scores = scores_by_audience(indicators=indicators, answers=answers, audiences=AUDIENCES)
    overall = assessment.scores["all"]["overall"]
    assessment.score = None if overall is None else Decimal(str(overall))


def catalogue_scores_refresh(*, catalogue: Catalogue) -> int:
    """Rescore every assessment of a catalogue whose indicators changed (weights, targets, disclosure)."""
    assessments = Assessment.objects.filter(cycle__catalogue=catalogue).select_related("cycle__catalogue")
    for assessment in assessments.prefetch_related("answers"):
        assessment_scores_set(assessment=assessment, answers=assessment.answers.all())
        Assessment.objects.filter(pk=assessment.pk).update(score=assessment.score, scores=assessment.scores)
    return len(assessments)


# ---------------------------------------------------------------- submission and review


@transaction.atomic
def assessment_submit(*, actor: Actor, assessment: Assessment, statement: str) -> Assessment:
    """The focal point signs off: every indicator answered (or marked as not answerable), then submitted."""
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("cycle__catalogue", "member")
        .get(pk=assessment.pk)
    )
    signer = actor_person(actor)  # a person signs the statement off: never Clearway itself
    if not (signer.role == Role.MEMBER_FOCAL_POINT and signer.member_id == assessment.member_id):
        raise PermissionDenied(
            _("Only the focal point of %(member)s may sign off and submit.") % {"member": assessment.member}
        )
    _require_editable(assessment)
    if not statement.strip():
        raise field_invalid("statement", _("Write the sign-off statement."))
    answered = {a.indicator_id for a in assessment.answers.all() if a.is_answered}
    missing = [i.code for i in indicator_list(catalogue=assessment.cycle.catalogue) if i.pk not in answered]
    if missing:
        raise ValidationFailed(
            _(
                "%(count)s indicator(s) have no answer yet: %(codes)s. Answer them or mark them as not answerable."
            )
            % {"count": len(missing), "codes": ", ".join(missing[:12]) + ("…" if len(missing) > 12 else "")},
            field_errors={"answers": missing},
        )
    before = model_snapshot(assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.sign_off_statement = statement.strip()
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = signer
    assessment.save()
    assessment_score_refresh(assessment=assessment)
    _comment_add(assessment, actor, ReviewKind.SUBMITTED, statement.strip())
    audit_record(
        actor=actor,
        action="assessments.assessment.submit",
        instance=assessment,
        before=before,
        after=model_snapshot(assessment),
    )
    return assessment


@transaction.atomic
def assessment_validate(*, actor: Actor, assessment: Assessment, comment: str = "") -> Assessment:
    require_secretariat(actor, reason=SECRETARIAT_ONLY)
    validator = actor_person(
        actor
    )  # a person of the Secretariat judges the assessment: never Clearway itself
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted assessment can be validated."))
    before = model_snapshot(assessment)
    assessment.status = AssessmentStatus.VALIDATED
    assessment.validated_at = timezone.now()
    assessment.validated_by = validator
    assessment.save()
    _comment_add(assessment, actor, ReviewKind.VALIDATED, comment.strip() or _("Validated."))
    audit_record(
        actor=actor,
        action="assessments.assessment.validate",
        instance=assessment,
        before=before,
        after=model_snapshot(assessment),
        reason=comment,
    )
    return assessment


@transaction.atomic
def assessment_return(*, actor: Actor, assessment: Assessment, comment: str) -> Assessment:
    require_secretariat(actor, reason=SECRETARIAT_ONLY)
    assessment = Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    if assessment.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED):
        raise InvalidTransition(_("Only a submitted or validated assessment can be returned."))
    if assessment.cycle.status != CycleStatus.OPEN:
        raise InvalidTransition(_("The cycle is closed."))
    if not comment.strip():
        raise field_invalid("comment", _("Say what needs to change."))
    before = model_snapshot(assessment)
    assessment.status = AssessmentStatus.RETURNED
    assessment.validated_at = None
    assessment.validated_by = None
    assessment.save()
    _comment_add(assessment, actor, ReviewKind.RETURNED, comment.strip())
    audit_record(
        actor=actor,
        action="assessments.assessment.return",
        instance=assessment,
        before=before,
        after=model_snapshot(assessment),
        reason=comment,
    )
    return assessment


def _comment_add(
    assessment: Assessment, actor: Actor, kind: str, body: str, indicator: Indicator | None = None
) -> ReviewComment:
    author = actor_user(actor)
    return ReviewComment.objects.create(
        assessment=assessment,
        kind=kind,
        indicator=indicator,
        body=body,
        author=author,
        author_label=author.display_name if author else SYSTEM_ACTOR,
    )


@transaction.atomic
def comment_add(
    *, actor: Actor, assessment: Assessment, body: str, indicator_code: str = ""
) -> ReviewComment:
    """A message in the assessment's thread, or about one answer (`indicator_code`), by the Member's users or the
    secretariat."""
    if not (user_is_secretariat(actor) or (actor.is_member_user and actor.member_id == assessment.member_id)):
        raise PermissionDenied()
    if not body.strip():
        raise field_invalid("body", _("Write a message."))
    indicator = (
        indicator_get(catalogue=assessment.cycle.catalogue, code=indicator_code) if indicator_code else None
    )
    comment = _comment_add(assessment, actor, ReviewKind.COMMENT, body.strip(), indicator)
    audit_record(
        actor=actor,
        action="assessments.comment.add",
        instance=comment,
        after=model_snapshot(comment),
        member_iso3=assessment.member.iso3,
    )
    return comment


@transaction.atomic
def assessment_reopen_request(*, actor: Actor, assessment: Assessment, reason: str) -> ReviewComment:
    """The Member's focal point asks the secretariat to reopen a submitted or validated assessment, saying why;
    the secretariat reopens it by returning it for changes."""
    if not (actor.role == Role.MEMBER_FOCAL_POINT and actor.member_id == assessment.member_id):
        raise PermissionDenied(_("Only the Member's focal point asks to reopen its self-assessment."))
    if assessment.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED):
        raise InvalidTransition(_("Only a submitted or validated self-assessment can be reopened."))
    if not reason.strip():
        raise field_invalid("reason", _("Say what you need to change, and why."))
    comment = _comment_add(assessment, actor, ReviewKind.REOPEN_REQUESTED, reason.strip())
    audit_record(
        actor=actor,
        action="assessments.assessment.reopen_request",
        instance=assessment,
        after={"reason": comment.body},
        reason=comment.body,
    )
    from clearway.assessments.notices import reopen_request_notify

    reopen_request_notify(assessment=assessment, reason=comment.body, actor=actor)
    return comment


# ---------------------------------------------------------------- evidence


@transaction.atomic
def evidence_upload(*, actor: Actor, assessment: Assessment, indicator_code: str, upload: Any) -> Evidence:
    _require_writer(actor, assessment)
    _require_editable(assessment)
    indicator = indicator_get(catalogue=assessment.cycle.catalogue, code=indicator_code)
    name = (getattr(upload, "name", "") or "evidence").rsplit("/", 1)[-1][:200]
    checked = upload_check(name=name, size=upload.size or 0, stream=upload, accepted=EVIDENCE)
    evidence = Evidence(
        assessment=assessment,
        indicator=indicator,
        original_name=name,
        content_type=checked.content_type,
        size=upload.size,
        sha256=checked.sha256,
        uploaded_by=actor_user(actor),
    )
    evidence.file.save(name, File(upload), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="assessments.evidence.upload",
        instance=evidence,
        after=model_snapshot(evidence),
        member_iso3=assessment.member.iso3,
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:
    assessment = evidence.assessment
    _require_writer(actor, assessment)
    _require_editable(assessment)
    snapshot = model_snapshot(evidence)
    audit_record(
        actor=actor,
        action="assessments.evidence.delete",
        instance=evidence,
        before=snapshot,
        member_iso3=assessment.member.iso3,
    )
    evidence.delete()  # the stored file stays on disk: the audit trail points to it


# ---------------------------------------------------------------- commitments


def _date(value: Any, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise field_invalid(field, _("Use a date like 2026-12-31.")) from None


@transaction.atomic
def commitment_save(
    *,
    actor: Actor,
    member: Member,
    standard: Standard,
    planned_on: Any = None,
    indicative_on: Any = None,
    definitive_on: Any = None,
    achieved_on: Any = None,
    note: str = "",
    illustrative: bool = False,
) -> Commitment:
    """Record or update a Member's implementation commitment for one standard."""
    if not Member.objects.filter(_member_write_q(actor), pk=member.pk).exists():
        raise PermissionDenied(_("You may not record commitments for %(member)s.") % {"member": member})
    dates = {
        name: _date(val, name)
        for name, val in (
            ("planned_on", planned_on),
            ("indicative_on", indicative_on),
            ("definitive_on", definitive_on),
            ("achieved_on", achieved_on),
        )
    }
    if not any(dates.values()):
        raise field_invalid("planned_on", _("Give at least one date."))
    commitment = Commitment.objects.filter(member=member, standard=standard).first()
    before = model_snapshot(commitment) if commitment else None
    commitment = commitment or Commitment(member=member, standard=standard)
    for name, day in dates.items():
        setattr(commitment, name, day)
    commitment.note = note.strip()
    commitment.illustrative = illustrative
    commitment.updated_by = actor_user(actor)
    commitment.save()
    audit_record(
        actor=actor,
        action="assessments.commitment.save",
        instance=commitment,
        before=before,
        after=model_snapshot(commitment),
    )
    return commitment


def _member_write_q(actor: Actor) -> Any:
    from django.db.models import Q

    if user_is_secretariat(actor):
        return Q()
    if actor.is_member_user:
        return Q(pk=actor.member_id)
    return Q(pk__in=[])
