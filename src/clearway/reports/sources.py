"""Where the report's facts come from: the other apps' selectors, read as the viewer, turned into `facts`.

Each method returns plain facts in the report language (call inside `translation.override(lang)`), so the
sections never touch another app's models.
"""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from clearway.core.actors import Actor
from clearway.core.i18n import localized
from clearway.reports.facts import (
    ActivityFact,
    AeoAnnexFact,
    AssessmentFact,
    CoverageRow,
    PipelineFact,
    QuestionFact,
    RegionalCoverageFact,
    SurveyFact,
)
from clearway.reports.phrases import count_phrase

T = TypeVar("T")

# Organisations of these kinds speak for the private sector in the prose; the others are institutions.
PRIVATE_KINDS = frozenset({"company"})
NOT_A_SPEAKER_KINDS = frozenset({"wco"})


class DataSources:
    def __init__(
        self,
        *,
        viewer: Actor,
        start: datetime.date,
        end: datetime.date,
        lang: str,
        committee: str = "ptc",
        exclude_report_id: int | None = None,
        include_illustrative: bool = False,
    ):
        self.viewer, self.start, self.end, self.lang = viewer, start, end, lang
        self.committee, self.exclude_report_id = committee, exclude_report_id
        # Demonstration rows reach a report only when its author includes them (the report is then labelled).
        self.include_illustrative = include_illustrative

    @property
    def as_of(self) -> datetime.datetime:
        """The end of the period's last day: every figure is read as it was known then."""
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(self.end, datetime.time.max))

    def _shown(self, row: Any) -> bool:
        return self.include_illustrative or not getattr(row, "illustrative", False)

    # ------------------------------------------------------------------ framework and earlier reports

    def framework_adoption(self) -> datetime.date | None:
        from clearway.framework.models import Edition

        first = Edition.objects.order_by("year").first()
        if first is None or not first.adopted:
            return None
        year, _sep, month = first.adopted.partition("-")
        return datetime.date(int(year), int(month or 1), 1)

    def previous_reports(self) -> list[dict[str, Any]]:
        """Earlier reports of the same committee (period ended before this one starts), oldest first."""
        from clearway.reports.models import Report

        reports = Report.objects.filter(
            committee=self.committee, period_end__lt=self.start, language=self.lang
        )
        if self.exclude_report_id:
            reports = reports.exclude(pk=self.exclude_report_id)
        return [
            {"session": r.session, "document_number": r.document_number}
            for r in reports.order_by("period_end", "id")
        ]

    # ------------------------------------------------------------------ capacity building

    def activities(self) -> list[ActivityFact]:
        """The activities of the period delivered as known at its end: a status changed afterwards (delivered
        later cancelled, planned later delivered) does not change the report's figures."""
        from clearway.capacity.selectors import activities_delivered_at, activity_list_for_period

        period = activity_list_for_period(viewer=self.viewer, start=self.start, end=self.end)
        delivered = activities_delivered_at(activities=[a for a in period if self._shown(a)], at=self.as_of)
        countries = self.countries() if delivered else {}
        return [activity_fact(a, self.lang, countries) for a in delivered]

    def countries(self) -> dict[str, Any]:
        """Members by their names in either language (lower case): an organisation named after a Member (a
        Customs administration that sent a speaker) is named as the country, with its article."""
        from clearway.members.selectors import member_list

        names: dict[str, Any] = {}
        for member in member_list(viewer=self.viewer):
            for name in (member.name_en, member.name_fr):
                if name:
                    names.setdefault(name.strip().lower(), member)
        return names

    def regional_coverage(self) -> RegionalCoverageFact | None:
        """Regions with a regional workshop delivered by the period's end, as known then (a joint workshop counts
        for each region it covers); illustrative workshops count only when the report includes illustrative data."""
        from clearway.capacity.selectors import regional_coverage

        coverage = regional_coverage(viewer=self.viewer, until=self.end, as_of=self.as_of)
        if not coverage.regions:
            return None
        done = [r.region for r in coverage.regions if any(self._shown(a) for a in r.workshops)]
        missing = [r.region for r in coverage.regions if r.region not in done]
        return RegionalCoverageFact(
            all_regions_completed=not missing,
            regions_done=[_region_title(r, self.lang) for r in done],
            regions_missing=[_region_title(r, self.lang) for r in missing],
        )

    def request_pipeline(self) -> PipelineFact | None:
        from clearway.capacity.selectors import request_pipeline_summary

        pipeline = request_pipeline_summary(viewer=self.viewer, at=self.end)
        requests = [r for r in pipeline.requests if self._shown(r)]
        counts = {state: 0 for state in pipeline.counts}
        for request in requests:
            counts[request.state_at] += 1  # type: ignore[attr-defined]
        return PipelineFact(
            at=pipeline.at,
            counts=counts,
            labels={state: label for state, label, _n in pipeline.rows()},
            total_open=len(requests),
        )

    # ------------------------------------------------------------------ assessments, surveys, AEO

    def assessment_overview(self) -> AssessmentFact | None:
        """The latest assessment cycle opened by the end of the period, with the statuses of that moment."""
        from clearway.assessments.analytics import cycle_overview_summary
        from clearway.assessments.selectors import cycle_list

        cycles = cycle_list(viewer=self.viewer).filter(opens_on__lte=self.end)
        if not self.include_illustrative:
            cycles = cycles.filter(illustrative=False)
        cycle = cycles.order_by("-opens_on", "-id").first()
        if cycle is None:
            return None
        summary = cycle_overview_summary(viewer=self.viewer, cycle=cycle, as_of=self.as_of)
        return assessment_fact(summary, self.lang)

    def surveys(self) -> list[SurveyFact]:
        """Surveys open at some time in the period: sent by its end and not closed before it started."""
        from django.db.models import Q

        from clearway.surveys.selectors import survey_list
        from clearway.surveys.summary import survey_summary

        surveys = (
            survey_list(user=self.viewer)
            .exclude(state="draft")
            .filter(letter_date__lte=self.end)
            .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=self.start))
        )
        if not self.include_illustrative:
            surveys = surveys.filter(illustrative=False)
        facts = []
        for survey in surveys.order_by("letter_date", "id"):
            summary = survey_summary(survey=survey, viewer=self.viewer, lang=self.lang, as_of=self.as_of)
            facts.append(
                SurveyFact(
                    key=survey.reference,
                    title=summary.title,
                    subject=quoted(summary.title, self.lang),
                    invitation_date=survey.letter_date,
                    responses=summary.respondents,
                    targeted=summary.targeted,
                    illustrative=survey.illustrative,
                )
            )
        return facts

    def aeo_annex(self, survey_key: str) -> AeoAnnexFact | None:
        """The survey's statistics: respondents by region, the answers to each choice question, and for the AEO
        questionnaire the coverage of each e-commerce stakeholder type."""
        from clearway.aeo.questionnaire import QUESTIONNAIRE_CODE
        from clearway.aeo.summary import aeo_annex_from_summary
        from clearway.surveys.selectors import survey_get_for_user
        from clearway.surveys.summary import survey_summary

        survey = survey_get_for_user(user=self.viewer, reference=survey_key)
        summary = survey_summary(survey=survey, viewer=self.viewer, lang=self.lang, as_of=self.as_of)
        coverage: list[CoverageRow] = []
        if survey.version.questionnaire.code == QUESTIONNAIRE_CODE:
            annex = aeo_annex_from_summary(summary)
            coverage = [
                coverage_row(s.code, s.label, s.covered.count, s.planned.count, annex.respondents)
                for s in annex.stakeholders
            ]
        return AeoAnnexFact(
            survey_key=survey_key,
            respondents=summary.respondents,
            by_region=[(f"{r.name} ({r.code})", r.respondents) for r in summary.regions],
            coverage=coverage,
            questions=[
                QuestionFact(
                    name=q.name,
                    label=q.label,
                    answered=q.answered,
                    choices=[(c.label, c.count) for c in q.choices],
                )
                for q in summary.questions
                if q.type in ("select_one", "select_multiple")
            ],
            illustrative=summary.illustrative,
        )


