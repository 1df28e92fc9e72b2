"""A province officer opens a plan's progress, drills into a red indicator, exports it."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_council_flow import sign_in


@pytest.mark.django_db(transaction=True)
def test_progress_drill_down_and_export(page, live_server, units):
    from django.utils import timezone

    from ocop.certification.domain import record_certificate
    from ocop.criteria.models import CriteriaVersion
    from ocop.geo.models import Province
    from ocop.planning import domain
    from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
    from tests.factories import make_producer, make_product, make_user

    make_user("tinh", role="province_officer", province=HOME_PROVINCE)
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư")
    product = make_product(producer=producer, name="Mật ong hoa nhãn Hoa Lư")
    record_certificate(
        actor=None,
        product=product,
        star=4,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh Ninh Bình",
        level="province",
        decision_number="1/QĐ-UBND",
        decision_date=timezone.localdate() - timedelta(days=30),
    )
    year = timezone.localdate().year
    plan = domain.create_plan(
        actor=None,
        fields={
            "number": "85/KH-UBND",
            "title": "Kế hoạch thực hiện Chương trình OCOP",
            "issuer": "UBND tỉnh Ninh Bình",
            "issued_on": date(year, 1, 2),
            "start_year": year,
            "end_year": year,
            "province": Province.objects.get(code=HOME_PROVINCE),
        },
    )
    target = domain.add_target(
        actor=None, plan=plan, fields={"indicator": "products_3star", "value": 150}
    )

    base = live_server.url
    sign_in(page, base, "tinh")
    page.goto(f"{base}/planning/")
    page.get_by_role("link", name="85/KH-UBND").first.click()
    row = page.locator(f"#target-{target.pk}")
    expect(row).to_have_attribute("data-light", "red")  # 1 of 150
    row.get_by_title("Xem các bản ghi được tính").click()
    expect(page.locator("#records-table")).to_contain_text("Mật ong hoa nhãn Hoa Lư")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan-drill-down.png"), full_page=True)

    page.go_back()
    with page.expect_download() as info:
        page.locator("#plan-export").click()
    from openpyxl import load_workbook

    saved = ARTIFACTS / "plan-progress.xlsx"
    info.value.save_as(saved)  # Playwright stores downloads without a suffix
    book = load_workbook(saved)
    sheet = book.active
    assert [c.value for c in sheet[4]][:7] == [
        "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Năm", "Địa bàn", "Mục tiêu", "Thực hiện"
    ]  # fmt: skip
    code, *_rest, value, actual, _percent, light = [c.value for c in sheet[5]]
    assert (code, value, actual) == ("products_3star", 150, 1)
    assert light == "Chưa đạt"
