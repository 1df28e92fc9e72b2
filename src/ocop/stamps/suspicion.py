"""Counterfeit signals in the scan log, for officers (Circular 02/2024: "one step back").

Three kinds, each cheap on an indexed scan log:

- **bad codes**: scans of serials that were never issued, that fail their check signature,
  or of voided or not yet activated stamps (a copied QR code on a fake package);
- **far apart**: two located scans of one stamp whose distance could not be covered in the
  time between them (faster than ``MAX_SPEED_KMH``) — one physical stamp cannot be in two
  places, so at least one is a copy;
- **many scans**: one stamp scanned more than ``MANY_SCANS`` times in the period (a
  genuine package is scanned a few times; a photographed code is scanned by many).
"""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Min, QuerySet

from .enums import ScanOutcome, ScanSource
from .models import Scan

BAD_OUTCOMES = (
    ScanOutcome.UNKNOWN,
    ScanOutcome.BAD_SIGNATURE,
    ScanOutcome.VOID,
    ScanOutcome.NOT_ACTIVATED,
)
MAX_SPEED_KMH = 200.0  # faster than a car on a highway: not one stamp travelling
MIN_DISTANCE_KM = 20.0  # closer than this, rounding (~1 km) and GPS error dominate
MANY_SCANS = 20


@dataclass(frozen=True)
class FarApart:
    stamp_id: int
    serial: str
    first: Scan
    second: Scan
    km: float
    hours: float


@dataclass(frozen=True)
class ManyScans:
    stamp_id: int
    serial: str
    scans: int
    first_at: datetime
    last_at: datetime


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine) on a 6,371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def bad_code_scans(scans: QuerySet[Scan]) -> QuerySet[Scan]:
    return scans.filter(outcome__in=BAD_OUTCOMES).order_by("-scanned_at", "-id")


def far_apart(scans: QuerySet[Scan], *, limit: int = 200) -> list[FarApart]:
    """Consecutive located scans of one stamp that no single package could make."""
    located = (
        scans.filter(stamp__isnull=False, latitude__isnull=False, longitude__isnull=False)
        .order_by("stamp_id", "scanned_at", "id")
        .only("id", "stamp_id", "serial", "scanned_at", "latitude", "longitude")
    )
    found: list[FarApart] = []
    previous: Scan | None = None
    for scan in located.iterator(chunk_size=2000):
        if previous is not None and previous.stamp_id == scan.stamp_id:
            km = distance_km(
                float(previous.latitude),  # type: ignore[arg-type]
                float(previous.longitude),  # type: ignore[arg-type]
                float(scan.latitude),  # type: ignore[arg-type]
                float(scan.longitude),  # type: ignore[arg-type]
            )
            hours = max((scan.scanned_at - previous.scanned_at).total_seconds() / 3600, 1e-6)
            if km >= MIN_DISTANCE_KM and km / hours > MAX_SPEED_KMH:
                found.append(
                    FarApart(scan.stamp_id, scan.serial, previous, scan, round(km, 1), hours)  # type: ignore[arg-type]
                )
                if len(found) >= limit:
                    break
        previous = scan
    return found


def many_scans(scans: QuerySet[Scan], *, threshold: int = MANY_SCANS) -> list[ManyScans]:
    rows = (
        scans.filter(stamp__isnull=False)
        .exclude(source=ScanSource.LOCATION)  # a shared location is the same visit again
        .values("stamp_id", "serial")
        .annotate(n=Count("id"), first_at=Min("scanned_at"), last_at=Max("scanned_at"))
        .filter(n__gt=threshold)
        .order_by("-n")[:200]
    )
    return [
        ManyScans(r["stamp_id"], r["serial"], r["n"], r["first_at"], r["last_at"]) for r in rows
    ]


def scans_for_user(user: Any) -> QuerySet[Scan]:
    """Scans of the trade items in the user's area (unknown serials by the GTIN scanned)."""
    from ocop.traceability.queries import trade_items_for_user

    return Scan.objects.filter(gtin__in=trade_items_for_user(user).values("gtin"))