def quoted(text: str, lang: str) -> str:
    return f"«\u00a0{text}\u00a0»" if lang == "fr" else f"“{text}”"  # no-break: no line starts with »


def _region_title(region: Any, lang: str) -> str:
    return f"{localized(region, 'name', lang)} ({region_acronym(region, lang)})"


def region_acronym(region: Any, lang: str) -> str:
    """The region's acronym in the report's language, from the regions table (`Region.acronym_fr`)."""
    if lang == "fr" and region.acronym_fr:
        return str(region.acronym_fr)
    return str(region.code)


def organisation_in_sentence(org: Any, lang: str) -> str:
    """An organisation named inside a sentence: 'the Customs Cooperation Fund of China (CCF-China)' /
    'le Fonds de coopération douanière de Chine (CCF-China)'; companies take no article."""
    from clearway.reports.phrases import with_article

    name = localized(org, "name", lang)
    text = f"{name} ({org.acronym})" if org.acronym and org.acronym not in name else name
    if org.kind in PRIVATE_KINDS:
        return text
    return with_article(text, lang)


def speaker_in_sentence(org: Any, lang: str, countries: dict[str, Any]) -> str:
    """Who spoke, as a sentence names them: a Member's administration by the country with its article ('China',
    'the United Arab Emirates', 'la Chine', 'les Émirats arabes unis'), an institution with its article ('the
    Universal Postal Union', "l'Union postale universelle"), a company by its name."""
    from clearway.reports.phrases import country_with_article, with_article

    member = countries.get(org.name_en.strip().lower()) or countries.get((org.name_fr or "").strip().lower())
    if member is not None:
        return country_with_article(localized(member, "name", lang), lang)
    name = _org_name(org, lang)
    return name if org.kind in PRIVATE_KINDS else with_article(name, lang)


