"""KPI catalogues (versioned data), assessment cycles, one institutional assessment per Member per cycle,
its answers (with full history and refused concurrent versions), evidence, review thread and commitments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearway.core.i18n import localized

# Units of numeric indicators as catalogues write them (short codes, kept as they are in the data, the API and
# calculations), shown to people in their language. Symbols (%, h, USD) read the same in English and French;
# a unit no catalogue uses yet is shown as written.
UNIT_LABELS: dict[str, Any] = {
    "pp": _("pp"),  # percentage points
    "shipments": _("shipments"),
    "operators": _("operators"),
    "agreements": _("agreements"),
    "seizures": _("seizures"),
}


class IndicatorKind(models.TextChoices):
    MATURITY = "maturity", _("Maturity stage")
    YES_NO = "yes_no", _("Yes / no")
    NUMERIC = "numeric", _("Number")


class Stage(models.TextChoices):
    """Maturity stages in the spirit of the UN trade-facilitation survey."""

    FULL = "full", _("Fully implemented")
    PARTIAL = "partial", _("Partially implemented")
    PILOT = "pilot", _("Pilot stage")
    NONE = "none", _("Not implemented")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Disclosure(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("All WCO Members")
    SECRETARIAT = "secretariat", _("Secretariat only")


class Catalogue(models.Model):
    """One version of a KPI catalogue, loaded from `assessments/catalogues/<code>.yaml`."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    version = models.PositiveSmallIntegerField(_("version"))
    edition = models.ForeignKey("framework.Edition", on_delete=models.PROTECT, related_name="catalogues")
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300)
    note_en = models.TextField(blank=True)
    note_fr = models.TextField(blank=True)
    clearway_own = models.BooleanField(
        _("Clearway's own catalogue"),
        default=True,
        help_text=_("True when the text was written for Clearway, not taken from an official WCO KPI text"),
    )
    source_file = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition__year", "version"]
        verbose_name = _("KPI catalogue")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def note(self) -> str:
        return localized(self, "note")


class Indicator(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="indicators")
    standard = models.ForeignKey("framework.Standard", on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=30)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=20, choices=IndicatorKind.choices)
    text_en = models.TextField()
    text_fr = models.TextField()
    # {"full": {"en": …, "fr": …}, "partial": …, "pilot": …, "none": …} for maturity indicators
    stages = models.JSONField(default=dict, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    floor = models.DecimalField(
        _("value scoring zero"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal("1"))
    evidence_en = models.TextField(blank=True)
    evidence_fr = models.TextField(blank=True)
    disclosure = models.CharField(_("disclosure"), max_length=20, choices=Disclosure.choices)
    measure = models.CharField(_("shipment measure"), max_length=60, blank=True)
    expected_measure = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["catalogue", "standard__number", "order"]
        verbose_name = _("indicator")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="indicator_code_unique_in_catalogue"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def evidence(self) -> str:
        return localized(self, "evidence")

    @property
    def unit_label(self) -> str:
        """The unit in the reader's language (see UNIT_LABELS)."""
        return str(UNIT_LABELS.get(self.unit, self.unit))

    @property
    def measure_scale(self) -> int:
        """Multiply a shipment KPI share (a fraction 0-1) by this to get the indicator's unit (% and pp hold 0-100)."""
        return 100 if self.unit in ("%", "pp") else 1

    @property
    def stage_rows(self) -> list[tuple[str, str, str]]:
        """(stage, label, definition in the reader's language), best stage first."""
        return [(value, str(label), self.stage_definition(value)) for value, label in Stage.choices]

    def stage_definition(self, stage: str, lang: str | None = None) -> str:
        from clearway.core.i18n import localized_dict

        return localized_dict(self.stages.get(stage) or {}, lang)


class IndicatorMapping(models.Model):
    """How an indicator of an earlier catalogue version corresponds to one of a later version."""

    source = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="mapped_to")
    target = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="mapped_from")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator mapping")
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="indicator_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.source.code} -> {self.target.code}"


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AssessmentCycle(models.Model):
    # Named in each language (the French name defaults to the English one with its known words translated,
    # `cycle_name_in_french`): pages, documents, exports and notifications show `name`, the reader's.
    name_en = models.CharField(_("name (English)"), max_length=200, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="cycles")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.OPEN
    )
    members = models.ManyToManyField(
        "members.Member", related_name="assessment_cycles", verbose_name=_("Members")
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("assessment cycle")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="cycle_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class AssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    RETURNED = "returned", _("Returned for changes")


EDITABLE_STATUSES = frozenset(
    {AssessmentStatus.NOT_STARTED, AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED}
)
COMPLETED_STATUSES = frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED})


