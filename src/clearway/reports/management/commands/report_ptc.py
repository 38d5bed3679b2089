"""`clearway report ptc`: generate a Permanent Technical Committee report from the data and write it to a file."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from clearway.core.actors import SYSTEM
from clearway.core.exceptions import ValidationFailed
from clearway.core.i18n import current_language
from clearway.core.management.base import ClearwayCommand
from clearway.reports.exporters.base import exporter_keys
from clearway.reports.models import MeetingFormat
from clearway.reports.production import report_define, report_produce
from clearway.reports.services import ReportInput


def _date(value: str | None, option: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            field_errors={
                option: [
                    _("%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2022-03-07.")
                    % {"value": repr(value)}
                ]
            }
        ) from None


def _formats(value: str) -> list[str]:
    """'docx' or 'docx,pdf': each one a known format (argparse says so with exit code 2 otherwise)."""
    import argparse

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in exporter_keys()]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            _("invalid choice: %(value)r (choose from %(formats)s)")
            % {"value": value, "formats": ", ".join(repr(k) for k in exporter_keys())}
        )
    return list(dict.fromkeys(formats))


class Command(ClearwayCommand):
    about = gettext_lazy(
        "Generate a committee report (Permanent Technical Committee) for a period from the data, "
        "in English or French, as DOCX, PDF or HTML."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--session", required=True, help=_('the sessions, e.g. "235th/236th"'))
        parser.add_argument(
            "--from", dest="start", required=True, help=_("first day of the period (YYYY-MM-DD)")
        )
        parser.add_argument("--to", dest="end", required=True, help=_("last day of the period (YYYY-MM-DD)"))
        self.language_argument_add(
            parser,
            help_text=_("language of the report (default: the language of the command, now %(lang)s)"),
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            type=_formats,
            default=["docx"],
            help=_(
                "%(formats)s, or several separated by commas (e.g. docx,pdf): one version, a file per format"
            )
            % {"formats": ", ".join(exporter_keys())},
        )
        parser.add_argument(
            "--out",
            required=True,
            help=_("file to write; with several formats, the same name with each format's extension"),
        )
        parser.add_argument("--document-number", required=True, help=_("the document's number, e.g. PC0690"))
        parser.add_argument(
            "--date", default=None, help=_("date of the document (default: the end of the period)")
        )
        parser.add_argument("--previous-session", default="", help=_('e.g. "233rd/234th"'))
        parser.add_argument("--previous-document", default="", help=_("e.g. PC0674"))
        parser.add_argument("--meeting-from", default=None, help=_("first day of the meeting (YYYY-MM-DD)"))
        parser.add_argument("--meeting-to", default=None, help=_("last day of the meeting (YYYY-MM-DD)"))
        parser.add_argument(
            "--meeting-format",
            choices=list(MeetingFormat.values),
            default="",
            help=_("stated in the document's header only when given"),
        )
        parser.add_argument("--place", default="Brussels", help=_("place of the meeting"))
        parser.add_argument(
            "--include-illustrative",
            action="store_true",
            help=_("include illustrative (demonstration) data; every page then says so"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        assert start is not None and end is not None  # required options
        if start > end:
            raise ValidationFailed(
                field_errors={"--to": [_("The period must end on or after the day it starts.")]}
            )
        out = Path(options["out"])
        if not out.parent.exists():
            raise ValidationFailed(
                field_errors={"--out": [_("The folder %(folder)s does not exist.") % {"folder": out.parent}]}
            )
        data = ReportInput(
            session=options["session"],
            document_number=options["document_number"],
            document_date=_date(options["date"], "--date") or end,
            period_start=start,
            period_end=end,
            language=options["lang"] or current_language(),
            previous_session=options["previous_session"],
            previous_document_number=options["previous_document"],
            meeting_start=_date(options["meeting_from"], "--meeting-from"),
            meeting_end=_date(options["meeting_to"], "--meeting-to"),
            meeting_format=options["meeting_format"],
            meeting_place=options["place"],
            illustrative=options["include_illustrative"],
        )
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=None, transient=False
        ) as progress:
            task = progress.add_task(_("Preparing"), total=1.0)

            def report(fraction: float, message: str = "") -> None:
                progress.update(task, completed=fraction, description=message or _("Working"))

            with transaction.atomic():  # a generation that fails leaves no new definition behind
                record = report_define(actor=SYSTEM, data=data)
                report(0.05, _("Reading the data"))
                produced = report_produce(
                    report=record, actor=SYSTEM, formats=options["fmt"], progress=report
                )
            written = []
            for exported in produced.files:
                target = out if len(produced.files) == 1 else out.with_suffix(f".{exported.format}")
                target.write_bytes(exported.file.read())
                written.append(target)
            report(1.0, pgettext("progress", "Done"))
        for target in written:
            self.stdout.write(
                _("%(document)s (%(lang)s) version %(version)s written to %(out)s (%(size)s bytes)")
                % {
                    "document": record.document_number,
                    "lang": record.language,
                    "version": produced.version.number,
                    "out": target,
                    "size": number_format(target.stat().st_size, 0, force_grouping=True),
                }
            )
