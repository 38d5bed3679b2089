"""Programme-scale committee reports (`clearway demo load --scale full`): the PTC documents of the sessions after
the demo's 235th/236th, one every six months, in English and French, each generated from the data of its
period by `report_generate` (as the Secretariat would), so their versions hold real blocks and data snapshots.

Fills the list to the scale's total (the demo's two reports count), newest sessions last. Deterministic and
idempotent: a report that exists (document number and language) is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from clearway.core.actors import SYSTEM
from clearway.core.demo_scale import Scale, ScaleProgress
from clearway.reports.demo import demo_report_input
from clearway.reports.models import Report
from clearway.reports.phrases import ordinal
from clearway.reports.services import ReportInput, report_create, report_generate

FIRST = demo_report_input("en")  # the demo's PC0690: 235th/236th Sessions, period to 7 March 2022


def report_inputs(*, count: int) -> list[ReportInput]:
    """The `count` reports after the demo's, in English then French for each session (document PC0700, PC0710...)."""
    inputs: list[ReportInput] = []
    for index in range(1, count // 2 + count % 2 + 1):
        first_number = 235 + 2 * index
        period_end = _months_after(FIRST.period_end, 6 * index)
        for language in ("en", "fr")[: min(2, count - len(inputs))]:
            inputs.append(
                ReportInput(
                    session=f"{ordinal(first_number, 'en')}/{ordinal(first_number + 1, 'en')}",
                    document_number=f"PC{690 + 10 * index:04d}",
                    document_date=period_end,
                    period_start=_months_after(FIRST.period_end, 6 * (index - 1))
                    + datetime.timedelta(days=1),
                    period_end=period_end,
                    language=language,
                    previous_session=f"{ordinal(first_number - 2, 'en')}/{ordinal(first_number - 1, 'en')}",
                    previous_document_number=f"PC{680 + 10 * index:04d}",
                    meeting_start=period_end + datetime.timedelta(days=49),
                    meeting_end=period_end + datetime.timedelta(days=53),
                    meeting_place="Brussels",
                    meeting_format=FIRST.meeting_format,
                    agenda_item=FIRST.agenda_item,
                    illustrative=True,
                )
            )
    return inputs


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def reports_load(*, scale: Scale, progress: ScaleProgress) -> str:
    inputs = report_inputs(count=max(0, scale.reports - 2))
    existing = set(Report.objects.values_list("document_number", "language"))
    missing = [i for i in inputs if (i.document_number, i.language) not in existing]
    progress.add(len(missing))
    for data in missing:
        with transaction.atomic():
            report = report_create(actor=SYSTEM, data=data)
            report_generate(report=report, actor=SYSTEM)
        progress.advance()
    return f"{len(missing)} committee report(s) created and generated"
