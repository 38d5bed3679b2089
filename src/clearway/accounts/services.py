"""Writes about users and tokens, each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_person
from clearway.accounts.models import ApiToken, NotificationEmail, User
from clearway.accounts.roles import CONTACT_ROLES, Role
from clearway.accounts.scoping import user_is_secretariat
from clearway.accounts.two_factor.selectors import two_factor_enrolled, two_factor_required
from clearway.core.actors import Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import PermissionDenied, ValidationFailed

USER_FIELDS = ["username", "email", "first_name", "last_name", "role", "member_id", "region_id", "is_active"]
LANGUAGES = ("en", "fr")


def _require_user_creator(*, actor: Actor, role: Role, member_id: int | None) -> None:
    """The Secretariat (and `SYSTEM`: demo and command-line loads) creates any account; a Member's focal point
    only its own administration's contacts."""
    if user_is_secretariat(actor):
        return
    if (
        actor.role == Role.MEMBER_FOCAL_POINT
        and role in CONTACT_ROLES
        and member_id is not None
        and actor.member_id == member_id
    ):
        return
    raise PermissionDenied(_("You may not create this account."))


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    role: Role | str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    member: Any = None,
    region: Any = None,
    preferred_language: str = "en",
    job_title: str = "",
    notification_email: str = NotificationEmail.IMMEDIATE,
) -> User:
    role = Role(role)
    _require_user_creator(actor=actor, role=role, member_id=member.pk if member is not None else None)
    if role in CONTACT_ROLES and member is None:
        raise ValidationFailed(
            field_errors={"member": [_("Member users belong to a Member administration.")]}
        )
    if role == Role.REGIONAL_OFFICE and region is None:
        raise ValidationFailed(field_errors={"region": [_("A regional office user belongs to a region.")]})
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(field_errors={"username": [_("This user name is already taken.")]})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        member=member,
        region=region,
        preferred_language=preferred_language,
        job_title=job_title,
        notification_email=notification_email,
        is_staff=role == Role.SECRETARIAT_ADMIN,
        is_superuser=role == Role.SECRETARIAT_ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor, action="accounts.user.create", instance=user, after=model_snapshot(user, USER_FIELDS)
    )
    return user


def _user_preference_set(*, user: User, field: str, value: str, action: str) -> User:
    """A person's own preference, changed by themselves and audited."""
    before = {field: getattr(user, field)}
    setattr(user, field, value)
    user.save(update_fields=[field])
    audit_record(actor=user, action=action, instance=user, before=before, after={field: value})
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in LANGUAGES:
        raise ValidationFailed(field_errors={"language": [_("Choose English or French.")]})
    return _user_preference_set(
        user=user, field="preferred_language", value=language, action="accounts.user.set_language"
    )


@transaction.atomic
def user_set_notification_email(*, user: User, choice: str) -> User:
    """How the person wants notifications by e-mail: each at once, a daily digest, or none."""
    if choice not in NotificationEmail.values:
        raise ValidationFailed(field_errors={"notification_email": [_("Choose one of the options.")]})
    return _user_preference_set(
        user=user, field="notification_email", value=choice, action="accounts.user.set_notification_email"
    )


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its clear value, which is never stored. A person makes it (for themselves, or the
    Secretariat for someone): Clearway itself makes no token (`actor_person` refuses `SYSTEM`)."""
    person = actor_person(actor)
    if person.pk != user.pk and not user_is_secretariat(person):
        raise PermissionDenied()
    if not name.strip():
        raise ValidationFailed(field_errors={"name": [_("Give the token a name.")]})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[3:11], digest=ApiToken.digest_of(raw)
    )
    audit_record(
        actor=person,
        action="accounts.api_token.create",
        instance=token,
        after={"name": token.name, "user": user.pk},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """The token's owner or the Secretariat (or `SYSTEM`) stops it working."""
    if actor.pk != token.user_id and not user_is_secretariat(actor):
        raise PermissionDenied()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="accounts.api_token.revoke",
        instance=token,
        after={"revoked_at": token.revoked_at},
    )
    return token


def api_token_authenticate(*, raw: str) -> User | None:
    """The token's user, or None for an unknown or revoked token; refused (PermissionDenied) for an administrator
    who must use two-factor sign-in and has not turned it on."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if two_factor_required(user=token.user) and not two_factor_enrolled(user=token.user):
        # A token stands for a signed-in session that gave its code: none until the person has enrolled.
        raise PermissionDenied(
            _(
                "Two-factor sign-in is required for your account: turn it on in Clearway before using an API token."
            )
        )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
