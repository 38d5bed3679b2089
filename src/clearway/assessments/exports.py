"""Cycle exports (XLSX and CSV) built from the same selectors as the pages, so disclosure rules hold alike."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from clearway.assessments import analytics, selectors
from clearway.assessments.disclosure import levels_for_aggregates
from clearway.assessments.models import AssessmentCycle
from clearway.core.actors import Actor
from clearway.core.exports import Sheets, TabularExport
from clearway.core.i18n import localized

ILLUSTRATIVE_NOTE = "ILLUSTRATIVE DATA: demonstration figures, not real answers from Members."


def _standards(cycle: AssessmentCycle) -> list[Any]:
    seen: dict[int, Any] = {}
    for indicator in selectors.indicator_list(catalogue=cycle.catalogue):
        seen.setdefault(indicator.standard.pk, indicator.standard)
    return sorted(seen.values(), key=lambda s: s.number)


def cycle_scores_table(*, viewer: Actor, cycle: AssessmentCycle) -> tuple[list[str], list[list[Any]]]:
    """One row per Member the viewer may see: status and the scores over indicators disclosed to the viewer."""
    standards = _standards(cycle)
    headers = [
        _("Member"),
        _("ISO code"),
        _("Region"),
        _("Status"),
        _("Submitted on"),
        _("Overall"),
        *[f"{s.number}. {localized(s, 'title')}" for s in standards],
        _("Evidence files"),
    ]
    heat = {row.assessment.pk: row for row in analytics.cycle_heatmap(viewer=viewer, cycle=cycle)}
    evidence = selectors.evidence_counts_for_cycle(viewer=viewer, cycle=cycle)
    rows = []
    for assessment in selectors.assessment_list_for_user(user=viewer, cycle=cycle):
        row = heat.get(assessment.pk)
        rows.append(
            [
                localized(assessment.member, "name"),
                assessment.member.iso3,
                assessment.member.region.code,
                assessment.status_label,
                assessment.submitted_at,
                row.overall if row else None,
                *[(row.scores.get(s.key) if row else None) for s in standards],
                evidence.get(assessment.pk, 0),
            ]
        )
    return headers, rows


def cycle_benchmarks_table(*, viewer: Actor, cycle: AssessmentCycle) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Standard"),
        _("Region"),
        _("Members with a score"),
        _("First quartile"),
        _("Median"),
        _("Third quartile"),
        _("Note"),
    ]
    rows = []
    for b in analytics.cycle_benchmarks(viewer=viewer, cycle=cycle):
        note = _("suppressed: fewer than 3 Members") if b.suppressed else ""
        rows.append(
            [
                f"{b.standard.number}. {localized(b.standard, 'title')}",
                b.region or _("All Members"),
                b.count,
                b.q1,
                b.median,
                b.q3,
                note,
            ]
        )
    return headers, rows


def cycle_answers_table(*, viewer: Actor, cycle: AssessmentCycle) -> tuple[list[str], list[list[Any]]]:
    """Every answer the viewer may see: the Member's own and the secretariat's all; others by disclosure level."""
    headers = [
        _("Member"),
        _("ISO code"),
        _("Status"),
        _("Standard"),
        _("Indicator"),
        _("Type"),
        _("Stage"),
        _("Yes / no"),
        _("Value"),
        _("Unit"),
        _("Cannot be answered"),
        _("Points"),
        _("Comment"),
    ]
    rows = []
    for assessment in selectors.assessment_list_for_user(user=viewer, cycle=cycle):
        card = selectors.scorecard_for(viewer=viewer, assessment=assessment)
        for standard in card.standards:
            for line in standard.lines:
                a, i = line.answer, line.indicator
                if a is None:
                    continue
                rows.append(
                    [
                        localized(assessment.member, "name"),
                        assessment.member.iso3,
                        assessment.status_label,
                        standard.standard.number,
                        i.code,
                        i.get_kind_display(),
                        a.get_stage_display() if a.stage else "",
                        {True: _("Yes"), False: _("No")}.get(a.yes, ""),
                        float(a.value) if a.value is not None else None,
                        i.unit_label,
                        _("Yes") if a.not_measurable else "",
                        round(line.points * 100, 1) if line.points is not None else None,
                        a.comment,
                    ]
                )
    return headers, rows


def _notes(viewer: Actor, cycle: AssessmentCycle) -> list[str]:
    levels = ", ".join(sorted(levels_for_aggregates(viewer)))
    notes = [
        f"Clearway – {cycle.name} ({cycle.catalogue.code}, {_('Clearway’s own KPI catalogue')})",
        _("Scores 0-100 computed over the indicators disclosed to you (levels: %(levels)s).")
        % {"levels": levels},
        _("Benchmarks are suppressed when fewer than 3 Members have a score."),
    ]
    return [ILLUSTRATIVE_NOTE, *notes] if cycle.illustrative else notes


def _cycle_sheets(viewer: Actor, cycle: AssessmentCycle, fmt: str) -> Sheets:
    if fmt == "csv":
        headers, rows = cycle_scores_table(viewer=viewer, cycle=cycle)
        if cycle.illustrative:
            headers = [*headers, _("Illustrative")]
            rows = [[*row, "illustrative"] for row in rows]
        return Sheets({_("Scores"): (headers, rows)})
    return Sheets(
        {
            _("Scores"): cycle_scores_table(viewer=viewer, cycle=cycle),
            _("Benchmarks"): cycle_benchmarks_table(viewer=viewer, cycle=cycle),
            _("Answers"): cycle_answers_table(viewer=viewer, cycle=cycle),
        },
        notes=_notes(viewer, cycle),
    )


def cycle_export(*, viewer: Actor, cycle: AssessmentCycle) -> TabularExport:
    """The cycle as XLSX (scores, benchmarks, answers, notes) or CSV (the scores)."""
    return TabularExport(
        filename=f"clearway-assessments-{cycle.pk}", sheets=lambda fmt: _cycle_sheets(viewer, cycle, fmt)
    )
