"""A Member's focal point proposes a change to its own AEO register entry at any time; the secretariat reviews it
in the same diff view as a survey answer's proposal, one by one or several at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from clearway.aeo.models import Programme, RecordSource, RegisterUpdate, UpdateStatus
from clearway.aeo.selectors import programme_coverage_map
from clearway.aeo.updates import register_update_propose_own
from clearway.core.exceptions import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db

FORM = {
    "name_en": "Kenya AEO",
    "name_fr": "",
    "status": "operational",
    "launch_year": "2016",
    "cov_express_carrier": "covered",
    "cov_postal_operator": "covered",  # was "planned"
    "note": "Postal operators joined the programme in 2026.",
}


def test_a_focal_point_proposes_a_change_and_the_secretariat_confirms_it_from_the_diff(
    register: dict[str, Any],
    focal_a: Any,
    secretariat: Any,
    member_a: Any,
    client_for: Callable[[Any], Any],
) -> None:
    programme = Programme.objects.get(member=member_a)
    page = client_for(focal_a).get(f"/aeo/members/{member_a.iso3}/").content.decode()
    assert f"/aeo/members/{member_a.iso3}/propose/?programme={programme.pk}" in page
    response = client_for(focal_a).post(
        f"/aeo/members/{member_a.iso3}/propose/?programme={programme.pk}", FORM
    )
    assert response.status_code == 302
    update = RegisterUpdate.objects.get(member=member_a, response__isnull=True)
    assert (
        update.proposed["coverage"]["postal_operator"] == "covered" and update.status == UpdateStatus.PENDING
    )
    assert (
        programme_coverage_map(programme=Programme.objects.get(pk=programme.pk))["postal_operator"]
        == "planned"
    )  # not yet
    review = client_for(secretariat).get(f"/aeo/updates/{update.pk}/").content.decode()
    assert "Proposed by the Member" in review and "Postal operators joined the programme in 2026." in review
    client_for(secretariat).post(f"/aeo/updates/{update.pk}/", {"decision": "confirm", "note": ""})
    programme.refresh_from_db()
    assert (
        programme_coverage_map(programme=programme)["postal_operator"] == "covered"
        and programme.source == RecordSource.MEMBER
    )


def test_only_the_member_s_own_focal_point_proposes_and_only_a_real_change(
    register: dict[str, Any], focal_a: Any, focal_b: Any, contributor_a: Any, member_a: Any
) -> None:
    programme = Programme.objects.get(member=member_a)
    facts = {"name_en": "Kenya AEO", "status": "operational", "launch_year": 2016}
    for intruder in (focal_b, contributor_a):
        with pytest.raises(PermissionDenied):
            register_update_propose_own(actor=intruder, member=member_a, programme=programme, facts=facts)
    same = {
        "name_en": "Kenya AEO",
        "status": "operational",
        "launch_year": 2016,
        "coverage": {"express_carrier": "covered", "postal_operator": "planned"},
    }
    with pytest.raises(ValidationFailed, match="Nothing would change"):
        register_update_propose_own(actor=focal_a, member=member_a, programme=programme, facts=same)


def test_a_newer_proposal_replaces_the_pending_one(
    register: dict[str, Any], focal_a: Any, member_a: Any
) -> None:
    programme = Programme.objects.get(member=member_a)
    first = register_update_propose_own(
        actor=focal_a,
        member=member_a,
        programme=programme,
        facts={"name_en": "Kenya AEO", "status": "under_development"},
    )
    second = register_update_propose_own(
        actor=focal_a, member=member_a, programme=programme, facts={"name_en": "Kenya AEO", "status": "none"}
    )
    first.refresh_from_db()
    assert first.status == UpdateStatus.SUPERSEDED and second.status == UpdateStatus.PENDING


def test_the_secretariat_decides_several_proposals_at_once_and_is_told_which_could_not_be(
    register: dict[str, Any],
    focal_a: Any,
    focal_b: Any,
    secretariat: Any,
    member_a: Any,
    member_b: Any,
    client_for: Callable[[Any], Any],
) -> None:
    kenya = register_update_propose_own(
        actor=focal_a,
        member=member_a,
        programme=Programme.objects.get(member=member_a),
        facts={"name_en": "Kenya AEO", "status": "under_development"},
    )
    uganda = register_update_propose_own(
        actor=focal_b,
        member=member_b,
        programme=Programme.objects.get(member=member_b),
        facts={"name_en": "Uganda AEO", "status": "operational", "launch_year": 2026},
    )
    Programme.objects.filter(member=member_b).update(
        name_en="Uganda AEO programme"
    )  # changed since: a conflict
    page = client_for(secretariat).post(
        "/aeo/updates/decide/", {"ids": [kenya.pk, uganda.pk], "decision": "confirm"}, follow=True
    )
    text = page.content.decode()
    assert "1 proposal decided." in text and f"#{uganda.pk}:" in text
    kenya.refresh_from_db()
    uganda.refresh_from_db()
    assert kenya.status == UpdateStatus.CONFIRMED and uganda.status == UpdateStatus.PENDING
    assert client_for(focal_a).post(
        "/aeo/updates/decide/", {"ids": [uganda.pk], "decision": "reject"}
    ).status_code in (
        302,
        403,
    )
    uganda.refresh_from_db()
    assert uganda.status == UpdateStatus.PENDING
