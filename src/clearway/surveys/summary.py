"""The collective summary of a survey: the numbers an annex of a committee document needs.

`survey_summary(*, survey, viewer, lang) -> SurveySummary` is the interface other apps use (the AEO annex, the
committee report). Fields:

- `SurveySummary`: reference, title, lang, illustrative, letter_date, deadline, state, targeted (Members the
  letter went to), respondents (Members that submitted), response_rate (respondents / targeted, 0..1),
  regions (list of `SummaryRegion`), questions (list of `SummaryQuestion`, select and matrix questions only,
  in form order).
- `SummaryRegion`: code (ESA, WCA, MENA, EUR, AP, AM), name, targeted, respondents, rate.
- `SummaryQuestion`: name, type ("select_one" | "select_multiple" | "matrix"), label, answered,
  choices (list of `SummaryChoice`; empty for a matrix), rows (list of `SummaryRow`; matrix only).
- `SummaryRow`: name (the row question's XLSForm name, e.g. `cover_express`), label, answered, choices.
- `SummaryChoice`: name, label, count, share (count / respondents), share_of_targeted (count / targeted),
  by_region ({region code: count}), share_by_region ({region code: count / respondents of that region}).

Shares are exact ratios (0..1); renderers round them for display.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from clearway.core.actors import Actor
from clearway.core.exports import sheets_to_xlsx
from clearway.core.i18n import percent_format
from clearway.surveys.models import Survey
from clearway.surveys.statistics import ChoiceCount, SurveyStatistics, share, survey_statistics


@dataclass(frozen=True)
class SummaryChoice:
    name: str
    label: str
    count: int
    share: float
    share_of_targeted: float
    by_region: dict[str, int] = field(default_factory=dict)
    share_by_region: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SummaryRow:
    name: str
    label: str
    answered: int
    choices: list[SummaryChoice]


@dataclass(frozen=True)
class SummaryQuestion:
    name: str
    type: str
    label: str
    answered: int
    choices: list[SummaryChoice] = field(default_factory=list)
    rows: list[SummaryRow] = field(default_factory=list)


@dataclass(frozen=True)
class SummaryRegion:
    code: str
    name: str
    targeted: int
    respondents: int
    rate: float


@dataclass(frozen=True)
class SurveySummary:
    reference: str
    title: str
    lang: str
    illustrative: bool
    letter_date: datetime.date
    deadline: datetime.date
    state: str
    targeted: int
    respondents: int
    response_rate: float
    regions: list[SummaryRegion]
    questions: list[SummaryQuestion]

    def question(self, name: str) -> SummaryQuestion:
        return next(q for q in self.questions if q.name == name)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["letter_date"] = self.letter_date.isoformat()
        data["deadline"] = self.deadline.isoformat()
        return data


def _choice(choice: ChoiceCount, region_respondents: dict[str, int]) -> SummaryChoice:
    return SummaryChoice(
        choice.name,
        choice.label,
        choice.count,
        choice.of_respondents,
        choice.of_targeted,
        dict(choice.by_region),
        {code: share(choice.by_region.get(code, 0), n) for code, n in region_respondents.items() if n},
    )


def summary_from_statistics(stats: SurveyStatistics) -> SurveySummary:
    survey = stats.survey
    region_respondents = {r.code: r.respondents for r in stats.regions}
    questions = []
    for q in stats.questions:
        if q.type == "matrix":
            rows = [
                SummaryRow(r.name, r.label, r.answered, [_choice(c, region_respondents) for c in r.choices])
                for r in q.rows
            ]
            questions.append(SummaryQuestion(q.name, q.type, q.label, q.answered, rows=rows))
        elif q.type in ("select_one", "select_multiple") and not q.repeat:
            questions.append(
                SummaryQuestion(
                    q.name,
                    q.type,
                    q.label,
                    q.answered,
                    choices=[_choice(c, region_respondents) for c in q.choices],
                )
            )
    title = survey.title_in(stats.lang)
    return SurveySummary(
        reference=survey.reference,
        title=title,
        lang=stats.lang,
        illustrative=survey.illustrative,
        letter_date=survey.letter_date,
        deadline=survey.deadline,
        state=survey.state,
        targeted=stats.targeted,
        respondents=stats.respondents,
        response_rate=stats.response_rate,
        regions=[SummaryRegion(r.code, r.name, r.targeted, r.respondents, r.rate) for r in stats.regions],
        questions=questions,
    )


def survey_summary(
    *, survey: Survey, viewer: Actor, lang: str = "en", as_of: datetime.datetime | None = None
) -> SurveySummary:
    """The collective summary in `lang`, as `viewer` may see it (PermissionDenied per the disclosure setting);
    with `as_of`, from the responses as they stood then."""
    return summary_from_statistics(survey_statistics(survey=survey, viewer=viewer, lang=lang, as_of=as_of))


# ---------------------------------------------------------------- renderers (json, md, xlsx)


def _pct(value: float) -> str:
    return percent_format(value, 1)


def summary_to_json(summary: SurveySummary) -> bytes:
    return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def _choice_lines(choices: list[SummaryChoice], codes: list[str], label: str) -> list[str]:
    header = [label, _("Count"), _("% of respondents"), *codes]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for c in choices:
        cells = [c.label, str(c.count), _pct(c.share), *[str(c.by_region.get(code, 0)) for code in codes]]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary_to_markdown(summary: SurveySummary) -> bytes:
    with translation.override(summary.lang):
        codes = [r.code for r in summary.regions]
        lines = [f"# {summary.title}", ""]
        if summary.illustrative:
            lines += [_("*Illustrative data: not real answers of Members.*"), ""]
        lines += [
            _("Survey %(reference)s of %(date)s, deadline %(deadline)s.")
            % {
                "reference": summary.reference,
                "date": summary.letter_date.isoformat(),
                "deadline": summary.deadline.isoformat(),
            },
            "",
            _("Respondents: %(n)s of %(t)s Members targeted (%(rate)s).")
            % {"n": summary.respondents, "t": summary.targeted, "rate": _pct(summary.response_rate)},
            "",
            "## " + _("Respondents by region"),
            "",
            "| " + " | ".join([_("Region"), _("Targeted"), _("Respondents"), _("Response rate")]) + " |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {r.name} ({r.code}) | {r.targeted} | {r.respondents} | {_pct(r.rate)} |"
            for r in summary.regions
        ]
        for q in summary.questions:
            lines += ["", f"## {q.label}", "", _("Answered by %(n)s respondents.") % {"n": q.answered}, ""]
            if q.type == "matrix":
                for row in q.rows:
                    lines += [f"### {row.label}", ""] + _choice_lines(row.choices, codes, _("Answer")) + [""]
            else:
                lines += _choice_lines(q.choices, codes, _("Answer"))
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def summary_to_xlsx(summary: SurveySummary) -> bytes:
    with translation.override(summary.lang):
        codes = [r.code for r in summary.regions]
        overview = (
            [_("Region"), _("Targeted"), _("Respondents"), _("Response rate")],
            [[_("All regions"), summary.targeted, summary.respondents, round(summary.response_rate, 4)]]
            + [
                [f"{r.name} ({r.code})", r.targeted, r.respondents, round(r.rate, 4)] for r in summary.regions
            ],
        )
        headers = [
            _("Question"),
            _("Row"),
            _("Answer"),
            _("Count"),
            _("Share of respondents"),
            _("Share of Members targeted"),
            *codes,
        ]
        rows: list[list[Any]] = []
        for q in summary.questions:
            groups = [(row.label, row.choices) for row in q.rows] if q.type == "matrix" else [("", q.choices)]
            for row_label, choices in groups:
                rows += [
                    [
                        q.label,
                        row_label,
                        c.label,
                        c.count,
                        round(c.share, 4),
                        round(c.share_of_targeted, 4),
                        *[c.by_region.get(code, 0) for code in codes],
                    ]
                    for c in choices
                ]
        notes = [f"{summary.title} ({summary.reference})"]
        if summary.illustrative:
            notes.append(_("Illustrative data: not real answers of Members."))
        return sheets_to_xlsx({_("Respondents"): overview, _("Answers"): (headers, rows)}, notes=notes)


RENDERERS = {"json": summary_to_json, "md": summary_to_markdown, "xlsx": summary_to_xlsx}
