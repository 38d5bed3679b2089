"""III. Surveys of Members: how Members were invited, how many answered, and what the answers say."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.facts import AeoAnnexFact, CoverageRow, SurveyFact
from clearway.reports.phrases import date_long, elide_de, join_list
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register

# Shares of respondents above which the prose says "a number of", "some", then "a few" Members.
QUANTIFIER_THRESHOLDS = ((0.30, "a_number"), (0.15, "some"), (0.0, "a_few"))
# Operators AEO programmes admitted long before e-commerce: reported in a sentence of their own.
TRADITIONAL_OPERATORS = ("customs_broker", "freight_forwarder")


def surveys_for(ctx: ReportContext) -> list[SurveyFact]:
    return ctx.fetch("surveys", ctx.sources.surveys)


def survey_slug(survey: SurveyFact) -> str:
    """The survey's part of block ids: stable, and safe in URLs and HTML ids."""
    return slugify(survey.key) or "survey"


def annex_for(ctx: ReportContext, survey: SurveyFact) -> AeoAnnexFact | None:
    return ctx.fetch(f"aeo_annex.{survey.key}", lambda: ctx.sources.aeo_annex(survey.key))


def quantifier(share: float) -> str:
    for threshold, name in QUANTIFIER_THRESHOLDS:
        if share > threshold or (threshold == 0.0 and share > 0):
            return name
    return "none"


def quantifier_words(name: str) -> str:
    return {"a_number": _("a number of"), "some": _("some"), "a_few": _("a few")}.get(name, "")


def coverage_summary(annex: AeoAnnexFact, lang: str) -> str:
    """The answers in words: which stakeholder types 'a number of', 'some' or 'a few' Members already cover."""
    groups: dict[str, list[CoverageRow]] = {}
    ecommerce = [r for r in annex.coverage if r.stakeholder not in TRADITIONAL_OPERATORS]
    traditional = [r for r in annex.coverage if r.stakeholder in TRADITIONAL_OPERATORS and r.covered]
    for row in sorted(ecommerce, key=lambda r: -r.covered):
        if row.covered:
            groups.setdefault(quantifier(row.covered_share), []).append(row)
    sentences: list[str] = []
    order = [g for g in ("a_number", "some", "a_few") if g in groups]
    for index, group in enumerate(order):
        rows = groups[group]
        types = join_list([_type_with_count(r, annex.respondents) for r in rows], lang)
        if index == 0:
            sentences.append(
                _(
                    "Overall, %(quantity)s Member administrations replied that %(types)s were already "
                    "covered in their AEO programmes."
                )
                % {"quantity": quantifier_words(group), "types": types}
            )
        elif index == 1:
            template = _("%(types)s were also covered by %(quantity)s other Members.")
            opening = template.startswith("%(types)s")  # English starts with the list, French with "Les"
            sentences.append(
                template
                % {"types": _capitalise(types) if opening else types, "quantity": quantifier_words(group)}
            )
        else:
            sentences.append(
                _(
                    "Furthermore, other types of stakeholders, namely %(types)s, were also covered by "
                    "%(quantity)s Members under the scope of their AEO programmes."
                )
                % {"types": types, "quantity": quantifier_words(group)}
            )
    if traditional:
        sentences.append(
            _("As for operators that AEO programmes traditionally admit, %(types)s were covered.")
            % {"types": join_list([_type_with_count(r, annex.respondents) for r in traditional], lang)}
        )
    planned = sorted([r for r in ecommerce if r.planned], key=lambda r: -r.planned)
    if planned:
        top = [r for r in planned if r.planned == planned[0].planned]
        others = len(planned) > len(top)
        types = join_list([_type_with_count(r, annex.respondents, planned=True) for r in top], lang)
        text = _(
            "For future possible AEO expansion, %(quantity)s Members indicated their interest in expanding "
            "the programmes to cover %(types)s"
        ) % {"quantity": quantifier_words(quantifier(planned[0].planned_share)), "types": types}
        if others:
            text += _(", and other types of e-commerce stakeholders")
        sentences.append(text + ".")
    if not sentences:
        sentences.append(
            _(
                "None of the respondents reported e-commerce stakeholders covered by, or planned for, "
                "their AEO programmes."
            )
        )
    text = " ".join(sentences)
    return elide_de(text) if lang == "fr" else text


def _type_with_count(row: CoverageRow, respondents: int, *, planned: bool = False) -> str:
    count = row.planned if planned else row.covered
    label = _("other e-commerce stakeholders") if row.stakeholder == "other" else row.label.lower()
    return _("%(type)s (%(count)s of %(total)s)") % {
        "type": label,
        "count": count,
        "total": respondents,
    }


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@section_register
class SurveySummaries(SectionProvider):
    key = "survey_summaries"
    order = 30

    def heading(self, ctx: ReportContext) -> str | Promise:
        return _("Surveys of Members to support the implementation of the E-Commerce FoS")

    def build(self, ctx: ReportContext) -> list[Block]:
        surveys = surveys_for(ctx)
        ctx.snapshot["surveys"] = [s.key for s in surveys]
        blocks: list[Block] = []
        for survey in surveys:
            blocks.append(self.paragraph(f"{survey_slug(survey)}.responses", self._responses(ctx, survey)))
            annex = annex_for(ctx, survey)
            if annex is not None:
                text = _(
                    "The collective summary and statistics based on the inputs are attached in the Annex."
                )
                if annex.coverage:
                    text += " " + coverage_summary(annex, ctx.lang)
                blocks.append(self.paragraph(f"{survey_slug(survey)}.summary", text))
        return blocks

    def _responses(self, ctx: ReportContext, survey: SurveyFact) -> str:
        if survey.invitation_date:
            text = _(
                "The Secretariat issued an official letter on %(date)s to invite Members to share their "
                "national experiences through the survey %(subject)s."
            ) % {"subject": survey.subject, "date": date_long(survey.invitation_date, ctx.lang)}
        else:
            text = _(
                "The Secretariat invited Members to share their national experiences through the survey "
                "%(subject)s."
            ) % {"subject": survey.subject}
        if survey.responses == 1:
            text += " " + _("Consequently, 1 response was submitted by a Member administration")
        else:
            text += " " + _("Consequently, %(count)s responses were submitted by Member administrations") % {
                "count": survey.responses
            }
        if survey.targeted:
            text += _(", out of the %(targeted)s Members invited") % {"targeted": survey.targeted}
        return text + "."


def surveys_phrase(ctx: ReportContext) -> str:
    """'the survey “X”' / 'the surveys “X” and “Y”', or '' when the period has no survey to report."""
    subjects = [s.subject for s in surveys_for(ctx)]
    if not subjects:
        return ""
    if len(subjects) == 1:
        return _("the survey %(subject)s") % {"subject": subjects[0]}
    return _("the surveys %(subjects)s") % {"subjects": join_list(subjects, ctx.lang)}
