"""Scope, read-only tokens, sessions, the error shape and the throttle."""

import pytest
from django.urls import reverse

from ocop.api.enums import TokenScope
from ocop.geo.models import Commune, Province
from ocop.promotion.models import SalesPoint
from tests.api.conftest import bearer, token
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE, OTHER_PROVINCE

pytestmark = pytest.mark.django_db


def error_of(response):  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "message_en"} <= set(body["error"])
    return body["error"]


def test_province_token_cannot_see_another_province(client, submitted, away):
    mine = token(TokenScope.PROVINCE, province=Province.objects.get(code=HOME_PROVINCE))
    theirs = token(TokenScope.PROVINCE, province=Province.objects.get(code=OTHER_PROVINCE))
    url = f"/api/v1/dossiers/{submitted.pk}/"
    assert client.get(url, **bearer(mine)).json()["code"] == submitted.code
    response = client.get(url, **bearer(theirs))
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    listed = client.get("/api/v1/dossiers/", **bearer(theirs)).json()["results"]
    assert [d["product"] for d in listed] == [away.product.pk]
    # The other province's own rows are there, ours are not.
    products = client.get("/api/v1/products/", **bearer(theirs)).json()["results"]
    assert [p["id"] for p in products] == [away.product.pk]


def test_producer_token_sees_only_its_producer(client, home, away):
    raw = token(TokenScope.PRODUCER, producer=home.producer)
    for path, expected in [
        ("products", [home.product.pk]),
        ("listings", [home.product.listings.get().pk]),
        ("inquiries", [home.inquiry.pk]),
    ]:
        rows = client.get(f"/api/v1/{path}/", **bearer(raw)).json()["results"]
        assert [r["id"] for r in rows] == expected, path
    far = f"/api/v1/stamps/batches/{away.lot.stamp_batches.get().pk}/"
    assert client.get(far, **bearer(raw)).status_code == 404


