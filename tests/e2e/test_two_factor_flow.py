"""An official turns on two-step verification, signs out, and signs in with a recovery
code; a wrong code is refused and a used recovery code does not work twice."""

import pyotp
import pytest
from playwright.sync_api import expect

from tests.e2e.test_council_flow import PASSWORD


def password_step(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_enrol_then_sign_in_with_a_recovery_code(page, live_server, units):
    from tests.conftest import HOME_PROVINCE
    from tests.factories import make_user

    make_user("tinh", role="province_officer", province=HOME_PROVINCE)
    base = live_server.url
    from tests.e2e.test_council_flow import sign_in

    sign_in(page, base, "tinh")
    page.goto(f"{base}/accounts/security/")
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    secret = "".join(page.locator("#otp-secret").inner_text().split())  # shown in groups
    expect(page.get_by_role("img", name="Mã QR đăng ký ứng dụng xác thực")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Xác nhận và bật").click()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10

    password_step(page, base, "tinh")
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    page.get_by_label("Mã xác thực").fill(codes[0])
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    password_step(page, base, "tinh")
    page.get_by_label("Mã xác thực").fill(codes[0])  # already used
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
