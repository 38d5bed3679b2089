"""Surveys of Members: versioned questionnaires (XLSForm), surveys sent by official letter, institutional responses.

A questionnaire version stores a normalised definition (see `clearway.surveys.definition`); answers are stored as
a JSON object keyed by question name (a select multiple as a list of choice names, a repeat group as a list of
objects, each row of a matrix under its own row name).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearway.core.i18n import current_language, localized


class Questionnaire(models.Model):
    """A questionnaire known by a stable code (e.g. `aeo-ecommerce`), with one or more immutable versions."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("questionnaire")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localized(self, "title")


class QuestionnaireVersion(models.Model):
    """One imported XLSForm, frozen: surveys point at a version so later edits never change collected answers."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions", verbose_name=_("questionnaire")
    )
    number = models.PositiveIntegerField(_("version"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    form_id = models.CharField(_("XLSForm form_id"), max_length=200, blank=True)
    form_version = models.CharField(_("XLSForm version"), max_length=100, blank=True)
    definition = models.JSONField(_("definition"))
    source_name = models.CharField(_("source file"), max_length=300, blank=True)
    source_xlsform = models.BinaryField(_("source XLSForm"), blank=True, default=b"")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["questionnaire__code", "-number"]
        verbose_name = _("questionnaire version")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.code} v{self.number}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class TargetKind(models.TextChoices):
    ALL = "all", _("All Members")
    REGION = "region", _("Members of one or more regions")
    LIST = "list", _("A list of Members")


class Disclosure(models.TextChoices):
    """Who sees the statistics, and whether free-text answers carry the Member's name."""

    SECRETARIAT = "secretariat", _("Secretariat only")
    AGGREGATE = "aggregate", _("Statistics for all signed-in users; free text anonymised")
    ATTRIBUTED = "attributed", _("Statistics for all signed-in users; free text attributed")


class Survey(models.Model):
    """A questionnaire version sent to Members by an official letter, with a deadline and reminders."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("questionnaire"),
    )
    reference = models.CharField(_("letter reference"), max_length=100, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    letter_date = models.DateField(_("letter dated"))
    signatory = models.CharField(_("signed by"), max_length=200)
    signatory_title_en = models.CharField(_("signatory's title (English)"), max_length=200, blank=True)
    signatory_title_fr = models.CharField(_("signatory's title (French)"), max_length=200, blank=True)
    letter_body_en = models.TextField(_("letter text (English)"), blank=True)
    letter_body_fr = models.TextField(_("letter text (French)"), blank=True)
    target_kind = models.CharField(
        _("sent to"), max_length=10, choices=TargetKind.choices, default=TargetKind.ALL
    )
    target_regions = models.ManyToManyField(
        "members.Region", blank=True, related_name="+", verbose_name=_("target regions")
    )
    targets = models.ManyToManyField(
        "members.Member",
        blank=True,
        related_name="surveys_targeted",
        verbose_name=_("Members targeted"),
        help_text=_("Resolved when the survey is created from the target (all, regions or a list)."),
    )
    deadline = models.DateField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    disclosure = models.CharField(
        _("disclosure"), max_length=12, choices=Disclosure.choices, default=Disclosure.SECRETARIAT
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    opened_at = models.DateTimeField(_("opened on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-letter_date", "-id"]
        verbose_name = _("survey")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("letter_date")), name="survey_deadline_after_letter"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def title(self) -> str:
        return self.title_in()

    def title_in(self, lang: str | None = None) -> str:
        """The title in `lang` (default: the reader's), else the questionnaire's title in it, else English."""
        lang = lang if lang in ("en", "fr") else current_language()
        return (
            getattr(self, f"title_{lang}", "") or getattr(self.version, f"title_{lang}", "") or self.title_en
        )


class SurveyReminder(models.Model):
    """A reminder e-mailed to the focal points of targeted Members that had not submitted."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.JSONField(_("Members reminded (ISO codes)"), default=list)
    recipients = models.JSONField(_("addresses e-mailed"), default=list)
    scheduled_for = models.DateField(
        _("reminder day"),
        null=True,
        blank=True,
        help_text=_("Set on the reminders the schedule sends: one per reminder day"),
    )
    unreachable = models.JSONField(
        _("Members nobody could be reminded at (ISO codes)"),
        default=list,
        help_text=_(
            "Members without an active focal point with an e-mail address: a problem to fix, not a success"
        ),
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder")
        constraints = [
            models.UniqueConstraint(fields=["survey", "scheduled_for"], name="survey_reminder_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} reminder {self.sent_at:%Y-%m-%d}"


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """The one institutional response of a Member to a survey; `version` increases at every save."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("Member")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["survey", "member__name_en"]
        verbose_name = _("survey response")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "member"],
                name="survey_one_response_per_member",
                violation_error_message=_("This Member already has a response to this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.reference} – {self.member.iso3}"


class RevisionKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    EDITED_AFTER_SUBMISSION = "edited", _("Edited after submission")
    REFUSED_STALE = "refused", _("Refused: saved over a newer version")


class ResponseRevision(models.Model):
    """A frozen copy of answers: every submission, every edit after submission, and every refused stale save
    (so nothing a user typed is lost even when a concurrent save wins)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(_("kind"), max_length=10, choices=RevisionKind.choices)
    response_version = models.PositiveIntegerField(_("response version"))
    answers = models.JSONField(_("answers"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("response revision")

    def __str__(self) -> str:
        return f"{self.response_id} {self.kind} v{self.response_version}"


class ResponseFile(models.Model):
    """A file uploaded as the answer to an image, audio, video or file question; the answer names it by id."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="files")
    question = models.CharField(_("question"), max_length=200)
    file = models.FileField(upload_to="surveys/answers/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("answer file")

    def __str__(self) -> str:
        return self.original_name
