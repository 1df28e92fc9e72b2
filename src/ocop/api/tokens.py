"""Creating, revoking and resolving API tokens, and the ``Scope`` a token sees.

A token is ``ocop_<prefix>_<secret>``: 8 hex characters anyone may see (lists, logs) and
32 random bytes. Only the SHA-256 of the whole string is stored, so a copy of the
database does not yield a usable token; the string is returned once, by ``create_token``.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.enums import Role
from ocop.accounts.models import User
from ocop.accounts.scope import Scope
from ocop.core.audit import log_action
from ocop.geo.models import Commune, Province
from ocop.registry.models import Producer

from .enums import TokenAccess, TokenScope
from .models import ApiToken

TOKEN_PREFIX = "ocop_"
# last_used_at is a hint for administrators, not an audit trail: writing it at most once a
# minute keeps a busy client from turning every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)

# The role a token's holder would have in its area; domain rules that look at roles (who
# may handle inquiries, …) then treat the token like an officer (or producer) there.
SCOPE_ROLE = {
    TokenScope.NATIONAL: Role.MAE_OFFICER,
    TokenScope.PROVINCE: Role.PROVINCE_OFFICER,
    TokenScope.COMMUNE: Role.COMMUNE_OFFICER,
    TokenScope.PRODUCER: Role.PRODUCER,
}


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown once; never stored


def _require_admin(actor: Any) -> None:
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được quản lý mã truy cập API."))


@transaction.atomic
def create_token(
    *,
    actor: Any,
    name: str,
    scope: TokenScope,
    access: TokenAccess = TokenAccess.READ,
    province: Province | None = None,
    commune: Commune | None = None,
    producer: Producer | None = None,
) -> NewToken:
    """Create a token and its service account; ``actor=None`` is the command line."""
    _require_admin(actor)
    if not name.strip():
        raise ValidationError({"name": _("Cần đặt tên cho mã truy cập.")})
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    user = User(username=f"api-{prefix}", full_name=f"API: {name.strip()}"[:200])
    user.set_unusable_password()
    user.save()
    token = ApiToken(
        name=name.strip(),
        prefix=prefix,
        secret_hash=hash_secret(raw),
        scope=scope,
        access=access,
        province=province,
        commune=commune,
        producer=producer,
        user=user,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        token.full_clean(exclude=["user"])
    except ValidationError as exc:
        if not hasattr(exc, "error_dict") or "__all__" not in exc.error_dict:
            raise
        raise ValidationError(
            _("Phạm vi %(scope)s cần đúng một địa bàn tương ứng (tỉnh, xã hoặc chủ thể).")
            % {"scope": TokenScope(scope).label}
        ) from exc
    token.save()
    log_action(
        action="ocop.api_token.created",
        obj=token,
        actor=actor,
        data={
            "prefix": prefix,
            "scope": scope,
            "access": access,
            "area": province or commune or producer or "",
        },
    )
    return NewToken(token=token, raw=raw)


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke at once: the next request with the token is refused (401)."""
    _require_admin(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    # The service account goes with it, so that nothing else can ever act as it.
    User.objects.filter(pk=token.user_id).update(is_active=False)
    log_action(
        action="ocop.api_token.revoked",
        obj=token,
        actor=actor,
        data={"prefix": token.prefix},
        reason=reason,
    )
    return token


def token_for(raw: str) -> ApiToken | None:
    """The active token whose secret is ``raw``, or None (unknown, malformed, revoked)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=hash_secret(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def scope_of(token: ApiToken) -> Scope:
    """The token's area as a ``Scope``, with edit rights only for a write token."""
    write = token.access == TokenAccess.WRITE
    roles = frozenset({SCOPE_ROLE[TokenScope(token.scope)]})
    if token.scope == TokenScope.NATIONAL:
        return Scope(national=True, edit_national=write, roles=roles)
    if token.scope == TokenScope.PROVINCE:
        codes = frozenset({token.province_id or ""})
        return Scope(
            province_codes=codes, edit_province_codes=codes if write else frozenset(), roles=roles
        )
    if token.scope == TokenScope.COMMUNE:
        codes = frozenset({token.commune_id or ""})
        return Scope(
            commune_codes=codes, edit_commune_codes=codes if write else frozenset(), roles=roles
        )
    return Scope(producer_ids=frozenset({token.producer_id or 0}), roles=roles)


def acting_user(token: ApiToken) -> User:
    """The token's service account with the token's scope attached, so that every scoped
    query (``scope_for``) and domain rule sees the token's area and nothing else."""
    user = token.user
    user._ocop_scope = scope_of(token)  # type: ignore[attr-defined]
    user._ocop_api_token = token  # type: ignore[attr-defined]
    return user
