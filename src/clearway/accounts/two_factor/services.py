"""Two-factor sign-in's reads and writes: enrolment, verification of a code, backup codes, turning it off.

Each write is audited under the `user.two_factor_*` codes; a wrong code is recorded too. Wrong codes are throttled
per device by django-otp (after n failures in a row the next try waits 2^(n-1) seconds), whoever sends them.
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearway.accounts.models import User
from clearway.accounts.roles import Role
from clearway.accounts.two_factor.selectors import (
    two_factor_backup_codes_left,
    two_factor_enrolled,
    two_factor_offered,
)
from clearway.core.actors import SYSTEM
from clearway.core.audit import audit_record
from clearway.core.exceptions import PermissionDenied, ValidationFailed

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Clearway"
KEY_BYTES = 20


# ---------------------------------------------------------------- enrolment


def two_factor_key_new() -> str:
    """A new secret (hex, as django-otp stores it), kept in the person's session until a first code confirms it."""
    return secrets.token_hex(KEY_BYTES)


def two_factor_secret_text(*, key: str) -> str:
    """The secret as authenticator apps take it when typed: base32, in groups of four."""
    secret = b32encode(unhexlify(key)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def two_factor_config_url(*, user: User, key: str) -> str:
    return str(TOTPDevice(user=user, key=key).config_url)


def _code_clean(code: str) -> str:
    return "".join(code.split()).lower()


def _totp_matching(*, key: str, code: str) -> TOTP | None:
    """The code's TOTP at the step it matched (the current one or a neighbour, for a phone's clock a little off:
    its `t()` is that step, its `drift` the offset), or None."""
    clean = _code_clean(code)
    if not (clean.isdigit() and len(clean) == 6):
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    return totp if totp.verify(int(clean), tolerance=1) else None


def _backup_codes_new(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_enrol(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Turn two-factor sign-in on with the secret shown to the person, once their app's first code matches it.
    Returns the authenticator and the backup codes, whose clear value is shown once."""
    if not two_factor_offered():
        raise PermissionDenied(_("Two-factor sign-in is not offered on this installation."))
    matched = _totp_matching(key=key, code=code)
    if matched is None:
        raise ValidationFailed(
            field_errors={
                "code": [_("This code does not match. Check your phone's clock and try the next code.")]
            }
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(  # the first code is spent, and the phone's clock offset kept
        user=user,
        name=DEVICE_NAME,
        key=key,
        confirmed=True,
        last_t=matched.t(),
        drift=matched.drift,
        last_used_at=timezone.now(),
    )
    codes = _backup_codes_new(user=user)
    audit_record(
        actor=user, action="accounts.user.two_factor_enrol", instance=user, after={"backup_codes": len(codes)}
    )
    return device, codes


def _password_check(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise ValidationFailed(field_errors={"password": [_("The password is not right.")]})


@transaction.atomic
def two_factor_backup_codes_renew(*, user: User, password: str) -> list[str]:
    """New backup codes for an enrolled person, who confirms with their password; the old ones stop working."""
    _password_check(user=user, password=password)
    if not two_factor_enrolled(user=user):
        raise ValidationFailed(_("Two-factor sign-in is not on for this account."))
    before = {"backup_codes": two_factor_backup_codes_left(user=user)}
    codes = _backup_codes_new(user=user)
    audit_record(
        actor=user,
        action="accounts.user.two_factor_backup_renew",
        instance=user,
        before=before,
        after={"backup_codes": len(codes)},
    )
    return codes


@transaction.atomic
def two_factor_disable(*, actor: User, user: User, password: str = "", reason: str = "") -> None:
    """Turn two-factor sign-in off: by the person, who confirms with their password, or by a Secretariat
    administrator for someone who lost their phone and backup codes (they enrol again at their next sign-in
    when it is required of them)."""
    if actor.pk == user.pk:
        _password_check(user=user, password=password)
    elif actor.role != Role.SECRETARIAT_ADMIN:
        raise PermissionDenied()
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationFailed(_("Two-factor sign-in is not on for this account."))
    before = {"backup_codes": two_factor_backup_codes_left(user=user)}
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="accounts.user.two_factor_disable",
        instance=user,
        before=before,
        after={},
        reason=reason,
    )


# ---------------------------------------------------------------- a code at sign-in


@dataclass(frozen=True)
class CodeCheck:
    """What a code at sign-in gave: the device that accepted it, or why not."""

    device: Device | None
    locked_until: datetime | None = None


def _device_for(*, user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """Six digits are a code from the app; anything else is tried as a backup code."""
    clean = _code_clean(code)
    if clean.isdigit() and len(clean) == 6:
        return TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_verify(*, user: User, code: str, address: str) -> CodeCheck:
    """Check a code at sign-in. A wrong code counts towards the device's throttling and is audited; a backup
    code is spent. Never raises after a failure, so the failure count is kept."""
    device = _device_for(user=user, code=code)
    if device is not None:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            _failure_record(user=user, address=address, throttled=True)
            return CodeCheck(device=None, locked_until=(details or {}).get("locked_until"))
        if device.verify_token(_code_clean(code)):
            if isinstance(device, StaticDevice):
                audit_record(
                    actor=user,
                    action="accounts.user.two_factor_backup_use",
                    instance=user,
                    after={"address": address, "backup_codes": device.token_set.count()},
                )
            return CodeCheck(device=device)
    _failure_record(user=user, address=address, throttled=False)
    return CodeCheck(device=None)


def _failure_record(*, user: User, address: str, throttled: bool) -> None:
    # Recorded as the system's, as refused passwords are: whoever sent the code has not proved who they are.
    audit_record(
        actor=SYSTEM,
        action="accounts.user.two_factor_verify_failed",
        instance=user,
        after={"address": address, "throttled": throttled},
    )
