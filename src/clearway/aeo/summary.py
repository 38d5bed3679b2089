"""The numbers the committee annex on AEO and e-commerce needs, built on the surveys app's collective summary.

`aeo_survey_annex(*, survey, viewer, lang) -> AeoAnnex` is the interface the committee report calls. Shares are
exact ratios (0..1) of the respondents (all Members that submitted, including those without a programme).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from clearway.aeo.models import Coverage, StakeholderType
from clearway.aeo.questionnaire import QUESTIONNAIRE_CODE
from clearway.core.actors import Actor
from clearway.core.exceptions import ValidationFailed
from clearway.surveys.summary import SummaryChoice, SummaryQuestion, SurveySummary, survey_summary

COVERAGE_MATRIX = "coverage"
PROGRAMME_QUESTION = "aeo_programme"


@dataclass(frozen=True)
class AnnexRegion:
    code: str
    name: str
    targeted: int
    respondents: int


@dataclass(frozen=True)
class AnnexCount:
    count: int
    share: float  # of all respondents
    by_region: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnexStakeholder:
    code: str  # StakeholderType value, e.g. "express_carrier"
    label: str
    covered: AnnexCount
    planned: AnnexCount
    under_study: AnnexCount
    not_planned: AnnexCount


@dataclass(frozen=True)
class AeoAnnex:
    reference: str
    title: str
    lang: str
    illustrative: bool
    targeted: int
    respondents: int
    response_rate: float
    regions: list[AnnexRegion]
    programme: dict[str, AnnexCount]  # "yes" / "under_development" / "no" -> count of respondents
    stakeholders: list[AnnexStakeholder]

    def stakeholder(self, code: str) -> AnnexStakeholder:
        return next(s for s in self.stakeholders if s.code == code)


def _count(choice: SummaryChoice | None, respondents: int) -> AnnexCount:
    if choice is None:
        return AnnexCount(count=0, share=0.0, by_region={})
    share = choice.count / respondents if respondents else 0.0
    return AnnexCount(count=choice.count, share=share, by_region=dict(choice.by_region))


def _choices_by_name(choices: list[SummaryChoice]) -> dict[str, SummaryChoice]:
    return {c.name: c for c in choices}


def _question(summary: SurveySummary, name: str) -> SummaryQuestion:
    try:
        return summary.question(name)
    except StopIteration as exc:
        raise ValidationFailed(
            _("This survey's questionnaire has no question %(name)s.") % {"name": name}
        ) from exc


def aeo_annex_from_summary(summary: SurveySummary) -> AeoAnnex:
    n = summary.respondents
    programme = {
        name: _count(choice, n)
        for name, choice in _choices_by_name(_question(summary, PROGRAMME_QUESTION).choices).items()
    }
    rows = {row.name: row for row in _question(summary, COVERAGE_MATRIX).rows}
    stakeholders = []
    with translation.override(summary.lang):
        for code, label in StakeholderType.choices:
            row = rows.get(f"cov_{code}")
            choices = _choices_by_name(row.choices) if row else {}
            stakeholders.append(
                AnnexStakeholder(
                    code=code,
                    label=str(label),
                    covered=_count(choices.get(Coverage.COVERED), n),
                    planned=_count(choices.get(Coverage.PLANNED), n),
                    under_study=_count(choices.get(Coverage.UNDER_STUDY), n),
                    not_planned=_count(choices.get(Coverage.NOT_PLANNED), n),
                )
            )
    return AeoAnnex(
        reference=summary.reference,
        title=summary.title,
        lang=summary.lang,
        illustrative=summary.illustrative,
        targeted=summary.targeted,
        respondents=n,
        response_rate=summary.response_rate,
        regions=[AnnexRegion(r.code, r.name, r.targeted, r.respondents) for r in summary.regions],
        programme=programme,
        stakeholders=stakeholders,
    )


def aeo_survey_annex(*, survey: Any, viewer: Actor, lang: str = "en") -> AeoAnnex:
    """The AEO annex of `survey` (a survey of the AEO and e-commerce questionnaire), as `viewer` may see it."""
    if survey.version.questionnaire.code != QUESTIONNAIRE_CODE:
        raise ValidationFailed(
            _("Survey %(reference)s does not use the AEO and e-commerce questionnaire.")
            % {"reference": survey.reference}
        )
    return aeo_annex_from_summary(survey_summary(survey=survey, viewer=viewer, lang=lang))
