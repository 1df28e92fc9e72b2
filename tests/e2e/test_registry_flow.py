"""A commune officer registers a producer and a product, uploads evidence, and
finds the product by typing without diacritics."""

import re

import pytest
from playwright.sync_api import expect

from ocop.demo.data import minimal_pdf
from ocop.registry.models import EvidenceDocument, Producer, Product
from tests.conftest import HOME_COMMUNE
from tests.e2e.conftest import ARTIFACTS
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e


def test_commune_officer_registers_and_finds_a_product(page, live_server, units, tmp_path):
    make_user("xa.hoalu", role="commune_officer", commune=HOME_COMMUNE)
    base = live_server.url

    page.goto(f"{base}/office/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Tên đăng nhập hoặc email").fill("xa.hoalu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Chủ thể", exact=True
    ).click()
    page.get_by_role("link", name="Đăng ký chủ thể", exact=True).click()
    page.get_by_label("Tên chủ thể").fill("Hợp tác xã Mật ong Tràng An")
    page.get_by_role("combobox", name="Loại hình", exact=True).select_option("cooperative")
    page.get_by_label("Mã số thuế / số ĐKKD").fill("2700777001")
    page.get_by_label("Người đại diện theo pháp luật").fill("Phạm Thị Hạnh")
    page.get_by_label("Giới tính người đại diện").select_option("female")
    page.get_by_label("Xã/phường/đặc khu").select_option(HOME_COMMUNE)
    page.get_by_role("button", name="Lưu").click()
    expect(
        page.get_by_role("heading", name=re.compile("Hợp tác xã Mật ong Tràng An"))
    ).to_be_visible()

    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.get_by_label("Tên sản phẩm").fill("Mật ong rừng Tràng An")
    page.get_by_label("Bộ sản phẩm (Phụ lục I)").select_option(
        label="4. Mật ong, mật khác và nông sản thực phẩm khác"
    )
    page.get_by_label("Quy cách, bao bì").fill("Chai 500 ml")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=re.compile("Mật ong rừng Tràng An"))).to_be_visible()

    page.get_by_role("link", name="Tải lên tài liệu").first.click()
    page.get_by_label("Loại tài liệu").select_option("food_safety")
    page.get_by_label("Số hiệu").fill("27/2025/ATTP-CNĐK")
    pdf = tmp_path / "giay-chung-nhan-attp.pdf"
    pdf.write_bytes(minimal_pdf("ATTP Trang An"))
    page.get_by_label("Tệp (PDF, JPEG, PNG, WebP, DOCX, XLSX)").set_input_files(str(pdf))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên tài liệu.")).to_be_visible()
    expect(page.get_by_role("link", name="giay-chung-nhan-attp.pdf")).to_be_visible()

    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Sản phẩm", exact=True).click()
    page.get_by_label("Tìm kiếm").fill("mat ong trang an")
    page.get_by_role("button", name="Lọc").click()
    results = page.locator("table tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Mật ong rừng Tràng An")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "registry-search.png"), full_page=True)

    producer = Producer.objects.get(tax_code="2700777001")
    assert list(Product.objects.filter(producer=producer).values_list("name", flat=True)) == [
        "Mật ong rừng Tràng An"
    ]
    document = EvidenceDocument.objects.get(producer=producer)
    assert (document.number, document.product.name) == (
        "27/2025/ATTP-CNĐK",
        "Mật ong rừng Tràng An",
    )
