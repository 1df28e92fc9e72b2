"""Optional TOTP two-factor sign-in for officials (RFC 6238, 30 s, 6 digits).

Enrolment is two steps: ``start_enrolment`` stores a new secret (encrypted, not active yet),
``confirm_enrolment`` activates it when the person types a valid code, and returns ten
one-time recovery codes that are shown once and stored only as keyed hashes. Every change
is audited; the secret and the codes never reach the audit log or a log line.
"""

import base64
import hashlib
import hmac
import secrets
import time
from typing import Any

import pyotp
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import log_action

from .models import RecoveryCode, RoleAssignment, TwoFactor, User

RECOVERY_CODES = 10
_STEP = 30


def _fernet() -> MultiFernet:
    """OCOP_OTP_KEY (a Fernet key) when set, else keys derived from SECRET_KEY and its
    fallbacks, so that rotating SECRET_KEY with SECRET_KEY_FALLBACKS keeps secrets readable."""
    keys = []
    if getattr(settings, "OTP_KEY", ""):
        keys.append(settings.OTP_KEY.encode())
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        digest = hashlib.sha256(b"ocop-otp-secret:" + str(secret).encode()).digest()
        keys.append(base64.urlsafe_b64encode(digest))
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # key changed without OCOP_OTP_KEY: re-enrol
        raise ValidationError(_("Không đọc được khoá xác thực; hãy nhờ quản trị đặt lại.")) from exc


def _code_hash(code: str) -> str:
    # Keyed by OCOP_OTP_KEY when set, so that rotating the secret key keeps the codes.
    base = getattr(settings, "OTP_KEY", "") or settings.SECRET_KEY
    key = hashlib.sha256(b"ocop-recovery:" + base.encode()).digest()
    normal = code.replace("-", "").replace(" ", "").lower()
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()


def _new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:16]}"


def active_for(user: Any) -> TwoFactor | None:
    if getattr(user, "pk", None) is None:
        return None
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).first()


def is_required(user: Any) -> bool:
    """True when one of the person's active roles is in ``OCOP_REQUIRE_2FA_ROLES``."""
    roles = settings.REQUIRE_2FA_ROLES
    if not roles:
        return False
    if user.is_superuser and "sysadmin" in roles:
        return True
    return RoleAssignment.objects.filter(user=user, is_active=True, role__in=roles).exists()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email or user.get_username(), issuer_name=settings.OTP_ISSUER
    )


def qr_data_uri(uri: str) -> str:
    import segno  # lazy: only the enrolment page draws a QR

    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


@transaction.atomic
def start_enrolment(*, user: User) -> str:
    """A new secret for ``user`` (not active until confirmed); returns it in clear for
    the QR code. Refused while an active enrolment exists (disable it first)."""
    if active_for(user) is not None:
        raise ValidationError(_("Xác thực hai bước đã được bật."))
    secret = pyotp.random_base32()
    TwoFactor.objects.update_or_create(
        user=user,
        defaults={"secret_encrypted": encrypt(secret), "confirmed_at": None, "last_step": 0},
    )
    return secret


def _accept_totp(two_factor: TwoFactor, code: str) -> bool:
    """The code matches the current step (±1 for clock drift) and is newer than the last
    accepted one; the step is recorded so that the same code cannot be replayed."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(decrypt(two_factor.secret_encrypted))
    now_step = int(time.time()) // _STEP
    for step in (now_step - 1, now_step, now_step + 1):
        if step <= two_factor.last_step:
            continue
        if hmac.compare_digest(totp.at(step * _STEP), code):
            # Conditional update: two concurrent requests with the same code, one wins.
            won = TwoFactor.objects.filter(pk=two_factor.pk, last_step__lt=step).update(
                last_step=step
            )
            two_factor.last_step = step
            return bool(won)
    return False


@transaction.atomic
def confirm_enrolment(*, user: User, code: str) -> list[str]:
    """Activate the pending secret with a valid code; returns the recovery codes."""
    pending = TwoFactor.objects.select_for_update().filter(user=user).first()
    if pending is None or pending.is_active:
        raise ValidationError(_("Không có đăng ký xác thực hai bước đang chờ xác nhận."))
    if not _accept_totp(pending, code):
        raise ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn."), code="bad_code")
    pending.confirmed_at = timezone.now()
    pending.save(update_fields=["confirmed_at", "updated_at"])
    codes = _replace_recovery_codes(user)
    log_action(
        action="ocop.account.2fa_enrolled",
        obj=user,
        actor=user,
        data={"recovery_codes": len(codes)},
    )
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_code_hash(code)) for code in codes]
    )
    return codes


@transaction.atomic
def verify(*, user: User, code: str) -> bool:
    """A TOTP code or an unused recovery code (which is then spent, and audited)."""
    two_factor = TwoFactor.objects.select_for_update().filter(user=user).first()
    if two_factor is None or not two_factor.is_active:
        return False
    if _accept_totp(two_factor, code):
        return True
    spent = RecoveryCode.objects.filter(
        user=user, code_hash=_code_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if spent:
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        log_action(
            action="ocop.account.2fa_recovery_used", obj=user, actor=user, data={"left": left}
        )
        return True
    return False


@transaction.atomic
def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    if not verify(user=user, code=code):
        raise ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn."), code="bad_code")
    codes = _replace_recovery_codes(user)
    log_action(action="ocop.account.2fa_codes_renewed", obj=user, actor=user)
    return codes


@transaction.atomic
def disable(*, user: User, code: str) -> None:
    """The person turns two-factor off, proving it with a current code."""
    if not verify(user=user, code=code):
        raise ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn."), code="bad_code")
    if is_required(user):
        raise ValidationError(_("Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt."))
    TwoFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    log_action(action="ocop.account.2fa_disabled", obj=user, actor=user)


@transaction.atomic
def reset(*, user: User, actor: Any, reason: str = "") -> None:
    """An administrator (or, with actor=None, the operator's command) removes someone's
    two-factor (lost phone, no recovery code);
    the person signs in with the password alone and, if required, enrols again."""
    if actor is not None and not (getattr(actor, "is_superuser", False) or _is_sysadmin(actor)):
        raise PermissionDenied
    removed, _kinds = TwoFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    log_action(
        action="ocop.account.2fa_reset",
        obj=user,
        actor=actor,
        data={"was_enrolled": bool(removed)},
        reason=reason,
    )


def _is_sysadmin(actor: Any) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and RoleAssignment.objects.filter(user=actor, role="sysadmin", is_active=True).exists()
    )
