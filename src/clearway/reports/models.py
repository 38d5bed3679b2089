"""Committee reports: a definition (which committee, session, period, language), its versions and their files.

A version holds the whole document as a list of blocks with stable ids (see `reports.document`): data-driven
blocks are regenerated from the data, prose a user edited keeps its text across regenerations.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Committee(models.TextChoices):
    PTC = "ptc", _("Permanent Technical Committee")
    POLICY_COMMISSION = "policy_commission", _("Policy Commission")
    COUNCIL = "council", _("Council")
    CAPACITY_BUILDING = "capacity_building", _("Capacity Building Committee")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In-person meeting")
    HYBRID = "hybrid", _("Hybrid meeting")
    ONLINE = "online", _("Online meeting")


class ReportLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class Report(models.Model):
    """What a committee document is about: the session it serves, its number, date and the period it covers."""

    committee = models.CharField(
        _("committee"), max_length=40, choices=Committee.choices, default=Committee.PTC
    )
    session = models.CharField(
        _("session"), max_length=40, help_text=_("The session numbers, e.g. 235th/236th or 235/236")
    )
    previous_session = models.CharField(
        _("previous session"), max_length=40, blank=True, help_text=_("The session the last report went to")
    )
    previous_document_number = models.CharField(_("previous document number"), max_length=40, blank=True)
    meeting_start = models.DateField(_("meeting starts"), null=True, blank=True)
    meeting_end = models.DateField(_("meeting ends"), null=True, blank=True)
    meeting_place = models.CharField(_("place"), max_length=100, blank=True, default="Brussels")
    meeting_format = models.CharField(
        _("meeting format"),
        max_length=20,
        choices=MeetingFormat.choices,
        blank=True,
        help_text=_("As decided for the session; left empty, the document does not state it"),
    )
    document_number = models.CharField(_("document number"), max_length=40)
    document_date = models.DateField(_("document date"))
    agenda_item = models.CharField(_("agenda item"), max_length=40, blank=True)
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Left empty: the standard title")
    )
    period_start = models.DateField(_("period covered from"))
    period_end = models.DateField(_("period covered to"))
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.EN
    )
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_(
            "Includes illustrative (demonstration) data, labelled on every page; otherwise such data never "
            "reaches the report"
        ),
    )
    shared = models.BooleanField(
        _("shared"),
        default=False,
        help_text=_(
            "Shared reports can be read and downloaded by every signed-in user; drafts only by the Secretariat"
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-document_date", "-id"]
        verbose_name = _("committee report")
        verbose_name_plural = _("committee reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="report_period_in_order",
                violation_error_message=_("The period must start before it ends."),
            ),
            models.CheckConstraint(
                condition=Q(meeting_start__isnull=True)
                | Q(meeting_end__isnull=True)
                | Q(meeting_start__lte=F("meeting_end")),
                name="report_meeting_dates_in_order",
                violation_error_message=_("The meeting must start before it ends."),
            ),
            models.CheckConstraint(condition=Q(language__in=["en", "fr"]), name="report_language_en_fr"),
            models.UniqueConstraint(
                fields=["document_number", "language"],
                name="report_document_number_language_unique",
                violation_error_message=_("A report with this document number exists in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.language.upper()}) {self.session}"

    @property
    def session_label(self) -> str:
        """The session numbers as the reader's language writes them: "237th/238th", "237e/238e" in French."""
        from clearway.core.i18n import current_language
        from clearway.reports.phrases import session_label

        return session_label(self.session, current_language())


# What changed, as Clearway itself writes it: stored in English, shown in the reader's language (`reason_label`).
GENERATED, REGENERATED = "Generated from the data", "Regenerated from the data"
SYSTEM_REASONS: dict[str, Any] = {
    GENERATED: _("Generated from the data"),
    REGENERATED: _("Regenerated from the data"),
}


class ReportVersion(models.Model):
    """One state of the document: the blocks (data parts and prose) and the data snapshot they came from."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    blocks = models.JSONField(default=list, help_text=_("The document as a list of blocks with stable ids"))
    data = models.JSONField(default=dict, help_text=_("The data snapshot the data-driven blocks came from"))
    reason = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="report_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def reason_label(self) -> str:
        """What changed, in the reader's language where Clearway wrote it (people's own words as written)."""
        return str(SYSTEM_REASONS.get(self.reason, self.reason))


class ExportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    HTML = "html", _("Web page (HTML)")


class ReportFile(models.Model):
    """A rendered file of one version, kept so that what was downloaded can be downloaded again."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    file = models.FileField(upload_to="reports/%Y/%m/")
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report file")

    def __str__(self) -> str:
        return f"{self.report} v{self.version.number}.{self.format}"
