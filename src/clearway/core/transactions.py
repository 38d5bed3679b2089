"""Undo what a transaction cannot: files written to storage inside a transaction that then fails.

`failure_cleanups()` wraps the outermost transaction of a piece of work; code inside registers, with
`on_failure`, how to undo a side effect (delete a stored file). If the work fails, the transaction rolls back
and the registered undos run; if it commits, they are forgotten. A process killed between the two leaves a file
no row points to: the daily clean-up (core.housekeeping) removes those.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

logger = logging.getLogger(__name__)

_undos: ContextVar[list[Callable[[], None]] | None] = ContextVar("clearway_failure_undos", default=None)


@contextmanager
def failure_cleanups() -> Iterator[None]:
    if _undos.get() is not None:  # nested: the outermost one undoes
        yield
        return
    token = _undos.set([])
    try:
        yield
    except BaseException:
        for undo in reversed(_undos.get() or []):
            try:
                undo()
            except Exception:  # the original error matters more; the daily clean-up catches what is left
                logger.exception("could not undo a side effect of failed work")
        raise
    finally:
        _undos.reset(token)


def on_failure(undo: Callable[[], None]) -> None:
    """Run `undo` if the enclosing `failure_cleanups()` block fails."""
    undos = _undos.get()
    if undos is not None:
        undos.append(undo)
