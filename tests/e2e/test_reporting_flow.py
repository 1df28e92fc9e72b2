"""A province officer reads the dashboard's charts and downloads a periodic report."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_council_flow import sign_in


@pytest.mark.django_db(transaction=True)
def test_dashboard_charts_and_report_download(page, live_server, units):
    from django.utils import timezone
    from openpyxl import load_workbook

    from ocop.certification.domain import record_certificate
    from ocop.criteria.models import CriteriaVersion
    from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
    from tests.factories import make_producer, make_product, make_user

    make_user("tinh", role="province_officer", province=HOME_PROVINCE)
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư")
    for star in (3, 4, 5):
        record_certificate(
            actor=None,
            product=make_product(producer=producer, name=f"Sản phẩm {star} sao"),
            star=star,
            criteria_version=CriteriaVersion.objects.get(is_current=True),
            authority="UBND tỉnh Ninh Bình",
            level="province",
            decision_number=f"{star}/QĐ-UBND",
            decision_date=timezone.localdate() - timedelta(days=40),
        )

    base = live_server.url
    sign_in(page, base, "tinh")
    page.get_by_role("link", name="Báo cáo").first.click()
    area = page.locator("#chart-by_area")
    expect(area.locator("canvas")).to_have_attribute("data-drawn", "1")  # Chart.js drew it
    expect(area.locator("table")).to_contain_text("Phường Hoa Lư")
    expect(page.locator("#headline")).to_contain_text("3")
    page.select_option("#id_grouping", "legacy")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#chart-by_area canvas")).to_have_attribute("data-drawn", "1")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reporting-dashboard.png"), full_page=True)

    page.get_by_role("link", name="Báo cáo định kỳ (Excel, PDF)").click()
    page.select_option("#id_period_kind", "year")
    page.select_option("#id_year", str(timezone.localdate().year))
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.locator("#download-xlsx")).to_be_visible(timeout=20000)
    with page.expect_download() as info:
        page.locator("#download-xlsx").click()
    saved = ARTIFACTS / "periodic-report.xlsx"
    info.value.save_as(saved)
    sheet = load_workbook(saved)["TheoDiaBan"]
    assert [c.value for c in sheet[sheet.max_row]] == ["Tổng cộng", None, 1, 1, 1, 3]
