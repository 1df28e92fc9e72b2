"""A shopper finds a product without diacritics and sees where to buy it on the map; a
buyer sends an inquiry and the producer answers it in the back office."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_council_flow import sign_in


@pytest.mark.django_db(transaction=True)
def test_find_buy_and_ask(page, live_server, units, settings):
    from django.utils import timezone

    from ocop.certification.domain import record_certificate
    from ocop.criteria.models import CriteriaVersion
    from ocop.promotion import domain
    from tests.conftest import HOME_COMMUNE
    from tests.factories import make_producer, make_product, make_user
    from tests.public.helpers import open_point_stocking

    settings.PUBLIC_BASE_URL = live_server.url
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư")
    product = make_product(producer=producer, name="Mật ong hoa nhãn Hoa Lư")
    make_product(producer=producer, name="Gạo tám chưa công nhận")
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
    owner = make_user("chuthe", role="producer", producer=producer)
    _point, stock = open_point_stocking(product)
    domain.consent_to_stock(actor=owner, stock=stock)

    base = live_server.url
    page.goto(f"{base}/")
    page.get_by_label("Tìm sản phẩm, chủ thể (gõ có dấu hoặc không dấu)").fill("mat ong hoa nhan")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("#results")).to_contain_text("Mật ong hoa nhãn Hoa Lư")
    expect(page.locator("#results")).not_to_contain_text("Gạo tám")
    page.get_by_role("link", name="Mật ong hoa nhãn Hoa Lư").click()
    expect(page.locator("#ocop-status")).to_contain_text("SẢN PHẨM OCOP")
    expect(page.locator("#sales-points")).to_contain_text("Điểm OCOP Tràng An")
    expect(page.locator("#points-map.leaflet-container")).to_be_visible()
    expect(page.locator("#points-map .leaflet-marker-icon")).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "catalogue-product.png"), full_page=True)

    page.locator("#inquiry-link").click()
    page.get_by_label("Bạn là").select_option("supermarket")
    page.get_by_label("Họ tên người liên hệ").fill("Trần Thị B")
    page.get_by_label("Thư điện tử").fill("mua@example.vn")
    page.get_by_label("Nội dung").fill("Cần 500 chai mỗi tháng cho chuỗi siêu thị")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator("#inquiry-sent")).to_be_visible()
    follow = page.locator("#follow-link").get_attribute("href")

    sign_in(page, base, "chuthe")
    page.goto(f"{base}/promotion/inquiries/")
    page.get_by_role("link", name="Mật ong hoa nhãn Hoa Lư").first.click()
    page.get_by_label("Trả lời người mua").fill(
        "Chúng tôi cung cấp được từ tháng 1, giá sỉ 150.000 đ"
    )
    page.get_by_role("button", name="Gửi trả lời").click()

    page.context.clear_cookies()
    page.goto(f"{base}{follow}")
    expect(page.locator("#thread")).to_contain_text("giá sỉ 150.000 đ")
    expect(page.locator("#inquiry-status")).to_contain_text("Đã trả lời")
