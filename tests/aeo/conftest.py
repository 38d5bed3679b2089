from __future__ import annotations

import datetime
from typing import Any

import pytest

from clearway.core.actors import SYSTEM


@pytest.fixture
def register(db: Any, member_a: Any, member_b: Any) -> dict[str, Any]:
    """Kenya (A) confirmed and operational, Uganda (B) unconfirmed, France confirmed; one MRA A-France."""
    from clearway.aeo.services import mra_create, programme_create
    from clearway.members.models import Member

    fra = Member.objects.get(iso3="FRA")
    ken = programme_create(
        actor=SYSTEM,
        member=member_a,
        facts={
            "name_en": "Kenya AEO",
            "status": "operational",
            "launch_year": 2016,
            "coverage": {"express_carrier": "covered", "postal_operator": "planned"},
        },
    )
    uga = programme_create(
        actor=SYSTEM,
        member=member_b,
        facts={"name_en": "Uganda AEO", "status": "under_development"},
        confirmed=False,
    )
    fra_p = programme_create(
        actor=SYSTEM,
        member=fra,
        facts={
            "name_en": "France AEO",
            "status": "operational",
            "launch_year": 2008,
            "coverage": {"express_carrier": "covered", "e_marketplace": "covered"},
        },
    )
    mra = mra_create(
        actor=SYSTEM,
        kind="bilateral",
        programmes=[ken, fra_p],
        status="signed",
        signed_on=datetime.date(2019, 5, 1),
        covers_ecommerce=True,
    )
    hidden = mra_create(
        actor=SYSTEM, kind="bilateral", programmes=[uga, fra_p], status="under_negotiation", confirmed=False
    )
    return {"ken": ken, "uga": uga, "fra": fra_p, "mra": mra, "hidden_mra": hidden}
