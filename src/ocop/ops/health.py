"""Readiness checks: each one answers or fails, and says how long it took."""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connections

from .routing import REPLICA


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    ms: float
    error: str = ""

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"ok": self.ok, "ms": self.ms}
        if self.error:
            data["error"] = self.error
        return data


def _timed(check: Callable[[], None]) -> CheckResult:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:
        # Only the class name: the message may hold a host name or a password-bearing URL,
        # and the probe is answered without authentication.
        return CheckResult(ok=False, ms=_ms(started), error=type(exc).__name__)
    return CheckResult(ok=True, ms=_ms(started))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _database(alias: str) -> Callable[[], None]:
    def check() -> None:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return check


def _cache() -> None:
    key = f"ocop:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache lost a value")
    cache.delete(key)


def _task_queue() -> None:
    # The database backend's queue is a table: it answers if one id can be read from it.
    from django_tasks_db.models import DBTaskResult

    list(DBTaskResult.objects.order_by().values_list("pk", flat=True)[:1])


def readiness() -> dict[str, CheckResult]:
    checks: dict[str, Callable[[], None]] = {"database": _database("default")}
    if REPLICA in connections.settings:
        checks["database_replica"] = _database(REPLICA)
    checks["cache"] = _cache
    checks["task_queue"] = _task_queue
    return {name: _timed(check) for name, check in checks.items()}