def activity_fact(activity: Any, lang: str, countries: dict[str, Any] | None = None) -> ActivityFact:
    """One capacity activity (relations prefetched by the capacity selector) as report facts."""
    # In the order the speakers were recorded, which is the order the Secretariat reports them in.
    slots = sorted(activity.speakers.all(), key=lambda slot: slot.pk)
    speakers = [s.organisation for s in slots if s.organisation.kind not in NOT_A_SPEAKER_KINDS]
    institutions = _unique([o for o in speakers if o.kind not in PRIVATE_KINDS])
    international = [_org_name(o, lang) for o in institutions]
    private = _unique([_org_name(o, lang) for o in speakers if o.kind in PRIVATE_KINDS])
    members = [localized(m, "name", lang) for m in activity.members.all()]
    region = activity.region
    regions = activity.regions_covered
    kind = activity.kind
    if kind in ("regional_workshop", "subregional_workshop") and region is not None:
        short = "/".join(region_acronym(r, lang) for r in regions)
    elif kind == "national_workshop" and members:
        short = members[0]
    else:
        short = localized(activity, "title", lang)
    return ActivityFact(
        key=f"activity-{activity.pk}",
        kind=kind,
        title=localized(activity, "title", lang),
        start=activity.start_date,
        end=activity.end_date,
        modality=activity.modality,
        month_only=activity.date_precision == "month",
        region_code=region_acronym(region, lang) if region else "",
        region_name=localized(region, "name", lang) if region else "",
        region_codes=[region_acronym(r, lang) for r in regions],
        region_names=[localized(r, "name", lang) for r in regions],
        member_regions=[(m.iso3, region_acronym(m.region, lang)) for m in activity.members.all()],
        participants_value=activity.participants_value,
        participants_qualifier=activity.participants_qualifier,
        funders_in_sentence=[organisation_in_sentence(o, lang) for o in activity.funders.all()],
        partners_in_sentence=[organisation_in_sentence(o, lang) for o in activity.partners.all()],
        short_name=short,
        organiser=localized(activity.organiser, "name", lang),
        organiser_acronym=activity.organiser.acronym,
        organiser_institution=activity.organiser.kind not in PRIVATE_KINDS,
        secretariat_role=activity.secretariat_role,
        audience=localized(activity, "audience", lang),
        participants=count_phrase(activity.participants_value, activity.participants_qualifier, lang),
        participants_noun=localized(activity, "participants_noun", lang),
        member_count=max(activity.member_count or 0, len(members)) or None,
        postal_operators="postal_operators" in (activity.participant_groups or []),
        whole_framework=activity.whole_framework,
        members=members,
        partners=[_org_name(o, lang) for o in activity.partners.all()],
        funders=[_org_name(o, lang) for o in activity.funders.all()],
        speakers_international=international,
        speakers_in_sentence=[speaker_in_sentence(o, lang, countries or {}) for o in institutions],
        speakers_private=private,
        illustrative=activity.illustrative,
    )


def _org_name(org: Any, lang: str) -> str:
    return localized(org, "name", lang)


def _unique(items: list[T]) -> list[T]:
    return list(dict.fromkeys(items))


def assessment_fact(summary: Any, lang: str) -> AssessmentFact:
    from clearway.assessments.models import AssessmentStatus

    counts = {s.value: getattr(summary, s.value, 0) for s in AssessmentStatus}
    return AssessmentFact(
        cycle=summary.name,
        members_total=summary.members_targeted,
        counts=counts,
        labels={s.value: str(s.label) for s in AssessmentStatus},
        median_score=None if summary.median_suppressed else summary.median_score,
        regions=[(f"{r.name} ({r.code})", r.submitted + r.validated, r.targeted) for r in summary.by_region],
        illustrative=summary.illustrative,
    )


def coverage_row(stakeholder: str, label: str, covered: int, planned: int, respondents: int) -> CoverageRow:
    total = respondents or 1
    return CoverageRow(
        stakeholder=stakeholder,
        label=label,
        covered=covered,
        planned=planned,
        covered_share=covered / total,
        planned_share=planned / total,
    )
