"""Reads of committee reports. The Secretariat reads and writes every report; once the Secretariat shares a
report, every signed-in user may read and download it (a committee document goes to all Members)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from clearway.accounts.roles import Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.core.exceptions import NotFound
from clearway.reports.models import Report, ReportFile, ReportVersion


class SystemReader:
    """Who the data is read as when no person asks (the CLI): the Secretariat, which sees every record."""

    is_authenticated = True
    is_anonymous = False
    role = Role.SECRETARIAT_ADMIN
    pk = None
    id = None
    member = None
    member_id = None
    region = None
    region_id = None
    is_secretariat = True
    is_member_user = False

    def __str__(self) -> str:
        return "system"


SYSTEM_READER = SystemReader()


def _visible(viewer: Any) -> Q:
    if not getattr(viewer, "is_authenticated", False):
        return Q(pk__in=[])
    if user_is_secretariat(viewer):
        return Q()
    return Q(shared=True)


def report_list(*, viewer: Any, language: str | None = None) -> QuerySet[Report]:
    qs = Report.objects.filter(_visible(viewer)).select_related("created_by")
    if language in ("en", "fr"):
        qs = qs.filter(language=language)
    return qs


def report_get_for_user(*, user: Any, report_id: int, write: bool = False) -> Report:
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


def report_file_get_for_user(*, user: Any, file_id: int) -> ReportFile:
    record = ReportFile.objects.select_related("report", "version").filter(pk=file_id).first()
    if record is None or not report_list(viewer=user).filter(pk=record.report_id).exists():
        raise NotFound()
    return record
