"""The monthly scan roll-up the dashboard reads."""

from datetime import UTC, date, datetime

from ocop.accounts.scope import Scope
from ocop.reporting.dashboards import scans_by_month
from ocop.reporting.models import ScanMonth
from ocop.reporting.rollups import default_since, refresh_scan_months
from ocop.stamps.models import Scan
from tests.conftest import HOME_PROVINCE


def test_default_since_is_the_previous_month():
    assert default_since(today=date(2026, 1, 15)) == date(2025, 12, 1)


def _stamp(trade_item, django_capture_on_commit_callbacks):
    from ocop.stamps.domain import request_stamps

    with django_capture_on_commit_callbacks(execute=True):
        batch = request_stamps(trade_item=trade_item, count=1, actor=None)
    return batch.stamps.get()


def test_refresh_counts_scans_per_month_and_area(
    trade_item, far_trade_item, django_capture_on_commit_callbacks
):
    stamp = _stamp(trade_item, django_capture_on_commit_callbacks)
    other = _stamp(far_trade_item, django_capture_on_commit_callbacks)
    rows = [
        Scan(stamp=stamp, outcome="ok", scanned_at=datetime(2026, 10, 3, tzinfo=UTC)),
        Scan(stamp=stamp, outcome="ok", scanned_at=datetime(2026, 11, 2, tzinfo=UTC)),
        Scan(stamp=stamp, outcome="ok", scanned_at=datetime(2026, 11, 20, tzinfo=UTC)),
        # An opt-in location is a second row of the same visit: not another scan.
        Scan(
            stamp=stamp,
            outcome="ok",
            source="location",
            scanned_at=datetime(2026, 11, 20, tzinfo=UTC),
        ),
        Scan(stamp=other, outcome="ok", scanned_at=datetime(2026, 11, 5, tzinfo=UTC)),
        Scan(stamp=None, outcome="unknown", scanned_at=datetime(2026, 11, 6, tzinfo=UTC)),
    ]
    Scan.objects.bulk_create(rows)
    assert refresh_scan_months() == 4
    counts = {(r.month, r.province_id): r.scans for r in ScanMonth.objects.all()}
    assert counts == {
        (date(2026, 10, 1), HOME_PROVINCE): 1,
        (date(2026, 11, 1), HOME_PROVINCE): 2,
        (date(2026, 11, 1), "01"): 1,
        (date(2026, 11, 1), None): 1,
    }
    chart, refreshed = scans_by_month(
        scope=Scope(province_codes=frozenset({HOME_PROVINCE})), today=date(2026, 11, 30)
    )
    assert chart.series[0][1][-2:] == [1, 2] and refreshed is not None
    national, _ = scans_by_month(scope=Scope(national=True), today=date(2026, 11, 30))
    assert national.series[0][1][-1] == 4
    # A partial refresh rebuilds only the months from ``since``.
    Scan.objects.bulk_create(
        [Scan(stamp=stamp, outcome="ok", scanned_at=datetime(2026, 11, 25, tzinfo=UTC))]
    )
    refresh_scan_months(since=date(2026, 11, 10))
    assert (
        ScanMonth.objects.get(month=date(2026, 11, 1), commune__province_id=HOME_PROVINCE).scans
        == 3
    )
    assert ScanMonth.objects.get(month=date(2026, 10, 1)).scans == 1
