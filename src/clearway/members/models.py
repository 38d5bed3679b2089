from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearway.core.i18n import localized


class Region(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    acronym_fr = models.CharField(
        _("acronym (French)"),
        max_length=10,
        blank=True,
        help_text=_("How French documents abbreviate the region (AfOA, AOC); empty: the code"),
    )
    rocb_city = models.CharField(_("Regional Office for Capacity Building"), max_length=100, blank=True)
    rocb_confirmed = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("WCO region")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class MemberKind(models.TextChoices):
    MEMBER = "member", _("Member")
    CUSTOMS_TERRITORY = "customs_territory", _("Customs territory")
    UNION = "union", _("Union (member-like status)")


class Member(models.Model):
    """A WCO Member administration (a country, a customs territory or the European Union)."""

    iso3 = models.CharField(_("ISO code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="members", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.MEMBER)
    notes = models.TextField(_("notes"), blank=True)
    unconfirmed = models.BooleanField(
        _("unconfirmed"),
        default=False,
        help_text=_("Some fact in this row is inferred or disputed; see the notes."),
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("WCO Member")
        constraints = [
            models.CheckConstraint(condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="member_iso3_upper"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
