"""Writes through the pages: recording an activity, speakers, documents, letters, planning with experts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clearway.capacity.models import Activity, RequestState, SupportRequest
from clearway.capacity.services import ActionInput
from clearway.core.actors import SYSTEM
from tests.capacity.factories import activity_make, expert_make, wco

D = datetime.date


def test_the_secretariat_records_an_activity_with_an_approximate_count(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    organiser = wco()
    form = {
        "title_en": "Sub-regional webinar",
        "kind": "webinar",
        "status": "delivered",
        "modality": "online",
        "start_date": "2022-05-10",
        "end_date": "2022-05-10",
        "date_precision": "day",
        "organiser": organiser.pk,
        "secretariat_role": "organised",
        "participants_qualifier": "more_than",
        "participants_value": "250",
        "participants_noun_en": "participants",
        "participants_wording": "more than 250 participants",
        "member_count": "40",
        "participant_groups": ["private_sector"],
    }
    assert client_for(focal_a).post("/capacity/activities/new/", form).status_code == 403
    response = client_for(secretariat).post("/capacity/activities/new/", form)
    activity = Activity.objects.get(title_en="Sub-regional webinar")
    assert response.status_code == 302 and response["Location"] == f"/capacity/activities/{activity.pk}/"
    assert (activity.participants_value, activity.participants_qualifier) == (250, "more_than")
    assert activity.participant_groups == ["private_sector"]
    page = client_for(focal_a).get(response["Location"]).content.decode()
    assert "more than 250 participants" in page and "40 Member administrations" in page


def test_an_invalid_activity_form_keeps_what_was_typed(client_for: Any, secretariat: Any) -> None:
    form = {
        "title_en": "Kept title",
        "kind": "webinar",
        "status": "delivered",
        "modality": "online",
        "start_date": "2022-05-10",
        "end_date": "2022-05-01",
        "date_precision": "day",
        "organiser": wco().pk,
        "secretariat_role": "organised",
        "participants_qualifier": "nearly",
    }
    response = client_for(secretariat).post("/capacity/activities/new/", form)
    page = response.content.decode()
    assert response.status_code == 200 and "Kept title" in page
    assert "The end date cannot be before the start date." in page
    assert "needs a number" in page
    assert not Activity.objects.filter(title_en="Kept title").exists()


def test_documents_upload_and_download_only_for_those_who_see_the_activity(
    client_for: Any, secretariat: Any, focal_a: Any, focal_b: Any, member_a: Any, request_in: Any
) -> None:
    request = request_in(member_a, RequestState.PLANNED)
    workshop = activity_make(
        title_en="National workshop",
        kind="national_workshop",
        status="planned",
        start_date=D(2030, 1, 7),
        end_date=D(2030, 1, 9),
        support_request=request,
    )
    sec = client_for(secretariat)
    upload = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda")
    sec.post(f"/capacity/activities/{workshop.pk}/documents/", {"title": "Agenda", "file": upload})
    document = workshop.documents.get()
    url = f"/capacity/activities/{workshop.pk}/documents/{document.pk}/"
    got = client_for(focal_a).get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 agenda"
    assert client_for(focal_b).get(url).status_code == 404
    bad = sec.post(
        f"/capacity/activities/{workshop.pk}/documents/",
        {"title": "Virus", "file": SimpleUploadedFile("x.pdf", b"MZ")},
        follow=True,
    )
    assert "“x.pdf” is not an accepted file" in bad.content.decode()
    assert workshop.documents.count() == 1


def test_speakers_are_added_by_organisation(client_for: Any, secretariat: Any) -> None:
    activity = activity_make()
    client = client_for(secretariat)
    client.post(f"/capacity/activities/{activity.pk}/speakers/", {"new_organisation": "DHL", "person": ""})
    again = client.post(
        f"/capacity/activities/{activity.pk}/speakers/", {"new_organisation": "dhl"}, follow=True
    )
    assert [s.organisation.name_en for s in activity.speakers.all()] == ["DHL"]
    assert "already listed" in again.content.decode()


def test_letters_are_served_to_the_member_and_the_secretariat_only(
    client_for: Any, focal_a: Any, focal_b: Any, secretariat: Any
) -> None:
    letter = SimpleUploadedFile("intention.pdf", b"%PDF-1.4 intention")
    response = client_for(focal_a).post(
        "/capacity/requests/new/",
        {"intention_date": "2022-02-01", "intention_reference": "L/1", "intention_letter": letter},
    )
    request = SupportRequest.objects.get()
    assert response["Location"] == f"/capacity/requests/{request.pk}/"
    url = f"/capacity/requests/{request.pk}/letters/intention/"
    assert client_for(secretariat).get(url).status_code == 200
    assert client_for(focal_b).get(url).status_code == 404
    assert client_for(focal_a).get(f"/capacity/requests/{request.pk}/letters/official/").status_code == 404


def test_planning_through_the_page_refuses_a_double_booked_expert(
    client_for: Any, secretariat: Any, member_a: Any, request_in: Any
) -> None:
    expert = expert_make()
    busy = activity_make(
        title_en="Busy mission", status="planned", start_date=D(2030, 3, 4), end_date=D(2030, 3, 8)
    )
    from clearway.capacity.services import expert_assign

    expert_assign(
        actor=secretariat, expert=expert, activity=busy, start_date=D(2030, 3, 4), end_date=D(2030, 3, 8)
    )
    request = request_in(member_a, RequestState.APPROVED)
    client = client_for(secretariat)
    url = f"/capacity/requests/{request.pk}/to/planned/"
    form = {
        "planned-start_date": "2030-03-06",
        "planned-end_date": "2030-03-07",
        "planned-modality": "in_person",
        "planned-experts": [expert.pk],
    }
    page = client.post(url, form, follow=True).content.decode()
    assert "already assigned to “Busy mission”" in page
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED and not request.activities.exists()
    form |= {"planned-start_date": "2030-03-10", "planned-end_date": "2030-03-12"}
    client.post(url, form)
    request.refresh_from_db()
    assert (
        request.state == RequestState.PLANNED and request.activities.get().assignments.get().expert == expert
    )


def test_follow_up_actions_are_marked_done(
    client_for: Any, focal_a: Any, focal_b: Any, member_a: Any, request_in: Any
) -> None:
    from clearway.capacity.services import request_transition

    request = request_in(member_a, RequestState.DELIVERED)
    request_transition(
        request=request,
        to_state=RequestState.FOLLOW_UP,
        actor=SYSTEM,
        actions=[ActionInput(description="Publish the data requirements")],
    )
    action = request.actions.get()
    url = f"/capacity/requests/{request.pk}/actions/{action.pk}/done/"
    assert client_for(focal_b).post(url, {"done_on": "2026-01-05"}).status_code == 404
    client_for(focal_a).post(url, {"done_on": "2026-01-05"})
    action.refresh_from_db()
    assert action.done_on == D(2026, 1, 5)


def test_the_secretariat_adds_organisations_and_duplicates_are_refused(
    client_for: Any, secretariat: Any, focal_a: Any
) -> None:
    form = {"name_en": "World Bank Group", "acronym": "WBG", "kind": "development_bank"}
    assert client_for(focal_a).post("/capacity/organisations/", form).status_code == 403
    client = client_for(secretariat)
    assert client.post("/capacity/organisations/", form).status_code == 302
    again = client.post("/capacity/organisations/", form | {"name_en": "world bank group"})
    assert "already in the list" in again.content.decode()
    assert "World Bank Group" in client_for(focal_a).get("/capacity/organisations/").content.decode()


def test_a_bad_period_is_refused_not_widened(client_for: Any, secretariat: Any) -> None:
    activity_make(title_en="Somewhere in 2021")
    client = client_for(secretariat)
    page = client.get("/capacity/?start=2022-01-01&end=2021-01-01").content.decode()
    assert "cannot be before its start" in page and "Somewhere in 2021" not in page
    assert client.get("/capacity/register.csv?start=2022-01-01&end=2021-01-01").status_code == 400
    assert client.get("/capacity/register.csv?start=not-a-date").status_code == 400


def test_the_roster_is_kept_through_the_page(client_for: Any, secretariat: Any, regional_esa: Any) -> None:
    from clearway.capacity.models import Expert
    from clearway.core.exceptions import ValidationFailed
    from clearway.members.models import Region

    client = client_for(secretariat)
    form = {
        "name": "Zawadi Otieno",
        "status": "pre_accredited",
        "profile": "technical_operational",
        "languages": "en, sw",
        "region": Region.objects.get(code="ESA").pk,
    }
    bad = client.post("/capacity/experts/", form | {"languages": "English"})
    assert "two-letter codes" in bad.content.decode() and not Expert.objects.exists()
    assert client.post("/capacity/experts/", form).status_code == 302
    expert = Expert.objects.get(name="Zawadi Otieno")
    assert expert.languages == ["en", "sw"]
    assert client_for(regional_esa).post("/capacity/experts/", form | {"name": "Other"}).status_code == 403
    assert "Zawadi Otieno" in client_for(regional_esa).get("/capacity/experts/").content.decode()

    client.post(f"/capacity/experts/{expert.pk}/availability/", {"availability_note": "On leave until June"})
    expert.refresh_from_db()
    assert not expert.available and expert.availability_note == "On leave until June"
    from clearway.capacity.services import expert_assign

    with pytest.raises(ValidationFailed, match="not available"):
        expert_assign(
            actor=secretariat,
            expert=expert,
            activity=activity_make(),
            start_date=D(2021, 9, 27),
            end_date=D(2021, 9, 30),
        )
