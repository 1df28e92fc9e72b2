"""Where to buy on a product page, and buyer inquiries from the public."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.certification.domain import record_certificate
from ocop.criteria.models import CriteriaVersion
from ocop.promotion import domain
from ocop.promotion.enums import InquiryStatus, Platform
from ocop.promotion.models import Inquiry
from ocop.public.catalogue import product_url
from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer, make_product, make_user
from tests.public.helpers import open_point_stocking


@pytest.fixture
def product(db):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư")
    product = make_product(producer=producer, name="Mật ong hoa nhãn")
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
    return product


@pytest.mark.django_db
def test_where_to_buy_shows_consented_stock_and_listings(product, client):
    owner = make_user("chuthe", role="producer", producer=product.producer)
    _point, stock = open_point_stocking(product)
    assert "Điểm OCOP Tràng An" not in client.get(product_url(product)).content.decode()
    domain.consent_to_stock(actor=owner, stock=stock)
    domain.add_listing(
        actor=None, product=product, platform=Platform.SHOPEE, url="https://shopee.vn/mat-ong"
    )
    page = client.get(product_url(product)).content.decode()
    assert "Điểm OCOP Tràng An" in page and 'id="points-map"' in page
    assert "https://shopee.vn/mat-ong" in page
    opendata = reverse("public:open_data_file", kwargs={"slug": "diem-ban", "fmt": "json"})
    [row] = client.get(opendata).json()["rows"]
    assert (row["ten_diem"], row["so_san_pham"]) == ("Điểm OCOP Tràng An", 1)


@pytest.mark.django_db
def test_export_ready_filter(product, client):
    from ocop.promotion.models import SupplyCapacity

    catalogue = reverse("public:catalogue")
    assert "Mật ong hoa nhãn" not in client.get(catalogue, {"export": "1"}).content.decode()
    SupplyCapacity.objects.create(product=product, export_ready=True)
    assert "Mật ong hoa nhãn" in client.get(catalogue, {"export": "1"}).content.decode()


@pytest.mark.django_db
def test_inquiry_is_routed_rate_limited_and_followed(product, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "inquiry": "1/3600"}
    url = reverse("public:inquiry_new", args=[product.slug, product.public_code])
    data = {
        "buyer_kind": "supermarket",
        "contact_name": "Trần Thị B",
        "buyer_organisation": "Siêu thị Hà Nội",
        "contact_email": "mua@example.vn",
        "quantity": "500",
        "unit": "chai",
        "message": "Cần 500 chai mỗi tháng",
    }
    assert client.post(url, {**data, "website": "spam"}).status_code == 200
    assert Inquiry.objects.count() == 0  # the bot trap saves nothing
    sent = client.post(url, data)
    inquiry = Inquiry.objects.get()
    assert inquiry.product == product and inquiry.producer_id == product.producer_id
    follow = reverse("public:inquiry_follow", args=[inquiry.token])
    assert follow in sent.content.decode()
    limited = client.post(url, data)
    assert limited.status_code == 429 and limited["Retry-After"] == "3600"
    assert data["message"] in limited.content.decode()  # the buyer's text is kept
    assert Inquiry.objects.count() == 1
    # The producer answers in the back office; the buyer sees it and replies by the link.
    owner = make_user("chuthe", role="producer", producer=product.producer)
    domain.answer_inquiry(actor=owner, inquiry=inquiry, text="Có thể cung cấp từ tháng 1")
    page = client.get(follow)
    assert "Có thể cung cấp từ tháng 1" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    client.post(follow, {"text": "Xin báo giá"})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert inquiry.messages.filter(from_buyer=True).count() == 1
    assert client.get(reverse("public:inquiry_follow", args=["x" * 32])).status_code == 404


@pytest.mark.django_db
def test_no_inquiry_for_a_product_outside_the_catalogue(client):
    producer = make_producer(commune=HOME_COMMUNE)
    never = make_product(producer=producer, name="Chưa công nhận")
    url = reverse("public:inquiry_new", args=[never.slug, never.public_code])
    assert client.get(url).status_code == 404
