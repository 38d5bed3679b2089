"""What the audit trail's codes mean, in the reader's language.

Each app declares the actions it records in its `audit.py`: `AUDIT_ACTIONS`, a code of the shape
`<app>.<entity>.<verb>` (`assessments.assessment.submit`) and its words (gettext_lazy), and, for actions that name
the state an object moved to (`capacity.support_request.approved`), `AUDIT_STATE_ACTIONS`: the code's fixed part
and the model and field whose choices are the states. Core gathers them (`core.discovery`), `audit_record`
refuses a code no app declares, and pages and exports show the words beside the code, which filters and exports
use as a stable key.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from clearway.core.discovery import app_modules

# The actor recorded for what Clearway does by itself (command-line loads, background jobs, signals): stored as
# written here, shown as "Clearway" in every language.
SYSTEM_ACTOR = "system"

ACTION_CODE = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*\.[a-z][a-z_]*")


class UnknownAuditAction(ValueError):
    """A write tried to record an action no app declares: a programming error, caught by the tests."""


def audit_actor_label(label: str) -> str:
    """Who made a change, as pages and exports name them: the user's name as recorded, or Clearway itself."""
    return "Clearway" if label == SYSTEM_ACTOR else label


def _app_declared(app: str, code: str) -> None:
    """Refuse, at start-up, a code of another shape or another app's."""
    if not code.startswith(f"{app}.") or not ACTION_CODE.fullmatch(code):
        raise ImproperlyConfigured(f"{app}/audit.py: {code!r} is not of the shape {app}.<entity>.<verb>")


@functools.cache
def audit_actions() -> dict[str, Promise]:
    """Every declared action code with its words, gathered from the apps' `audit.py`."""
    found: dict[str, Promise] = {}
    for app, module in app_modules("audit"):
        for code, label in getattr(module, "AUDIT_ACTIONS", {}).items():
            _app_declared(app, code)
            found[code] = label
    return found


@functools.cache
def audit_state_actions() -> dict[str, tuple[str, str]]:
    """Codes that end in the state an object moved to: fixed part -> (model, field whose choices are the states)."""
    found: dict[str, tuple[str, str]] = {}
    for app, module in app_modules("audit"):
        for prefix, target in getattr(module, "AUDIT_STATE_ACTIONS", {}).items():
            _app_declared(app, f"{prefix}state")
            found[prefix] = target
    return found


@functools.cache
def _states(model_label: str, field_name: str) -> dict[str, Any]:
    """A state field's (lazy, translatable) labels by value; read once, as exports label thousands of rows."""
    return dict(apps.get_model(model_label)._meta.get_field(field_name).flatchoices)


def _state_action(code: str) -> tuple[str, Any] | None:
    """(model label, state label) of an action that names a state, else None."""
    for prefix, (model_label, field_name) in audit_state_actions().items():
        if code.startswith(prefix):
            state = _states(model_label, field_name).get(code[len(prefix) :])
            if state is not None:
                return model_label, state
    return None


def audit_action_known(code: str) -> bool:
    return code in audit_actions() or _state_action(code) is not None


def audit_action_check(code: str) -> None:
    """Refuse a code that no app declares (in its `audit.py`)."""
    if not audit_action_known(code):
        raise UnknownAuditAction(
            f"audit action {code!r} is declared by no app (<app>/audit.py: AUDIT_ACTIONS)"
        )


def audit_action_codes() -> list[str]:
    """Every code a write may record: declared ones and each state of the state actions."""
    states = [
        f"{prefix}{value}"
        for prefix, (model_label, field_name) in audit_state_actions().items()
        for value in _states(model_label, field_name)
    ]
    return sorted({*audit_actions(), *states})


def audit_action_label(code: str) -> str:
    """The action in words; the code itself when Clearway has no words for it (an action of a newer version)."""
    if code in audit_actions():
        return str(audit_actions()[code])
    state_action = _state_action(code)
    if state_action is None:
        return code
    model_label, state = state_action
    return _("%(object)s: %(state)s") % {
        "object": capfirst(apps.get_model(model_label)._meta.verbose_name),
        "state": state,
    }


def audit_object_type_label(object_type: str) -> str:
    """The kind of object (`app.model`) as its model's name in the reader's language."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(capfirst(model._meta.verbose_name))
