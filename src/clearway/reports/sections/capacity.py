"""II. Capacity building activities: the workshops delivered in the period, partner events, regional coverage."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clearway.reports.document import Block
from clearway.reports.facts import ActivityFact, RegionalCoverageFact
from clearway.reports.phrases import (
    date_long,
    date_range_phrase,
    date_span_short,
    elide_de,
    join_list,
    session_label,
)
from clearway.reports.sections.base import ReportContext, SectionProvider, section_register
from clearway.reports.sections.introduction import committee_short

REGIONAL_KINDS = ("regional_workshop", "subregional_workshop")


def modality_phrase(modality: str) -> str:
    return {
        "online": _("online"),
        "virtual": _("virtually"),
        "hybrid": _("in a hybrid format"),
        "in_person": _("in person"),
    }.get(modality, "")  # "not reported": the sentence leaves the modality out


def modality_label(modality: str) -> str:
    return {
        "online": _("Online"),
        "virtual": _("Virtual"),
        "hybrid": _("Hybrid"),
        "in_person": _("In person"),
    }.get(modality, _("Not reported"))


def institutions(names: list[str], lang: str) -> str:
    """Institutions in a sentence: 'the UPU, the GEA and the OECD'; French lists them without articles."""
    return join_list([f"the {n}" if lang == "en" else n for n in names], lang)


def people(a: ActivityFact, lang: str) -> str:
    """'close to 100 experts'; in French 'près d'une centaine d'experts' takes 'de' before the noun."""
    noun = a.participants_noun or _("participants")
    if lang == "fr" and a.participants.endswith("centaine"):
        return f"{a.participants} {elide_de('de ' + noun)}"
    return f"{a.participants} {noun}"


def activities_for(ctx: ReportContext) -> list[ActivityFact]:
    return ctx.fetch("activities", ctx.sources.activities)


def workshop_sentence(a: ActivityFact, lang: str) -> str:
    """'The MENA workshop was held online between 27 and 30 September 2021 and gathered close to 100 experts …'."""
    sentence = _("The %(name)s workshop was held %(modality)s %(dates)s") % {
        "name": a.short_name,
        "modality": modality_phrase(a.modality),
        "dates": date_range_phrase(a.start, a.end, lang, month_only=a.month_only),
    }
    if a.participants and a.member_count:
        sentence += _(" and gathered %(people)s from %(members)s Member Customs administrations") % {
            "people": people(a, lang),
            "members": a.member_count,
        }
    elif a.participants:
        sentence += _(" and gathered %(people)s") % {"people": people(a, lang)}
    elif a.member_count:
        sentence += _(" with %(members)s Member Customs administrations represented") % {
            "members": a.member_count
        }
    if a.postal_operators:
        sentence += _(", as well as designated postal operators")
    return sentence + "."


def speakers_sentences(workshops: list[ActivityFact], lang: str) -> list[str]:
    with_io = [w for w in workshops if w.speakers_international]
    sentences: list[str] = []
    common = (
        [s for s in with_io[0].speakers_international if all(s in w.speakers_international for w in with_io)]
        if with_io
        else []
    )
    if common and len(with_io) == len(workshops):
        if len(workshops) == 1:
            lead = _("The workshop benefited from the involvement of speakers from %(orgs)s.")
        elif len(workshops) == 2:
            lead = _("Both workshops benefited from the involvement of speakers from %(orgs)s.")
        else:
            lead = _("All the workshops benefited from the involvement of speakers from %(orgs)s.")
        sentences.append(lead % {"orgs": institutions(common, lang)})
    else:
        common = []
    for w in workshops:
        own = [s for s in w.speakers_international if s not in common]
        if own:
            sentences.append(
                _("The %(name)s workshop also benefited from speakers from %(orgs)s.")
                % {"name": w.short_name, "orgs": institutions(own, lang)}
            )
    private = [(w, w.speakers_private) for w in workshops if w.speakers_private]
    for w, companies in private:
        if len(companies) == 1:
            text = _("A representative of %(company)s spoke at the %(name)s workshop.") % {
                "company": companies[0],
                "name": w.short_name,
            }
        else:
            text = _("%(companies)s delivered presentations at the %(name)s workshop.") % {
                "companies": join_list(companies, lang),
                "name": w.short_name,
            }
        sentences.append(elide_de(text) if lang == "fr" else text)
    return sentences


def partner_event_sentence(a: ActivityFact, lang: str) -> str:
    verbs = {
        "contributed": _("The Secretariat also contributed to %(event)s"),
        "attended": _("The Secretariat also attended %(event)s"),
        "co_organised": _("The Secretariat also co-organised %(event)s"),
    }
    event = _("the event “%(title)s”") % {"title": a.title}
    text = verbs.get(a.secretariat_role, verbs["contributed"]) % {"event": event}
    if a.organiser and a.organiser.lower() not in a.title.lower():
        organiser = f"{a.organiser} ({a.organiser_acronym})" if a.organiser_acronym else a.organiser
        if a.organiser_institution:
            organiser = institutions([organiser], lang)
        text += _(" organised by %(organiser)s") % {"organiser": organiser}
    if a.audience and a.audience.lower() not in a.title.lower():
        text += _(" for %(audience)s") % {"audience": lower_article(a.audience)}
    text += _(", held %(dates)s") % {
        "dates": date_range_phrase(a.start, a.end, lang, month_only=a.month_only)
    }
    if a.modality in ("online", "virtual", "hybrid"):
        text += f" ({modality_phrase(a.modality)})"
    text += "."
    if a.whole_framework and a.secretariat_role in ("contributed", "co_organised"):
        text += " " + _("The Secretariat presented the WCO E-Commerce FoS and the associated Package.")
    return text


def lower_article(text: str) -> str:
    """'The members of Mercosur' reads 'the members of Mercosur' inside a sentence (only a leading article)."""
    first, _sep, rest = text.partition(" ")
    if first in ("The", "Les", "La", "Le") and rest:
        return f"{first.lower()} {rest}"
    return text


def other_activity_sentence(a: ActivityFact, lang: str) -> str:
    text = _("The Secretariat delivered the activity “%(title)s” %(modality)s %(dates)s") % {
        "title": a.title,
        "modality": modality_phrase(a.modality),
        "dates": date_range_phrase(a.start, a.end, lang, month_only=a.month_only),
    }
    if a.participants:
        text += _(", with %(people)s") % {"people": people(a, lang)}
    return text + "."


def region_title(a: ActivityFact) -> str:
    return f"{a.region_name} ({a.region_code})" if a.region_name and a.region_code else a.short_name


@section_register
class CapacityActivities(SectionProvider):
    key = "capacity_activities"
    order = 20

    def heading(self, ctx: ReportContext) -> str | Promise:
        return _("Capacity Building Activities")

    def build(self, ctx: ReportContext) -> list[Block]:
        activities = activities_for(ctx)
        ctx.snapshot["activities"] = [a.key for a in activities]
        if not activities:
            return [
                self.block(
                    f"{self.key}.none",
                    "note",
                    _(
                        "No capacity building activities were recorded for the period from %(start)s to %(end)s."
                    )
                    % {
                        "start": date_long(ctx.period_start, ctx.lang),
                        "end": date_long(ctx.period_end, ctx.lang),
                    },
                )
            ]
        blocks = [self.paragraph("lead", self._lead(activities, ctx.lang))]
        regional = [a for a in activities if a.kind in REGIONAL_KINDS and a.secretariat_role != "attended"]
        if regional:
            blocks.append(self.paragraph("regional", self._regional(ctx, regional)))
        for a in activities:
            if a in regional:
                continue
            if a.secretariat_role in ("contributed", "attended", "co_organised") or a.kind == "partner_event":
                blocks.append(self.paragraph(f"event.{a.key}", partner_event_sentence(a, ctx.lang)))
            else:
                blocks.append(self.paragraph(f"event.{a.key}", other_activity_sentence(a, ctx.lang)))
        coverage = ctx.fetch("regional_coverage", ctx.sources.regional_coverage)
        if coverage is not None:
            blocks.append(self.paragraph("coverage", coverage_sentence(coverage, ctx.lang)))
        blocks.append(self._table(ctx, activities))
        return blocks

    def _lead(self, activities: list[ActivityFact], lang: str) -> str:
        text = _(
            "In line with the capacity building action plan for e-commerce, the Secretariat has conducted a "
            "series of capacity building activities, with the support of relevant donors and pre-accredited "
            "and accredited experts."
        )
        funders = sorted({f for a in activities for f in a.funders})
        if funders:
            text += " " + _("Funding was provided by %(funders)s.") % {"funders": join_list(funders, lang)}
        return text

    def _regional(self, ctx: ReportContext, regional: list[ActivityFact]) -> str:
        regions = join_list([region_title(a) for a in regional], ctx.lang)
        if ctx.previous_session:
            since = _("Since the last update at the %(session)s %(committee)s Sessions") % {
                "session": session_label(ctx.previous_session, ctx.lang),
                "committee": committee_short(ctx.committee),
            }
            if ctx.previous_document_number:
                since += _(", through document %(document)s") % {"document": ctx.previous_document_number}
        else:
            since = _("In the period covered by this document")
        if len(regional) == 1:
            opening = _(
                "%(since)s, the Secretariat delivered the regional workshop for the %(regions)s Region."
            )
        else:
            opening = _(
                "%(since)s, the Secretariat delivered the regional workshops for the %(regions)s Regions."
            )
        sentences = [opening % {"since": since, "regions": regions}]
        sentences += [workshop_sentence(a, ctx.lang) for a in regional]
        sentences += speakers_sentences(regional, ctx.lang)
        return " ".join(sentences)

    def _table(self, ctx: ReportContext, activities: list[ActivityFact]) -> Block:
        rows = [
            [
                date_span_short(a.start, a.end, ctx.lang),
                a.title,
                modality_label(a.modality),
                a.participants or "–",
                str(a.member_count) if a.member_count else "–",
                join_list([*a.speakers_international, *a.speakers_private, *a.partners], ctx.lang) or "–",
            ]
            for a in activities
        ]
        return self.block(
            f"{self.key}.table",
            "table",
            columns=[
                _("Dates"),
                _("Activity"),
                _("Modality"),
                _("Participants"),
                _("Member administrations"),
                _("Speakers and partners"),
            ],
            rows=rows,
            caption=_("Activities in the period"),
        )


def coverage_sentence(coverage: RegionalCoverageFact, lang: str) -> str:
    if coverage.all_regions_completed:
        return _(
            "Having completed the cycle of regional workshops for all WCO regions, national workshops on "
            "e-commerce will be planned as the next step of implementation of the capacity building action "
            "plan, focusing on building sustainable capacity for implementing the modernization and reform "
            "process in each Member Customs administration that has requested assistance."
        )
    return _(
        "Regional workshops have been held for the %(done)s regions; the cycle of regional workshops "
        "remains to be completed for the %(missing)s regions."
    ) % {
        "done": join_list(coverage.regions_done, lang) or "–",
        "missing": join_list(coverage.regions_missing, lang),
    }
