"""Per-token rate limit (per address for anonymous clients and sessions).

The fixed-window counter of ``ocop.core.ratelimit`` (one ``cache.add`` + ``incr`` per
request, shared by every worker through Redis) rather than DRF's SimpleRateThrottle, which
rewrites a list of timestamps in the cache on every request.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from ocop.core.ratelimit import client_key, parse

from .permissions import request_token


class ApiRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self.seconds = 0

    def _key(self, request: Request) -> tuple[str, str]:
        token = request_token(request)
        if token is not None:
            return f"ocop:rate:api:token:{token.pk}", settings.OCOP_RATE_API
        if request.user and request.user.is_authenticated:
            return f"ocop:rate:api:user:{request.user.pk}", settings.OCOP_RATE_API
        return f"ocop:rate:api:ip:{client_key(request._request)}", settings.OCOP_RATE_API_ANON

    def allow_request(self, request: Request, view: Any) -> bool:
        key, rate = self._key(request)
        count, seconds = parse(rate)
        self.seconds = seconds
        if cache.add(key, 1, timeout=seconds):
            return True
        try:
            used = cache.incr(key)
        except ValueError:  # the window expired between add() and incr()
            cache.add(key, 1, timeout=seconds)
            return True
        return used <= count

    def wait(self) -> float | None:
        return float(self.seconds) if self.seconds else None
