"""Small builders for activities and experts (through the services, as users would create them)."""

from __future__ import annotations

import datetime
from typing import Any

from clearway.capacity.models import Activity, Expert
from clearway.capacity.services import ActivityInput, activity_create, expert_create, organisation_ensure
from clearway.core.actors import SYSTEM
from clearway.members.models import Region


def wco() -> Any:
    return organisation_ensure(actor=SYSTEM, name_en="WCO Secretariat", kind="wco")


def activity_make(**overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "title_en": "Regional workshop",
        "kind": "regional_workshop",
        "modality": "online",
        "start_date": datetime.date(2021, 9, 27),
        "end_date": datetime.date(2021, 9, 30),
        "organiser": wco(),
        "region": Region.objects.get(code="MENA"),
    }
    return activity_create(actor=SYSTEM, data=ActivityInput(**(values | overrides)))


def expert_make(name: str = "Expert One", **overrides: Any) -> Expert:
    values: dict[str, Any] = {
        "status": "accredited",
        "profile": "technical_operational",
        "region": Region.objects.get(code="EUR"),
        "languages": ["en"],
    }
    return expert_create(actor=SYSTEM, name=name, **(values | overrides))
