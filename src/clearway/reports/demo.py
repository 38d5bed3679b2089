"""The demo committee report: the PTC document for the 235th/236th Sessions (period 1 September 2021 to
7 March 2022), in English and French, generated once from the demo data. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from clearway.core.actors import SYSTEM
from clearway.core.demo_scale import NO_PROGRESS, SMALL, Scale, ScaleProgress
from clearway.reports.models import MeetingFormat, Report
from clearway.reports.services import ReportInput, report_create, report_generate

D = datetime.date


def demo_report_input(language: str) -> ReportInput:
    return ReportInput(
        session="235th/236th",
        document_number="PC0690",
        document_date=D(2022, 3, 7),
        period_start=D(2021, 9, 1),
        period_end=D(2022, 3, 7),
        language=language,
        previous_session="233rd/234th",
        previous_document_number="PC0674",
        meeting_start=D(2022, 4, 25),
        meeting_end=D(2022, 4, 29),
        meeting_place="Brussels",
        meeting_format=MeetingFormat.HYBRID,
        agenda_item="X.a",
        illustrative=True,
    )


def demo_load(*, scale: Scale = SMALL, progress: ScaleProgress = NO_PROGRESS) -> str:
    message = _small_load()
    if not scale.extends:
        return message
    from clearway.reports.demo_scale import reports_load  # imported here: it builds on this module

    return f"{message}; {reports_load(scale=scale, progress=progress)}"


@transaction.atomic
def _small_load() -> str:
    created = generated = 0
    for language in ("en", "fr"):
        report = Report.objects.filter(document_number="PC0690", language=language).first()
        if report is None:
            report = report_create(actor=SYSTEM, data=demo_report_input(language))
            created += 1
        if not report.versions.exists():
            report_generate(report=report, actor=SYSTEM)
            generated += 1
    return f"{created} demo report(s) created, {generated} generated"
