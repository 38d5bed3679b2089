"""An activity's venue (city, country) is in the API, both ways, and in the register's exports, in each language."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.capacity.factories import activity_make
from tests.capacity.test_scoping_and_api import _bearer


def test_the_api_gives_and_takes_the_venue(secretariat: Any, focal_a: Any) -> None:
    activity_make(
        title_en="Nairobi workshop", modality="in_person", venue_city="Nairobi", venue_country="Kenya"
    )
    listed = _bearer(focal_a).get("/api/capacity/activities?start=2021-01-01&end=2021-12-31").json()
    assert [(a["venue_city"], a["venue_country"], a["venue"]) for a in listed] == [
        ("Nairobi", "Kenya", "Nairobi, Kenya")
    ]
    organiser = _bearer(secretariat).get("/api/capacity/organisations").json()[0]["id"]
    payload = {
        "title_en": "Baku workshop",
        "kind": "regional_workshop",
        "modality": "in_person",
        "start_date": "2022-01-24",
        "end_date": "2022-01-28",
        "region": "EUR",
        "organiser_id": organiser,
        "venue_city": "Baku",
        "venue_country": "Azerbaijan",
    }
    created = _bearer(secretariat).post("/api/capacity/activities", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["venue"] == "Baku, Azerbaijan" and created.json()["venue_city"] == "Baku"


@pytest.mark.parametrize(
    ("lang", "city", "country"),
    [("en", "Venue (city)", "Venue (country)"), ("fr", "Lieu (ville)", "Lieu (pays)")],
)
def test_the_register_exports_name_the_venue(
    secretariat: Any, client_for: Any, lang: str, city: str, country: str
) -> None:
    activity_make(
        title_en="Nairobi workshop", modality="in_person", venue_city="Nairobi", venue_country="Kenya"
    )
    client = client_for(secretariat)
    client.cookies["clearway_language"] = lang
    body = client.get("/capacity/register.csv?start=2021-01-01").content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(r[city], r[country]) for r in rows] == [("Nairobi", "Kenya")]

    book = load_workbook(io.BytesIO(client.get("/capacity/register.xlsx?start=2021-01-01").content))
    values = [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in values if city in row)
    line = values[values.index(header) + 1]
    assert (line[header.index(city)], line[header.index(country)]) == ("Nairobi", "Kenya")
