"""Scans counted at the edge: ingest nginx's access log when a micro-cache serves scans.

With ``OCOP_SCAN_LOGGING=edge`` the resolver writes no scan (a cached page never reaches
it); nginx logs every request, cache hits included, in the ``ocop_scan`` format::

    log_format ocop_scan '$time_iso8601\\t$request_uri\\t$status\\t$http_user_agent';

and ``ocop ingest_scan_log FILE`` turns each stamp URI of a rotated (closed) log file into
a scan, with the same outcome the resolver would have given, in batches. The file is then
renamed ``FILE.ingested`` so that it is never counted twice.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.db import transaction

from . import serials
from .enums import ScanOutcome, ScanSource, StampStatus, UAClass
from .models import Scan, Stamp

_STAMP_PATH = re.compile(r"^/01/(\d{14})(?:/10/([^/]{1,60}))?/21/([^/?]{1,60})$")
BATCH = 5000


def outcome_for_status(status: str) -> str:
    """A known stamp's scan outcome (shared with the resolver)."""
    return {
        StampStatus.ACTIVATED: ScanOutcome.OK,
        StampStatus.VOIDED: ScanOutcome.VOID,
        StampStatus.ISSUED: ScanOutcome.NOT_ACTIVATED,
    }[StampStatus(status)]


def ua_class(user_agent: str) -> str:
    """A coarse device class (never the user agent itself: it can identify a person)."""
    ua = user_agent.lower()
    if any(word in ua for word in ("bot", "crawl", "spider", "curl", "wget", "python", "wrk")):
        return UAClass.BOT
    if any(word in ua for word in ("mobi", "android", "iphone", "ipad")):
        return UAClass.MOBILE
    if any(word in ua for word in ("windows", "macintosh", "x11", "linux")):
        return UAClass.DESKTOP
    return UAClass.OTHER


@dataclass(frozen=True)
class LoggedScan:
    at: datetime
    gtin: str
    lot: str
    serial: str
    user_agent: str


def parse_lines(lines: Iterable[str]) -> Iterator[LoggedScan]:
    """The stamp scans among the log lines (other requests and malformed lines skipped)."""
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4 or parts[2] not in {"200", "404"}:
            continue
        match = _STAMP_PATH.match(urlsplit(parts[1]).path)
        if not match:
            continue
        try:
            at = datetime.fromisoformat(parts[0])
        except ValueError:
            continue
        gtin, lot, serial = match.groups()
        yield LoggedScan(at, gtin, unquote(lot or ""), unquote(serial), parts[3])


def _scans_for(batch: list[LoggedScan]) -> list[Scan]:
    known = {
        row["serial"]: row
        for row in Stamp.objects.filter(
            serial__in={s.serial for s in batch if serials.serial_is_authentic(s.serial)}
        ).values("id", "serial", "status", "trade_item__gtin", "lot__number")
    }
    scans = []
    for s in batch:
        row = known.get(s.serial)
        outcome: str
        if not serials.serial_is_authentic(s.serial):
            outcome, stamp_id = ScanOutcome.BAD_SIGNATURE, None
        elif (
            row is None
            or row["trade_item__gtin"] != s.gtin
            or (s.lot and row["lot__number"] and row["lot__number"] != s.lot)
        ):
            outcome, stamp_id = ScanOutcome.UNKNOWN, None
        else:
            outcome, stamp_id = outcome_for_status(row["status"]), row["id"]
        scans.append(
            Scan(
                stamp_id=stamp_id,
                gtin=s.gtin,
                lot=s.lot[:20],
                serial=s.serial[:20],
                outcome=outcome,
                scanned_at=s.at,
                ua_class=ua_class(s.user_agent),
                source=ScanSource.EDGE,
            )
        )
    return scans


def ingest_file(path: Path) -> int:
    """Ingest one closed log file; all of it or none (one transaction), then rename it."""
    total = 0
    with transaction.atomic(), path.open(encoding="utf-8", errors="replace") as handle:
        pending: list[LoggedScan] = []
        for scan in parse_lines(handle):
            pending.append(scan)
            if len(pending) >= BATCH:
                total += len(Scan.objects.bulk_create(_scans_for(pending)))
                pending = []
        if pending:
            total += len(Scan.objects.bulk_create(_scans_for(pending)))
    path.rename(path.with_name(path.name + ".ingested"))
    return total
