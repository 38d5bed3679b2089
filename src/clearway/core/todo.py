"""What is each person's to do, and by when: the list on the home page and at `GET /api/me/tasks`.

Core knows no domain: each app that gives people work offers `todo_items(*, user, today)` in its `todo` module,
returning `TodoItem`s already scoped to what the user may see and written in the active language. Core gathers
them and puts the overdue first, then by due date.

The home page keeps the drawn list in the page cache (core/data_version.py) under the versions of the apps that
offer a `todo` module: every write those apps make is audited, so the list is drawn again after each. What a list
shows that no audit event marks, a module says in `todo_state(*, user) -> str` (core's own: failed background
jobs), and that text is part of the cache key.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clearway.core.actors import Actor
from clearway.core.discovery import app_modules


@dataclass(frozen=True)
class TodoItem:
    """One thing to do: `kind` names it for machines (`assessments.review`), `title` for the reader."""

    kind: str
    title: str
    url: str
    due: datetime.date | None = None
    detail: str = ""
    today: datetime.date | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today is not None and self.due < self.today

    @property
    def days_left(self) -> int | None:
        """Days until the due date (negative once it has passed)."""
        return None if self.due is None or self.today is None else (self.due - self.today).days


def todo_list_for_user(*, user: Actor, today: datetime.date | None = None) -> list[TodoItem]:
    """Everything the apps give `user` to do, overdue first, then the nearest due date, then undated."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    items = [
        TodoItem(**{**item.__dict__, "today": today})
        for _app, module in app_modules("todo")
        for item in module.todo_items(user=user, today=today)
    ]
    return sorted(items, key=lambda i: (not i.overdue, i.due is None, i.due or datetime.date.max, i.title))


def todo_apps() -> tuple[str, ...]:
    """The apps whose data the to-do lists are made of."""
    return tuple(app for app, _module in app_modules("todo"))


def todo_list_state(*, user: Actor) -> str:
    """What `user`'s to-do list shows that no audit event marks, as text that changes when it does."""
    return "|".join(
        module.todo_state(user=user) for _app, module in app_modules("todo") if hasattr(module, "todo_state")
    )


# ---------------------------------------------------------------- core's own: background work that failed


def _failed_jobs(*, user: Actor) -> int:
    """Background jobs `user` may see that failed in the last seven days and were not run again."""
    from clearway.core.jobs import job_list
    from clearway.core.models import JobStatus

    since = timezone.now() - datetime.timedelta(days=7)
    return job_list(viewer=user, status=JobStatus.FAILED).filter(created_at__gte=since).count()


def todo_state(*, user: Actor) -> str:
    """Jobs fail without an audit event: their count is part of the home page's cache key."""
    return f"jobs-failed:{_failed_jobs(user=user)}" if user.is_authenticated else ""


def todo_items(*, user: Actor, today: datetime.date) -> list[TodoItem]:
    """For the secretariat: background jobs that failed in the last seven days and were not run again."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    failed = _failed_jobs(user=user)
    if not failed:
        return []
    title = ngettext(
        "%(n)d background job failed this week", "%(n)d background jobs failed this week", failed
    ) % {"n": failed}
    return [TodoItem(kind="core.jobs_failed", title=title, url=f"{reverse('core:jobs')}?status=failed")]