class Assessment(models.Model):
    """The institutional self-assessment of one Member in one cycle."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="assessments")
    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.NOT_STARTED
    )
    score = models.DecimalField(
        _("overall score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("0-100, recomputed by the scoring module after every change"),
    )
    scores = models.JSONField(
        _("scores by audience"),
        default=dict,
        blank=True,
        help_text=_(
            "Overall and per-standard scores over the indicators each audience may see, recomputed by the "
            "scoring module after every change"
        ),
    )
    sign_off_statement = models.TextField(_("sign-off statement"), blank=True)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated on"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "member__name_en"]
        verbose_name = _("assessment")
        constraints = [
            models.UniqueConstraint(fields=["member", "cycle"], name="assessment_one_per_member_per_cycle"),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "validated"]) | Q(submitted_at__isnull=False),
                name="assessment_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.cycle}"

    @property
    def overall_score(self) -> float | None:
        """The overall score 0-100 (all indicators), as computed by `assessments.scoring`."""
        return float(self.score) if self.score is not None else None

    @property
    def status_label(self) -> str:
        return str(AssessmentStatus(self.status).label)

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES and self.cycle.status == CycleStatus.OPEN


class Answer(models.Model):
    """The current answer to one indicator. Every accepted or refused save is kept in AnswerRevision."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    not_measurable = models.BooleanField(
        _("cannot be answered"), default=False, help_text=_("Excluded from the score; say why in the comment")
    )
    comment = models.TextField(_("comment"), blank=True)
    provenance = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__standard__number", "indicator__order"]
        verbose_name = _("answer")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.indicator.code} v{self.version}"

    @property
    def is_answered(self) -> bool:
        return self.not_measurable or bool(self.stage) or self.yes is not None or self.value is not None

    def values(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "yes": self.yes,
            "value": str(self.value) if self.value is not None else None,
            "not_measurable": self.not_measurable,
            "comment": self.comment,
        }


class AnswerRevision(models.Model):
    """One save of an answer: accepted (it became the current answer) or refused because of a concurrent change."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(
        help_text=_("The version this save produced, or was based on if refused")
    )
    accepted = models.BooleanField(default=True)
    data = models.JSONField()
    provenance = models.JSONField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("answer revision")

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.version} {'accepted' if self.accepted else 'refused'}"


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="assessments/evidence/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("evidence file")

    def __str__(self) -> str:
        return self.original_name

    @property
    def member(self) -> Any:
        return self.assessment.member


class ReviewKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    VALIDATED = "validated", _("Validated")
    REOPEN_REQUESTED = "reopen_requested", _("Reopening requested")


class ReviewComment(models.Model):
    """The thread between the Member and the secretariat on one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices, default=ReviewKind.COMMENT)
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_comments",
        verbose_name=_("indicator"),
        help_text=_("Set when the message is about one answer rather than the whole assessment"),
    )
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review comment")

    def __str__(self) -> str:
        return f"{self.kind} by {self.author_label}"

    @property
    def member(self) -> Any:
        return self.assessment.member


class Commitment(models.Model):
    """A Member's implementation commitment for one standard: planned, then indicative, then definitive date."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="commitments")
    standard = models.ForeignKey("framework.Standard", on_delete=models.PROTECT, related_name="commitments")
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    indicative_on = models.DateField(_("indicative date"), null=True, blank=True)
    definitive_on = models.DateField(_("definitive date"), null=True, blank=True)
    achieved_on = models.DateField(_("implemented on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member", "standard__number"]
        verbose_name = _("implementation commitment")
        constraints = [
            models.UniqueConstraint(fields=["member", "standard"], name="commitment_one_per_member_standard"),
            models.CheckConstraint(
                condition=Q(planned_on__isnull=False)
                | Q(indicative_on__isnull=False)
                | Q(definitive_on__isnull=False)
                | Q(achieved_on__isnull=False),
                name="commitment_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.standard}"

    @property
    def due_on(self) -> Any:
        """The firmest date given: definitive, else indicative, else planned."""
        return self.definitive_on or self.indicative_on or self.planned_on

    @property
    def date_kind(self) -> str:
        if self.definitive_on:
            return str(_("definitive"))
        if self.indicative_on:
            return str(_("indicative"))
        return str(_("planned"))

    def is_overdue(self, today: Any) -> bool:
        return self.achieved_on is None and self.due_on is not None and self.due_on < today


class CycleReminder(models.Model):
    """A reminder to the focal points of the Members of a cycle that had not submitted their self-assessment."""

    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.JSONField(_("Members reminded (ISO codes)"), default=list)
    recipients = models.JSONField(_("people reminded (user names)"), default=list)
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
        verbose_name = _("cycle reminder")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "scheduled_for"], name="cycle_reminder_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} reminder {self.sent_at:%Y-%m-%d}"
