"""Exports of the register of activities (CSV and XLSX), in the reader's language, illustrative rows labelled."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from clearway.capacity.facts import ActivityFacts, activity_facts
from clearway.capacity.models import Activity
from clearway.core.exports import Sheets, TabularExport


def register_headers() -> list[str]:
    return [
        _("Title"),
        _("Title (English)"),
        _("Title (French)"),
        _("Kind"),
        _("Status"),
        _("Modality"),
        _("Start date"),
        _("End date"),
        _("Dates"),
        _("Region"),
        _("Venue (city)"),
        _("Venue (country)"),
        _("Audience"),
        _("Organiser"),
        _("Role of the WCO Secretariat"),
        _("Partners"),
        _("Funders"),
        _("Participants"),
        _("Participants (number)"),
        _("Participants (qualifier)"),
        _("Participants as originally reported"),
        _("Other participant groups"),
        _("Note on participant groups"),
        _("Number of Member administrations"),
        _("Members listed"),
        _("Speakers' organisations"),
        _("Standards addressed"),
        _("Framework as a whole"),
        _("Source"),
        _("Illustrative"),
    ]


def _joined(value: Any) -> Any:
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value


def register_row(f: ActivityFacts) -> list[Any]:
    values = [
        f.title,
        f.title_en,
        f.title_fr,
        f.kind,
        f.status,
        f.modality,
        f.start_date,
        f.end_date,
        f.dates,
        " / ".join(f.region_codes),
        f.venue_city,
        f.venue_country,
        f.audience,
        f.organiser,
        f.secretariat_role,
        f.partners,
        f.funders,
        f.participants,
        f.participants_value,
        f.participants_qualifier,
        f.participants_wording,
        f.participant_groups,
        f.participant_groups_note,
        f.member_count,
        f.members_listed,
        [s.organisation + (f" ({s.person})" if s.person else "") for s in f.speakers],
        f.standards,
        _("yes") if f.whole_framework else "",
        f.source,
        _("illustrative") if f.illustrative else "",
    ]
    return [_joined(v) for v in values]


def _speaker_rows(facts: list[ActivityFacts]) -> list[list[Any]]:
    return [
        [f.title, f.dates, s.organisation, s.acronym, s.kind, s.person] for f in facts for s in f.speakers
    ]


def _sheets(facts: list[ActivityFacts], fmt: str) -> Sheets:
    activities = (register_headers(), [register_row(f) for f in facts])
    if fmt == "csv":
        return Sheets({_("Activities"): activities})
    notes = [
        _("Register of capacity-building activities (Clearway)."),
        _("Participant numbers keep the qualifier reported (e.g. close to, nearly) and the original words."),
    ]
    if any(f.illustrative for f in facts):
        notes.append(_("Rows marked “illustrative” are demonstration data, not reported facts."))
    speaker_headers = [_("Activity"), _("Dates"), _("Organisation"), _("Acronym"), _("Kind"), _("Speaker")]
    return Sheets(
        {_("Activities"): activities, _("Speakers"): (speaker_headers, _speaker_rows(facts))}, notes=notes
    )


def register_export(*, activities: Iterable[Activity]) -> TabularExport:
    """The register: CSV (activities) or XLSX (activities, speakers, notes)."""
    return TabularExport(
        filename="capacity-register", sheets=lambda fmt: _sheets([activity_facts(a) for a in activities], fmt)
    )


__all__: Sequence[str] = ["register_export", "register_headers", "register_row"]
