from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from clearway.aeo import selectors, services
from clearway.aeo.models import Programme
from clearway.core.actors import SYSTEM
from clearway.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from clearway.core.models import AuditEvent


def test_programme_create_validates_every_field_and_audits(db: Any, secretariat: Any, member_a: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.programme_create(
            actor=secretariat,
            member=member_a,
            facts={
                "name_en": "",
                "status": "none",
                "launch_year": 1800,
                "coverage": {"drones": "covered"},
                "operator_types": ["pirates"],
            },
        )
    assert set(error.value.field_errors) == {"name_en", "launch_year", "coverage", "operator_types"}
    programme = services.programme_create(
        actor=secretariat,
        member=member_a,
        facts={
            "name_en": "Kenya AEO",
            "status": "operational",
            "launch_year": 2016,
            "coverage": {"express_carrier": "covered"},
        },
    )
    assert services.programme_facts(programme=programme)["coverage"] == {"express_carrier": "covered"}
    event = AuditEvent.objects.get(action="aeo.programme.create", object_id=str(programme.pk))
    assert event.actor == secretariat and event.member_iso3 == "KEN"


def test_only_the_secretariat_maintains_the_register(db: Any, focal_a: Any, member_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=focal_a, member=member_a, facts={"name_en": "X", "status": "none"})


def test_stale_version_is_refused(register: dict[str, Any], secretariat: Any) -> None:
    ken = register["ken"]
    facts = services.programme_facts(programme=ken) | {"launch_year": 2017}
    services.programme_update(actor=secretariat, programme=ken, facts=facts, expected_version=1)
    with pytest.raises(Conflict):
        services.programme_update(actor=secretariat, programme=ken, facts=facts, expected_version=1)
    assert Programme.objects.get(pk=ken.pk).launch_year == 2017


def test_mra_rules(register: dict[str, Any], secretariat: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.mra_create(
            actor=secretariat, kind="bilateral", programmes=[register["ken"]], status="signed"
        )
    assert set(error.value.field_errors) == {"signed_on", "programmes"}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("secretariat", {"Kenya AEO", "Uganda AEO", "France AEO"}),
        ("focal_a", {"Kenya AEO", "France AEO"}),
        ("focal_b", {"Kenya AEO", "Uganda AEO", "France AEO"}),
        ("observer", {"Kenya AEO", "France AEO"}),
    ],
)
def test_unconfirmed_facts_only_reach_the_secretariat_and_the_member(
    register: dict[str, Any], persona: str, visible: set[str], request: pytest.FixtureRequest, client_for: Any
) -> None:
    user = request.getfixturevalue(persona)
    assert {p.name_en for p in selectors.programme_list(viewer=user)} == visible
    page = client_for(user).get("/aeo/").content.decode()
    api = client_for(user).get("/api/aeo/programmes").json()
    assert {p["name_en"] for p in api} == visible
    assert ("Uganda AEO" in page) == ("Uganda AEO" in visible)
    detail = client_for(user).get(f"/aeo/programmes/{register['uga'].pk}/")
    assert detail.status_code == (200 if "Uganda AEO" in visible else 404)
    mras = {tuple(m["members"]) for m in client_for(user).get("/api/aeo/mras").json()}
    assert (("FRA", "UGA") in mras) == ("Uganda AEO" in visible)


def test_anonymous_visitors_see_nothing(register: dict[str, Any], anon_client: Any) -> None:
    assert anon_client.get("/api/aeo/programmes").status_code == 401
    assert anon_client.get("/aeo/").status_code == 302


