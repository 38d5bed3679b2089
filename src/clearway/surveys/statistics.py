"""Collective statistics of a survey, computed from submitted responses only (drafts never count).

Percentages are given two ways, as the committee documents do: of respondents (Members that submitted) and of all
Members targeted. Every count is also cross-tabulated by WCO region. Answers to questions that were not relevant
(skip logic) are not counted.

Small groups are not shown to those who may not read the answers themselves (the assessments' rule): under 3
respondents in all, no answer is shown; a region with fewer than 3 respondents gets no column of its own, and its
respondents' answers count only in the totals. The secretariat sees everything, and so does everyone when the
survey's free text is attributed (its Members agreed to be named).
"""

from __future__ import annotations

import datetime
import statistics as pystats
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from clearway.accounts.scoping import user_is_secretariat
from clearway.core.actors import Actor
from clearway.core.exceptions import PermissionDenied
from clearway.core.i18n import current_language, localized
from clearway.members.models import Region
from clearway.surveys import definition as defn
from clearway.surveys.models import Response, ResponseRevision, ResponseState, RevisionKind, Survey
from clearway.surveys.selectors import survey_statistics_visible, survey_text_attributed

SMALL_GROUP = 3  # fewer Members than this are not shown as a group, as for the assessments' benchmarks


def share(count: int, total: int) -> float:
    return count / total if total else 0.0


@dataclass(frozen=True)
class RegionRate:
    code: str
    name: str
    targeted: int
    respondents: int

    @property
    def rate(self) -> float:
        return share(self.respondents, self.targeted)


@dataclass(frozen=True)
class ChoiceCount:
    """How many respondents picked one choice, overall and per region code."""

    name: str
    label: str
    count: int
    of_respondents: float  # count / respondents
    of_targeted: float  # count / Members targeted
    by_region: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class MatrixRow:
    name: str
    label: str
    answered: int
    choices: list[ChoiceCount]


@dataclass(frozen=True)
class NumericSummary:
    count: int
    minimum: float
    maximum: float
    mean: float
    median: float


@dataclass(frozen=True)
class TextAnswer:
    text: str
    member: str  # the Member's name, or "" when anonymised
    region: str


@dataclass(frozen=True)
class QuestionStatistics:
    name: str
    type: str  # select_one, select_multiple, matrix, integer, decimal, date, text
    label: str
    answered: int  # respondents who gave an answer (for a matrix: to at least one row)
    repeat: str = ""  # inside this repeat group: a respondent counts once per choice across items
    choices: list[ChoiceCount] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)
    numeric: NumericSummary | None = None
    texts: list[TextAnswer] = field(default_factory=list)
    numeric_suppressed: bool = False  # fewer than SMALL_GROUP numbers: their minimum, mean... would be theirs


@dataclass(frozen=True)
class SurveyStatistics:
    survey: Survey
    lang: str
    targeted: int
    respondents: int
    regions: list[RegionRate]
    questions: list[QuestionStatistics]
    attributed: bool  # free text carries Member names
    suppressed: bool = False  # fewer than SMALL_GROUP respondents: no answer shown
    regions_pooled: bool = False  # regions with fewer than SMALL_GROUP respondents are not shown on their own

    @property
    def response_rate(self) -> float:
        return share(self.respondents, self.targeted)


@dataclass
class _Respondent:
    member_name: str
    region: str
    answers: dict[str, Any]


def _respondents(survey: Survey, as_of: datetime.datetime | None = None) -> list[_Respondent]:
    """The submitted answers as they count (relevance applied), cached until a response of the survey changes:
    applying the relevance of 60 questions to 187 responses took longer than the rest of the page. With
    `as_of`, the answers as they stood then (see `_respondents_read`)."""
    latest = Response.objects.filter(survey=survey).aggregate(n=Count("pk"), at=Max("updated_at"))
    stamp = latest["at"].timestamp() if latest["at"] else 0
    moment = as_of.timestamp() if as_of else "now"
    key = f"survey-respondents:{survey.pk}:{survey.version_id}:{latest['n']}:{stamp}:{moment}:{current_language()}"
    respondents: list[_Respondent] | None = cache.get(key)
    if respondents is None:
        respondents = _respondents_read(survey, as_of)
        cache.set(key, respondents, 3600)
    return respondents


