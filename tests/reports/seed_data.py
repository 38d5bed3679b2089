"""The facts of sections II and III of the committee document PC0690, recorded through the owning apps' services.

Used by the report tests when the demo data is not loaded; the acceptance test uses `clearway demo load`.
"""

from __future__ import annotations

import datetime
from typing import Any

from clearway.capacity.services import (
    ActivityInput,
    activity_create,
    activity_speaker_add,
    organisation_ensure,
)
from clearway.members.models import Member, Region

D = datetime.date


def _org(actor: Any, name: str, acronym: str, kind: str, name_fr: str = "") -> Any:
    return organisation_ensure(actor=actor, name_en=name, name_fr=name_fr, acronym=acronym, kind=kind)


def seed_capacity_record(*, actor: Any) -> dict[str, Any]:
    wco = _org(actor, "World Customs Organization", "WCO", "wco", "Organisation mondiale des douanes")
    upu = _org(actor, "Universal Postal Union", "UPU", "international", "Union postale universelle")
    gea = _org(
        actor, "Global Express Association", "GEA", "industry_association", "Global Express Association"
    )
    oecd = _org(
        actor,
        "Organisation for Economic Cooperation and Development",
        "OECD",
        "international",
        "Organisation de coopération et de développement économiques",
    )
    iadb = _org(
        actor,
        "Inter-American Development Bank",
        "IADB",
        "development_bank",
        "Banque interaméricaine de développement",
    )
    companies = {
        name: _org(actor, name, "", "company")
        for name in ("Alibaba Group", "Alibaba Cainiao", "Amazon", "DHL")
    }
    mena = activity_create(
        actor=actor,
        data=ActivityInput(
            title_en="Regional workshop on e-commerce for the MENA region",
            title_fr="Atelier régional sur le commerce électronique pour la région MENA",
            kind="regional_workshop",
            modality="online",
            start_date=D(2021, 9, 27),
            end_date=D(2021, 9, 30),
            organiser=wco,
            region=Region.objects.get(code="MENA"),
            member_count=15,
            participants_value=100,
            participants_qualifier="close_to",
            participants_noun_en="experts",
            participants_noun_fr="experts",
            participant_groups=["customs", "postal_operators"],
        ),
    )
    eur = activity_create(
        actor=actor,
        data=ActivityInput(
            title_en="Regional workshop on e-commerce for the Europe region",
            title_fr="Atelier régional sur le commerce électronique pour la région Europe",
            kind="regional_workshop",
            modality="virtual",
            start_date=D(2022, 1, 24),
            end_date=D(2022, 1, 28),
            organiser=wco,
            region=Region.objects.get(code="EUR"),
            member_count=37,
            participants_value=100,
            participants_qualifier="nearly",
            participants_noun_en="experts",
            participants_noun_fr="experts",
            participant_groups=["customs", "postal_operators"],
        ),
    )
    for activity in (mena, eur):
        for org in (upu, gea, oecd):
            activity_speaker_add(actor=actor, activity=activity, organisation=org)
    activity_speaker_add(actor=actor, activity=mena, organisation=companies["Alibaba Group"])
    for name in ("Alibaba Cainiao", "Amazon", "DHL"):
        activity_speaker_add(actor=actor, activity=eur, organisation=companies[name])
    mercosur = activity_create(
        actor=actor,
        data=ActivityInput(
            title_en="IADB workshop on e-commerce",
            title_fr="Atelier de la BID sur le commerce électronique",
            kind="partner_event",
            modality="online",
            start_date=D(2021, 12, 6),
            end_date=D(2021, 12, 10),
            organiser=iadb,
            secretariat_role="contributed",
            audience_en="the members of Mercosur",
            audience_fr="les membres du Mercosur",
            members=list(Member.objects.filter(iso3__in=["ARG", "BRA", "PRY", "URY"])),
        ),
    )
    earlier = []
    for code, start in (
        ("AP", D(2020, 11, 16)),
        ("ESA", D(2021, 3, 8)),
        ("WCA", D(2021, 4, 12)),
        ("AM", D(2021, 5, 17)),
    ):
        earlier.append(
            activity_create(
                actor=actor,
                data=ActivityInput(
                    title_en=f"Regional workshop on e-commerce for the {code} region",
                    kind="regional_workshop",
                    modality="online",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=3),
                    organiser=wco,
                    region=Region.objects.get(code=code),
                ),
            )
        )
    return {"mena": mena, "eur": eur, "mercosur": mercosur, "earlier": earlier}
