"""`clearway report ptc`: generate a Permanent Technical Committee report from the data and write it to a file."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from clearway.core.exceptions import ValidationFailed
from clearway.reports.exporters.base import exporter_keys
from clearway.reports.models import MeetingFormat
from clearway.reports.selectors import report_find
from clearway.reports.services import (
    SYSTEM_READER,
    ReportInput,
    report_create,
    report_export,
    report_generate,
    report_update,
)


def _date(value: str | None, option: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            field_errors={option: [f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-03-07."]}
        ) from None


class Command(BaseCommand):
    help = (
        "Generate a committee report (Permanent Technical Committee) for a period from the data, "
        "in English or French, as DOCX, PDF or HTML."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--session", required=True, help='the sessions, e.g. "235th/236th"')
        parser.add_argument(
            "--from", dest="start", required=True, help="first day of the period (YYYY-MM-DD)"
        )
        parser.add_argument("--to", dest="end", required=True, help="last day of the period (YYYY-MM-DD)")
        parser.add_argument("--lang", choices=["en", "fr"], default="en")
        parser.add_argument("--format", dest="fmt", choices=exporter_keys(), default="docx")
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--document-number", default="", help="e.g. PC0690 (default: PTC-<session>)")
        parser.add_argument(
            "--date", default=None, help="date of the document (default: the end of the period)"
        )
        parser.add_argument("--previous-session", default="", help='e.g. "233rd/234th"')
        parser.add_argument("--previous-document", default="", help="e.g. PC0674")
        parser.add_argument("--meeting-from", default=None, help="first day of the meeting (YYYY-MM-DD)")
        parser.add_argument("--meeting-to", default=None, help="last day of the meeting (YYYY-MM-DD)")
        parser.add_argument(
            "--meeting-format", choices=list(MeetingFormat.values), default=MeetingFormat.IN_PERSON
        )
        parser.add_argument("--place", default="Brussels")

    def handle(self, *args: Any, **options: Any) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        assert start is not None and end is not None  # required options
        if start > end:
            raise ValidationFailed(
                field_errors={"--to": ["The period must end on or after the day it starts."]}
            )
        out = Path(options["out"])
        if not out.parent.exists():
            raise ValidationFailed(field_errors={"--out": [f"The folder {out.parent} does not exist."]})
        data = ReportInput(
            session=options["session"],
            document_number=options["document_number"] or f"PTC-{options['session'].replace('/', '-')}",
            document_date=_date(options["date"], "--date") or end,
            period_start=start,
            period_end=end,
            language=options["lang"],
            previous_session=options["previous_session"],
            previous_document_number=options["previous_document"],
            meeting_start=_date(options["meeting_from"], "--meeting-from"),
            meeting_end=_date(options["meeting_to"], "--meeting-to"),
            meeting_format=options["meeting_format"],
            meeting_place=options["place"],
        )
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=None, transient=False
        ) as progress:
            task = progress.add_task("Preparing", total=1.0)

            def report(fraction: float, message: str = "") -> None:
                progress.update(task, completed=fraction, description=message or "Working")

            with transaction.atomic():
                existing = report_find(document_number=data.document_number, language=data.language)
                if existing is None:
                    record = report_create(actor=None, data=data)
                else:
                    record = report_update(actor=None, report=existing, data=data)
                report(0.05, "Reading the data")
                version = report_generate(report=record, actor=None, progress=report, viewer=SYSTEM_READER)
                report(0.75, f"Rendering {options['fmt'].upper()}")
                exported = report_export(report=record, actor=None, format=options["fmt"], version=version)
            out.write_bytes(exported.file.read())
            report(1.0, "Done")
        self.stdout.write(
            f"{record.document_number} ({record.language}) version {version.number} written to {out} "
            f"({out.stat().st_size:,} bytes)"
        )
