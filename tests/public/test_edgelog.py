"""Edge logging: an nginx access log in the ocop_scan format becomes scans, once."""

import pytest
from django.core.management import CommandError, call_command

from ocop.stamps.domain import activate_stamps, issue_batch, request_stamps
from ocop.stamps.edgelog import parse_lines
from ocop.stamps.models import Scan, Stamp
from ocop.stamps.serials import new_serial
from tests.conftest import HOME_COMMUNE
from tests.traceability.helpers import make_chain


@pytest.mark.django_db
def test_access_log_is_ingested_once(tmp_path):
    chain = make_chain(commune=HOME_COMMUNE)
    batch = issue_batch(batch=request_stamps(trade_item=chain["jar"], count=2, actor=None))
    activate_stamps(actor=None, batch=batch, position_from=1, position_to=1)
    active, issued = Stamp.objects.filter(batch=batch).order_by("position")
    gtin = chain["jar"].gtin
    log = tmp_path / "scans.log"
    lines = [
        f"2026-12-01T08:00:00+07:00\t/01/{gtin}/21/{active.serial}\t200\tMozilla (iPhone)",
        f"2026-12-01T08:00:01+07:00\t/01/{gtin}/21/{active.serial}?lang=en\t200\tcurl/8",
        f"2026-12-01T08:00:02+07:00\t/01/{gtin}/21/{issued.serial}\t200\tMozilla (X11)",
        f"2026-12-01T08:00:03+07:00\t/01/{gtin}/21/{new_serial()}\t200\tMozilla",
        f"2026-12-01T08:00:04+07:00\t/01/{gtin}/21/FORGED000000000\t200\tMozilla",
        "2026-12-01T08:00:05+07:00\t/static/css/app.css\t200\tMozilla",
        "garbage line",
        f"not-a-date\t/01/{gtin}/21/{active.serial}\t200\tMozilla",
    ]
    log.write_text("\n".join(lines) + "\n")
    assert len(list(parse_lines(lines))) == 5
    call_command("ingest_scan_log", str(log))
    outcomes = sorted(Scan.objects.values_list("outcome", flat=True))
    assert outcomes == ["bad_signature", "not_activated", "ok", "ok", "unknown"]
    assert Scan.objects.filter(stamp=active, ua_class="mobile").count() == 1
    assert not log.exists() and (tmp_path / "scans.log.ingested").exists()
    with pytest.raises(CommandError):
        call_command("ingest_scan_log", str(tmp_path / "scans.log.ingested"))
    assert Scan.objects.count() == 5
