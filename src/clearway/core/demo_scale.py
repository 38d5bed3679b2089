"""Illustrative demo data at a chosen size: `clearway demo load` (today's small demo) or `--scale full` (the whole
programme: 187 Members, six cycles, fifty surveys, a thousand activities, a hundred thousand audit events).

Each app's `demo.py` has `demo_load(*, scale, progress)`: it always loads the app's small demo, and at a larger
scale adds the app's programme-scale data (kept in `<app>/demo_scale.py`), written with `bulk_insert` rather than
one service call per row, but as the services would store it (same statuses, scores, history and audit events).
This module is the mechanism they share and knows no domain: the sizes, seeded random numbers, batched inserts
that keep the dates given, and the loading of every app in order with progress.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.core.actors import Actor
from clearway.core.audit import audit_event_new
from clearway.core.discovery import app_modules
from clearway.core.exceptions import PermissionDenied
from clearway.core.models import AuditEvent

M = TypeVar("M", bound=models.Model)
BATCH = 1000


@dataclass(frozen=True)
class Scale:
    """How much illustrative data to load. Counts are totals in the database once loaded, the small demo's rows
    included (its 8 activities count towards `activities`), except `surveys`: that many surveys, each answered
    by every Member taking part, besides the small demo's two."""

    name: str
    members: int | None = None  # Members taking part; None: every active Member of the reference list
    closed_cycles: int = 0  # besides the open cycle
    surveys: int = 0
    questionnaires: int = 0
    survey_questions: int = 0
    activities: int = 0
    support_requests: int = 0
    experts: int = 0
    aeo_programmes: int = 0
    arrangements: int = 0
    kpi_results: int = 0
    reports: int = 0
    audit_events: int = 0

    @property
    def extends(self) -> bool:
        """False for the small demo alone."""
        return self.name != SMALL.name


SMALL = Scale("small")
FULL = Scale(
    "full",
    members=None,
    closed_cycles=5,
    surveys=50,
    questionnaires=5,
    survey_questions=60,
    activities=1000,
    support_requests=300,
    experts=40,
    aeo_programmes=200,
    arrangements=400,
    kpi_results=40,
    reports=20,
    audit_events=100_000,
)
# The same code paths at a size tests can afford.
TEST = Scale(
    "test",
    members=6,
    closed_cycles=2,
    surveys=3,
    questionnaires=2,
    survey_questions=14,
    activities=30,
    support_requests=10,
    experts=6,
    aeo_programmes=40,
    arrangements=28,
    kpi_results=2,
    reports=3,
    audit_events=1_800,
)
SCALES = {scale.name: scale for scale in (SMALL, FULL)}


class ScaleProgress(Protocol):
    """Where a loader reports its work, in units of its choosing (rows, Members...)."""

    def add(self, total: int) -> None:
        """More work ahead."""

    def advance(self, done: int = 1) -> None:
        """Work done."""


class _NoProgress:
    def add(self, total: int) -> None:
        return None

    def advance(self, done: int = 1) -> None:
        return None


NO_PROGRESS: ScaleProgress = _NoProgress()
ProgressFactory = Callable[[str], AbstractContextManager[ScaleProgress]]


def no_progress(app: str) -> AbstractContextManager[ScaleProgress]:
    return nullcontext(NO_PROGRESS)


def scale_random(*parts: object) -> random.Random:
    """A generator seeded by name (string seeds do not depend on PYTHONHASHSEED): the same parts, the same data."""
    return random.Random("clearway-scale:" + ":".join(str(p) for p in parts))


def moment(day: datetime.date, minutes: int = 0) -> datetime.datetime:
    """An aware time on `day`, from 08:00 UTC plus `minutes` (history dated in the past, reproducibly)."""
    start = datetime.datetime.combine(day, datetime.time(8), tzinfo=datetime.UTC)
    return start + datetime.timedelta(minutes=minutes)


def _auto_time_fields(model: type[models.Model]) -> list[Any]:
    return [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]


@contextmanager
def _timestamps_kept(model: type[models.Model]) -> Iterator[list[Any]]:
    """auto_now / auto_now_add fields keep the values set on the objects while inserting (history in the past).
    The flags are the fields' own, so this is for loaders run alone (commands, tests), not in a web process."""
    fields = _auto_time_fields(model)
    flags = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield fields
    finally:
        for f, auto_now, auto_now_add in flags:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bulk_insert(
    model: type[M], objects: Iterable[M], *, progress: ScaleProgress = NO_PROGRESS, batch_size: int = BATCH
) -> list[M]:
    """Insert in batches, primary keys set on the objects; dates set on automatic fields are kept (now if unset)."""
    rows = list(objects)
    now = timezone.now()
    with _timestamps_kept(model) as fields:
        for row in rows:
            for f in fields:
                if getattr(row, f.attname) is None:
                    setattr(row, f.attname, now)
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            model._default_manager.bulk_create(batch)
            progress.advance(len(batch))
    return rows


def dated_event(
    actor: Actor, action: str, instance: models.Model, at: datetime.datetime, **kwargs: Any
) -> AuditEvent:
    """The event `audit_record` would store for this write (unsaved), dated when the write happened."""
    event = audit_event_new(actor=actor, action=action, instance=instance, **kwargs)
    event.at = at
    return event


def audit_insert(events: Sequence[AuditEvent], *, progress: ScaleProgress = NO_PROGRESS) -> int:
    """Store events made by `dated_event`."""
    bulk_insert(AuditEvent, events, progress=progress)
    return len(events)


DEMO_ENVIRONMENTS = ("development", "test")


def demo_environment_check() -> None:
    """Refuse demo data outside development and test: it creates an `admin` superuser whose password is published."""
    if settings.ENVIRONMENT not in DEMO_ENVIRONMENTS:
        raise PermissionDenied(
            _(
                "Demo data is not loaded when CLEARWAY_ENV is %(environment)s: it creates accounts whose "
                "passwords are published (among them a superuser). Load it only with CLEARWAY_ENV=development "
                "or test."
            )
            % {"environment": settings.ENVIRONMENT}
        )


def demo_data_load(*, scale: Scale, progress: ProgressFactory = no_progress) -> list[tuple[str, str, float]]:
    """Every app's demo data at `scale`, in app order; then, at a larger scale, the audit trail brought to its size
    by the apps that offer `demo_audit_fill`. Returns (app, what was done, seconds) per step. Refused outside
    development and test."""
    demo_environment_check()
    done = []
    for app, module in app_modules("demo"):
        loader = getattr(module, "demo_load", None)
        if loader is not None:
            done.append(_timed(app, progress, loader, scale=scale))
    if scale.extends:
        for app, module in app_modules("demo"):
            fill = getattr(module, "demo_audit_fill", None)
            missing = scale.audit_events - AuditEvent.objects.count()
            if fill is not None and missing > 0:
                done.append(_timed(app, progress, fill, events=missing))
    return done


def _timed(
    app: str, progress: ProgressFactory, step: Callable[..., str], **kwargs: Any
) -> tuple[str, str, float]:
    started = time.monotonic()
    with progress(app) as bar:
        result = step(progress=bar, **kwargs)
    return app, result, time.monotonic() - started
