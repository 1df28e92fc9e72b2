"""Benchmark the per-request cost of a rate-limit check (``ocop.core.ratelimit.hit``).

Why: the public resolver checks its per-address limit on every scan (docs/security.md);
this keeps the cost of that check a measured figure instead of a timed unit test.

Usage::

    .venv/bin/python tools/bench_ratelimit.py                     # local-memory cache
    OCOP_REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python tools/bench_ratelimit.py
    .venv/bin/python tools/bench_ratelimit.py --calls 2000        # quick

No database is used: a ``RequestFactory`` request and the configured cache only.
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 calls")
    args = parser.parse_args()
    calls = 2_000 if args.quick else args.calls
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    os.environ.setdefault("OCOP_DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import RequestFactory

    from ocop.core import ratelimit

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "bench": f"{calls * 10}/60"}
    request = RequestFactory().get("/01/08930000000012", REMOTE_ADDR="203.0.113.7")
    cache.clear()
    ratelimit.hit(request=request, name="bench")  # connect, create the window
    start = time.perf_counter()
    for _ in range(calls):
        ratelimit.hit(request=request, name="bench")
    per_call = (time.perf_counter() - start) / calls
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"ratelimit.hit ({backend}): {per_call * 1e6:.1f} µs per call over {calls:,} calls")


if __name__ == "__main__":
    main()
