"""Back-office pages of trade promotion: status codes, writes through the views, audit
entries, 404 outside the area."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.core.models import AuditEntry
from ocop.geo.models import Province
from ocop.promotion import domain
from ocop.promotion.enums import InquiryStatus, ListingStatus, Platform, SalesPointStatus
from ocop.promotion.models import Fair, Listing, SalesPoint, Stock, SupplyCapacity
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE

LIST_VIEWS = [
    "backoffice:promo_point_list",
    "backoffice:promo_fair_list",
    "backoffice:promo_listing_list",
    "backoffice:promo_inquiry_list",
]


@pytest.mark.parametrize("name", LIST_VIEWS)
def test_lists_answer_with_empty_states(client, province_officer, name):
    client.force_login(province_officer)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"empty-state" in response.content


@pytest.mark.parametrize("name", LIST_VIEWS)
def test_lists_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302


def test_create_point_through_the_view(client, province_officer):
    client.force_login(province_officer)
    assert client.get(reverse("backoffice:promo_point_create")).status_code == 200
    response = client.post(
        reverse("backoffice:promo_point_create"),
        {
            "name": "Điểm OCOP ga Ninh Bình",
            "kind": "station",
            "operator": "Ga Ninh Bình",
            "address_text": "Ga Ninh Bình",
            "commune": HOME_COMMUNE,
            "latitude": "20.252100",
            "longitude": "105.974300",
            "opening_hours": "7:00–21:00",
            "phone": "0229 3871 234",
            "email": "",
            "status": "open",
            "checklist": ["location", "signage"],
        },
    )
    point = SalesPoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:promo_point_detail", args=[point.pk])
    assert point.status == SalesPointStatus.OPEN
    assert point.checklist["signage"] is True and point.checklist["staff"] is False
    entry = AuditEntry.objects.get(action="ocop.sales_point.created")
    assert entry.actor == province_officer
    page = client.get(reverse("backoffice:promo_point_list"))
    assert b'id="point-map"' in page.content
    assert b'id="point-points"' in page.content
    assert b"105.9743" in page.content


def test_point_form_shows_gps_error(client, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:promo_point_create"),
        {
            "name": "x",
            "kind": "market",
            "address_text": "x",
            "commune": HOME_COMMUNE,
            "latitude": "95",
            "longitude": "105",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert SalesPoint.objects.count() == 0


def test_point_of_another_province_is_404(client, point, other_province_officer):
    client.force_login(other_province_officer)
    assert client.get(reverse("backoffice:promo_point_detail", args=[point.pk])).status_code == 404
    assert client.get(reverse("backoffice:promo_point_edit", args=[point.pk])).status_code == 404


def test_stock_and_consent_through_the_views(
    client, point, product, province_officer, producer_user
):
    client.force_login(province_officer)
    client.post(reverse("backoffice:promo_stock_add", args=[point.pk]), {"product": product.pk})
    stock = Stock.objects.get()
    assert stock.consented_at is None
    # The officer cannot consent in the producer's name without paper.
    client.post(reverse("backoffice:promo_stock_consent", args=[stock.pk]))
    stock.refresh_from_db()
    assert stock.consented_at is None
    client.force_login(producer_user)
    page = client.get(reverse("backoffice:promo_point_detail", args=[point.pk]))
    assert page.status_code == 200
    assert "Đồng ý bày bán" in page.content.decode()
    client.post(reverse("backoffice:promo_stock_consent", args=[stock.pk]))
    stock.refresh_from_db()
    assert stock.consented_by == producer_user
    assert (
        AuditEntry.objects.filter(action="ocop.stock.consented", actor=producer_user).count() == 1
    )


def test_paper_consent_through_the_view(client, point, product, province_officer):
    stock = domain.add_stock(actor=None, point=point, product=product)
    client.force_login(province_officer)
    client.post(
        reverse("backoffice:promo_stock_paper_consent", args=[stock.pk]),
        {"note": "Công văn 3/HTX ngày 2/11/2026"},
    )
    stock.refresh_from_db()
    assert stock.consent_note == "Công văn 3/HTX ngày 2/11/2026"


def test_fair_create_and_results(client, product, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:promo_fair_create"),
        {
            "name": "Hội chợ OCOP Ninh Bình 2026",
            "starts_on": "2026-10-01",
            "ends_on": "2026-10-05",
            "place": "Quảng trường Đinh Tiên Hoàng",
            "province": HOME_PROVINCE,
            "organiser": "Sở Công Thương",
            "products": [product.pk],
        },
    )
    fair = Fair.objects.get()
    assert response.status_code == 302
    assert list(fair.producers.all()) == [product.producer]
    client.post(
        reverse("backoffice:promo_fair_detail", args=[fair.pk]),
        {"contracts_count": "8", "revenue_vnd": "2500000000", "results_note": ""},
    )
    fair.refresh_from_db()
    assert (fair.contracts_count, fair.revenue_vnd) == (8, 2_500_000_000)
    page = client.get(reverse("backoffice:promo_fair_detail", args=[fair.pk]))
    assert "2.500.000.000" in page.content.decode() or "2,500,000,000" in page.content.decode()


def test_fair_end_before_start_in_the_form(client, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:promo_fair_create"),
        {
            "name": "x",
            "starts_on": "2026-10-05",
            "ends_on": "2026-10-01",
            "place": "x",
            "province": HOME_PROVINCE,
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert Fair.objects.count() == 0


def test_fair_of_another_province_is_404(client, other_province_officer):
    fair = domain.create_fair(
        actor=None,
        fields={
            "name": "Hội chợ",
            "starts_on": date(2026, 10, 1),
            "ends_on": date(2026, 10, 2),
            "place": "x",
            "province": Province.objects.get(code=HOME_PROVINCE),
        },
    )
    client.force_login(other_province_officer)
    assert client.get(reverse("backoffice:promo_fair_detail", args=[fair.pk])).status_code == 404


def test_producer_adds_listing_and_supply(client, product, producer_user):
    client.force_login(producer_user)
    url = reverse("backoffice:promo_product_offer", args=[product.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"form": "listing", "platform": "shopee", "url": "https://tiki.vn/x"})
    assert bad.status_code == 200
    assert "shopee.vn" in bad.content.decode()
    client.post(
        url,
        {
            "form": "listing",
            "platform": "shopee",
            "url": "https://shopee.vn/mat-ong-hoa-lu",
            "price_min": "120000",
            "price_max": "180000",
        },
    )
    listing = Listing.objects.get()
    assert (listing.platform, listing.price_min, listing.created_by) == (
        Platform.SHOPEE,
        120_000,
        producer_user,
    )
    client.post(
        url,
        {
            "form": "supply",
            "months": ["1", "2", "12"],
            "monthly_volume": "500",
            "unit": "lít",
            "minimum_order": "20",
            "certifications": ["vietgap"],
            "export_ready": "on",
            "export_markets": "Nhật Bản",
        },
    )
    supply = SupplyCapacity.objects.get()
    assert (supply.months, supply.certifications, supply.export_ready) == (
        [1, 2, 12],
        ["vietgap"],
        True,
    )
    client.post(reverse("backoffice:promo_listing_withdraw", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == ListingStatus.WITHDRAWN
    assert AuditEntry.objects.filter(action="ocop.listing.withdrawn").count() == 1


def test_offer_page_of_another_producer_is_404(client, other_product, producer_user):
    client.force_login(producer_user)
    url = reverse("backoffice:promo_product_offer", args=[other_product.pk])
    assert client.get(url).status_code == 404


def test_inquiry_inbox_and_transitions(client, inquiry, producer_user):
    client.force_login(producer_user)
    page = client.get(reverse("backoffice:promo_inquiry_list"))
    assert inquiry.product.name in page.content.decode()
    detail = reverse("backoffice:promo_inquiry_detail", args=[inquiry.pk])
    assert client.get(detail).status_code == 200
    client.post(reverse("backoffice:promo_inquiry_reply", args=[inquiry.pk]), {"text": "Chào anh"})
    client.post(reverse("backoffice:promo_inquiry_negotiate", args=[inquiry.pk]))
    today = timezone.localdate().isoformat()
    client.post(
        reverse("backoffice:promo_inquiry_contract", args=[inquiry.pk]),
        {"value_vnd": "50000000", "signed_on": today},
    )
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.contract_value_vnd) == (InquiryStatus.CONTRACT, 50_000_000)
    page = client.get(detail).content.decode()
    assert "Chào anh" in page
    response = client.post(reverse("backoffice:promo_inquiry_negotiate", args=[inquiry.pk]))
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.CONTRACT
    client.post(reverse("backoffice:promo_inquiry_close", args=[inquiry.pk]), {"reason": "Xong"})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.CLOSED


def test_inquiry_outside_the_area_is_404(
    client, inquiry, other_province_officer, other_producer_user
):
    for user in (other_province_officer, other_producer_user):
        client.force_login(user)
        detail = reverse("backoffice:promo_inquiry_detail", args=[inquiry.pk])
        assert client.get(detail).status_code == 404
        reply = reverse("backoffice:promo_inquiry_reply", args=[inquiry.pk])
        assert client.post(reply, {"text": "x"}).status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW
    assert inquiry.messages.count() == 0


def test_officer_in_area_sees_the_inquiry(client, inquiry, commune_officer):
    client.force_login(commune_officer)
    detail = reverse("backoffice:promo_inquiry_detail", args=[inquiry.pk])
    response = client.get(detail)
    assert response.status_code == 200
    assert "minh@sieuthi.example.vn" in response.content.decode()


def test_pages_have_no_inline_script_or_style(client, point, inquiry, province_officer):
    client.force_login(province_officer)
    for url in (
        reverse("backoffice:promo_point_list"),
        reverse("backoffice:promo_point_detail", args=[point.pk]),
        reverse("backoffice:promo_inquiry_detail", args=[inquiry.pk]),
    ):
        html = client.get(url).content.decode()
        assert " style=" not in html
        assert "<script>" not in html
