"""Settings for ``tools/bench_resolver.py``: the project's settings plus one constant view.

Not named ``bench_*.py`` on purpose (``make bench`` runs every ``tools/bench_*.py``).
The benchmark starts granian on ``ocop.wsgi:application`` exactly as ``make serve`` does,
with ``DJANGO_SETTINGS_MODULE=resolver_settings`` and ``tools/`` on ``PYTHONPATH``, so the
same server, workers and middleware serve the resolver and the constant view.
"""

from ocop.settings import *  # noqa: F403

ROOT_URLCONF = "resolver_urls"
