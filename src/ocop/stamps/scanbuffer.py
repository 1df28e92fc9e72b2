"""The scan log's write path: scans are buffered in the process and written in batches.

A scan must not cost the shopper an INSERT (and a commit) in the request. ``record``
appends to an in-memory buffer; a daemon thread writes the buffer with one
``bulk_create`` every ``SCAN_FLUSH_SECONDS`` or as soon as ``SCAN_FLUSH_SIZE`` scans wait.

Nothing is lost on a graceful stop: the buffer is flushed at interpreter exit (``atexit``,
which runs when granian or the test runner stops a worker normally) and on SIGTERM/SIGINT
when the process's main thread lets us install a handler. A hard kill (SIGKILL, power loss)
loses at most one flush interval of scans; deployments that cannot accept that switch to
edge logging (``OCOP_SCAN_LOGGING=edge``: nginx's access log is ingested by
``ocop ingest_scan_log``), which see ``docs/deployment.md``.
"""

import atexit
import logging
import signal
import threading
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: list[dict[str, Any]] = []
_wake = threading.Event()
_thread: threading.Thread | None = None
_stopping = False


def record(scan: Mapping[str, Any]) -> None:
    """Queue one scan (the keyword arguments of ``Scan``); returns at once."""
    global _thread
    with _lock:
        _pending.append(dict(scan))
        size = len(_pending)
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="ocop-scan-writer", daemon=True)
            _thread.start()
            _install_handlers()
    if size >= settings.SCAN_FLUSH_SIZE:
        _wake.set()


def pending() -> int:
    with _lock:
        return len(_pending)


def flush() -> int:
    """Write everything buffered now (in the calling thread); returns how many."""

    with _lock:
        batch = list(_pending)
        _pending.clear()
    if not batch:
        return 0
    try:
        _write(batch)
    except Exception:
        # Put them back in front so that the next flush retries them (the database may be
        # restarting); a scan is only dropped if the process dies before it succeeds.
        with _lock:
            _pending[:0] = batch
        logger.exception("scan log: could not write %d scans; will retry", len(batch))
        return 0
    return len(batch)


_COLUMNS = (
    "stamp_id", "gtin", "lot", "serial", "outcome", "scanned_at", "latitude", "longitude",
    "ua_class", "source",
)  # fmt: skip


def _write(batch: list[dict[str, Any]]) -> None:
    """One COPY on PostgreSQL (a tenth of the CPU of an ORM insert); bulk_create elsewhere."""
    from .models import Scan

    if connection.vendor != "postgresql":
        Scan.objects.bulk_create([Scan(**row) for row in batch], batch_size=1000)
        return
    from django.utils import timezone

    defaults = {"lot": "", "gtin": "", "serial": "", "ua_class": "other", "source": "page"}
    table = connection.ops.quote_name(Scan._meta.db_table)
    sql = f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in batch:
            values = {**defaults, **row}
            values.setdefault("scanned_at", timezone.now())
            copy.write_row([values.get(column) for column in _COLUMNS])


def _run() -> None:
    try:
        while not _stopping:
            _wake.wait(settings.SCAN_FLUSH_SECONDS)
            _wake.clear()
            if _stopping:
                break
            try:
                flush()
            finally:
                # The writer thread has its own connection; drop a broken or stale one.
                close_old_connections()
    finally:
        connection.close()


def stop(*, timeout: float = 5.0, write_pending: bool = True) -> None:
    """Stop the writer thread after a last flush (or dropping what waits, for tests)."""
    global _stopping, _thread
    thread = _thread
    _stopping = True
    _wake.set()
    if thread is not None and thread.is_alive():
        thread.join(timeout)
    if write_pending:
        flush()
    else:
        with _lock:
            _pending.clear()
    _thread = None
    _stopping = False
    _wake.clear()


def _flush_at_exit() -> None:
    global _stopping
    _stopping = True
    _wake.set()
    flush()


atexit.register(_flush_at_exit)
_handlers_installed = False


def _install_handlers() -> None:
    """Flush before the default action of SIGTERM/SIGINT (only possible in the main thread)."""
    global _handlers_installed
    if _handlers_installed or threading.current_thread() is not threading.main_thread():
        return
    _handlers_installed = True
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(signum)

        def handler(num: int, frame: Any, previous: Any = previous) -> None:
            _flush_at_exit()
            if callable(previous):
                previous(num, frame)
            else:
                raise SystemExit(128 + num)

        try:
            signal.signal(signum, handler)
        except ValueError:  # not the main thread of the main interpreter
            return
