"""Register updates proposed by submitted AEO survey answers.

A submitted (or re-edited) answer to the AEO and e-commerce questionnaire becomes a pending proposal: the facts the
answer implies for the Member's programme, beside the facts in the register at that moment. Nothing in the register
changes until the secretariat confirms; the confirmation is audited and the programme records the survey as source.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearway.accounts.actors import actor_user
from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat, user_member_id
from clearway.aeo.models import (
    Coverage,
    EcommerceFeature,
    MraStatus,
    OperatorType,
    Programme,
    ProgrammeStatus,
    RecordSource,
    RegisterUpdate,
    StakeholderType,
    UpdateStatus,
)
from clearway.aeo.questionnaire import QUESTIONNAIRE_CODE
from clearway.aeo.services import programme_create, programme_facts, programme_facts_clean, programme_update
from clearway.core.actors import SYSTEM, Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from clearway.members.models import Member
from clearway.surveys.definition import answers_effective

logger = logging.getLogger(__name__)

STATUS_FROM_ANSWER = {
    "yes": ProgrammeStatus.OPERATIONAL,
    "under_development": ProgrammeStatus.UNDER_DEVELOPMENT,
    "no": ProgrammeStatus.NONE,
}
DEFAULT_NAMES = {
    ProgrammeStatus.NONE: ("No AEO programme", "Pas de programme OEA"),
    "default": ("AEO programme", "Programme OEA"),
}
FIELD_LABELS = {
    "name_en": gettext_lazy("Name (English)"),
    "name_fr": gettext_lazy("Name (French)"),
    "status": gettext_lazy("Status"),
    "launch_year": gettext_lazy("Launch year"),
    "operator_types": gettext_lazy("General operator types"),
    "ecommerce_features": gettext_lazy("E-commerce-specific criteria or benefits"),
    "ecommerce_criteria_en": gettext_lazy("Details (English)"),
    "ecommerce_criteria_fr": gettext_lazy("Details (French)"),
}


def response_is_aeo(response: Any) -> bool:
    return bool(response.survey.version.questionnaire.code == QUESTIONNAIRE_CODE)


def _target_programme(*, member: Member, name: str) -> Programme | None:
    programmes = list(Programme.objects.filter(member=member).order_by("pk"))
    for programme in programmes:
        if name and name.casefold() in (programme.name_en.casefold(), programme.name_fr.casefold()):
            return programme
    return programmes[0] if len(programmes) == 1 else None


def register_facts_from_answers(*, answers: dict[str, Any], current: Programme | None) -> dict[str, Any]:
    """The programme facts a submitted answer implies (validated like any register entry)."""
    status = STATUS_FROM_ANSWER.get(str(answers.get("aeo_programme") or ""), ProgrammeStatus.NONE)
    has_programme = status != ProgrammeStatus.NONE
    name = str(answers.get("programme_name") or "").strip() if has_programme else ""
    default_en, default_fr = DEFAULT_NAMES.get(status, DEFAULT_NAMES["default"])
    if name:
        name_en, name_fr = name, (current.name_fr if current and current.name_en == name else "")
    elif current is not None and has_programme and current.status != ProgrammeStatus.NONE:
        name_en, name_fr = current.name_en, current.name_fr
    else:
        name_en, name_fr = default_en, default_fr
    coverage = {}
    if has_programme:
        for code in StakeholderType.values:
            value = answers.get(f"cov_{code}")
            if value in Coverage.values:
                coverage[code] = value
    features = [f for f in answers.get("ecommerce_features") or [] if f in EcommerceFeature.values]
    operators = [o for o in answers.get("operator_types") or [] if o in OperatorType.values]
    launch_year = answers.get("launch_year") if status == ProgrammeStatus.OPERATIONAL else None
    return programme_facts_clean(
        {
            "name_en": name_en,
            "name_fr": name_fr,
            "status": status,
            "launch_year": launch_year,
            "operator_types": operators if has_programme else [],
            "coverage": coverage,
            "ecommerce_features": features if has_programme else [],
            "ecommerce_criteria_en": str(answers.get("ecommerce_features_detail") or "")
            if has_programme
            else "",
            "ecommerce_criteria_fr": current.ecommerce_criteria_fr
            if current is not None and has_programme
            else "",
        }
    )


def _reported_mras(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """MRAs the answer reports: shown to the reviewer, entered by hand (partners are free text)."""
    rows = []
    for item in answers.get("mras") or []:
        if isinstance(item, dict) and item.get("mra_partner"):
            rows.append(
                {
                    "partner": str(item.get("mra_partner")),
                    "status": item.get("mra_status") or "",
                    "signed_on": str(item.get("mra_signed_on") or ""),
                    "covers_ecommerce": item.get("mra_covers_ecommerce") == "yes",
                }
            )
    return rows


@transaction.atomic
def register_update_propose(*, response: Any, actor: Actor) -> RegisterUpdate | None:
    """Turn a submitted AEO answer into a pending proposal (refreshing a pending one); None when nothing changes."""
    if not response_is_aeo(response):
        raise InvalidTransition(_("This answer is not to the AEO and e-commerce questionnaire."))
    if response.state != "submitted":
        raise InvalidTransition(_("Only a submitted answer can propose register changes."))
    if not (
        user_is_secretariat(actor) or (actor.member_id is not None and actor.member_id == response.member_id)
    ):
        raise PermissionDenied()
    # Only answers that count under the skip logic (a "no" leaves earlier coverage answers out).
    answers = answers_effective(response.survey.version.definition, dict(response.answers or {}))
    name = str(answers.get("programme_name") or "").strip()
    target = _target_programme(member=response.member, name=name)
    current = programme_facts(programme=target) if target is not None else {}
    proposed = register_facts_from_answers(answers=answers, current=target)
    pending = RegisterUpdate.objects.select_for_update().filter(
        response=response, status=UpdateStatus.PENDING
    )
    existing = pending.first()
    if proposed == current:
        if existing is not None:
            _close(existing, status=UpdateStatus.SUPERSEDED, actor=actor, note="the register already matches")
        return None
    values = {
        "member": response.member,
        "response_version": response.version,
        "programme": target,
        "proposed": {**proposed, "mras_reported": _reported_mras(answers)},
        "current": current,
    }
    if existing is not None:
        unchanged = all(getattr(existing, k) == v for k, v in values.items() if k != "response_version")
        if unchanged:  # an autosave that changes nothing the register cares about
            return existing
        before = model_snapshot(existing)
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        audit_record(
            actor=actor,
            action="aeo.register_update.refresh",
            instance=existing,
            before=before,
            after=model_snapshot(existing),
        )
        return existing
    update = RegisterUpdate.objects.create(response=response, **values)
    audit_record(
        actor=actor, action="aeo.register_update.propose", instance=update, after=model_snapshot(update)
    )
    return update


@transaction.atomic
def register_update_propose_own(
    *, actor: Actor, member: Member, programme: Programme | None, facts: dict[str, Any], note: str = ""
) -> RegisterUpdate:
    """The Member's focal point proposes, at any time, a change to its own programme entry or coverage (or a new
    entry); the secretariat reviews it like a survey answer's proposal. A newer proposal replaces a pending one."""
    if not (actor.role == Role.MEMBER_FOCAL_POINT and actor.member_id == member.pk):
        raise PermissionDenied(_("Only the Member's focal point proposes changes to its register entry."))
    if programme is not None and programme.member_id != member.pk:
        raise PermissionDenied()
    proposed = programme_facts_clean(facts)
    current = programme_facts(programme=programme) if programme is not None else {}
    if proposed == current:
        raise ValidationFailed(_("Nothing would change: the register already says this."))
    pending = RegisterUpdate.objects.select_for_update().filter(
        member=member, programme=programme, response__isnull=True, status=UpdateStatus.PENDING
    )
    for earlier in pending:
        _close(earlier, status=UpdateStatus.SUPERSEDED, actor=actor, note="replaced by a newer proposal")
    update = RegisterUpdate.objects.create(
        member=member,
        programme=programme,
        proposed=proposed,
        current=current,
        proposed_by=actor_user(actor),
        member_note=note.strip(),
    )
    audit_record(
        actor=actor, action="aeo.register_update.propose", instance=update, after=model_snapshot(update)
    )
    return update


