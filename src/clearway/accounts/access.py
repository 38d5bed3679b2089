"""One-time links that let a person set their password: invitations and password resets, each audited.

A link is recorded here (who, why, until when) and e-mailed by the background job `accounts.access_link_send`,
which makes its secret: only the secret's SHA-256 is stored. Using a link sets the password, signs the person in
(the view does) and closes every other open link of theirs.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_user
from clearway.accounts.models import AccessLink, AccessPurpose, User
from clearway.core.actors import SYSTEM, Actor
from clearway.core.audit import audit_record
from clearway.core.exceptions import NotFound, ValidationFailed
from clearway.core.jobs import job_enqueue

LINK_VALIDITY = {
    AccessPurpose.INVITATION: timedelta(days=14),
    AccessPurpose.PASSWORD_RESET: timedelta(hours=24),
}
# A second reset asked for within this time sends nothing more (a form posted again, or someone else's prank).
RESET_PAUSE = timedelta(minutes=5)


def access_links_open(*, user: User) -> QuerySet[AccessLink]:
    return AccessLink.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def access_link_create(*, user: User, purpose: str, actor: Actor) -> AccessLink:
    """Record a link for `user` and queue its e-mail; the person's older open links stop working."""
    now = timezone.now()
    access_links_open(user=user).update(revoked_at=now)
    link = AccessLink.objects.create(
        user=user,
        purpose=purpose,
        created_by=actor_user(actor),
        expires_at=now + LINK_VALIDITY[AccessPurpose(purpose)],
    )
    job_enqueue(kind="accounts.access_link_send", params={"link": link.pk}, actor=actor)
    return link


@transaction.atomic
def password_reset_request(*, email: str) -> int:
    """E-mail a reset link to each active account with this address; returns how many (never shown: the page
    says the same whether an account exists or not)."""
    address = email.strip()
    if not address:
        return 0
    sent = 0
    for user in User.objects.filter(email__iexact=address, is_active=True):
        if AccessLink.objects.filter(
            user=user, purpose=AccessPurpose.PASSWORD_RESET, created_at__gt=timezone.now() - RESET_PAUSE
        ).exists():
            continue
        link = access_link_create(user=user, purpose=AccessPurpose.PASSWORD_RESET, actor=SYSTEM)
        audit_record(
            actor=SYSTEM,
            action="accounts.user.password_reset_request",
            instance=user,
            after={"expires_at": link.expires_at},
        )
        sent += 1
    return sent


def access_link_get(*, raw: str) -> AccessLink:
    """The open link with this secret, or NotFound with the reason a person can act on."""
    link = (
        AccessLink.objects.select_related("user", "created_by")
        .filter(digest=AccessLink.digest_of(raw))
        .exclude(digest="")
        .first()
    )
    if link is None or link.revoked_at is not None:
        raise NotFound(_("This link is not valid: it may have been replaced by a newer one."))
    if link.used_at is not None:
        raise NotFound(_("This link was used already. Sign in with your password, or ask for a new link."))
    if link.expires_at <= timezone.now():
        raise NotFound(_("This link has expired. Ask for a new one."))
    if not link.user.is_active:
        raise NotFound(_("This account is deactivated."))
    return link


@transaction.atomic
def access_link_use(*, raw: str, password: str) -> User:
    """Set the password through a link, once: the invitation is accepted, or the password reset."""
    link = access_link_get(raw=raw)
    user = link.user
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationFailed(field_errors={"password": [str(m) for m in exc.messages]}) from exc
    now = timezone.now()
    # Conditional on the link being still open: two submissions of the form use it once.
    if not AccessLink.objects.filter(pk=link.pk, used_at__isnull=True, revoked_at__isnull=True).update(
        used_at=now
    ):
        raise NotFound(_("This link was used already. Sign in with your password, or ask for a new link."))
    AccessLink.objects.filter(
        Q(user=user) & ~Q(pk=link.pk), used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    user.set_password(password)
    user.save(update_fields=["password"])
    accepted = link.purpose == AccessPurpose.INVITATION
    audit_record(
        actor=user,
        action="accounts.user.invitation_accept" if accepted else "accounts.user.password_reset",
        instance=user,
        after={"link": link.pk, "invited_by": link.created_by_id} if accepted else {"link": link.pk},
    )
    return user
