"""A KPI result an administration computed on its own machine and brought into Clearway: aggregates only."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class KpiResultSource(models.TextChoices):
    UPLOADED = "uploaded", _("Result file uploaded (computed with clearway kpis compute)")
    COMPUTED = "computed", _("Computed here from a small uploaded shipment file")


class KpiResult(models.Model):
    """The output of `clearway kpis compute` for one Member: KPIs per period and group, quality and provenance.

    Visible to that Member's users and the secretariat only. Raw shipment rows are never stored.
    """

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="kpi_results", verbose_name=_("Member")
    )
    source = models.CharField(_("source"), max_length=10, choices=KpiResultSource.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    result = models.JSONField(_("result"))
    fingerprint = models.CharField(_("dataset fingerprint"), max_length=64)
    rows_read = models.BigIntegerField(_("rows read"))
    rows_accepted = models.BigIntegerField(_("rows accepted"))
    period_first = models.CharField(_("first arrival"), max_length=40, blank=True)
    period_last = models.CharField(_("last arrival"), max_length=40, blank=True)
    engine = models.CharField(_("engine"), max_length=60)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    # A computation run on the page keeps the rows it refused (storage name of a CSV: the values as read and the
    # reasons) for settings.KPI_QUARANTINE_DAYS; the daily clean-up deletes it and notes when.
    quarantine_file = models.CharField(_("quarantine file"), max_length=200, blank=True)
    quarantine_deleted_at = models.DateTimeField(_("quarantine file deleted on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("shipment KPI result")
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_read__gte=0)
                & Q(rows_accepted__gte=0)
                & Q(rows_accepted__lte=models.F("rows_read")),
                name="kpi_result_row_counts",
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.member_id}: {self.fingerprint[:12]}"

    @property
    def kpis(self) -> dict[str, object]:
        return dict(self.result.get("kpis") or {})

    @property
    def quarantine_kept_until(self) -> dt.datetime:
        """When the daily clean-up deletes the quarantine file (the first clean-up after this moment)."""
        return self.created_at + dt.timedelta(days=settings.KPI_QUARANTINE_DAYS)

    @property
    def rows_quarantined(self) -> int:
        """Rows the computation refused (read from the row counts: the page outside its cache need not load the
        figures)."""
        return self.rows_read - self.rows_accepted

    @property
    def first_arrival_date(self) -> dt.date | None:
        """The day (UTC) of the first accepted arrival, for display; the stored value keeps the instant."""
        return _utc_day(self.period_first)

    @property
    def last_arrival_date(self) -> dt.date | None:
        return _utc_day(self.period_last)


def _utc_day(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC).date() if text else None
    except ValueError:
        return None
