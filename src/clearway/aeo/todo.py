"""What the AEO register gives each person to do: review proposed updates, check unconfirmed entries."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clearway.accounts.scoping import user_is_member_user, user_is_secretariat
from clearway.aeo.models import Programme, RegisterUpdate, UpdateStatus
from clearway.core.actors import Actor
from clearway.core.i18n import localized
from clearway.core.todo import TodoItem


def todo_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    if user_is_secretariat(user):
        return _secretariat_items()
    if user_is_member_user(user):
        return _member_items(user=user)
    return []


def _secretariat_items() -> list[TodoItem]:
    items = []
    pending = RegisterUpdate.objects.filter(status=UpdateStatus.PENDING).count()
    if pending:
        items.append(
            TodoItem(
                kind="aeo.updates_pending",
                title=ngettext(
                    "%(n)d AEO register update proposed by a Member awaits your review",
                    "%(n)d AEO register updates proposed by Members await your review",
                    pending,
                )
                % {"n": pending},
                url=reverse("aeo:updates"),
            )
        )
    unconfirmed = Programme.objects.filter(confirmed=False).count()
    if unconfirmed:
        items.append(
            TodoItem(
                kind="aeo.programmes_unconfirmed",
                title=ngettext(
                    "%(n)d AEO programme entry is not confirmed yet",
                    "%(n)d AEO programme entries are not confirmed yet",
                    unconfirmed,
                )
                % {"n": unconfirmed},
                url=reverse("aeo:register"),
            )
        )
    return items


def _member_items(*, user: Actor) -> list[TodoItem]:
    if user.member_id is None:
        return []
    programmes = Programme.objects.filter(member_id=user.member_id, confirmed=False).select_related("member")
    return [
        TodoItem(
            kind="aeo.entry_check",
            title=_("Check your administration's AEO programme entry “%(programme)s”")
            % {"programme": localized(p, "name")},
            detail=_("The secretariat has not confirmed it yet: tell it what is missing or wrong."),
            url=reverse("aeo:member", args=[p.member.iso3]),
        )
        for p in programmes
    ]
