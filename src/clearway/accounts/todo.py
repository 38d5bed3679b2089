"""What contacts give the secretariat to do: Members nobody can be reached at."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clearway.accounts.scoping import user_is_secretariat
from clearway.accounts.selectors import member_ids_without_focal_point
from clearway.core.actors import Actor
from clearway.core.todo import TodoItem


def todo_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    if not user_is_secretariat(user):
        return []
    missing = len(member_ids_without_focal_point())
    if not missing:
        return []
    return [
        TodoItem(
            kind="accounts.focal_point_missing",
            title=ngettext(
                "%(n)d Member has no active focal point with an e-mail address",
                "%(n)d Members have no active focal point with an e-mail address",
                missing,
            )
            % {"n": missing},
            detail=_("Letters and reminders cannot reach them: add or invite a focal point."),
            url=reverse("accounts:contacts_index"),
        )
    ]
