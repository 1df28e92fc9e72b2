"""Per-token rate limit (per person for sessions, per address for anonymous clients).

The fixed-window counter of ``ocop.core.ratelimit`` (limits ``api`` and ``api_anon`` in
``RATE_LIMITS``; one Redis round trip per request, shared by every worker) rather than
DRF's SimpleRateThrottle, which rewrites a list of timestamps on every request.
"""

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from ocop.core.ratelimit import hit, parse

from .permissions import request_token


class ApiRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self.seconds = 0

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request_token(request)
        if token is not None:
            name, subject = "api", f"token:{token.pk}"
        elif request.user and request.user.is_authenticated:
            name, subject = "api", f"user:{request.user.pk}"
        else:
            name, subject = "api_anon", None  # the client's address
        self.seconds = parse(settings.RATE_LIMITS[name])[1]
        return hit(request=request._request, name=name, subject=subject)

    def wait(self) -> float | None:
        return float(self.seconds) if self.seconds else None
