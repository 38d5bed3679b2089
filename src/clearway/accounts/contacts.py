"""The people of a Member administration (focal point, contributors, head of administration, delegate), managed
in Clearway by the Secretariat or by the Member's focal point: added and invited, their role changed,
deactivated and reactivated. Each change is audited; pages, the API and the CLI call these functions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.accounts.access import access_link_create, access_links_open
from clearway.accounts.actors import actor_user
from clearway.accounts.models import AccessLink, AccessPurpose, User
from clearway.accounts.roles import CONTACT_ROLES, Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.accounts.services import LANGUAGES, user_create
from clearway.core.actors import Actor
from clearway.core.audit import audit_record
from clearway.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed


def contact_can_manage(*, actor: Actor, member_id: int) -> bool:
    """The Secretariat manages every Member's people; a Member's focal point manages their own administration's."""
    if user_is_secretariat(actor):
        return True
    user = actor_user(actor)
    return bool(
        user is not None
        and user.is_active
        and user.role == Role.MEMBER_FOCAL_POINT
        and user.member_id == member_id
    )


def _require_manager(actor: Actor, member_id: int | None) -> None:
    if member_id is None or not contact_can_manage(actor=actor, member_id=member_id):
        raise PermissionDenied(
            _("Only the Secretariat and the Member's focal point manage its people in Clearway.")
        )


def _require_contact(user: User) -> None:
    if user.role not in CONTACT_ROLES or user.member_id is None:
        raise PermissionDenied(_("This person is not one of a Member administration's people."))


def _require_not_self(actor: Actor, user: User) -> None:
    if actor.pk == user.pk:
        raise PermissionDenied(
            _("You cannot change your own role or account; ask the Secretariat or another focal point.")
        )


def _contact_role(role: str) -> Role:
    if role not in CONTACT_ROLES:
        raise ValidationFailed(field_errors={"role": [_("Choose one of the roles of a Member's people.")]})
    return Role(role)


def _clean_email(email: str) -> str:
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationFailed(field_errors={"email": [_("Enter a valid e-mail address.")]}) from exc
    taken = User.objects.filter(Q(email__iexact=address) | Q(username__iexact=address)).first()
    if taken is not None:
        where = taken.member.name if taken.member else taken.role_label
        raise ValidationFailed(
            field_errors={
                "email": [
                    _("This address is already in Clearway (%(where)s): one account per person.")
                    % {"where": where}
                ]
            }
        )
    return address


@transaction.atomic
def contact_add(
    *,
    actor: Actor,
    member: Any,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    language: str = "en",
    invite: bool = True,
) -> User:
    """Add a person to a Member administration; their user name is their e-mail address. With `invite`, they are
    e-mailed a link to set a password (valid 14 days); without, they are a contact who does not sign in."""
    _require_manager(actor, getattr(member, "pk", None))
    role = _contact_role(role)
    if language not in LANGUAGES:
        raise ValidationFailed(field_errors={"language": [_("Choose English or French.")]})
    if not (first_name.strip() or last_name.strip()):
        raise ValidationFailed(field_errors={"last_name": [_("Give the person's name.")]})
    address = _clean_email(email)
    user = user_create(
        actor=actor,
        username=address,
        password=None,
        role=role,
        email=address,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        member=member,
        preferred_language=language,
        job_title=job_title.strip(),
    )
    if invite:
        contact_invite(actor=actor, user=user)
    return user


@transaction.atomic
def contact_invite(*, actor: Actor, user: User) -> AccessLink:
    """E-mail the person a one-time link to set their password and sign in (again, replacing an earlier one)."""
    _require_contact(user)
    _require_manager(actor, user.member_id)
    if not user.is_active:
        raise InvalidTransition(_("Reactivate this person before inviting them."))
    if user.has_usable_password():
        raise InvalidTransition(
            _("This person has signed in already; they can ask for a new password from the sign-in page.")
        )
    if not user.email:
        raise ValidationFailed(field_errors={"email": [_("This person has no e-mail address.")]})
    link = access_link_create(user=user, purpose=AccessPurpose.INVITATION, actor=actor)
    audit_record(
        actor=actor,
        action="accounts.user.invite",
        instance=user,
        after={"email": user.email, "expires_at": link.expires_at},
    )
    return link


@transaction.atomic
def contact_role_change(*, actor: Actor, user: User, role: str, reason: str = "") -> User:
    _require_contact(user)
    _require_manager(actor, user.member_id)
    _require_not_self(actor, user)
    new_role = _contact_role(role)
    if new_role == user.role:
        return user
    before = {"role": user.role}
    user.role = new_role
    user.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="accounts.user.role_change",
        instance=user,
        before=before,
        after={"role": user.role},
        reason=reason,
    )
    return user


def _active_set(*, actor: Actor, user: User, active: bool, reason: str = "") -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="accounts.user.reactivate" if active else "accounts.user.deactivate",
        instance=user,
        before={"is_active": not active},
        after={"is_active": active},
        reason=reason,
    )
    return user


@transaction.atomic
def contact_deactivate(*, actor: Actor, user: User, reason: str = "") -> User:
    """The person can no longer sign in (their sessions, links and API tokens stop working); their history stays."""
    _require_contact(user)
    _require_manager(actor, user.member_id)
    _require_not_self(actor, user)
    if not user.is_active:
        raise InvalidTransition(_("This person is deactivated already."))
    access_links_open(user=user).update(revoked_at=timezone.now())
    return _active_set(actor=actor, user=user, active=False, reason=reason)


@transaction.atomic
def contact_reactivate(*, actor: Actor, user: User) -> User:
    _require_contact(user)
    _require_manager(actor, user.member_id)
    if user.is_active:
        raise InvalidTransition(_("This person is active already."))
    return _active_set(actor=actor, user=user, active=True)
