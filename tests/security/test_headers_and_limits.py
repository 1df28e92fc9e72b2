"""Response headers and rate limits (login, password reset, resolver), 429 page."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.core import ratelimit
from tests.factories import PASSWORD, make_user
from tests.public.test_resolver import chain, url  # noqa: F401 (fixture)


@pytest.mark.django_db
def test_security_headers_on_a_page(client):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    assert "geolocation=(self)" in policy and "camera=()" in policy
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp


@pytest.mark.django_db
def test_hsts_and_secure_cookies_in_production_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]


def test_permissions_policy_is_configurable(rf, settings):
    from django.http import HttpResponse

    from ocop.core.middleware import PermissionsPolicyMiddleware

    settings.PERMISSIONS_POLICY = {"geolocation": [], "camera": ["self"]}
    middleware = PermissionsPolicyMiddleware(lambda request: HttpResponse())
    assert middleware(rf.get("/"))["Permissions-Policy"] == "geolocation=(), camera=(self)"


def _assert_429(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    assert "Bạn đã gửi quá nhiều yêu cầu" in response.content.decode()
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_login_is_limited_per_address_across_accounts(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "3/300"}
    make_user("thật")
    for _ in range(5):  # successful sign-ins do not count (one office, one NAT address)
        ok = client.post(reverse("accounts:login"), {"username": "thật", "password": PASSWORD})
        assert ok.status_code == 302
        client.logout()
    for name in ("a", "b", "c"):
        client.post(reverse("accounts:login"), {"username": name, "password": "x"})
    _assert_429(client.post(reverse("accounts:login"), {"username": "thật", "password": PASSWORD}))
    assert "_auth_user_id" not in client.session
    other = client.__class__(REMOTE_ADDR="10.0.0.9")  # another address is not affected
    ok = other.post(reverse("accounts:login"), {"username": "thật", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_and_per_address(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset_email": "2/3600",
        "password_reset": "4/3600",
    }
    make_user("xa")
    target = reverse("accounts:password_reset")
    for _ in range(2):
        assert client.post(target, {"email": "xa@example.vn"}).status_code == 302
    _assert_429(client.post(target, {"email": "XA@example.vn"}))  # same mailbox
    assert len(mail.outbox) == 2
    assert client.post(target, {"email": "nobody@example.vn"}).status_code == 302
    _assert_429(client.post(target, {"email": "other@example.vn"}))  # 5th from this address


@pytest.mark.django_db
def test_resolver_limit_per_address_and_off_with_zero(chain, client, settings):  # noqa: F811
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resolver": "3/60"}
    page = url(chain, chain["active"])
    for _ in range(3):
        assert client.get(page).status_code == 200
    _assert_429(client.get(page))
    assert client.get(page, REMOTE_ADDR="10.1.1.1").status_code == 200
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resolver": "0/60"}
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_client_address_from_the_proxy_header(rf, settings):
    settings.CLIENT_IP_HEADER_META = "HTTP_X_REAL_IP"
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert ratelimit.client_address(request) == "203.0.113.7"
    settings.CLIENT_IP_HEADER_META = ""
    assert ratelimit.client_address(request) == "127.0.0.1"  # header ignored unless trusted


@pytest.mark.django_db
def test_resolver_limit_adds_no_query(chain, client, settings):  # noqa: F811
    """The limit is a cache increment, not a query; its cost per scan is measured by
    ``tests/security/bench_audit.py``-style micro-benchmarks, recorded in docs/security.md
    (a timed assertion here would be flaky on shared machines)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resolver": "1000000/60"}
    page = url(chain, chain["active"])
    client.get(page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert len(queries) == 1  # the stamp lookup only
