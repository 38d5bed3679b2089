"""An activity's facts rendered in the reader's language, for pages, exports and committee reports.

Approximate numbers stay approximate: "close to 100 experts" renders as "close to 100 experts" (French:
"près de 100 experts"), and the words originally reported are kept alongside in `participants_wording`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext, pgettext

from clearway.capacity.models import Activity, CountQualifier, DatePrecision, ParticipantGroup


def count_text(*, value: int | None, qualifier: str, noun: str = "") -> str:
    """ "close to 100 experts", "nearly 100", "12 candidates"; empty when no number was reported."""
    if value is None:
        return ""
    n = formats.number_format(value, use_l10n=True, force_grouping=True)
    templates = {
        CountQualifier.EXACT: pgettext("participants", "%(n)s"),
        CountQualifier.ABOUT: pgettext("participants", "about %(n)s"),
        CountQualifier.CLOSE_TO: pgettext("participants", "close to %(n)s"),
        CountQualifier.NEARLY: pgettext("participants", "nearly %(n)s"),
        CountQualifier.MORE_THAN: pgettext("participants", "more than %(n)s"),
        CountQualifier.AT_LEAST: pgettext("participants", "at least %(n)s"),
        CountQualifier.UP_TO: pgettext("participants", "up to %(n)s"),
    }
    text = templates.get(CountQualifier(qualifier), "%(n)s") % {"n": n}
    return f"{text} {noun}".strip()


def date_range_text(*, start: datetime.date, end: datetime.date, precision: str = DatePrecision.DAY) -> str:
    if precision == DatePrecision.MONTH:
        first, last = (
            formats.date_format(start, "YEAR_MONTH_FORMAT"),
            formats.date_format(end, "YEAR_MONTH_FORMAT"),
        )
        return first if first == last else gettext("%(start)s – %(end)s") % {"start": first, "end": last}
    if start == end:
        return formats.date_format(start, "DATE_FORMAT")
    return gettext("%(start)s – %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


@dataclass(frozen=True)
class SpeakerFact:
    organisation: str
    acronym: str
    kind: str
    person: str
    topic: str = ""


@dataclass(frozen=True)
class ActivityFacts:
    """Everything a progress report says about one activity, as display strings in the active language."""

    pk: int
    title: str
    title_en: str
    title_fr: str
    kind: str
    status: str
    modality: str
    start_date: datetime.date
    end_date: datetime.date
    dates: str
    region_code: str  # the first region; `region_codes` has every region a joint activity covers
    region: str  # every region covered, named in the active language
    audience: str
    organiser: str
    secretariat_role: str
    partners: list[str]
    funders: list[str]
    participants: str
    participants_value: int | None
    participants_qualifier: str
    participants_wording: str
    participant_groups: list[str]
    participant_groups_note: str
    member_count: int | None
    members_listed: list[str]
    member_administrations: str
    speakers: list[SpeakerFact]
    standards: list[str]
    whole_framework: bool
    source: str
    illustrative: bool
    region_codes: list[str] = field(default_factory=list)
    venue: str = ""  # "City, Country", empty when not recorded
    venue_city: str = ""
    venue_country: str = ""


def member_administrations_text(activity: Activity) -> str:
    listed = len(activity.members.all())
    count = max(activity.member_count or 0, listed)
    if not count:
        return ""
    from django.utils.translation import ngettext

    return ngettext("%(n)s Member administration", "%(n)s Member administrations", count) % {"n": count}


def activity_facts(activity: Activity) -> ActivityFacts:
    """Uses the relations prefetched by `selectors.activity_queryset`; call inside `translation.override`."""
    groups = [
        str(ParticipantGroup(g).label) for g in activity.participant_groups if g in ParticipantGroup.values
    ]
    return ActivityFacts(
        pk=activity.pk,
        title=activity.title,
        title_en=activity.title_en,
        title_fr=activity.title_fr,
        kind=activity.get_kind_display(),
        status=activity.get_status_display(),
        modality=activity.get_modality_display(),
        start_date=activity.start_date,
        end_date=activity.end_date,
        dates=date_range_text(
            start=activity.start_date, end=activity.end_date, precision=activity.date_precision
        ),
        region_code=activity.region.code if activity.region else "",
        region=" / ".join(r.name for r in activity.regions_covered),
        region_codes=[r.code for r in activity.regions_covered],
        audience=activity.audience,
        organiser=activity.organiser.name,
        secretariat_role=activity.get_secretariat_role_display(),
        partners=[o.name for o in activity.partners.all()],
        funders=[o.name for o in activity.funders.all()],
        participants=count_text(
            value=activity.participants_value,
            qualifier=activity.participants_qualifier,
            noun=activity.participants_noun,
        ),
        participants_value=activity.participants_value,
        participants_qualifier=activity.participants_qualifier,
        participants_wording=activity.participants_wording,
        participant_groups=groups,
        participant_groups_note=activity.participant_groups_note,
        member_count=activity.member_count,
        members_listed=[m.name for m in activity.members.all()],
        member_administrations=member_administrations_text(activity),
        speakers=[
            SpeakerFact(
                s.organisation.name,
                s.organisation.acronym,
                s.organisation.get_kind_display(),
                s.person,
                s.topic,
            )
            for s in activity.speakers.all()
        ],
        standards=[f"{s.edition.code} · {s}" for s in activity.standards.all()],
        whole_framework=activity.whole_framework,
        source=activity.source,
        illustrative=activity.illustrative,
        venue=", ".join(p for p in (activity.venue_city.strip(), activity.venue_country.strip()) if p),
        venue_city=activity.venue_city.strip(),
        venue_country=activity.venue_country.strip(),
    )
