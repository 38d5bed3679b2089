"""What the `clearway jobs ...` commands share (the leading underscore keeps Django from taking this module for
a command): a job found by the id an operator typed, and tables drawn by rich."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO, cast
from uuid import UUID

from django.core.management.base import OutputWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.core.models import Job

# Output that goes to a file or a pipe is not wrapped (one line per row, for grep): rich draws it this wide
# at most, and a table only as wide as its contents.
PIPE_WIDTH = 1000


def job_by_argument(raw: str) -> Job:
    """The job whose id the operator typed: bad input (exit code 2) when it is not an id, not found (4) when no
    job has it."""
    try:
        job_id = UUID(raw.strip())
    except ValueError:
        raise ValidationFailed(
            _("“%(id)s” is not a job id (`clearway jobs list` shows them).") % {"id": raw}
        ) from None
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("No job has the id %(id)s.") % {"id": job_id})
    return job


def when(moment: datetime | None, *, seconds: bool = False) -> str:
    """A moment in the server's time zone, as the page's tables write it."""
    if moment is None:
        return "–"
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def table_print(out: OutputWrapper, table: Table) -> None:
    # rich writes to the command's own stream (not through the wrapper, which would end every piece with a new
    # line): it then knows the terminal's width and encoding (plain ASCII borders on a terminal without them).
    stream = cast(TextIO, out._out)
    Console(file=stream, width=None if stream.isatty() else PIPE_WIDTH).print(table)
