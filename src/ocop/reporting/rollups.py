"""Roll-ups the dashboards read instead of scanning millions of rows per request."""

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ocop.stamps.enums import ScanSource
from ocop.stamps.models import Scan

from .enums import PeriodKind
from .models import ScanMonth
from .periods import ReportPeriod

PRODUCT = "stamp__trade_item__product__"


def month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def refresh_scan_months(*, since: date | None = None) -> int:
    """Rebuild the monthly scan counts from the month of ``since`` on (everything when
    ``None``); returns the number of month × commune rows written.

    Run every few minutes (``ocop refresh_rollups``); by default the previous and the
    current month are rebuilt, which also picks up edge logs ingested late.
    """
    now = timezone.now()
    scans = Scan.objects.exclude(source=ScanSource.LOCATION)
    rows = ScanMonth.objects.all()
    if since is not None:
        first = month_start(since)
        # A datetime bound (not ``__date``) so the scanned_at index is used.
        start = timezone.make_aware(datetime.combine(first, time.min))
        scans = scans.filter(scanned_at__gte=start)
        rows = rows.filter(month__gte=first)
    rows.delete()
    grouped = (
        scans.annotate(month=TruncMonth("scanned_at", output_field=DateField()))
        .values("month", f"{PRODUCT}commune_id", f"{PRODUCT}commune__province_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    objs = [
        ScanMonth(
            month=row["month"],
            commune_id=row[f"{PRODUCT}commune_id"],
            province_id=row[f"{PRODUCT}commune__province_id"],
            scans=row["n"],
            refreshed_at=now,
        )
        for row in grouped
    ]
    ScanMonth.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def default_since(*, today: date) -> date:
    """The first day of the previous month."""
    return ReportPeriod.containing(kind=PeriodKind.MONTH, day=today).previous().start
