"""Demo stamps: small activated batches for the demo trade items (finished goods), a few
voided stamps, and scans including the suspicious kinds the counterfeit checks look for
(one serial scanned in Ninh Bình and in Hồ Chí Minh City within the hour, an unknown
serial, a forged serial, a voided stamp, a stamp not yet activated).

Idempotent: a trade item that already has a batch is left alone. Trade items come from
``ocop.demo.traceability``; without them nothing is created.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.stamps import domain
from ocop.stamps.enums import ScanOutcome, UAClass
from ocop.stamps.models import Scan, Stamp, StampBatch
from ocop.stamps.serials import new_serial
from ocop.traceability.models import TradeItem

BATCH_SIZE = 24
ITEMS = 3
NINH_BINH = (Decimal("20.25"), Decimal("105.97"))  # rounded to 0.01° (~1 km), as stored
HO_CHI_MINH = (Decimal("10.78"), Decimal("106.70"))


def load_stamps_demo() -> int:
    """Issue the demo batches (if missing); returns how many demo batches exist."""
    items = list(
        TradeItem.objects.filter(
            product__commune__province_id="37", variant__startswith="Thành phẩm"
        )
        .prefetch_related("lots")
        .order_by("gtin")[:ITEMS]
    )
    for index, item in enumerate(items):
        if StampBatch.objects.filter(trade_item=item).exists():
            continue
        lots = list(item.lots.all())
        batch = domain.request_stamps(
            trade_item=item, lot=lots[0] if lots else None, count=BATCH_SIZE, actor=None
        )
        # Issue now rather than wait for the worker; the queued task then finds it done.
        batch = domain.issue_batch(batch=batch)
        domain.activate_stamps(actor=None, batch=batch, position_from=1, position_to=20)
        domain.void_stamps(
            actor=None, batch=batch, position_from=21, position_to=22, reason="Tem rách khi dán"
        )
        if index == 0:
            _scans(batch)
    return StampBatch.objects.filter(trade_item__in=items).count()


def _scans(batch: StampBatch) -> None:
    stamps = {s.position: s for s in Stamp.objects.filter(batch=batch)}
    gtin, lot = batch.trade_item.gtin, batch.lot.number if batch.lot else ""
    now = timezone.now()

    def scan(
        position: int | None,
        outcome: str,
        minutes_ago: int,
        where: tuple[Decimal, Decimal] | None = NINH_BINH,
        serial: str | None = None,
        ua: str = UAClass.MOBILE,
    ) -> None:
        stamp = stamps.get(position) if position else None
        Scan.objects.create(
            stamp=stamp,
            gtin=gtin,
            lot=lot,
            serial=serial if serial is not None else (stamp.serial if stamp else ""),
            outcome=outcome,
            scanned_at=now - timedelta(minutes=minutes_ago),
            latitude=where[0] if where else None,
            longitude=where[1] if where else None,
            ua_class=ua,
        )

    for position, minutes in ((2, 60 * 24 * 3), (3, 60 * 30), (4, 60 * 5), (5, 90)):
        scan(position, ScanOutcome.OK, minutes)
    # Suspicious: the same stamp in Ninh Bình and, 40 minutes later, 1,100 km away.
    scan(1, ScanOutcome.OK, 55)
    scan(1, ScanOutcome.OK, 15, where=HO_CHI_MINH)
    scan(None, ScanOutcome.UNKNOWN, 30, serial=new_serial())  # well formed, never issued
    scan(None, ScanOutcome.BAD_SIGNATURE, 25, where=None, serial="0000000000AAAAA")
    scan(21, ScanOutcome.VOID, 20)
    scan(24, ScanOutcome.NOT_ACTIVATED, 10, ua=UAClass.DESKTOP)
