"""``Authorization: Bearer <token>`` for machine clients; signed-in people use their session."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .tokens import acting_user, token_for


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization không hợp lệ."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from exc
        token = token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))
        return acting_user(token), token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) when credentials are missing or wrong.
        return f'{self.keyword} realm="api"'
