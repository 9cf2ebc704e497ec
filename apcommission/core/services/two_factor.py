"""Two-factor sign-in with django-otp: an authenticator app (TOTP, RFC 6238) and single-use
recovery codes; checking a code with throttling; an administrator's reset after a lost phone.

NCSC: multi-factor authentication for staff and any account with access to personal data.
"""

from __future__ import annotations

import re

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..audit import audit_record
from ..models import AuditAction, User
from .sessions import sessions_end_everywhere

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
TOTP_PATTERN = re.compile(r"^\d{6}$")
RECOVERY_PATTERN = re.compile(r"^[a-z2-7]{8}$")


def normalise_code(code: str) -> str:
    """People type codes with spaces or dashes ('123 456', 'abcd-efgh'); keep letters and digits."""
    return re.sub(r"[\s-]", "", code or "").lower()


def authenticator_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def authenticator_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a new secret each time set-up starts again)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def pending_authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def authenticator_confirm(*, user: User, device: TOTPDevice, code: str, request=None) -> list[str] | None:
    """Confirm the new authenticator with a code from it; it replaces any earlier one. Returns new
    recovery codes, or None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(normalise_code(code)):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit_record(user=user, action=AuditAction.TWO_FACTOR_SET_UP, obj=user, request=request)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User, request=None) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    audit_record(user=user, action=AuditAction.RECOVERY_CODES, obj=user, request=request)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class CodeCheck:
    """What checking a code found: the device that accepted it, or why not."""

    def __init__(self, device=None, *, wait: bool = False, locked: bool = False):
        self.device = device
        self.wait = wait
        self.locked = locked

    @property
    def ok(self) -> bool:
        return self.device is not None


def second_factor_check(*, user: User, code: str, request) -> CodeCheck:
    """Check a 6-digit code from the authenticator or a recovery code (used up when it works).

    django-otp slows wrong codes on each device (1, 2, 4 ... seconds before the next is checked);
    every wrong code is also a failed sign-in for django-axes, which locks the account and
    address at the limit, like wrong passwords.
    """
    if not AxesProxyHandler.is_allowed(request, {"username": user.email}):
        return CodeCheck(locked=True)
    code = normalise_code(code)
    if TOTP_PATTERN.match(code):
        device = authenticator_for(user)
    elif RECOVERY_PATTERN.match(code):
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = None
    if device is not None and not device.verify_is_allowed()[0]:
        return CodeCheck(wait=True)
    verified = verify_token(user, device.persistent_id, code) if device is not None else None
    if verified is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.email, "second_factor": True}, request=request
        )
        return CodeCheck()
    return CodeCheck(verified)


@transaction.atomic
def second_factor_reset(*, user: User, by: User, request=None) -> None:
    """An administrator's reset after a lost phone: the authenticator and recovery codes are
    removed, every session ends, and the person sets up a new authenticator at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    sessions_end_everywhere(user=user)
    audit_record(user=by, action=AuditAction.TWO_FACTOR_RESET, obj=user, request=request)