def _respondents_read(survey: Survey, as_of: datetime.datetime | None = None) -> list[_Respondent]:
    """Submitted responses with their answers; with `as_of`, only those submitted by then, each with the answers
    of its last submission or edit on or before `as_of` (its revisions), so that figures reported for a period
    stay those known at its end."""
    definition = survey.version.definition
    responses = Response.objects.filter(survey=survey, state=ResponseState.SUBMITTED).select_related(
        "member__region"
    )
    if as_of is None:
        return [
            _Respondent(r.member.name, r.member.region.code, defn.answers_effective(definition, r.answers))
            for r in responses.order_by("member__name_en")
        ]
    counted = (RevisionKind.SUBMITTED, RevisionKind.EDITED_AFTER_SUBMISSION)
    revisions: dict[int, dict[str, Any]] = {}
    revised: set[int] = set()
    for response_id, created_at, answers in (
        ResponseRevision.objects.filter(response__survey=survey, kind__in=counted)
        .order_by("created_at", "id")
        .values_list("response_id", "created_at", "answers")
    ):
        revised.add(response_id)
        if created_at <= as_of:
            revisions[response_id] = answers
    candidates = Response.objects.filter(survey=survey).filter(
        Q(pk__in=list(revisions)) | Q(state=ResponseState.SUBMITTED, submitted_at__lte=as_of)
    )
    out = []
    for r in candidates.select_related("member__region").order_by("member__name_en"):
        if r.pk in revisions:
            answers = revisions[r.pk]
        elif r.pk in revised:
            continue  # its first recorded submission came after `as_of`
        else:
            answers = r.answers
        out.append(
            _Respondent(r.member.name, r.member.region.code, defn.answers_effective(definition, answers))
        )
    return out


def _values(respondent: _Respondent, f: defn.Field) -> list[Any]:
    """A respondent's answers to one field, as a list (several when inside a repeat group)."""
    if f.repeat:
        return [
            item.get(f.name) for item in respondent.answers.get(f.repeat, []) if item.get(f.name) is not None
        ]
    value = respondent.answers.get(f.name)
    return [] if value is None else [value]


def _choice_counts(
    definition: dict[str, Any],
    list_name: str,
    picks: list[tuple[str, set[str]]],
    *,
    respondents: int,
    targeted: int,
    lang: str,
) -> list[ChoiceCount]:
    counts: Counter[str] = Counter()
    by_region: dict[str, Counter[str]] = {}
    for region, chosen in picks:
        for name in chosen:
            counts[name] += 1
            if region:  # "": a region too small to be shown on its own
                by_region.setdefault(name, Counter())[region] += 1
    known = [c["name"] for c in defn.choices_of(definition, list_name)]
    extra = sorted(
        set(counts) - set(known)
    )  # answers outside the list ("other" values) are listed, not dropped
    return [
        ChoiceCount(
            name,
            defn.choice_label(definition, list_name, name, lang),
            counts[name],
            share(counts[name], respondents),
            share(counts[name], targeted),
            dict(sorted(by_region.get(name, Counter()).items())),
        )
        for name in known + extra
    ]


def _picks(respondents: list[_Respondent], f: defn.Field) -> list[tuple[str, set[str]]]:
    picks = []
    for respondent in respondents:
        chosen: set[str] = set()
        for value in _values(respondent, f):
            chosen.update(str(v) for v in value) if isinstance(value, list) else chosen.add(str(value))
        if chosen:
            picks.append((respondent.region, chosen))
    return picks


def survey_statistics(
    *, survey: Survey, viewer: Actor, lang: str | None = None, as_of: datetime.datetime | None = None
) -> SurveyStatistics:
    """Statistics as `viewer` may see them (PermissionDenied when the disclosure setting hides them); with
    `as_of`, from the responses as they stood at that moment."""
    if not survey_statistics_visible(survey=survey, user=viewer):
        raise PermissionDenied(_("The statistics of this survey are not disclosed to you."))
    lang = lang or current_language()
    definition = survey.version.definition
    targets = list(survey.targets.select_related("region"))
    respondents = _respondents(survey, as_of)
    n, t = len(respondents), len(targets)
    attributed = survey_text_attributed(survey=survey, user=viewer)
    small = _small_regions(respondents) if _small_groups_hidden(viewer, attributed) else None
    if small is not None:
        respondents = _regions_pooled(respondents, small)
    regions = [
        RegionRate(
            region.code,
            localized(region, "name", lang),
            sum(1 for m in targets if m.region_id == region.pk),
            sum(1 for r in respondents if r.region == region.code),
        )
        for region in Region.objects.order_by("order", "code")
        if small is None or region.code not in small
    ]
    suppressed = small is not None and n < SMALL_GROUP
    questions = [] if suppressed else _questions(definition, respondents, t, lang, attributed)
    if small is not None:
        questions = [_numbers_small_hidden(q) for q in questions]
    shown = [r for r in regions if r.targeted]
    return SurveyStatistics(survey, lang, t, n, shown, questions, attributed, suppressed, bool(small))


