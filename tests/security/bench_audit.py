"""A/B micro-measure of log_action (docs/security.md): the chained version vs the plain
insert it replaced (same fields, no chain), interleaved rounds in one process, medians.

Run against a scratch database only (it writes entries, and the plain ones break the
chain there on purpose):
    OCOP_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
        .venv/bin/python tests/security/bench_audit.py 500
"""

# ruff: noqa: E402 (django.setup() must run before the model imports)
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

call_command("migrate", verbosity=0)
from ocop.accounts.models import User
from ocop.core import audit
from ocop.core.models import AuditEntry

obj, _ = User.objects.get_or_create(username="bench-audit")


def plain(**kw):  # log_action before the chain: build the entry, one INSERT
    entry = AuditEntry(
        at=timezone.now(),
        actor=None,
        actor_label="system",
        action=kw["action"],
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=audit._mask(kw["changes"]),
        data=audit._mask(kw["data"]),
        reason="",
    )
    entry.save()
    return entry


def run(fn, n, own_tx):
    t = time.perf_counter()
    if own_tx:
        for i in range(n):
            with transaction.atomic():
                fn(action="bench", obj=obj, data={"n": i, "name": "Tỉnh"}, changes={"a": [1, 2]})
    else:
        with transaction.atomic():
            for i in range(n):
                fn(action="bench", obj=obj, data={"n": i, "name": "Tỉnh"}, changes={"a": [1, 2]})
    return (time.perf_counter() - t) / n * 1e6


n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
for own_tx in (True, False):
    results = {"before": [], "after": []}
    for _ in range(5):
        results["before"].append(run(plain, n, own_tx))
        results["after"].append(run(audit.log_action, n, own_tx))
    b, a = statistics.median(results["before"]), statistics.median(results["after"])
    where = "own transaction" if own_tx else "inside one transaction"
    print(
        f"{connection.vendor} ({where}): before {b:.0f} µs, after {a:.0f} µs,"
        f" +{a - b:.0f} µs per call"
    )
