"""Writes go through the domain functions the web forms use: audited, scoped."""

import pytest

from ocop.api.enums import TokenAccess, TokenScope
from ocop.core.models import AuditEntry
from ocop.geo.models import Province
from ocop.promotion.enums import InquiryStatus
from ocop.promotion.models import SalesPoint
from ocop.registry.models import Product
from ocop.traceability.models import Event
from tests.api.conftest import bearer, token
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.traceability.helpers import document, object_event

pytestmark = pytest.mark.django_db


def post(client, path, data, raw):  # type: ignore[no-untyped-def]
    return client.post(path, data, content_type="application/json", **bearer(raw))


def test_sales_point_create_is_audited(client, home, province_write):
    response = post(
        client,
        "/api/v1/sales-points/",
        {
            "name": "Điểm OCOP Hoa Lư",
            "kind": "market",
            "commune": HOME_COMMUNE,
            "address_text": "Số 1 Tràng An",
            "checklist": {"signage": True},
        },
        province_write,
    )
    assert response.status_code == 201, response.content
    point = SalesPoint.objects.get(pk=response.json()["id"])
    assert point.checklist["signage"] is True
    entry = AuditEntry.objects.get(action="ocop.sales_point.created", object_id=str(point.pk))
    assert entry.actor == point.created_by
    assert entry.actor.username.startswith("api-")


def test_product_create_through_register_product(client, home, province_write, away):
    data = {"producer": home.producer.pk, "name": "Miến dong Hoa Lư", "product_set": 4}
    response = post(client, "/api/v1/products/", data, province_write)
    assert response.status_code == 201, response.content
    product = Product.objects.get(pk=response.json()["id"])
    assert (product.commune_id, product.producer_id) == (HOME_COMMUNE, home.producer.pk)
    assert AuditEntry.objects.filter(
        action="ocop.product.created", object_id=str(product.pk)
    ).exists()
    # A producer of another province is not found (not "forbidden": ADR 0002).
    response = post(
        client, "/api/v1/products/", {**data, "producer": away.producer.pk}, province_write
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["producer"][0]["code"] == "does_not_exist"


def test_inquiry_answer_and_close(client, home, province_write):
    url = f"/api/v1/inquiries/{home.inquiry.pk}"
    response = post(client, f"{url}/answer/", {"text": "Xin gửi báo giá."}, province_write)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == InquiryStatus.ANSWERED
    assert AuditEntry.objects.filter(action="ocop.inquiry.replied").count() == 1
    # Closing needs a reason (the serializer); answering a closed one, the domain refuses.
    response = post(client, f"{url}/close/", {}, province_write)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["reason"][0]["code"] == "required"
    response = post(client, f"{url}/close/", {"reason": "Không đạt giá"}, province_write)
    assert response.json()["status"] == InquiryStatus.CLOSED
    response = post(client, f"{url}/answer/", {"text": "Còn nữa"}, province_write)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["non_field_errors"][0]["message"] == (
        "Yêu cầu đã đóng, không thể gửi thêm tin nhắn."
    )


def test_inquiry_of_another_province_is_404(client, away, province_write):
    response = post(
        client, f"/api/v1/inquiries/{away.inquiry.pk}/answer/", {"text": "x"}, province_write
    )
    assert response.status_code == 404


def test_epcis_capture(client, home):
    raw = token(TokenScope.PRODUCER, TokenAccess.WRITE, producer=home.producer)
    doc = document(object_event(home.lot, event_id="urn:uuid:6b1a2c4e-0000-4000-8000-000000000001"))
    response = post(client, "/api/v1/epcis/capture/", doc, raw)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted_count"], body["rejected_count"]) == (1, 0)
    event = Event.objects.get(event_id=body["accepted"][0])
    assert event.producer == home.producer
    entry = AuditEntry.objects.get(action="ocop.trace_event.captured", object_id=str(event.pk))
    assert entry.actor.username.startswith("api-")
    again = post(client, "/api/v1/epcis/capture/", doc, raw).json()
    assert again["rejected"][0]["code"] == "duplicate_event"
    rows = client.get(f"/api/v1/epcis/events/?lot={home.lot.pk}", **bearer(raw)).json()
    assert len(rows["results"]) == 2


def test_epcis_capture_by_an_officer_names_the_producer(client, home, away):
    raw = token(
        TokenScope.PROVINCE, TokenAccess.WRITE, province=Province.objects.get(code=HOME_PROVINCE)
    )
    doc = document(object_event(home.lot, event_id="urn:uuid:6b1a2c4e-0000-4000-8000-000000000002"))
    response = post(client, "/api/v1/epcis/capture/", doc, raw)
    assert response.status_code == 400  # which producer? the domain function asks
    response = post(client, f"/api/v1/epcis/capture/?producer={home.producer.pk}", doc, raw)
    assert response.json()["accepted_count"] == 1
    response = post(client, f"/api/v1/epcis/capture/?producer={away.producer.pk}", doc, raw)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["producer"][0]["code"] == "does_not_exist"


def test_plan_progress(client, home, province_read):
    response = client.get(f"/api/v1/plans/{home.plan.pk}/progress/", **bearer(province_read))
    [row] = response.json()
    assert (row["indicator"], row["target_value"], row["light"]) == ("new_products", "10.00", "red")
    detail = client.get(f"/api/v1/plans/{home.plan.pk}/", **bearer(province_read)).json()
    assert [t["indicator"] for t in detail["targets"]] == ["new_products"]
