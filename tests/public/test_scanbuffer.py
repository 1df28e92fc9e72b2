"""The batched scan writer loses nothing when its process stops gracefully."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from ocop.stamps import scanbuffer
from ocop.stamps.models import Scan

SCRIPT = textwrap.dedent(
    """
    import os, signal, sys, time
    import django
    django.setup()
    from django.utils import timezone
    from ocop.stamps import scanbuffer
    for i in range(int(sys.argv[1])):
        scanbuffer.record({"serial": f"S{i}", "outcome": "unknown", "scanned_at": timezone.now()})
    if sys.argv[2] == "sigterm":
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)  # the handler flushes and exits long before this
    """
)


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    host = settings.get("HOST") or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings.get('PORT') or 5432}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["sigterm", "exit"])
def test_graceful_stop_flushes_every_buffered_scan(how):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ocop.settings",
        "OCOP_DATABASE_URL": _database_url(),
        # Far above what 1,200 scans reach: only the stop can write them.
        "OCOP_SCAN_FLUSH_SECONDS": "600",
        "OCOP_SCAN_FLUSH_SIZE": "100000",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "1200", how], env=env, timeout=60, capture_output=True
    )
    expected = 128 + signal.SIGTERM if how == "sigterm" else 0
    assert result.returncode == expected, result.stderr.decode()
    assert Scan.objects.count() == 1200


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_flushes_in_batches(settings):
    import time

    settings.SCAN_FLUSH_SECONDS = 0.05
    for i in range(10):
        scanbuffer.record({"serial": f"T{i}", "outcome": "unknown"})
    deadline = time.monotonic() + 10
    while Scan.objects.count() < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert Scan.objects.count() == 10 and scanbuffer.pending() == 0
