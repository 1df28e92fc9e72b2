from collections import Counter

from ocop.demo.stamps import load_stamps_demo
from ocop.stamps.models import Scan, Stamp, StampBatch
from ocop.traceability.models import TradeItem
from tests.stamps.conftest import gtin_for


def test_demo_without_trade_items_creates_nothing(db):
    assert load_stamps_demo() == 0
    assert StampBatch.objects.count() == 0


def test_demo_issues_activates_voids_and_scans_once(trade_item, django_capture_on_commit_callbacks):
    TradeItem.objects.filter(pk=trade_item.pk).update(variant="Thành phẩm — chai 500 ml")
    TradeItem.objects.create(
        product=trade_item.product, gtin=gtin_for(9), variant="Thành phẩm — hộp"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert load_stamps_demo() == 2
        assert load_stamps_demo() == 2
    assert StampBatch.objects.count() == 2
    assert Counter(Stamp.objects.values_list("status", flat=True)) == {
        "activated": 40,
        "voided": 4,
        "issued": 4,
    }
    outcomes = Counter(Scan.objects.values_list("outcome", flat=True))
    assert outcomes == {"ok": 6, "unknown": 1, "bad_signature": 1, "void": 1, "not_activated": 1}
    far_apart = Scan.objects.filter(stamp__position=1).order_by("scanned_at")
    assert [(str(s.latitude), str(s.longitude)) for s in far_apart] == [
        ("20.25", "105.97"),
        ("10.78", "106.70"),
    ]
