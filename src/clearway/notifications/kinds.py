"""The kinds of notification: what each says, in the reader's language, from the values it keeps.

A kind's `title` and `detail` are translatable format strings; a notification keeps only its kind and values
(`params`), so the same notification reads in French on a French reader's page and in English in an English
recipient's e-mail. Values that depend on the language are kept in both (`in_each_language`); dates as
{"date": "2026-12-31"}, shown in the reader's format. Apps add kinds with `notification_kind_register`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clearway.core.i18n import CONTENT_LANGUAGES, current_language


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise  # the kind in words: "Assessment returned"
    title: str | Promise  # "%(member)s: the self-assessment for %(cycle)s was returned"
    detail: str | Promise = (
        ""  # a second line, shown when its `detail_param` has a value: "Reason: %(reason)s"
    )
    detail_param: str = ""
    email: bool = True  # False: shown in Clearway only, the change being e-mailed by its own app


KINDS: dict[str, NotificationKind] = {}


def notification_kind_register(kind: NotificationKind) -> NotificationKind:
    KINDS[kind.code] = kind
    return kind


def notification_kind_get(code: str) -> NotificationKind | None:
    return KINDS.get(code)


def in_each_language(text: Callable[[], Any]) -> dict[str, str]:
    """A value as it reads in each language (a Member's name, a state's label): kept with the notification."""
    values = {}
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            values[language] = str(text())
    return values


def date_param(value: datetime.date | None) -> dict[str, str] | str:
    return {"date": value.isoformat()} if value else ""


def param_text(value: Any) -> str:
    """A kept value in the active language."""
    if isinstance(value, dict):
        if "date" in value:
            return str(formats.date_format(datetime.date.fromisoformat(value["date"]), "DATE_FORMAT"))
        return str(value.get(current_language()) or value.get("en") or "")
    return "" if value is None else str(value)


def _format(template: str | Promise, params: dict[str, Any]) -> str:
    texts = {key: param_text(value) for key, value in params.items()}
    try:
        return str(template) % texts
    except (KeyError, TypeError, ValueError):  # a kind's words changed since the notification was kept
        return str(template)


def notification_title(*, kind: str, params: dict[str, Any]) -> str:
    known = KINDS.get(kind)
    return _format(known.title, params) if known else kind


def notification_detail(*, kind: str, params: dict[str, Any]) -> str:
    known = KINDS.get(kind)
    if known is None or not known.detail or not params.get(known.detail_param):
        return ""
    return _format(known.detail, params)


def notification_kind_label(kind: str) -> str:
    known = KINDS.get(kind)
    return str(known.label) if known else kind


for _kind in [
    NotificationKind(
        "assessments.submitted",
        _("Assessment submitted"),
        _("%(member)s submitted its self-assessment for %(cycle)s."),
    ),
    NotificationKind(
        "assessments.returned",
        _("Assessment returned"),
        _("The self-assessment of %(member)s for %(cycle)s was returned for changes."),
        _("Reviewer's reason: %(reason)s"),
        "reason",
    ),
    NotificationKind(
        "assessments.validated",
        _("Assessment validated"),
        _("The self-assessment of %(member)s for %(cycle)s was validated."),
        _("Reviewer's comment: %(reason)s"),
        "reason",
    ),
    NotificationKind(
        "surveys.letter",
        _("Survey letter"),
        _("Survey letter %(reference)s to %(member)s: “%(title)s”, to answer by %(deadline)s."),
    ),
    NotificationKind(
        "surveys.reminder",
        _("Survey reminder"),
        _(
            "Reminder: %(member)s has not yet answered the survey “%(title)s” (%(reference)s), due %(deadline)s."
        ),
        # The survey's own reminder e-mails the focal points already (surveys.services.survey_remind).
        email=False,
    ),
    NotificationKind(
        "capacity.request_changed",
        _("National support request"),
        _("National support request of %(member)s: %(state)s."),
        _("Reason: %(reason)s"),
        "reason",
    ),
    NotificationKind(
        "aeo.update_reviewed",
        _("AEO register update reviewed"),
        _("The AEO register update proposed from the answer of %(member)s: %(status)s."),
        _("Secretariat's note: %(reason)s"),
        "reason",
    ),
    NotificationKind(
        "capacity.assigned",
        _("Mission assigned"),
        _("You are assigned to “%(activity)s” from %(start)s to %(end)s."),
        _("Your role: %(role)s"),
        "role",
    ),
    NotificationKind(
        "capacity.unassigned",
        _("Mission withdrawn"),
        _("Your assignment to “%(activity)s” was withdrawn."),
        _("Reason: %(reason)s"),
        "reason",
    ),
    NotificationKind("jobs.ready", _("Ready"), _("%(what)s is ready.")),
    NotificationKind(
        "jobs.failed",
        _("Background work failed"),
        _("%(what)s could not be completed."),
        _("Reason: %(reason)s"),
        "reason",
    ),
    NotificationKind(
        "accounts.invitation_accepted",
        _("Invitation accepted"),
        _("%(person)s (%(member)s) accepted your invitation and signed in to Clearway."),
    ),
    NotificationKind(
        "accounts.role_changed",
        _("Role changed"),
        _("Your role in Clearway is now: %(role)s."),
    ),
]:
    notification_kind_register(_kind)
