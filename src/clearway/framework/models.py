from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearway.core.i18n import localized


class Principle(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    roman = models.CharField(max_length=5)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("key principle")
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=8), name="principle_1_8")
        ]

    def __str__(self) -> str:
        return f"{self.roman}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Edition(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    adopted = models.CharField(_("adopted"), max_length=20, blank=True)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300)
    note_en = models.TextField(blank=True)
    note_fr = models.TextField(blank=True)
    confirmed = models.BooleanField(default=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("FoS edition")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def note(self) -> str:
        return localized(self, "note")


class Standard(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField(_("number"))
    key = models.SlugField(_("key"), max_length=80, help_text=_("Identifies the standard across editions"))
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="standards")
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("False when title, number or grouping was not checked against the official text"),
    )

    class Meta:
        ordering = ["edition__year", "number"]
        verbose_name = _("standard")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="standard_number_unique_in_edition"),
            models.UniqueConstraint(fields=["edition", "key"], name="standard_key_unique_in_edition"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")
