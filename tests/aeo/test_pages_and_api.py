from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation

from clearway.aeo.models import MutualRecognition
from clearway.core.models import AuditEvent


def test_openapi_schema_lists_the_aeo_operations(secretariat: Any, client_for: Any) -> None:
    paths = client_for(secretariat).get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/aeo/programmes",
        "/api/aeo/programmes/{programme_id}",
        "/api/aeo/mras",
        "/api/aeo/mras/{mra_id}",
        "/api/aeo/network",
        "/api/aeo/updates/{update_id}/confirm",
        "/api/aeo/updates/{update_id}/reject",
    ]:
        assert path in paths, path
    assert "put" in paths["/api/aeo/programmes/{programme_id}"]


def test_regional_office_reads_published_facts_only(
    register: dict[str, Any], regional_esa: Any, client_for: Any
) -> None:
    client = client_for(regional_esa)
    names = {p["name_en"] for p in client.get("/api/aeo/programmes").json()}
    assert names == {"Kenya AEO", "France AEO"}
    assert client.get("/api/aeo/updates").json() == []
    assert client.get("/aeo/programmes/new/").status_code == 403


def test_secretariat_records_an_arrangement_through_the_form(
    register: dict[str, Any], secretariat: Any, client_for: Any
) -> None:
    client = client_for(secretariat)
    form = {
        "kind": "bilateral",
        "programmes": [register["ken"].pk, register["uga"].pk],
        "status": "signed",
        "signed_on": "",
        "confirmed": "on",
    }
    refused = client.post("/aeo/mras/new/", form)
    assert (
        refused.status_code == 200
        and "A signed arrangement has a signature date." in refused.content.decode()
    )
    form["signed_on"] = "2020-02-03"
    assert client.post("/aeo/mras/new/", form).status_code == 302
    mra = MutualRecognition.objects.get(signed_on=datetime.date(2020, 2, 3))
    assert sorted(p.member.iso3 for p in mra.programmes.all()) == ["KEN", "UGA"]
    assert AuditEvent.objects.filter(action="aeo.mra.create", object_id=str(mra.pk)).exists()


def test_arrangement_state_change_through_the_api(
    register: dict[str, Any], secretariat: Any, focal_b: Any, client_for: Any
) -> None:
    hidden = register["hidden_mra"]
    payload = {
        "status": "signed",
        "signed_on": "2021-01-15",
        "covers_ecommerce": True,
        "confirmed": True,
        "reason": "signed in January",
    }
    assert (
        client_for(focal_b)
        .put(f"/api/aeo/mras/{hidden.pk}", data=payload, content_type="application/json")
        .status_code
        == 404
    )
    done = client_for(secretariat).put(
        f"/api/aeo/mras/{hidden.pk}", data=payload, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "signed" and done.json()["covers_ecommerce"]
    event = AuditEvent.objects.get(action="aeo.mra.update", object_id=str(hidden.pk))
    assert event.before["status"] == "under_negotiation" and event.reason == "signed in January"


def test_unconfirmed_programme_is_published_by_confirmation(
    register: dict[str, Any], secretariat: Any, observer: Any, client_for: Any
) -> None:
    uga = register["uga"]
    assert client_for(observer).get(f"/aeo/programmes/{uga.pk}/").status_code == 404
    assert client_for(secretariat).post(f"/aeo/programmes/{uga.pk}/confirm/").status_code == 302
    assert client_for(observer).get(f"/aeo/programmes/{uga.pk}/").status_code == 200


def test_pages_render_in_french(register: dict[str, Any], focal_a: Any, client_for: Any) -> None:
    client = client_for(focal_a)
    client.cookies["django_language"] = "fr"
    try:
        page = client.get("/aeo/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    finally:
        translation.activate("en")  # the locale middleware leaves French active in this thread
    assert "Registre des programmes OEA" in page and "Transporteurs express" in page
