"""An inspector records a failed sample test, the province officer revokes the certificate,
and the public verification page then shows "Đã thu hồi / Revoked"."""

from datetime import date

import pytest
from playwright.sync_api import expect

from ocop.certification.domain import record_certificate
from ocop.certification.enums import AuthorityLevel
from ocop.criteria.models import CriteriaVersion
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_council_flow import sign_in
from tests.factories import make_producer, make_product, make_user

pytestmark = pytest.mark.e2e


def test_failed_sample_then_revocation_shows_publicly(page, live_server, units):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Nước mắm Giao Thủy")
    product = make_product(producer=producer, name="Nước mắm cốt Giao Thủy", set_number=9)
    certificate = record_certificate(
        actor=None,
        product=product,
        star=4,
        criteria_version=CriteriaVersion.objects.get(code="26/2026"),
        authority="UBND tỉnh Ninh Bình",
        level=AuthorityLevel.PROVINCE,
        decision_number="77/QĐ-UBND",
        decision_date=date(2026, 6, 20),
    )
    make_user("kiemtra", role="inspector", province=HOME_PROVINCE)
    make_user("tinh", role="province_officer", province=HOME_PROVINCE)
    base = live_server.url
    verify = f"{base}/verify/{certificate.code}.{certificate.signature}"

    page.goto(verify)
    expect(page.locator("#verdict")).to_contain_text("Còn hiệu lực")

    sign_in(page, base, "kiemtra")
    page.goto(f"{base}/certificates/{certificate.pk}/")
    page.get_by_role("link", name="Ghi kết quả kiểm tra").click()
    page.get_by_label("Loại kiểm tra").select_option("ad_hoc")
    page.get_by_label("Phòng thử nghiệm (nếu lấy mẫu)").fill(
        "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"
    )
    page.get_by_label("Chỉ tiêu").fill("Histamin")
    page.get_by_label("Kết quả thử nghiệm").fill("520 mg/kg, vượt giới hạn 400 mg/kg")
    page.get_by_label("Mẫu đạt?").select_option("no")
    page.get_by_label("Phát hiện").fill("Mẫu lưu thông không đạt chỉ tiêu histamin")
    page.get_by_label("Biện pháp đề xuất").select_option("revocation")
    page.get_by_label("Căn cứ thu hồi").select_option("b")
    page.get_by_role("button", name="Ghi kết quả kiểm tra").click()
    expect(page.locator("#findings")).to_contain_text("Đề nghị thu hồi")
    expect(page.locator("main")).to_contain_text("không đạt")
    page.goto(f"{base}/certificates/{certificate.pk}/")
    expect(page.locator("#life")).to_contain_text("mẫu không đạt: Histamin")

    sign_in(page, base, "tinh")
    page.goto(f"{base}/certificates/{certificate.pk}/")
    page.locator("summary", has_text="Thu hồi giấy chứng nhận").click()
    page.get_by_label("Căn cứ (Điều 8.1)").select_option("b")
    page.get_by_label("Số quyết định thu hồi").fill("315/QĐ-UBND")
    page.get_by_label("Nội dung").fill("Không còn đáp ứng tiêu chí theo kết quả kiểm tra")
    page.get_by_role("button", name="Thu hồi", exact=True).click()
    expect(page.get_by_text("Đã thu hồi giấy chứng nhận.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(verify)
    expect(page.locator("#verdict")).to_contain_text("Đã thu hồi")
    expect(page.locator("#verdict")).to_contain_text("Revoked")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "verify-revoked.png"), full_page=True)