def test_read_token_is_refused_on_writes(client, home, province_read):
    response = client.post(
        "/api/v1/sales-points/",
        {"name": "Điểm mới", "kind": "market", "commune": HOME_COMMUNE, "address_text": "Số 1"},
        content_type="application/json",
        **bearer(province_read),
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert error_of(response)["message"] == "Mã truy cập này chỉ có quyền đọc."
    assert SalesPoint.objects.filter(name="Điểm mới").count() == 0


def test_scoped_resources_need_credentials(client, home):
    response = client.get("/api/v1/products/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    # Public resources answer anyone.
    assert client.get("/api/v1/certificates/").status_code == 200
    assert client.get("/api/v1/provinces/").json()["results"][0]["code"] == "01"


def test_session_is_scoped_by_roles(client, home, away, province_officer):
    client.force_login(province_officer)
    rows = client.get("/api/v1/products/").json()["results"]
    assert [r["id"] for r in rows] == [home.product.pk]
    assert client.get(f"/api/v1/products/{away.product.pk}/").status_code == 404


def test_validation_errors_in_both_languages(client, home, province_write):
    response = client.post(
        "/api/v1/sales-points/",
        {"kind": "not-a-kind", "commune": HOME_COMMUNE},
        content_type="application/json",
        **bearer(province_write),
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert error["fields"]["name"] == [
        {
            "code": "required",
            "message": "Trường này là bắt buộc.",
            "message_en": "This field is required.",
        }
    ]
    assert error["fields"]["kind"] == [
        {
            "code": "invalid_choice",
            # DRF has no Vietnamese for this one: a message without the value.
            "message": "Giá trị không nằm trong danh sách cho phép.",
            "message_en": '"not-a-kind" is not a valid choice.',
        }
    ]


def test_domain_errors_use_the_same_shape(client, home, province_write):
    # A commune outside the token's province: the domain function refuses (403).
    response = client.post(
        "/api/v1/sales-points/",
        {"name": "Điểm Hà Nội", "kind": "market", "commune": "00004", "address_text": "Số 1"},
        content_type="application/json",
        **bearer(province_write),
    )
    assert response.status_code == 403
    assert error_of(response)["message"] == "Bạn không có quyền quản lý điểm bán tại địa bàn này."
    assert SalesPoint.objects.filter(name="Điểm Hà Nội").count() == 0


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/nothing-here/", 404, "not_found"),
        ("delete", "/api/v1/certificates/", 405, "method_not_allowed"),
        ("get", "/api/v1/certificates/?cursor=garbage", 404, "not_found"),
        ("get", "/api/v1/certificates/?star=9", 400, "validation_error"),
    ],
)
def test_other_errors_share_the_shape(client, home, method, path, status, code):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_malformed_json_is_a_parse_error(client, home, province_write):
    response = client.post(
        "/api/v1/sales-points/", "{nope", content_type="application/json", **bearer(province_write)
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_throttle_per_token_answers_429_in_the_same_shape(client, settings, home):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/3600"}
    first = token(TokenScope.NATIONAL)
    second = token(TokenScope.NATIONAL)
    statuses = [client.get("/api/v1/whoami/", **bearer(first)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/whoami/", **bearer(first))
    error = error_of(response)
    assert error["code"] == "throttled"
    assert error["message"] == "Vượt quá giới hạn số yêu cầu; hãy thử lại sau 3600 giây."
    assert "3600" in error["message_en"]
    assert response["Retry-After"] == "3600"
    # Another token has its own budget.
    assert client.get("/api/v1/whoami/", **bearer(second)).status_code == 200


def test_anonymous_clients_are_throttled_by_address(client, settings, home):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_anon": "2/60"}
    statuses = [client.get("/api/v1/provinces/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    other = client.get("/api/v1/provinces/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_certificate_status_is_derived(client, home):
    [row] = client.get("/api/v1/certificates/?in_force=true").json()["results"]
    assert (row["status"], row["in_force"], row["star"]) == ("valid", True, 4)
    assert client.get("/api/v1/certificates/?in_force=false").json()["results"] == []


def test_schema_and_docs_page(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/epcis/capture/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    error = schema["paths"]["/api/v1/products/"]["get"]["responses"]["429"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    assert b"api/docs.js" in page.content and b"<script>" not in page.content
    assert Commune.objects.filter(code=HOME_COMMUNE).exists()


def test_messages_stay_vietnamese_first_under_an_english_cookie(client, home):
    client.cookies["django_language"] = "en"
    error = error_of(client.get("/api/v1/products/"))
    assert error["message"] == (
        "Chưa có thông tin xác thực: hãy gửi mã truy cập (Authorization: Bearer …) hoặc đăng nhập."
    )
    assert error["message_en"] == "Authentication credentials were not provided."


def test_blind_council_member_sees_the_result_only_after_scoring(
    client, accepted, council_users, province_officer
):  # type: ignore[no-untyped-def]
    from ocop.evaluation import domain
    from tests.evaluation.helpers import answers_at

    first, second, _third = council_users
    sheet = accepted.revision.form().sheet
    domain.save_scoresheet(actor=first, dossier=accepted, answers=answers_at(sheet, quality=0.8))
    domain.submit_scoresheet(actor=first, dossier=accepted)
    url = "/api/v1/results/"
    client.force_login(second)
    assert client.get(url).json()["results"] == []
    domain.save_scoresheet(actor=second, dossier=accepted, answers=answers_at(sheet, quality=0.7))
    domain.submit_scoresheet(actor=second, dossier=accepted)
    [row] = client.get(url).json()["results"]
    assert (row["dossier"], row["members_scored"]) == (accepted.pk, 2)
    client.force_login(province_officer)
    assert [r["dossier"] for r in client.get(url).json()["results"]] == [accepted.pk]


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.read_text().startswith("openapi: 3.")


def test_filter_errors_in_both_languages(client, home):
    error = error_of(client.get("/api/v1/certificates/?star=9"))
    [item] = error["fields"]["star"]
    assert item["code"] == "max_value"
    assert item["message"] == "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 5 ."  # Django vi
    assert item["message_en"] == "Ensure this value is less than or equal to 5."
