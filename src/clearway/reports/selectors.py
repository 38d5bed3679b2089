"""Reads of committee reports. The Secretariat reads and writes every report; once the Secretariat shares a
report, every signed-in user may read and download it (a committee document goes to all Members)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clearway.accounts.scoping import user_is_secretariat
from clearway.core.actors import Actor
from clearway.core.exceptions import NotFound
from clearway.reports.models import Report, ReportFile, ReportVersion


def _visible(viewer: Actor) -> Q:
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    if user_is_secretariat(viewer):
        return Q()
    return Q(shared=True)


def report_list(*, viewer: Actor, language: str | None = None) -> QuerySet[Report]:
    qs = Report.objects.filter(_visible(viewer)).select_related("created_by")
    if language in ("en", "fr"):
        qs = qs.filter(language=language)
    return qs


def report_get_for_user(*, user: Actor, report_id: int, write: bool = False) -> Report:
    """A report the user may read; with `write`, only the Secretariat (others get 404, never a hint)."""
    if write and not user_is_secretariat(user):
        raise NotFound()
    report = report_list(viewer=user).filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    return report


def report_find(*, document_number: str, language: str) -> Report | None:
    return Report.objects.filter(document_number=document_number, language=language).first()


def report_versions(*, report: Report) -> QuerySet[ReportVersion]:
    return report.versions.select_related("author").order_by("-number")


def report_version_get(*, report: Report, number: int | None = None) -> ReportVersion:
    """A version of a report the caller already may read; the latest without `number`."""
    qs = report.versions.select_related("author").order_by("-number")
    version = qs.filter(number=number).first() if number is not None else qs.first()
    if version is None:
        raise NotFound()
    return version


def report_files(*, report: Report) -> QuerySet[ReportFile]:
    return report.files.select_related("version", "created_by")


def report_file_get_for_user(*, user: Actor, file_id: int) -> ReportFile:
    record = ReportFile.objects.select_related("report", "version").filter(pk=file_id).first()
    if record is None or not report_list(viewer=user).filter(pk=record.report_id).exists():
        raise NotFound()
    return record
