"""Writes on the register of activities: entries, speakers, documents, and the organisations they name."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_user
from clearway.accounts.scoping import require_secretariat
from clearway.capacity.models import (
    Activity,
    ActivityDocument,
    ActivityKind,
    ActivitySpeaker,
    ActivityStatus,
    CountQualifier,
    DatePrecision,
    Modality,
    Organisation,
    OrganisationKind,
    ParticipantGroup,
    SecretariatRole,
)
from clearway.capacity.services.experts import activity_assignments_move
from clearway.core.actors import Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import ValidationFailed
from clearway.core.uploads import uploaded_file_check

_M2M = ("other_regions", "partners", "funders", "members", "standards")


@dataclass
class ActivityInput:
    """Everything the register records about an activity; validated by `activity_create` / `activity_update`."""

    title_en: str
    kind: str
    modality: str
    start_date: datetime.date
    end_date: datetime.date
    organiser: Organisation
    title_fr: str = ""
    status: str = ActivityStatus.DELIVERED
    date_precision: str = DatePrecision.DAY
    region: Any = None
    other_regions: list[Any] = field(default_factory=list)
    audience_en: str = ""
    audience_fr: str = ""
    secretariat_role: str = SecretariatRole.ORGANISED
    partners: list[Organisation] = field(default_factory=list)
    funders: list[Organisation] = field(default_factory=list)
    members: list[Any] = field(default_factory=list)
    member_count: int | None = None
    participants_value: int | None = None
    participants_qualifier: str = CountQualifier.EXACT
    participants_noun_en: str = ""
    participants_noun_fr: str = ""
    participants_wording: str = ""
    participant_groups: list[str] = field(default_factory=list)
    participant_groups_note: str = ""
    standards: list[Any] = field(default_factory=list)
    whole_framework: bool = False
    support_request: Any = None
    source: str = ""
    notes: str = ""
    illustrative: bool = False
    venue_city: str = ""
    venue_country: str = ""


def activity_input_errors(data: ActivityInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title_en.strip():
        add("title_en", _("Give the title in English."))
    for name, choices in (
        ("kind", ActivityKind),
        ("modality", Modality),
        ("status", ActivityStatus),
        ("date_precision", DatePrecision),
        ("secretariat_role", SecretariatRole),
        ("participants_qualifier", CountQualifier),
    ):
        if getattr(data, name) not in choices.values:
            add(name, _("Choose one of the listed values."))
    if not isinstance(data.start_date, datetime.date):
        add("start_date", _("Give the start date."))
    if not isinstance(data.end_date, datetime.date):
        add("end_date", _("Give the end date."))
    elif isinstance(data.start_date, datetime.date) and data.end_date < data.start_date:
        add("end_date", _("The end date cannot be before the start date."))
    if data.other_regions and data.region is None:
        add("other_regions", _("Give the first region before the other regions the activity covers."))
    if data.participants_value is None and data.participants_qualifier != CountQualifier.EXACT:
        add("participants_value", _("A qualifier such as “close to” needs a number."))
    if data.participants_value is not None and data.participants_value < 0:
        add("participants_value", _("The number of participants cannot be negative."))
    unknown = [g for g in data.participant_groups if g not in ParticipantGroup.values]
    if unknown:
        add(
            "participant_groups",
            _("Unknown participant group(s): %(groups)s.") % {"groups": ", ".join(unknown)},
        )
    if data.member_count is not None and data.member_count < len(data.members):
        add(
            "member_count",
            _("The number of Member administrations (%(count)s) is lower than the %(listed)s listed.")
            % {"count": data.member_count, "listed": len(data.members)},
        )
    if (
        data.status == ActivityStatus.DELIVERED
        and isinstance(data.start_date, datetime.date)
        and data.start_date > datetime.date.today()
    ):
        add("status", _("An activity that has not started cannot be recorded as delivered."))
    return errors


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    snap = model_snapshot(activity)
    for name in _M2M:
        snap[name] = sorted(getattr(activity, name).values_list("pk", flat=True))
    snap["speakers"] = [[s.organisation_id, s.person] for s in activity.speakers.all().order_by("id")]
    return snap


def _activity_apply(activity: Activity, data: ActivityInput) -> None:
    for f in fields(ActivityInput):
        if f.name not in _M2M:
            value = getattr(data, f.name)
            setattr(activity, f.name, value.strip() if isinstance(value, str) else value)
    activity.participant_groups = sorted(set(data.participant_groups), key=ParticipantGroup.values.index)


def _activity_save(activity: Activity, data: ActivityInput) -> None:
    errors = activity_input_errors(data)
    if errors:
        raise ValidationFailed(field_errors=errors)
    _activity_apply(activity, data)
    activity.save()
    for name in _M2M:
        getattr(activity, name).set(getattr(data, name))


@transaction.atomic
def activity_create(*, actor: Actor, data: ActivityInput) -> Activity:
    require_secretariat(actor)
    activity = Activity()
    _activity_save(activity, data)
    audit_record(
        actor=actor,
        action="capacity.activity.create",
        instance=activity,
        after=_activity_snapshot(activity),
        member_iso3=data.support_request.member.iso3 if data.support_request else "",
    )
    return activity


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, data: ActivityInput, reason: str = "") -> Activity:
    require_secretariat(actor)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    before = _activity_snapshot(activity)
    previous = (activity.start_date, activity.end_date)
    _activity_save(activity, data)
    if (activity.start_date, activity.end_date) != previous:  # the experts' missions move with it
        activity_assignments_move(actor=actor, activity=activity, previous_start=previous[0])
    after = _activity_snapshot(activity)
    if after != before:
        audit_record(
            actor=actor,
            action="capacity.activity.update",
            instance=activity,
            before=before,
            after=after,
            reason=reason,
        )
    return activity


@transaction.atomic
def activity_speaker_add(
    *, actor: Actor, activity: Activity, organisation: Organisation, person: str = "", topic: str = ""
) -> ActivitySpeaker:
    require_secretariat(actor)
    person = person.strip()
    if ActivitySpeaker.objects.filter(activity=activity, organisation=organisation, person=person).exists():
        raise ValidationFailed(
            field_errors={
                "organisation": [
                    _("%(org)s is already listed as a speaker at this activity.") % {"org": organisation}
                ]
            }
        )
    speaker = ActivitySpeaker.objects.create(
        activity=activity, organisation=organisation, person=person, topic=topic.strip()
    )
    audit_record(
        actor=actor,
        action="capacity.activity.speaker_add",
        instance=activity,
        after={"organisation": organisation.pk, "person": person, "topic": speaker.topic},
    )
    return speaker


@transaction.atomic
def activity_document_add(
    *, actor: Actor, activity: Activity, title: str, upload: UploadedFile
) -> ActivityDocument:
    require_secretariat(actor)
    content_type = uploaded_file_check(upload, field="file").content_type
    if not title.strip():
        raise ValidationFailed(field_errors={"title": [_("Give the document a title.")]})
    document = ActivityDocument(
        activity=activity,
        title=title.strip(),
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor_user(actor),
    )
    document.file = upload
    document.save()
    audit_record(
        actor=actor,
        action="capacity.activity.document_add",
        instance=activity,
        after={
            "document": document.pk,
            "title": document.title,
            "file": document.file.name,
            "size": document.size,
        },
    )
    return document


@transaction.atomic
def organisation_ensure(
    *,
    name_en: str,
    name_fr: str = "",
    acronym: str = "",
    kind: str = OrganisationKind.OTHER,
    actor: Actor,
) -> Organisation:
    """The organisation of that English name, created (audited) when new; existing rows are not changed."""
    name_en = name_en.strip()
    if not name_en:
        raise ValidationFailed(field_errors={"name_en": [_("Give the organisation's name.")]})
    if kind not in OrganisationKind.values:
        raise ValidationFailed(field_errors={"kind": [_("Choose one of the listed values.")]})
    existing = Organisation.objects.filter(name_en__iexact=name_en).first()
    if existing is not None:
        return existing
    require_secretariat(actor)
    organisation = Organisation.objects.create(
        name_en=name_en, name_fr=name_fr.strip(), acronym=acronym.strip(), kind=kind
    )
    audit_record(
        actor=actor,
        action="capacity.organisation.create",
        instance=organisation,
        after=model_snapshot(organisation),
    )
    return organisation


@transaction.atomic
def organisation_create(
    *, actor: Actor, name_en: str, name_fr: str = "", acronym: str = "", kind: str = OrganisationKind.OTHER
) -> Organisation:
    """A new organisation for the register (organiser, partner, funder or speaker); duplicates are refused."""
    require_secretariat(actor)
    if Organisation.objects.filter(name_en__iexact=name_en.strip()).exists():
        raise ValidationFailed(field_errors={"name_en": [_("This organisation is already in the list.")]})
    return organisation_ensure(name_en=name_en, name_fr=name_fr, acronym=acronym, kind=kind, actor=actor)
