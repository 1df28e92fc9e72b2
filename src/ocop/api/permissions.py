"""Who may call what: anyone reads public resources, a read token never writes."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request

from .models import ApiToken


def request_token(request: Request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class TokenAccess(permissions.BasePermission):
    """Writes need a write token (or a session); a read token gets 403 on any write."""

    message = _("Mã truy cập này chỉ có quyền đọc.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request_token(request)
        return token is None or token.may_write


class SignedIn(permissions.IsAuthenticated):
    """Scoped resources: a token or a signed-in person (401 otherwise)."""

    message = _("Cần đăng nhập hoặc dùng mã truy cập API.")


class SignedInForWrites(permissions.BasePermission):
    """Public reads; writes need a token or a signed-in person."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)