def _close(update: RegisterUpdate, *, status: str, actor: Actor, note: str) -> RegisterUpdate:
    before = model_snapshot(update, ["status", "decided_at", "decision_note"])
    update.status = status
    update.decision_note = note
    update.decided_by = actor_user(actor)
    update.decided_at = timezone.now()
    update.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"aeo.register_update.{status}",
        instance=update,
        before=before,
        after=model_snapshot(update, ["status", "decided_at", "decision_note"]),
        reason=note,
    )
    return update


def _require_pending_and_secretariat(update: RegisterUpdate, actor: Actor) -> None:
    if not user_is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat confirms changes to the AEO register."))
    if update.status != UpdateStatus.PENDING:
        raise InvalidTransition(_("This proposal was decided already."))


@transaction.atomic
def register_update_confirm(*, update: RegisterUpdate, actor: Actor, note: str = "") -> RegisterUpdate:
    """Apply a pending proposal to the register (source: survey answer) after checking nobody changed it since."""
    # Locks the proposal only: its survey answer, absent from a Member's own proposal, is an outer join that
    # PostgreSQL cannot lock.
    update = (
        RegisterUpdate.objects.select_for_update(of=("self",))
        .select_related("response__survey")
        .get(pk=update.pk)
    )
    _require_pending_and_secretariat(update, actor)
    facts = {k: v for k, v in update.proposed.items() if k != "mras_reported"}
    # Stored as written and shown in every language: references and codes only, no English words.
    if update.response is not None:
        source, detail = (
            RecordSource.SURVEY,
            f"{update.response.survey.reference}, {update.member.iso3}, v{update.response_version}",
        )
    else:
        source, detail = RecordSource.MEMBER, f"{update.member.iso3}, #{update.pk}"
    programme = update.programme
    if programme is None:
        if update.current:
            raise Conflict(
                _("The programme this proposal was based on no longer exists; refresh the proposal.")
            )
        programme = programme_create(
            actor=actor,
            member=update.member,
            facts=facts,
            source=source,
            source_detail=detail,
            confirmed=True,
        )
        update.programme = programme
        update.save(update_fields=["programme"])
    else:
        if programme_facts(programme=programme) != update.current:
            raise Conflict(
                _(
                    "The register entry changed after this proposal was made; refresh the proposal "
                    "to compare with the latest facts."
                )
            )
        programme_update(
            actor=actor,
            programme=programme,
            facts=facts,
            expected_version=programme.version,
            source=source,
            source_detail=detail,
            confirmed=True,
            reason=note,
        )
    return _close(update, status=UpdateStatus.CONFIRMED, actor=actor, note=note)


