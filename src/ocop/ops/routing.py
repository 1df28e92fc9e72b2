"""Read replicas: reads that may lag go to the ``replica`` alias, everything else to default.

A query is sent to the replica only inside ``use_replica()`` (a context manager that is also
a decorator), so no view reads stale data unless it was written for that: the public pages
and the reports wrap their read-only work in it. Writes always go to ``default``, even
inside ``use_replica()``; a view that writes and then reads what it wrote must not use it
(the replica may lag behind by the replication delay). Sessions, users and their roles,
login lockouts and tasks are always read from the primary. Without ``OCOP_DATABASE_REPLICA_URL``
there is no ``replica`` alias and ``use_replica()`` changes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections

REPLICA = "replica"
# Read from the primary even inside use_replica(): a session or a login seconds old, a role
# just revoked, a lockout counter or a task's state must never be read behind the primary.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "accounts", "axes", "django_tasks_db"})

# A contextvar, not a thread-local: it is right per request under threads and under ASGI.
_use_replica: ContextVar[bool] = ContextVar("ocop_use_replica", default=False)


@contextmanager
def use_replica() -> Iterator[None]:
    """Send the reads of the enclosed code to the replica (if one is configured)."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def replica_active() -> bool:
    return _use_replica.get() and REPLICA in connections.settings


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry (settings/ops.py)."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if model._meta.app_label in PRIMARY_ONLY_APPS or not replica_active():
            return None
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same data (one replicates the other).
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica receives the schema by replication, never by ``migrate``.
        return db == "default"