def test_member_b_cannot_change_the_register_by_page_or_api(
    register: dict[str, Any], focal_b: Any, client_for: Any
) -> None:
    client = client_for(focal_b)
    uga = register["uga"]
    assert client.get(f"/aeo/programmes/{uga.pk}/edit/").status_code == 404
    response = client.put(
        f"/api/aeo/programmes/{uga.pk}",
        data={"name_en": "Hacked", "status": "operational", "expected_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert (
        client.post(
            "/api/aeo/programmes",
            data={"member": "UGA", "name_en": "B2", "status": "none"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert Programme.objects.get(pk=uga.pk).name_en == "Uganda AEO"


def test_secretariat_edits_through_the_page_and_api(
    register: dict[str, Any], secretariat: Any, client_for: Any
) -> None:
    client = client_for(secretariat)
    uga = register["uga"]
    form = {
        "name_en": "Uganda AEO",
        "status": "operational",
        "launch_year": "2020",
        "version": "1",
        "cov_express_carrier": "covered",
        "confirmed": "on",
    }
    assert client.post(f"/aeo/programmes/{uga.pk}/edit/", form).status_code == 302
    uga.refresh_from_db()
    assert uga.confirmed and uga.launch_year == 2020 and uga.version == 2
    again = client.post(f"/aeo/programmes/{uga.pk}/edit/", form)  # stale version 1: refused, nothing lost
    assert again.status_code == 200 and "changed this in the meantime" in again.content.decode()
    created = client.post(
        "/api/aeo/programmes",
        data={
            "member": "BRA",
            "name_en": "Brazil AEO",
            "status": "operational",
            "launch_year": 2014,
            "coverage": {"postal_operator": "covered"},
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["coverage"] == {"postal_operator": "covered"}


def test_filters_by_stakeholder_coverage(register: dict[str, Any], observer: Any, client_for: Any) -> None:
    names = {p.name_en for p in selectors.programme_list(viewer=observer, stakeholder="e_marketplace")}
    assert names == {"France AEO"}
    planned = (
        client_for(observer).get("/api/aeo/programmes?stakeholder=postal_operator&coverage=planned").json()
    )
    assert [p["name_en"] for p in planned] == ["Kenya AEO"]
    page = client_for(observer).get("/aeo/?region=ESA").content.decode()
    assert "Kenya AEO" in page and "France AEO" not in page


def test_exports_follow_the_viewers_scope(register: dict[str, Any], observer: Any, client_for: Any) -> None:
    client = client_for(observer)
    csv = client.get("/aeo/export.csv").content.decode("utf-8-sig")
    assert "Kenya AEO" in csv and "Uganda AEO" not in csv
    workbook = load_workbook(io.BytesIO(client.get("/aeo/export.xlsx").content))
    assert workbook.sheetnames == ["About", "Programmes", "Arrangements"]
    rows = list(workbook["Arrangements"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "FRA, KEN"


def test_member_page_shows_the_aeo_panel(register: dict[str, Any], focal_b: Any, client_for: Any) -> None:
    page = client_for(focal_b).get("/members/KEN/").content.decode()
    assert "AEO programmes" in page and "Kenya AEO" in page


def test_network_chart_renders_members_and_arrangements(
    register: dict[str, Any], secretariat: Any, client_for: Any
) -> None:
    page = client_for(secretariat).get("/aeo/network/").content.decode()
    assert "<svg" in page and ">KEN<" in page and ">UGA<" in page
    observer_layout = client_for(secretariat).get("/api/aeo/network?status=signed").json()
    assert {n["label"] for n in observer_layout["nodes"]} == {"KEN", "FRA"}
    assert observer_layout["edges"][0]["covers_ecommerce"] is True


def test_network_layout_groups_regions_and_draws_plurilateral_hubs(
    register: dict[str, Any], secretariat: Any
) -> None:
    from clearway.aeo.network import mra_network_chart, mra_network_layout
    from clearway.core.charts import chart_to_svg
    from clearway.members.models import Member

    tza = services.programme_create(
        actor=SYSTEM,
        member=Member.objects.get(iso3="TZA"),
        facts={"name_en": "TZA AEO", "status": "operational"},
    )
    services.mra_create(
        actor=SYSTEM,
        kind="plurilateral",
        name_en="East",
        status="under_negotiation",
        programmes=[register["ken"], register["uga"], tza],
    )
    layout = mra_network_layout(mras=selectors.mra_list(viewer=secretariat))
    hubs = [n for n in layout.nodes if n.kind == "hub"]
    assert len(hubs) == 1 and hubs[0].label == "East"
    assert sum(1 for e in layout.edges if e.source == hubs[0].key) == 3
    for node in layout.nodes:
        radius = (node.x**2 + node.y**2) ** 0.5
        assert radius == pytest.approx(1.0 if node.kind == "member" else 0.45, abs=1e-3)
    svg = chart_to_svg(mra_network_chart(layout=layout))
    assert ">East<" in svg
    # Screen readers hear what each line and point stands for, not its coordinates.
    labels = re.findall(r'aria-label="([^"]*)"', svg)
    assert "Arrangement: East; Status: Under negotiation; Scope: Other operators only" in labels
    assert "Member: East; Region: Plurilateral" in labels
    assert not [label for label in labels if re.search(r"\b(x|y|lx|ly|x2|y2|kind|label): ", label)]
