"""Writes about users and tokens, each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.accounts.models import ApiToken, NotificationEmail, User
from clearway.accounts.roles import CONTACT_ROLES, Role
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import PermissionDenied, ValidationFailed

USER_FIELDS = ["username", "email", "first_name", "last_name", "role", "member_id", "region_id", "is_active"]
LANGUAGES = ("en", "fr")


@transaction.atomic
def user_create(
    *,
    actor: Any,
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
def api_token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its clear value, which is never stored."""
    if actor.pk != user.pk and not actor.is_secretariat:
        raise PermissionDenied()
    if not name.strip():
        raise ValidationFailed(field_errors={"name": [_("Give the token a name.")]})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[3:11], digest=ApiToken.digest_of(raw)
    )
    audit_record(
        actor=actor,
        action="accounts.api_token.create",
        instance=token,
        after={"name": token.name, "user": user.pk},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if actor.pk != token.user_id and not actor.is_secretariat:
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
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
