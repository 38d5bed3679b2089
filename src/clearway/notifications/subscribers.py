"""Who is told of which change: other apps' audited changes (`core.audit.object_changed`) and finished
background jobs (`core.jobs.job_finished`) become notifications for the people who wait for them.

Each handler reads the changed object only through its attributes and names its page by URL name, so no other
app's code is imported here. People are not notified of their own actions, except of work they left to run in
the background. A handler that fails is logged and leaves the change itself alone (in its own savepoint),
except in tests, where it fails the test.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from clearway.accounts.models import User
from clearway.accounts.roles import MEMBER_ROLES, SECRETARIAT_ROLES, Role
from clearway.core.actors import SYSTEM
from clearway.core.models import AuditEvent
from clearway.notifications.kinds import date_param, in_each_language
from clearway.notifications.services import notification_send

logger = logging.getLogger(__name__)

Handler = Callable[[Any, AuditEvent], None]
HANDLERS: dict[str, Handler] = {}


def on(*actions: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        for action in actions:
            HANDLERS[action] = func
        return func

    return register


def people(roles: Iterable[str], *, member_ids: Iterable[int] | None = None) -> list[User]:
    found = User.objects.filter(role__in=list(roles), is_active=True)
    if member_ids is not None:
        found = found.filter(member_id__in=list(member_ids))
    return list(found.select_related("member"))


def secretariat() -> list[User]:
    return people(SECRETARIAT_ROLES)


def member_team(member_id: int) -> list[User]:
    """Those who work on the administration's data: its focal points and contributors."""
    return people(MEMBER_ROLES, member_ids=[member_id])


def _member_name(member: Any) -> dict[str, str]:
    return in_each_language(lambda: member.name)


def _others(users: Iterable[User], event: AuditEvent) -> list[User]:
    return [u for u in users if u.pk != event.actor_id]


def _send(recipients: Iterable[User], kind: str, event: AuditEvent, *, url: str, **params: Any) -> None:
    notification_send(
        recipients=_others(recipients, event),
        kind=kind,
        params=params,
        url=url,
        actor=event.actor or SYSTEM,
        event=event,
        key=f"event:{event.pk}",
    )


# ---------------------------------------------------------------- assessments


def _assessment_params(assessment: Any, event: AuditEvent) -> dict[str, Any]:
    return {
        "member": _member_name(assessment.member),
        "cycle": in_each_language(lambda: assessment.cycle.name),
        "reason": event.reason,
    }


@on("assessments.assessment.submit")
def _assessment_submitted(assessment: Any, event: AuditEvent) -> None:
    url = reverse("assessments:detail", args=[assessment.pk])
    recipients = [*secretariat(), *member_team(assessment.member_id)]
    _send(recipients, "assessments.submitted", event, url=url, **_assessment_params(assessment, event))


@on("assessments.assessment.return", "assessments.assessment.validate")
def _assessment_reviewed(assessment: Any, event: AuditEvent) -> None:
    kind = "assessments.returned" if event.action.endswith(".return") else "assessments.validated"
    page = "assessments:edit" if kind == "assessments.returned" else "assessments:detail"
    url = reverse(page, args=[assessment.pk])
    _send(member_team(assessment.member_id), kind, event, url=url, **_assessment_params(assessment, event))


# ---------------------------------------------------------------- surveys


def _survey_params(survey: Any) -> dict[str, Any]:
    return {
        "reference": survey.reference,
        "title": {"en": survey.title_en, "fr": survey.title_fr or survey.title_en},
        "deadline": date_param(survey.deadline),
    }


@on("surveys.survey.open")
def _survey_letter(survey: Any, event: AuditEvent) -> None:
    """The letter goes to each targeted administration: its focal points, contributors and head."""
    url = reverse("surveys:detail", args=[survey.pk])
    members = {m.pk: m for m in survey.targets.all()}
    addressees = people([*MEMBER_ROLES, Role.MEMBER_HEAD], member_ids=members)
    by_member: dict[int, list[User]] = {}
    for user in addressees:
        by_member.setdefault(user.member_id, []).append(user)  # type: ignore[arg-type]
    for member_id, users in by_member.items():
        params = {**_survey_params(survey), "member": _member_name(members[member_id])}
        _send(users, "surveys.letter", event, url=url, **params)


@on("surveys.survey.remind")
def _survey_reminder(survey: Any, event: AuditEvent) -> None:
    url = reverse("surveys:detail", args=[survey.pk])
    pending = set((event.after or {}).get("members") or [])
    for user in people([Role.MEMBER_FOCAL_POINT]):
        if user.member is not None and user.member.iso3 in pending:
            params = {**_survey_params(survey), "member": _member_name(user.member)}
            _send([user], "surveys.reminder", event, url=url, **params)


# ---------------------------------------------------------------- AEO register


@on("aeo.register_update.confirmed", "aeo.register_update.rejected")
def _register_update_reviewed(update: Any, event: AuditEvent) -> None:
    _send(
        member_team(update.member_id),
        "aeo.update_reviewed",
        event,
        url=reverse("aeo:update", args=[update.pk]),
        member=_member_name(update.member),
        status=in_each_language(update.get_status_display),
        reason=event.reason,
    )


# ---------------------------------------------------------------- experts' missions


@on("capacity.expert.assign", "capacity.expert.unassign")
def _expert_assignment(assignment: Any, event: AuditEvent) -> None:
    user = assignment.expert.user
    if user is None:
        return
    activity = assignment.activity
    _send(
        [user],
        "capacity.assigned" if event.action == "capacity.expert.assign" else "capacity.unassigned",
        event,
        url=reverse("capacity:activity_detail", args=[activity.pk]),
        activity={"en": activity.title_en, "fr": activity.title_fr or activity.title_en},
        start=date_param(assignment.start_date),
        end=date_param(assignment.end_date),
        role=assignment.role,
        reason=event.reason,
    )


# ---------------------------------------------------------------- people


@on("accounts.user.invitation_accept")
def _invitation_accepted(person: Any, event: AuditEvent) -> None:
    inviter_id = (event.after or {}).get("invited_by")
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    if inviter is None or person.member is None:
        return
    _send(
        [inviter],
        "accounts.invitation_accepted",
        event,
        url=reverse("accounts:contacts", args=[person.member.iso3]),
        person=person.display_name,
        member=_member_name(person.member),
    )


@on("accounts.user.role_change")
def _role_changed(person: Any, event: AuditEvent) -> None:
    _send(
        [person],
        "accounts.role_changed",
        event,
        url=reverse("accounts:profile"),
        role=in_each_language(lambda: person.role_label),
    )


# ---------------------------------------------------------------- wiring


def _safely(run: Callable[[], None], what: str) -> None:
    try:
        with transaction.atomic():
            run()
    except Exception:
        if settings.ENVIRONMENT == "test":
            raise
        logger.exception("notifications: could not notify %s", what)


def _on_object_changed(sender: Any, *, event: AuditEvent, instance: Any, action: str, **kwargs: Any) -> None:
    handler = HANDLERS.get(action)
    if handler is not None:
        _safely(lambda: handler(instance, event), action)


def _on_job_finished(sender: Any, *, job: Any, **kwargs: Any) -> None:
    from clearway.notifications.jobs_finished import job_finished_notify

    _safely(lambda: job_finished_notify(job=job), f"job {job.pk}")


def subscribers_connect() -> None:
    from clearway.core.audit import object_changed
    from clearway.core.jobs import job_finished

    object_changed.connect(_on_object_changed, dispatch_uid="notifications.object_changed")
    job_finished.connect(_on_job_finished, dispatch_uid="notifications.job_finished")
