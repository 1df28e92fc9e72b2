"""A shopper scans a stamp on a phone: the live OCOP status, the stages, the report link."""

import pytest

from tests.e2e.conftest import ARTIFACTS


@pytest.mark.django_db(transaction=True)
def test_phone_scan_shows_status_stages_and_report_link(browser, live_server, units, settings):
    from datetime import timedelta

    from django.utils import timezone

    from ocop.certification.domain import record_certificate
    from ocop.criteria.models import CriteriaVersion
    from ocop.stamps.domain import activate_stamps, issue_batch, request_stamps
    from ocop.stamps.models import Stamp
    from ocop.traceability import gs1
    from ocop.traceability.domain import record_object_event
    from ocop.traceability.enums import BizStep, Disposition
    from tests.conftest import HOME_COMMUNE
    from tests.traceability.helpers import make_chain

    settings.PUBLIC_BASE_URL = live_server.url
    chain = make_chain(commune=HOME_COMMUNE)
    record_certificate(
        actor=None,
        product=chain["product"],
        star=4,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh Ninh Bình",
        level="province",
        decision_number="1/QĐ-UBND",
        decision_date=timezone.localdate() - timedelta(days=30),
    )
    record_object_event(
        actor=None,
        producer=chain["producer"],
        biz_step=BizStep.PACKING,
        disposition=Disposition.ACTIVE,
        lots=[(chain["jar_lot"], None, "")],
        event_time=timezone.now() - timedelta(days=2),
        biz_location=chain["farm"],
    )
    batch = issue_batch(
        batch=request_stamps(trade_item=chain["jar"], lot=chain["jar_lot"], count=2, actor=None)
    )
    activate_stamps(actor=None, batch=batch)
    stamp = Stamp.objects.filter(batch=batch).first()
    uri = gs1.digital_link(
        base_url=live_server.url,
        gtin=chain["jar"].gtin,
        lot=chain["jar_lot"].number,
        serial=stamp.serial,
    )
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        user_agent="Mozilla/5.0 (Linux; Android 13; SM-A145F) Mobile",
    )
    page = context.new_page()
    try:
        page.goto(uri)
        status = page.locator("#ocop-status")
        assert "SẢN PHẨM OCOP" in status.inner_text()
        assert "4 sao" in status.inner_text()
        assert status.bounding_box()["width"] <= 360
        assert "Đóng gói" in page.locator("#stages").inner_text()
        page.screenshot(path=str(ARTIFACTS / "scan-on-phone.png"), full_page=True)
        page.locator("#report-link").click()
        page.wait_for_url("**/report/**")
        assert page.locator("textarea[name=message]").is_visible()
        page.screenshot(path=str(ARTIFACTS / "report-on-phone.png"), full_page=True)
    finally:
        context.close()
