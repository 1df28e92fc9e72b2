"""Forced two-factor enrolment for the roles in ``OCOP_REQUIRE_2FA_ROLES``.

Does nothing (no session read, so no ``Vary: Cookie``) when the setting is empty, on the
public pages, the API, health checks and the account pages themselves.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

_EXEMPT_NAMESPACES = {"", "public", "accounts", "ops", "api"}


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not settings.REQUIRE_2FA_ROLES or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        match = request.resolver_match
        namespace = match.namespaces[0] if match and match.namespaces else ""
        if namespace in _EXEMPT_NAMESPACES or not request.user.is_authenticated:
            return None
        from .views import CHECKED, enrolment_required

        if request.session.get(CHECKED) == request.user.pk:
            return None
        if enrolment_required(request.user):
            messages.warning(
                request, _("Vai trò của bạn bắt buộc bật xác thực hai bước trước khi tiếp tục.")
            )
            return redirect("accounts:security")
        request.session[CHECKED] = request.user.pk
        return None
