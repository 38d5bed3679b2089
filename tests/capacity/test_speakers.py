"""Speakers' topics are shown, and the speaker matrix names each activity in full, not by a cut title."""

from __future__ import annotations

import datetime
from typing import Any

from clearway.capacity.services import activity_speaker_add, organisation_ensure
from clearway.core.actors import SYSTEM
from tests.capacity.factories import activity_make

D = datetime.date
LONG = "Regional workshop on the implementation of the E-Commerce Framework of Standards for the %s region"


def test_topics_and_full_titles_in_the_register_and_on_the_activity(
    client_for: Any, secretariat: Any
) -> None:
    upu = organisation_ensure(actor=SYSTEM, name_en="Universal Postal Union", kind="international")
    first = activity_make(title_en=LONG % "MENA", start_date=D(2021, 9, 27), end_date=D(2021, 9, 30))
    second = activity_make(title_en=LONG % "Europe", start_date=D(2022, 3, 7), end_date=D(2022, 3, 9))
    activity_speaker_add(actor=secretariat, activity=first, organisation=upu, topic="Postal EAD")
    activity_speaker_add(actor=secretariat, activity=second, organisation=upu)
    client = client_for(secretariat)

    register = client.get("/capacity/?start=2021-01-01&end=2022-12-31").content.decode()
    matrix = register[register.index('id="speakers"') :]
    assert "Postal EAD" in matrix and "✓" in matrix  # the topic where one was given, a tick otherwise
    # Both titles in full (the column headers are numbered and dated), not cut to the same prefix.
    assert LONG % "MENA" in matrix and LONG % "Europe" in matrix
    assert "27/09/2021" in matrix and "07/03/2022" in matrix

    detail = client.get(f"/capacity/activities/{first.pk}/").content.decode()
    assert "Postal EAD" in detail