@transaction.atomic
def register_update_reject(*, update: RegisterUpdate, actor: Actor, note: str) -> RegisterUpdate:
    update = RegisterUpdate.objects.select_for_update().get(pk=update.pk)
    _require_pending_and_secretariat(update, actor)
    return _close(update, status=UpdateStatus.REJECTED, actor=actor, note=note)


def aeo_register_update_from_response(*, response: Any, actor: Actor, confirm: bool) -> RegisterUpdate | None:
    """Propose the register changes a submitted AEO answer implies; with `confirm` (secretariat only), apply them.

    Without `confirm` the register is untouched and the pending proposal is returned for review.
    """
    if confirm and not user_is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat confirms changes to the AEO register."))
    update = register_update_propose(response=response, actor=actor)
    if update is None or not confirm:
        return update
    return register_update_confirm(update=update, actor=actor)


def register_update_on_submission(*, response: Any) -> None:
    """Called when an AEO answer is submitted or edited after submission; a failure never blocks the answer."""
    try:
        with transaction.atomic():
            register_update_propose(response=response, actor=SYSTEM)
    except Exception:  # the answer is kept; the secretariat can re-run the proposal from the review page
        logger.exception("could not propose AEO register changes from response %s", response.pk)


# ---------------------------------------------------------------- reads


def register_update_list(*, viewer: Actor, status: str | None = None) -> QuerySet[RegisterUpdate]:
    """The secretariat sees every proposal; a Member's users see their own Member's; nobody else any."""
    qs = RegisterUpdate.objects.select_related("member__region", "response__survey", "programme")
    if user_is_secretariat(viewer):
        pass
    elif (member_id := user_member_id(viewer)) is not None:
        qs = qs.filter(member_id=member_id)
    else:
        return RegisterUpdate.objects.none()
    if status:
        qs = qs.filter(status=status)
    return qs


def register_update_get_for_user(*, user: Actor, update_id: int) -> RegisterUpdate:
    update = register_update_list(viewer=user).filter(pk=update_id).first()
    if update is None:
        raise NotFound()
    return update


@dataclass(frozen=True)
class DiffRow:
    label: str
    current: str
    proposed: str
    changed: bool


def _display(field: str, value: Any) -> str:
    if field == "status":
        return str(ProgrammeStatus(value).label) if value else ""
    if field == "operator_types":
        return ", ".join(str(OperatorType(v).label) for v in value or [])
    if field == "ecommerce_features":
        return ", ".join(str(EcommerceFeature(v).label) for v in value or [])
    return "" if value is None else str(value)


def register_update_mras(*, update: RegisterUpdate) -> list[dict[str, Any]]:
    """The arrangements the answer reports (free text, as answered), each status also as people read it."""
    rows = update.proposed.get("mras_reported") or []
    return [
        {
            **m,
            "status_label": MraStatus(m["status"]).label
            if m.get("status") in MraStatus.values
            else m.get("status"),
        }
        for m in rows
    ]


def register_update_diff(*, update: RegisterUpdate) -> list[DiffRow]:
    """Field by field: the facts in the register when proposed, and the facts the answer proposes."""
    rows = []
    for field, label in FIELD_LABELS.items():
        old, new = _display(field, update.current.get(field)), _display(field, update.proposed.get(field))
        rows.append(DiffRow(label=str(label), current=old, proposed=new, changed=old != new))
    old_cov, new_cov = update.current.get("coverage") or {}, update.proposed.get("coverage") or {}
    for code, label in StakeholderType.choices:
        old = str(Coverage(old_cov[code]).label) if code in old_cov else ""
        new = str(Coverage(new_cov[code]).label) if code in new_cov else ""
        rows.append(DiffRow(label=str(label), current=old, proposed=new, changed=old != new))
    return rows
