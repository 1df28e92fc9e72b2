"""Fixed-window rate limits kept in the cache (Redis in production, shared by workers).

A limit is ``"count/seconds"`` under a name in ``settings.RATE_LIMITS`` (``0/…`` turns it
off); the client is identified by a keyed hash of its address, so no address is stored in
clear. A view that is over its limit raises ``RateLimited``; ``RateLimitMiddleware`` turns
that into a 429 page in Vietnamese with ``Retry-After``.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


class RateLimited(Exception):
    def __init__(self, name: str, retry_after: int) -> None:
        super().__init__(name)
        self.name = name
        self.retry_after = retry_after


def parse(rate: str) -> tuple[int, int]:
    count, _sep, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or the header the proxy overwrites with it
    (``OCOP_CLIENT_IP_HEADER``, e.g. ``X-Real-IP``) when the app runs behind nginx.

    Only a header the proxy *sets* may be trusted: a client can send any header itself.
    Also used by django-axes (``AXES_CLIENT_IP_CALLABLE``).
    """
    header = getattr(settings, "CLIENT_IP_HEADER_META", "")
    if header:
        forwarded = request.META.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def _digest(value: str) -> str:
    return hashlib.blake2s(value.encode(), digest_size=8, key=b"ocop-rate").hexdigest()


def client_key(request: HttpRequest) -> str:
    return _digest(client_address(request))


def _count(key: str, seconds: int) -> int:
    """Add one to the window ``key`` and return the new count (the window starts with the
    first hit and is not pushed back by later ones)."""
    backend: Any = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip instead of Django's add + exists + incr.
        full_key = backend.make_and_validate_key(key)
        client = backend._cache.get_client(full_key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.set(full_key, 0, ex=seconds, nx=True)
        pipe.incr(full_key)
        return int(pipe.execute()[1])
    if backend.add(key, 1, timeout=seconds):
        return 1
    try:
        return int(backend.incr(key))
    except ValueError:  # the window expired between add() and incr()
        backend.add(key, 1, timeout=seconds)
        return 1


def _key(request: HttpRequest, name: str, subject: str | None) -> str:
    who = _digest(subject.strip().lower()) if subject is not None else client_key(request)
    return f"ocop:rate:{name}:{who}"


def hit(*, request: HttpRequest, name: str, subject: str | None = None) -> bool:
    """Count one use of ``name`` by this client (or by ``subject``, e.g. an e-mail address,
    instead of the address); False once the limit is exceeded. A limit of 0 is off."""
    count, seconds = parse(settings.RATE_LIMITS[name])
    if count <= 0:
        return True
    return _count(_key(request, name, subject), seconds) <= count


def exceeded(*, request: HttpRequest, name: str, subject: str | None = None) -> bool:
    """Whether this client is already over ``name``, without counting this request (for
    limits that count only failures, such as wrong passwords)."""
    count, _seconds = parse(settings.RATE_LIMITS[name])
    if count <= 0:
        return False
    return int(caches["default"].get(_key(request, name, subject)) or 0) >= count


def enforce(*, request: HttpRequest, name: str, subject: str | None = None) -> None:
    """``hit``, raising ``RateLimited`` when the limit is exceeded."""
    if not hit(request=request, name=name, subject=subject):
        raise RateLimited(name, parse(settings.RATE_LIMITS[name])[1])


def limit(name: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable[..., Any]:
    """View decorator: count requests with one of ``methods`` against ``name``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                enforce(request=request, name=name)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def mark_limited(response: HttpResponse, *, name: str) -> HttpResponse:
    """Headers of a 429 answer that re-shows a form (the person's text is kept): when to
    retry (the window of ``name``), and never cached."""
    return _limited(response, retry_after=parse(settings.RATE_LIMITS[name])[1])


def _limited(response: HttpResponse, *, retry_after: int) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """The 429 page: standalone (no session, no CSRF cookie), never cached by an edge."""
    minutes = max(1, (retry_after + 59) // 60)
    html = render_to_string(
        "core/429.html",
        {
            "retry_after": retry_after,
            "minutes": minutes,
            "message": _(
                "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. "
                "Vui lòng thử lại sau khoảng %(minutes)s phút."
            )
            % {"minutes": minutes},
        },
    )
    return _limited(HttpResponse(html), retry_after=retry_after)


class RateLimitMiddleware:
    """Renders ``RateLimited`` raised by any view as the 429 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, retry_after=exception.retry_after)
        return None