def _small_groups_hidden(viewer: Actor, attributed: bool) -> bool:
    return not (user_is_secretariat(viewer) or attributed)


def _numbers_small_hidden(question: QuestionStatistics) -> QuestionStatistics:
    if question.numeric is None or question.numeric.count >= SMALL_GROUP:
        return question
    return replace(question, numeric=None, numeric_suppressed=True)


def _small_regions(respondents: list[_Respondent]) -> set[str]:
    """Regions under SMALL_GROUP respondents; all of them when those together are under it too, or the totals
    less the regions shown would give their answers."""
    counts = Counter(r.region for r in respondents)
    small = {code for code, count in counts.items() if count < SMALL_GROUP}
    return set(counts) if 0 < sum(counts[code] for code in small) < SMALL_GROUP else small


def _regions_pooled(respondents: list[_Respondent], small: set[str]) -> list[_Respondent]:
    """Copies (the list is cached) without the region of a small group: counted in totals, never by region."""
    return [_Respondent(r.member_name, "" if r.region in small else r.region, r.answers) for r in respondents]


def _questions(
    definition: dict[str, Any], respondents: list[_Respondent], t: int, lang: str, attributed: bool
) -> list[QuestionStatistics]:
    questions: list[QuestionStatistics] = []
    all_fields = defn.fields(definition)
    matrix_rows: dict[str, list[defn.Field]] = {}
    for f in all_fields:
        if f.matrix:
            matrix_rows.setdefault(f.matrix, []).append(f)
    emitted: set[str] = set()
    for f in all_fields:
        if f.type in _NOT_COLLECTIVE:
            continue
        if f.matrix:
            if f.matrix not in emitted:
                emitted.add(f.matrix)
                questions.append(
                    _matrix_statistics(definition, f.matrix, matrix_rows[f.matrix], respondents, t, lang)
                )
            continue
        questions.append(_question_statistics(definition, f, respondents, t, lang, attributed))
    return questions


def _matrix_statistics(
    definition: dict[str, Any],
    name: str,
    rows: list[defn.Field],
    respondents: list[_Respondent],
    targeted: int,
    lang: str,
) -> QuestionStatistics:
    node = next(m for m in defn.matrices(definition) if m["name"] == name)
    n = len(respondents)
    matrix_rows = []
    for f in rows:
        picks = _picks(respondents, f)
        matrix_rows.append(
            MatrixRow(
                f.name,
                f.label_in(lang),
                len(picks),
                _choice_counts(definition, node["list"], picks, respondents=n, targeted=targeted, lang=lang),
            )
        )
    answered = sum(1 for r in respondents if any(_values(r, f) for f in rows))
    return QuestionStatistics(
        name, "matrix", defn.text_in(node.get("label"), lang), answered, rows=matrix_rows
    )


# Not collective answers: ODK's metadata (start, end, username...) and uploaded files.
_NOT_COLLECTIVE = ("metadata", *defn.UPLOAD_TYPES)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))  # a calculation's value is text, as in ODK
    except ValueError:
        return None


def _all_numbers(respondents: list[_Respondent], f: defn.Field) -> bool:
    values = [v for r in respondents for v in _values(r, f)]
    return bool(values) and all(_number(v) is not None for v in values)


def _question_statistics(
    definition: dict[str, Any],
    f: defn.Field,
    respondents: list[_Respondent],
    targeted: int,
    lang: str,
    attributed: bool,
) -> QuestionStatistics:
    n = len(respondents)
    answered = sum(1 for r in respondents if _values(r, f))
    label = f.label_in(lang)
    if f.type in ("select_one", "select_multiple"):
        picks = _picks(respondents, f)
        return QuestionStatistics(
            f.name,
            f.type,
            label,
            answered,
            f.repeat,
            choices=_choice_counts(definition, f.list, picks, respondents=n, targeted=targeted, lang=lang),
        )
    if f.type in ("integer", "decimal", "range") or (f.type == "calculate" and _all_numbers(respondents, f)):
        numbers = [x for r in respondents for v in _values(r, f) if (x := _number(v)) is not None]
        numeric = (
            NumericSummary(
                len(numbers), min(numbers), max(numbers), pystats.fmean(numbers), pystats.median(numbers)
            )
            if numbers
            else None
        )
        return QuestionStatistics(f.name, f.type, label, answered, f.repeat, numeric=numeric)
    texts = [
        TextAnswer(str(v), r.member_name if attributed else "", r.region)
        for r in respondents
        for v in _values(r, f)
        if str(v).strip()
    ]
    return QuestionStatistics(f.name, f.type, label, answered, f.repeat, texts=texts)
