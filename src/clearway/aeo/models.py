"""The AEO register (in the spirit of the WCO AEO Compendium), with mutual recognition arrangements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearway.core.i18n import localized


class ProgrammeStatus(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    UNDER_DEVELOPMENT = "under_development", _("Under development")
    NONE = "none", _("No programme")


class StakeholderType(models.TextChoices):
    """E-commerce stakeholder types the Secretariat Note on AEO and e-commerce distinguishes."""

    EXPRESS_CARRIER = "express_carrier", _("Express carriers")
    POSTAL_OPERATOR = "postal_operator", _("Postal operators")
    E_VENDOR = "e_vendor", _("E-vendors")
    E_MARKETPLACE = "e_marketplace", _("E-marketplaces / e-platforms")
    FULFILMENT_CENTRE = "fulfilment_centre", _("Fulfilment centres")
    CUSTOMS_BROKER = "customs_broker", _("Customs brokers")
    FREIGHT_FORWARDER = "freight_forwarder", _("Freight forwarders / logistics providers")
    OTHER = "other", _("Other")


class Coverage(models.TextChoices):
    COVERED = "covered", _("Covered now")
    PLANNED = "planned", _("Planned")
    UNDER_STUDY = "under_study", _("Under study")
    NOT_PLANNED = "not_planned", _("Not planned")


class OperatorType(models.TextChoices):
    """General supply-chain operator types an AEO programme admits (SAFE Framework actors)."""

    IMPORTER = "importer", _("Importers")
    EXPORTER = "exporter", _("Exporters")
    MANUFACTURER = "manufacturer", _("Manufacturers")
    CARRIER = "carrier", _("Carriers")
    WAREHOUSE_OPERATOR = "warehouse_operator", _("Warehouse operators")
    PORT_OPERATOR = "port_operator", _("Port and terminal operators")
    CUSTOMS_AGENT = "customs_agent", _("Customs agents")
    OTHER = "other", _("Other operators")


class EcommerceFeature(models.TextChoices):
    """E-commerce-specific criteria or benefits a programme may offer (the questionnaire uses these codes)."""

    ADAPTED_SECURITY = "adapted_security", _("Security criteria adapted to small consignments")
    DATA_QUALITY = "data_quality", _("Requirements on the quality of advance electronic data")
    SELLER_VETTING = "seller_vetting", _("Vetting of sellers using the operator's services")
    SIMPLIFIED_DECLARATIONS = "simplified_declarations", _("Simplified or consolidated declarations")
    FEWER_INSPECTIONS = "fewer_inspections", _("Fewer inspections of low-value consignments")
    PRIORITY_RELEASE = "priority_release", _("Priority or expedited release")
    DEFERRED_PAYMENT = "deferred_payment", _("Deferred or periodic payment of duties and taxes")
    RETURNS = "returns", _("Facilitated handling of returns")


class RecordSource(models.TextChoices):
    COMPENDIUM = "compendium", _("AEO Compendium")
    SURVEY = "survey", _("Survey answer")
    SECRETARIAT = "secretariat", _("Secretariat entry")
    MEMBER = "member", _("Proposed by the Member")


class Programme(models.Model):
    """One Member's AEO programme (or the record that it has none), as published in the register."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="aeo_programmes", verbose_name=_("Member")
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProgrammeStatus.choices)
    launch_year = models.PositiveSmallIntegerField(_("launch year"), null=True, blank=True)
    operator_types = models.JSONField(
        _("general operator types"),
        default=list,
        blank=True,
        help_text=_("Importers, exporters, carriers… as codes of the operator type list."),
    )
    ecommerce_criteria_en = models.TextField(
        _("e-commerce-specific criteria or benefits (English)"), blank=True
    )
    ecommerce_criteria_fr = models.TextField(
        _("e-commerce-specific criteria or benefits (French)"), blank=True
    )
    ecommerce_features = models.JSONField(
        _("e-commerce-specific features"),
        default=list,
        blank=True,
        help_text=_("Codes of the e-commerce-specific criteria or benefits the programme offers."),
    )
    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    source_detail = models.CharField(_("source detail"), max_length=300, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_(
            "Confirmed facts are published to every signed-in user; others only to the secretariat and "
            "the Member."
        ),
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member__name_en", "name_en"]
        verbose_name = _("AEO programme")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "name_en"], name="aeo_programme_unique_name_per_member"
            ),
            models.CheckConstraint(
                name="aeo_programme_launch_year_range",
                condition=Q(launch_year__isnull=True) | Q(launch_year__gte=1990, launch_year__lte=2100),
                violation_error_message=_("The launch year must lie between 1990 and 2100."),
            ),
            models.CheckConstraint(
                name="aeo_programme_none_has_no_launch_year",
                condition=~Q(status="none") | Q(launch_year__isnull=True),
                violation_error_message=_("A record of 'no programme' has no launch year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.iso3} – {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def ecommerce_criteria(self) -> str:
        return localized(self, "ecommerce_criteria")

    @property
    def coverages_in_order(self) -> list[StakeholderCoverage]:
        """Coverage rows in the stakeholder-type order of the questionnaire (uses the prefetched rows)."""
        order = {code: index for index, code in enumerate(StakeholderType.values)}
        return sorted(self.coverages.all(), key=lambda c: order.get(c.stakeholder, len(order)))

    @property
    def operator_type_labels(self) -> list[str]:
        return [str(OperatorType(c).label) for c in self.operator_types or [] if c in OperatorType.values]

    @property
    def ecommerce_feature_labels(self) -> list[str]:
        return [
            str(EcommerceFeature(c).label)
            for c in self.ecommerce_features or []
            if c in EcommerceFeature.values
        ]


class StakeholderCoverage(models.Model):
    """Whether a programme covers one e-commerce stakeholder type now, plans to, studies it, or not."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="coverages")
    stakeholder = models.CharField(_("stakeholder type"), max_length=30, choices=StakeholderType.choices)
    coverage = models.CharField(_("coverage"), max_length=20, choices=Coverage.choices)

    class Meta:
        verbose_name = _("stakeholder coverage")
        verbose_name_plural = _("stakeholder coverages")
        ordering = ["programme_id", "stakeholder"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "stakeholder"], name="aeo_coverage_one_per_stakeholder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.stakeholder}={self.coverage}"


class MraStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    UNDER_NEGOTIATION = "under_negotiation", _("Under negotiation")


class MraKind(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    PLURILATERAL = "plurilateral", _("Plurilateral or regional")


class MutualRecognition(models.Model):
    """A mutual recognition arrangement between two programmes (bilateral) or several (plurilateral)."""

    kind = models.CharField(_("kind"), max_length=20, choices=MraKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MraStatus.choices)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    covers_ecommerce = models.BooleanField(_("covers e-commerce stakeholders"), default=False)
    programmes = models.ManyToManyField(Programme, related_name="mras", verbose_name=_("programmes"))
    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("mutual recognition arrangement")
        constraints = [
            models.CheckConstraint(
                name="aeo_mra_signed_has_date",
                condition=~Q(status="signed") | Q(signed_on__isnull=False),
                violation_error_message=_("A signed arrangement has a signature date."),
            ),
            models.CheckConstraint(
                name="aeo_mra_plurilateral_is_named",
                condition=~Q(kind="plurilateral") | ~Q(name_en=""),
                violation_error_message=_("A plurilateral arrangement has a name."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        name = localized(self, "name")
        if name:
            return name
        return " – ".join(sorted(p.member.iso3 for p in self.programmes.all())) or f"MRA {self.pk}"


class UpdateStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting secretariat review")
    CONFIRMED = "confirmed", _("Confirmed and applied")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded by a newer answer")


class RegisterUpdate(models.Model):
    """Register changes a submitted AEO survey answer, or the Member's focal point directly, proposes; applied only
    when the secretariat confirms."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="aeo_register_updates"
    )
    response = models.ForeignKey(
        "surveys.Response",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aeo_register_updates",
        verbose_name=_("survey response"),
        help_text=_("Empty when the Member's focal point proposed the change in Clearway, outside a survey"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member_note = models.TextField(_("the Member's explanation"), blank=True)
    response_version = models.PositiveIntegerField(_("answer version"), default=1)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="updates",
        help_text=_("The programme the answer updates; empty when it would create one."),
    )
    proposed = models.JSONField(_("proposed facts"), default=dict)
    current = models.JSONField(_("facts in the register when proposed"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=UpdateStatus.choices, default=UpdateStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposed register update")
        constraints = [
            models.UniqueConstraint(
                fields=["response"], condition=Q(status="pending"), name="aeo_update_one_pending_per_response"
            ),
            models.CheckConstraint(
                name="aeo_update_decided_has_decider",
                condition=Q(status__in=["pending", "superseded"]) | Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.iso3} AEO register update #{self.pk}"
