"""Comparability between cycles explained: which indicators changed between the catalogue versions of two cycles
(split, renamed, dropped, new) and how each previous answer was carried.

The comparison itself is `analytics.assessment_change` (like for like through the explicit mapping); this module
says in words what it did.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from clearway.assessments.models import Answer, Assessment, Indicator, IndicatorMapping

SPLIT, RENAMED, DROPPED, NEW = "split", "renamed", "dropped", "new"
CHANGE_LABELS = {
    SPLIT: _("split"),
    RENAMED: _("renamed"),
    DROPPED: _("dropped"),
    NEW: _("new in this version"),
}


@dataclass
class IndicatorChange:
    """One indicator that changed between the previous and the current catalogue version."""

    kind: str
    previous: list[Indicator] = field(default_factory=list)
    current: list[Indicator] = field(default_factory=list)
    previous_answer: Answer | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self.kind])

    @property
    def carried(self) -> str:
        """How the previous answer was carried into the comparison."""
        if self.kind == DROPPED:
            return str(_("No counterpart now: its answer is left out of the comparison."))
        if self.kind == NEW:
            return str(_("New in this version: not compared (no earlier answer)."))
        if self.previous_answer is None or not self.previous_answer.is_answered:
            return str(_("No earlier answer to carry."))
        if self.kind == SPLIT:
            return str(_("The earlier answer stands for each of its successors."))
        return str(_("The earlier answer is carried unchanged under the new code."))


def catalogue_changes(
    *, previous: Assessment, current: Assessment, levels: frozenset[str]
) -> list[IndicatorChange]:
    """The indicators (of disclosure `levels`) that changed between the two assessments' catalogues, with how the
    previous answers were carried."""
    source, target = previous.cycle.catalogue, current.cycle.catalogue
    if source.pk == target.pk:
        return []
    successors: dict[int, list[Indicator]] = defaultdict(list)
    notes: dict[int, str] = {}
    for mapping in IndicatorMapping.objects.filter(
        source__catalogue=source, target__catalogue=target
    ).select_related("source", "target"):
        successors[mapping.source_id].append(mapping.target)
        notes.setdefault(mapping.source_id, mapping.note)
    answers = {a.indicator_id: a for a in previous.answers.all()}
    changes = []
    visible = Indicator.objects.filter(disclosure__in=levels)
    for indicator in visible.filter(catalogue=source).order_by("standard__number", "order", "code"):
        after = sorted(
            (i for i in successors.get(indicator.pk, []) if i.disclosure in levels), key=lambda i: i.code
        )
        kind = _kind(indicator, after)
        if kind:
            changes.append(
                IndicatorChange(
                    kind=kind,
                    previous=[indicator],
                    current=after,
                    previous_answer=answers.get(indicator.pk),
                    note=notes.get(indicator.pk, ""),
                )
            )
    mapped = {i.pk for items in successors.values() for i in items}
    for indicator in visible.filter(catalogue=target).exclude(pk__in=mapped).order_by("code"):
        changes.append(IndicatorChange(kind=NEW, current=[indicator]))
    return changes


def _kind(indicator: Indicator, after: list[Indicator]) -> str | None:
    if not after:
        return DROPPED
    if len(after) > 1:
        return SPLIT
    return RENAMED if after[0].code != indicator.code else None
