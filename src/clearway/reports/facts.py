"""The facts a committee report states, as plain values in the report's language.

Sections render prose from these; `reports.sources` fills them from the other apps' selectors. Keeping them
plain makes a version's data snapshot JSON and keeps the prose rules testable on their own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ActivityFact:
    key: str
    kind: str  # regional_workshop, subregional_workshop, national_workshop, partner_event, webinar, …
    title: str
    start: datetime.date
    end: datetime.date
    modality: str  # in_person, online, virtual, hybrid
    month_only: bool = False
    region_code: str = ""
    region_name: str = ""
    short_name: str = ""  # how the prose names it: "MENA", "EUR", or the host Member
    organiser: str = ""
    organiser_acronym: str = ""
    organiser_institution: bool = (
        True  # named with an article in English: "the Inter-American Development Bank"
    )
    secretariat_role: str = "organised"
    audience: str = ""
    participants: str = ""  # as recorded, already worded: "close to 100" / "près de 100"
    participants_noun: str = ""
    member_count: int | None = None
    postal_operators: bool = False
    whole_framework: bool = False
    members: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)
    speakers_international: list[str] = field(default_factory=list)
    # the same, as a sentence names them, with their articles: "the Universal Postal Union", "la Chine"
    speakers_in_sentence: list[str] = field(default_factory=list)
    speakers_private: list[str] = field(default_factory=list)
    illustrative: bool = False
    # every region covered (a joint workshop covers several), and their names in the report language
    region_codes: list[str] = field(default_factory=list)
    region_names: list[str] = field(default_factory=list)
    member_regions: list[tuple[str, str]] = field(
        default_factory=list
    )  # (ISO3, region code) of listed Members
    participants_value: int | None = None
    participants_qualifier: str = "exact"
    funders_in_sentence: list[str] = field(default_factory=list)  # with their article: "the Customs …"
    partners_in_sentence: list[str] = field(default_factory=list)

    @property
    def joint(self) -> bool:
        return len(self.region_codes) > 1


@dataclass(frozen=True)
class RegionalCoverageFact:
    all_regions_completed: bool
    regions_done: list[str] = field(default_factory=list)
    regions_missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PipelineFact:
    """How many Members stand at each step of the route to national support."""

    at: datetime.date
    counts: dict[str, int] = field(default_factory=dict)  # state code → Members
    labels: dict[str, str] = field(default_factory=dict)  # state code → label in the report language
    total_open: int = 0


@dataclass(frozen=True)
class AssessmentFact:
    cycle: str
    members_total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    median_score: float | None = None  # 0-100; None when too few Members have a score to publish it
    regions: list[tuple[str, int, int]] = field(default_factory=list)  # region, completed, targeted
    illustrative: bool = False


@dataclass(frozen=True)
class SurveyFact:
    key: str
    title: str
    subject: str  # how the prose names it: the title in the quotes of the report language
    invitation_date: datetime.date | None
    responses: int
    targeted: int = 0
    illustrative: bool = False


@dataclass(frozen=True)
class CoverageRow:
    stakeholder: str
    label: str
    covered: int
    planned: int
    covered_share: float
    planned_share: float


@dataclass(frozen=True)
class QuestionFact:
    """A choice question of a survey: how many respondents picked each answer."""

    name: str
    label: str
    answered: int
    choices: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class AeoAnnexFact:
    """A survey's statistics for the annex (the AEO questionnaire adds the stakeholder coverage)."""

    survey_key: str
    respondents: int
    by_region: list[tuple[str, int]] = field(default_factory=list)  # region name → respondents
    coverage: list[CoverageRow] = field(default_factory=list)
    questions: list[QuestionFact] = field(default_factory=list)
    illustrative: bool = False
