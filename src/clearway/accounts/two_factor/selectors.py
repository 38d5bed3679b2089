"""Two-factor sign-in's reads: whether it is offered or required, and who has turned it on."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.core.exceptions import PermissionDenied


def two_factor_offered() -> bool:
    return bool(settings.TOTP_MODE != "off")


def two_factor_required(*, user: User) -> bool:
    """Whether this person may not use Clearway without two-factor sign-in."""
    return bool(settings.TOTP_MODE == "required-for-admins" and user.role == Role.SECRETARIAT_ADMIN)


def two_factor_device(*, user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, or None when two-factor sign-in is off or they have not enrolled."""
    if not two_factor_offered() or not user.pk:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_enrolled(*, user: User) -> bool:
    return (
        two_factor_offered()
        and bool(user.pk)
        and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def two_factor_backup_codes_left(*, user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def two_factor_people_list(*, viewer: User) -> QuerySet[User]:
    """For a Secretariat administrator: everyone who has two-factor sign-in on, and the administrators who must
    and have not, each with `two_factor_on`."""
    if viewer.role != Role.SECRETARIAT_ADMIN:
        raise PermissionDenied()
    enrolled = Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    people = User.objects.annotate(two_factor_on=enrolled).select_related("member")
    condition = Q(two_factor_on=True)
    if settings.TOTP_MODE == "required-for-admins":
        condition |= Q(role=Role.SECRETARIAT_ADMIN, is_active=True)
    return people.filter(condition).order_by("-two_factor_on", "username")
