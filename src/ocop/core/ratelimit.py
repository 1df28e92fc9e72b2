"""Fixed-window rate limits kept in the cache (Redis in production, shared by workers).

A limit is ``"count/seconds"`` under a name in ``settings.RATE_LIMITS``; the client is
identified by a hash of its address, so no address is stored in clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def parse(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.blake2s(address.encode(), digest_size=8, key=b"ocop-rate").hexdigest()


def hit(*, request: HttpRequest, name: str) -> bool:
    """Count one use of ``name`` by this client; False once the limit is exceeded."""
    count, seconds = parse(settings.RATE_LIMITS[name])
    key = f"ocop:rate:{name}:{client_key(request)}"
    # add() creates the window only if absent, so its expiry is not pushed back by each hit.
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        used = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return True
    return used <= count
