"""Two-factor sign-in: who must use it, which devices a person has, codes and the QR image.

A person is *enrolled* when they have a confirmed TOTP device (an authenticator app). Enrolling also
issues one-time recovery codes (a django-otp static device); a code is stored only as a SHA-256 digest
and deleted when used. Writes live in core/services.py; the login steps in core/views/twofactor.py.
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership
from .roles import Role

RECOVERY_CODE_COUNT = 10
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_CODE_LENGTH = 16  # 16 symbols of 31: about 79 bits

# Session keys of the sign-in steps (set at login by core/signals.py, read by SignInStepsMiddleware).
SESSION_STEP = "jinzai_signin_step"
STEP_VERIFY = "verify"  # enrolled: enter a code
STEP_ENROL = "enrol"  # required but not enrolled: set up the app first
SESSION_MUST_CHANGE_PASSWORD = "jinzai_must_change_password"
SESSION_REAUTH_AT = "jinzai_reauth_at"
SESSION_PENDING_DEVICE = "jinzai_totp_pending"


def role_choices(organisation) -> list[tuple[str, str]]:
    """The roles an organisation can have (市町村支援担当 only in a prefecture)."""
    return [
        (r.value, r.label)
        for r in Role
        if r != Role.PREFECTURE_SUPPORT or organisation.kind == organisation.Kind.PREFECTURE
    ]


def required_roles(organisation) -> list[str]:
    return [r for r in (organisation.twofactor_roles or []) if r in Role.values]


def is_required(user) -> bool:
    """Must `user` use two-factor sign-in? Yes when any active membership's role requires it there."""
    if not getattr(user, "pk", None):
        return False
    for role, roles in Membership.objects.filter(user=user, is_active=True).values_list(
        "role", "organisation__twofactor_roles"
    ):
        if role in (roles or []):
            return True
    return False


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_codes_left(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def signin_step(user) -> str | None:
    if is_enrolled(user):
        return STEP_VERIFY
    if is_required(user):
        return STEP_ENROL
    return None


# --- recovery codes ----------------------------------------------------------------


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4)))
    return codes


def normalise_code(value: str) -> str:
    """What a person typed, without spaces and hyphens, lower case, full-width folded."""
    from .text import normalize_text

    return normalize_text(value or "").replace(" ", "").replace("-", "").replace("ー", "").lower()


def code_digest(code: str) -> str:
    """The stored form of a recovery code (StaticToken.token holds at most 16 characters)."""
    return hashlib.sha256(normalise_code(code).encode("ascii", "ignore")).hexdigest()[:16]


# --- enrolment ---------------------------------------------------------------------------


def secret_for_display(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed by hand (base32, groups of 4)."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (img-src allows data:; no PIL needed)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# --- verification ----------------------------------------------------------------------


@dataclass
class Verification:
    device: object | None
    kind: str = ""  # "totp" or "recovery"
    wait_seconds: int = 0  # > 0 when throttled after failures


def _throttle_wait(device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    from django.utils import timezone

    return max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def verify(user, token: str) -> Verification:
    """Check a 6-digit code from the app, or a recovery code (used up when it matches)."""
    from django.db import transaction

    value = normalise_code(token)
    with transaction.atomic():
        if value.isdigit() and len(value) == 6:
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            if device is None:
                return Verification(None)
            wait = _throttle_wait(device)
            if wait:
                return Verification(None, wait_seconds=wait)
            if device.verify_token(value):
                return Verification(device, "totp")
            return Verification(None, wait_seconds=0)
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not value:
            return Verification(None)
        wait = _throttle_wait(device)
        if wait:
            return Verification(None, wait_seconds=wait)
        if device.verify_token(code_digest(value)):
            return Verification(device, "recovery")
        return Verification(None)


def issuer_label() -> str:
    return getattr(settings, "OTP_TOTP_ISSUER", "jinzai")
