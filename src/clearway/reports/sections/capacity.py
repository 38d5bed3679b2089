"""II. Capacity building activities: the workshops delivered in the period, partner events, regional coverage."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clearway.reports.document import Block
from clearway.reports.facts import ActivityFact, RegionalCoverageFact
from clearway.reports.phrases import (
    count_phrase,
    count_sum,
    date_long,
    date_range_phrase,
    date_span_short,
    de_article,
    elide_de,
    join_list,
    of_each,
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
    if a.joint:
        sentence += _(", jointly for the %(regions)s Regions") % {"regions": join_list(a.region_codes, lang)}
    return sentence + "."


def speakers_sentences(workshops: list[ActivityFact], lang: str) -> list[str]:
    """Who spoke at the workshops: those common to all of them once, then each workshop's own, each named with
    its article ('speakers from the Universal Postal Union, China and the United Arab Emirates' / "d'intervenants
    de l'Union postale universelle, de la Chine et des Émirats arabes unis")."""
    with_io = [w for w in workshops if w.speakers_international]
    sentences: list[str] = []
    common = (
        [s for s in with_io[0].speakers_international if all(s in w.speakers_international for w in with_io)]
        if with_io
        else []
    )
    if common and len(with_io) == len(workshops):
        if len(workshops) == 1:
            lead = _("The workshop benefited from the involvement of speakers %(from_orgs)s.")
        elif len(workshops) == 2:
            lead = _("Both workshops benefited from the involvement of speakers %(from_orgs)s.")
        else:
            lead = _("All the workshops benefited from the involvement of speakers %(from_orgs)s.")
        sentences.append(lead % {"from_orgs": of_each(in_sentence(with_io[0], common), lang)})
    else:
        common = []
    for w in workshops:
        own = [s for s in w.speakers_international if s not in common]
        if own:
            sentences.append(
                _("The %(name)s workshop also benefited from speakers %(from_orgs)s.")
                % {"name": w.short_name, "from_orgs": of_each(in_sentence(w, own), lang)}
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


def in_sentence(w: ActivityFact, names: list[str]) -> list[str]:
    """The speakers `names` of `w` as a sentence names them (with their articles)."""
    by_name = dict(zip(w.speakers_international, w.speakers_in_sentence, strict=False))
    return [by_name.get(name, name) for name in names]


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


def region_titles(activities: list[ActivityFact]) -> list[str]:
    """Every region the activities cover, each once, in the order they first appear (a joint workshop covers
    several): 'East and Southern Africa (ESA)'."""
    titles: dict[str, str] = {}
    for a in activities:
        for code, name in zip(a.region_codes, a.region_names, strict=False):
            titles.setdefault(code, f"{name} ({code})")
        if not a.region_codes:
            titles.setdefault(a.key, a.short_name)
    return list(titles.values())


def activity_reference(a: ActivityFact, lang: str) -> str:
    """How a sentence names an activity: 'the ESA/WCA workshop' / "l'atelier AfOA/AOC"; other activities by their
    title in quotes."""
    if a.kind in REGIONAL_KINDS and a.region_codes:
        return _("the %(name)s workshop") % {"name": a.short_name}
    if a.kind == "national_workshop" and a.members:
        return _("the national workshop (%(member)s)") % {"member": a.short_name}
    return _("the activity “%(title)s”") % {"title": a.title}


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def funding_sentences(activities: list[ActivityFact], lang: str) -> list[str]:
    """Each funder tied to what it paid for: 'The Customs Cooperation Fund of China (CCF-China) funded the
    ESA/WCA workshop.' Activities with the same funders share a sentence."""
    groups: dict[tuple[str, ...], list[ActivityFact]] = {}
    for a in activities:
        if a.funders_in_sentence:
            groups.setdefault(tuple(a.funders_in_sentence), []).append(a)
    sentences = []
    for funders, funded in groups.items():
        text = ngettext(
            "%(funders)s funded %(activities)s.", "%(funders)s funded %(activities)s.", len(funders)
        ) % {
            "funders": join_list(list(funders), lang),
            "activities": join_list([activity_reference(a, lang) for a in funded], lang),
        }
        sentences.append(sentence_start(de_article(text) if lang == "fr" else text))
    return sentences


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
        funding = funding_sentences(activities, ctx.lang)
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
        if funding:
            blocks.append(self.paragraph("funding", " ".join(funding)))
        blocks.append(self._table(ctx, activities))
        totals = activity_totals(activities, ctx.lang)
        blocks.append(self.paragraph("totals", totals_sentence(totals, ctx.lang)))
        blocks.append(self._totals_table(totals))
        coverage = ctx.fetch("regional_coverage", ctx.sources.regional_coverage)
        if coverage is not None:
            blocks.append(self.paragraph("coverage", coverage_sentence(coverage, ctx.lang)))
        return blocks

    def _lead(self, activities: list[ActivityFact], lang: str) -> str:
        if any(a.funders for a in activities):
            return _(
                "In line with the capacity building action plan for e-commerce, the Secretariat has conducted a "
                "series of capacity building activities, with the support of donors."
            )
        return _(
            "In line with the capacity building action plan for e-commerce, the Secretariat has conducted a "
            "series of capacity building activities."
        )

    def _totals_table(self, totals: Totals) -> Block:
        return self.block(
            f"{self.key}.totals_table",
            "table",
            columns=[_("Breakdown"), _("Activities"), _("Participants"), _("Member administrations")],
            rows=[[r.label, str(r.activities), r.participants or "–", r.members or "–"] for r in totals.rows],
            caption=_(
                "Totals for the period (a joint activity counts for each region it covers, once in all)"
            ),
        )

    def _regional(self, ctx: ReportContext, regional: list[ActivityFact]) -> str:
        regions = join_list(region_titles(regional), ctx.lang)
        if ctx.previous_session:
            since = _("Since the last update at the %(session)s %(committee)s Sessions") % {
                "session": session_label(ctx.previous_session, ctx.lang),
                "committee": committee_short(ctx.committee),
            }
            if ctx.previous_document_number:
                since += _(", through document %(document)s") % {"document": ctx.previous_document_number}
        else:
            since = _("In the period covered by this document")
        if len(region_titles(regional)) == 1:
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
                ", ".join(a.region_codes) or "–",
                modality_label(a.modality),
                a.participants or "–",
                str(a.member_count) if a.member_count else "–",
                join_list([*a.speakers_international, *a.speakers_private], ctx.lang) or "–",
                join_list(a.partners, ctx.lang) or "–",
                join_list(a.funders, ctx.lang) or "–",
            ]
            for a in activities
        ]
        return self.block(
            f"{self.key}.table",
            "table",
            columns=[
                _("Dates"),
                _("Activity"),
                _("Regions"),
                _("Modality"),
                _("Participants"),
                _("Member administrations"),
                _("Speakers"),
                _("Partners"),
                _("Funders"),
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
    done, missing = coverage.regions_done, coverage.regions_missing
    if done:
        held = ngettext(
            "Regional workshops have been held for the %(done)s Region",
            "Regional workshops have been held for the %(done)s Regions",
            len(done),
        ) % {"done": join_list(done, lang)}
    else:
        held = _("No regional workshop has been held yet")
    remaining = ngettext(
        "the cycle of regional workshops remains to be completed for the %(missing)s Region.",
        "the cycle of regional workshops remains to be completed for the %(missing)s Regions.",
        len(missing),
    ) % {"missing": join_list(missing, lang)}
    return _("%(held)s; %(remaining)s") % {"held": held, "remaining": remaining}


# ---------------------------------------------------------------- totals and breakdowns


@dataclass(frozen=True)
class TotalsRow:
    label: str
    activities: int
    participants: str  # worded honestly: "about 250", "at least 40"
    members: str  # Member administrations reached: "12", "at least 37"


@dataclass(frozen=True)
class Totals:
    activities: int
    participants: str
    members: str
    regions: int
    by_modality: list[tuple[str, int]] = field(default_factory=list)  # (modality code, activities)
    rows: list[TotalsRow] = field(default_factory=list)


def members_reached(activities: list[ActivityFact], lang: str, region: str | None = None) -> str:
    """Member administrations reached by the activities (in `region` when given), honest about what is known:
    exact when every activity lists its Members, else 'at least' the larger of the Members listed and the
    largest number a single activity reported."""
    listed = {iso3 for a in activities for iso3, code in a.member_regions if region is None or code == region}
    reported = [a.member_count or 0 for a in activities if region is None or a.region_codes == [region]]
    unlisted = any((a.member_count or 0) > len(a.member_regions) for a in activities)
    bound = max([len(listed), *reported])
    if not bound:
        return ""
    return count_phrase(bound, "at_least" if unlisted and bound else "exact", lang)


def participants_total(activities: list[ActivityFact], lang: str) -> str:
    return count_sum([(a.participants_value, a.participants_qualifier) for a in activities], lang)


def activity_totals(activities: list[ActivityFact], lang: str) -> Totals:
    """Activities, participants and Member administrations in all, per region covered (a joint activity counts
    for each of its regions) and per modality."""
    rows: list[TotalsRow] = []
    regions: dict[str, str] = {}
    for a in activities:
        for code, name in zip(a.region_codes, a.region_names, strict=False):
            regions.setdefault(code, f"{name} ({code})")
    for code, title in regions.items():
        covered = [a for a in activities if code in a.region_codes]
        rows.append(
            TotalsRow(
                title, len(covered), participants_total(covered, lang), members_reached(covered, lang, code)
            )
        )
    without = [a for a in activities if not a.region_codes]
    if without and regions:
        rows.append(
            TotalsRow(
                _("Not tied to a region"),
                len(without),
                participants_total(without, lang),
                members_reached(without, lang),
            )
        )
    modalities: dict[str, list[ActivityFact]] = {}
    for a in activities:
        modalities.setdefault(a.modality, []).append(a)
    for modality, among in modalities.items():
        rows.append(
            TotalsRow(
                modality_label(modality),
                len(among),
                participants_total(among, lang),
                members_reached(among, lang),
            )
        )
    total = TotalsRow(
        _("All activities"),
        len(activities),
        participants_total(activities, lang),
        members_reached(activities, lang),
    )
    rows.append(total)
    return Totals(
        activities=len(activities),
        participants=total.participants,
        members=total.members,
        regions=len(regions),
        by_modality=[(m, len(among)) for m, among in modalities.items()],
        rows=rows,
    )


def totals_sentence(totals: Totals, lang: str) -> str:
    """'In all, the Secretariat delivered 3 activities in the period (2 online and 1 in person), covering 3
    regions; they gathered about 250 participants from at least 40 Member administrations.'"""
    modalities = [modality_count_phrase(modality, n) for modality, n in totals.by_modality]
    text = ngettext(
        "In all, the Secretariat delivered %(n)s activity in the period",
        "In all, the Secretariat delivered %(n)s activities in the period",
        totals.activities,
    ) % {"n": totals.activities}
    if modalities and len(totals.by_modality) > 1:
        text += f" ({join_list(modalities, lang)})"
    if totals.regions:
        text += ngettext(", covering %(n)s WCO region", ", covering %(n)s WCO regions", totals.regions) % {
            "n": totals.regions
        }
    n = totals.activities  # "it gathered" for one activity, "they gathered" for several
    if totals.participants and totals.members:
        text += ngettext(
            "; it gathered %(people)s participants from %(members)s Member administrations",
            "; they gathered %(people)s participants from %(members)s Member administrations",
            n,
        ) % {"people": totals.participants, "members": totals.members}
    elif totals.participants:
        text += ngettext(
            "; it gathered %(people)s participants", "; they gathered %(people)s participants", n
        ) % {"people": totals.participants}
    elif totals.members:
        text += ngettext(
            "; it reached %(members)s Member administrations",
            "; they reached %(members)s Member administrations",
            n,
        ) % {"members": totals.members}
    return (elide_de(text) if lang == "fr" else text) + "."


def modality_count_phrase(modality: str, n: int) -> str:
    phrases = {
        "online": ngettext("%(n)s online", "%(n)s online", n),
        "virtual": ngettext("%(n)s virtual", "%(n)s virtual", n),
        "hybrid": ngettext("%(n)s hybrid", "%(n)s hybrid", n),
        "in_person": ngettext("%(n)s in person", "%(n)s in person", n),
        "not_reported": ngettext(
            "%(n)s whose format was not reported", "%(n)s whose format was not reported", n
        ),
    }
    return phrases[modality] % {"n": n}
