"""Capacity building: requests for national support, the experts roster, and the register of activities."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearway.core.i18n import localized


class RequestState(models.TextChoices):
    INTENTION_NOTIFIED = "intention_notified", _("Intention notified")
    ASSESSMENT_COMPLETED = "assessment_completed", _("Assessment completed")
    OFFICIAL_REQUEST_RECEIVED = "official_request_received", _("Official request received")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    FOLLOW_UP = "follow_up", _("Follow-up")


# A Member may have one request in progress at a time; a declined request leaves room for a new one.
CLOSED_REQUEST_STATES = frozenset({RequestState.DECLINED, RequestState.FOLLOW_UP})


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")
    NOT_REPORTED = "not_reported", _("Not reported")


class SupportRequest(models.Model):
    """A Member's request for a national workshop, moved through its states only by `request_transition`."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="support_requests", verbose_name=_("Member")
    )
    state = models.CharField(
        _("state"), max_length=40, choices=RequestState.choices, default=RequestState.INTENTION_NOTIFIED
    )
    needs = models.TextField(_("support needed"), blank=True)
    intention_date = models.DateField(_("intention notified on"))
    intention_reference = models.CharField(_("intention letter reference"), max_length=200, blank=True)
    intention_letter = models.FileField(_("intention letter"), upload_to="capacity/letters/%Y/", blank=True)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
        verbose_name=_("assessment"),
        help_text=_("The Member's submitted assessment, linked when recorded."),
    )
    assessment_completed_at = models.DateTimeField(_("assessment recorded on"), null=True, blank=True)
    official_request_date = models.DateField(_("official request dated"), null=True, blank=True)
    official_request_reference = models.CharField(_("official request reference"), max_length=200, blank=True)
    official_request_signatory = models.CharField(_("signed by"), max_length=200, blank=True)
    official_request_letter = models.FileField(
        _("letter from the Director General"), upload_to="capacity/letters/%Y/", blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    standards = models.ManyToManyField(
        "framework.Standard",
        blank=True,
        related_name="support_requests",
        verbose_name=_("standards addressed"),
        help_text=_("The standards the support should address, first proposed from the Member's gaps."),
    )
    indicators = models.ManyToManyField(
        "assessments.Indicator",
        blank=True,
        related_name="support_requests",
        verbose_name=_("indicators addressed"),
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    reassessment_due = models.DateField(_("re-assessment due"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request for national support")
        verbose_name_plural = _("requests for national support")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=~Q(state__in=sorted(s.value for s in CLOSED_REQUEST_STATES)),
                name="support_request_one_open_per_member",
                violation_error_message=_("This Member already has a request in progress."),
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.DECLINED) | ~Q(decision_reason=""),
                name="support_request_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(_("National support request of %(member)s") % {"member": self.member})

    @property
    def state_label(self) -> str:
        return str(RequestState(self.state).label)


class RequestStateChange(models.Model):
    """One move of a request, with the day it took effect (e.g. the date a letter arrived) and why."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="state_changes")
    source = models.CharField(_("from"), max_length=40, choices=RequestState.choices, blank=True)
    target = models.CharField(_("to"), max_length=40, choices=RequestState.choices)
    effective_on = models.DateField(_("effective on"))
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["effective_on", "at", "id"]
        verbose_name = _("state change")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.source or '-'} -> {self.target} ({self.effective_on})"


class FollowUpAction(models.Model):
    """An action item agreed after a national workshop, tied to a standard where it applies."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    standard = models.ForeignKey(
        "framework.Standard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("standard"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("follow-up action")

    def __str__(self) -> str:
        return self.description[:80]


class OrganisationKind(models.TextChoices):
    WCO = "wco", _("WCO Secretariat or regional structure")
    INTERNATIONAL = "international", _("International organisation")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    COMPANY = "company", _("Company")
    INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
    ADMINISTRATION = "administration", _("Government administration")
    DONOR = "donor", _("Donor or fund")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """Organisers, partners, funders and speakers' organisations of activities."""

    name_en = models.CharField(_("name (English)"), max_length=200, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class ActivityKind(models.TextChoices):
    REGIONAL_WORKSHOP = "regional_workshop", _("Regional workshop")
    SUBREGIONAL_WORKSHOP = "subregional_workshop", _("Sub-regional workshop")
    NATIONAL_WORKSHOP = "national_workshop", _("National workshop")
    PARTNER_EVENT = "partner_event", _("Partner-organised event")
    ACCREDITATION_WORKSHOP = "accreditation_workshop", _("Accreditation workshop")
    WEBINAR = "webinar", _("Webinar")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class SecretariatRole(models.TextChoices):
    ORGANISED = "organised", _("Organised by the WCO Secretariat")
    CO_ORGANISED = "co_organised", _("Co-organised by the WCO Secretariat")
    CONTRIBUTED = "contributed", _("The WCO Secretariat contributed and presented")
    ATTENDED = "attended", _("The WCO Secretariat attended")


class CountQualifier(models.TextChoices):
    """How a reported number was worded: the register keeps "close to 100" as close to 100, not as 100."""

    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    CLOSE_TO = "close_to", _("close to")
    NEARLY = "nearly", _("nearly")
    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")
    UP_TO = "up_to", _("up to")


class ParticipantGroup(models.TextChoices):
    CUSTOMS = "customs", _("Customs administrations")
    POSTAL_OPERATORS = "postal_operators", _("Designated postal operators")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    INTERNATIONAL_ORGANISATIONS = "international_organisations", _("International organisations")
    OTHER_AGENCIES = "other_agencies", _("Other government agencies")
    EXPERT_CANDIDATES = "expert_candidates", _("Expert candidates")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact days")
    MONTH = "month", _("Months only")


class Activity(models.Model):
    """One entry of the register: what was (or will be) delivered, to whom, with whom, and how it was reported."""

    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.DELIVERED
    )
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    region = models.ForeignKey(
        "members.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    other_regions = models.ManyToManyField(
        "members.Region",
        blank=True,
        related_name="+",
        verbose_name=_("other regions covered"),
        help_text=_("A joint activity of several regions: the regions it covers besides the first one."),
    )
    audience_en = models.CharField(_("audience (English)"), max_length=300, blank=True)
    audience_fr = models.CharField(_("audience (French)"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="organised_activities",
        verbose_name=_("organiser"),
    )
    secretariat_role = models.CharField(
        _("role of the WCO Secretariat"),
        max_length=20,
        choices=SecretariatRole.choices,
        default=SecretariatRole.ORGANISED,
    )
    # Where it took place (empty for an online activity or when not reported).
    venue_city = models.CharField(_("venue (city)"), max_length=120, blank=True)
    venue_country = models.CharField(_("venue (country)"), max_length=120, blank=True)
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partnered_activities")
    funders = models.ManyToManyField(Organisation, blank=True, related_name="funded_activities")
    members = models.ManyToManyField(
        "members.Member",
        blank=True,
        related_name="capacity_activities",
        verbose_name=_("Members represented"),
    )
    member_count = models.PositiveIntegerField(
        _("number of Member administrations"),
        null=True,
        blank=True,
        help_text=_("As reported; may exceed the Members listed when only the number is known."),
    )
    participants_value = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_qualifier = models.CharField(
        _("participants qualifier"),
        max_length=20,
        choices=CountQualifier.choices,
        default=CountQualifier.EXACT,
    )
    participants_noun_en = models.CharField(_("participants are (English)"), max_length=100, blank=True)
    participants_noun_fr = models.CharField(_("participants are (French)"), max_length=100, blank=True)
    participants_wording = models.CharField(
        _("participants as originally reported"),
        max_length=500,
        blank=True,
        help_text=_("The original words, kept verbatim."),
    )
    participant_groups = models.JSONField(_("other participant groups"), default=list, blank=True)
    participant_groups_note = models.CharField(_("note on participant groups"), max_length=300, blank=True)
    standards = models.ManyToManyField(
        "framework.Standard",
        blank=True,
        related_name="capacity_activities",
        verbose_name=_("standards addressed"),
    )
    whole_framework = models.BooleanField(_("addresses the Framework of Standards as a whole"), default=False)
    support_request = models.ForeignKey(
        SupportRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="activity_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(participants_value__isnull=False)
                | Q(participants_qualifier=CountQualifier.EXACT),
                name="activity_qualifier_needs_a_number",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def audience(self) -> str:
        return localized(self, "audience")

    @property
    def regions_covered(self) -> list[Any]:
        """Every region the activity covers: its region, then the other regions of a joint activity (in the
        regions' order), each once. Uses the prefetched `other_regions` when the selector prefetched them."""
        regions = [self.region] if self.region is not None else []
        others = sorted(self.other_regions.all(), key=lambda r: (r.order, r.code)) if self.pk else []
        return regions + [r for r in others if r.pk != self.region_id]

    @property
    def participants_noun(self) -> str:
        return localized(self, "participants_noun")


class ActivitySpeaker(models.Model):
    """An organisation that spoke or presented at an activity (the person's name is optional)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="speakers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="speaking_slots")
    person = models.CharField(_("speaker"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("activity speaker")
        verbose_name_plural = _("activity speakers")
        ordering = ["activity", "organisation__name_en", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organisation", "person"], name="activity_speaker_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.activity}"


class ActivityDocument(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="capacity/documents/%Y/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")

    def __str__(self) -> str:
        return self.title


class AccreditationStatus(models.TextChoices):
    ACCREDITED = "accredited", _("Accredited")
    PRE_ACCREDITED = "pre_accredited", _("Pre-accredited")


class ExpertProfile(models.TextChoices):
    TECHNICAL_OPERATIONAL = "technical_operational", _("Technical and Operational Advisor")
    MODERNIZATION = "modernization", _("Customs Modernization Advisor")
    DIAGNOSTIC = "diagnostic", _("Diagnostic Facilitator")
    TRAINER = "trainer", _("Expert Trainer")
    MERCATOR = "mercator", _("Mercator Programme Advisor")


class Expert(models.Model):
    """A person on the e-commerce experts roster."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("accreditation"), max_length=20, choices=AccreditationStatus.choices)
    profile = models.CharField(_("profile"), max_length=30, choices=ExpertProfile.choices)
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("ISO 639-1 codes, e.g. en, fr, es")
    )
    region = models.ForeignKey(
        "members.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    administration = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("administration"),
    )
    accredited_on = models.DateField(_("accredited on"), null=True, blank=True)
    standards = models.ManyToManyField(
        "framework.Standard", blank=True, related_name="experts", verbose_name=_("standards covered")
    )
    available = models.BooleanField(_("available for missions"), default=True)
    availability_note = models.CharField(_("availability"), max_length=300, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("expert")

    def __str__(self) -> str:
        return self.name


def dates_overlap(start: datetime.date, end: datetime.date) -> Q:
    """Rows whose inclusive [start_date, end_date] shares at least one day with [start, end]."""
    return Q(start_date__lte=end, end_date__gte=start)


class ExpertAssignment(models.Model):
    """An expert on a mission (an activity) for a date range; `expert_assign` refuses overlapping ranges."""

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="assignments")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="assignment_end_not_before_start"
            ),
            models.UniqueConstraint(fields=["expert", "activity"], name="assignment_once_per_activity"),
            # Same first day for the same expert is always an overlap; the general overlap check is in the service.
            models.UniqueConstraint(fields=["expert", "start_date"], name="assignment_expert_start_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} – {self.activity} ({self.start_date}–{self.end_date})"


class ExpertAbsence(models.Model):
    """Dates on which an expert cannot take a mission (leave, other duties): `expert_assign` refuses them."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="absences")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("expert's absence")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="absence_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} – {self.start_date}–{self.end_date}"


class ReassessmentReminder(models.Model):
    """A reminder to a Member that its re-assessment after national support falls due: one per request and
    reminder day, whichever worker sends it."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="reassessment_reminders"
    )
    scheduled_for = models.DateField(_("reminder day"))
    recipients = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        verbose_name = _("re-assessment reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "scheduled_for"], name="reassessment_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.scheduled_for}"
