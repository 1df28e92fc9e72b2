"""Validation of the promotion models: URL host per platform, prices, dates, GPS, months."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ocop.geo.models import Commune, Province
from ocop.promotion import domain
from ocop.promotion.enums import Platform, SalesPointKind
from ocop.promotion.models import Fair, Listing, SalesPoint, Stock, SupplyCapacity, url_problem
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE


@pytest.mark.parametrize(
    ("platform", "url", "ok"),
    [
        (Platform.SHOPEE, "https://shopee.vn/mat-ong-i.1.2", True),
        (Platform.SHOPEE, "https://www.shopee.vn/mat-ong", True),
        (Platform.SHOPEE, "https://shopee.vn.evil.example/mat-ong", False),
        (Platform.SHOPEE, "https://notshopee.vn/x", False),
        (Platform.LAZADA, "https://www.lazada.vn/products/x.html", True),
        (Platform.LAZADA, "https://tiki.vn/x", False),
        (Platform.TIKTOK, "https://vt.tiktok.com/ZS123/", True),
        (Platform.FACEBOOK, "http://facebook.com/htxhoalu", True),
        (Platform.ZALO, "https://zalo.me/123", True),
        (Platform.OWN_SITE, "https://mat-ong-hoa-lu.vn/", True),
        (Platform.OTHER, "https://cho.example/", True),
        (Platform.OWN_SITE, "ftp://mat-ong.vn/", False),
        (Platform.OWN_SITE, "javascript:alert(1)", False),
        (Platform.OWN_SITE, "https://", False),
    ],
)
def test_url_problem_checks_scheme_and_platform_host(platform, url, ok):
    assert (url_problem(platform=platform, url=url) is None) == ok


def test_listing_refuses_host_of_another_platform(product):
    with pytest.raises(ValidationError) as err:
        domain.add_listing(
            actor=None, product=product, platform=Platform.SHOPEE, url="https://tiki.vn/x"
        )
    assert list(err.value.message_dict) == ["url"]
    assert Listing.objects.count() == 0


def test_listing_price_range(product):
    with pytest.raises(ValidationError) as err:
        domain.add_listing(
            actor=None,
            product=product,
            platform=Platform.TIKI,
            url="https://tiki.vn/mat-ong",
            price_min=200_000,
            price_max=150_000,
        )
    assert "price_max" in err.value.message_dict
    listing = domain.add_listing(
        actor=None,
        product=product,
        platform=Platform.TIKI,
        url="https://tiki.vn/mat-ong",
        price_min=150_000,
        price_max=150_000,
    )
    assert (listing.price_min, listing.price_max) == (150_000, 150_000)


def test_listing_price_constraint_in_database(product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.create(
            product=product, platform="tiki", url="https://tiki.vn/a", price_min=2, price_max=1
        )


def test_fair_end_before_start_is_refused(db):
    fields = {
        "name": "Hội chợ OCOP",
        "starts_on": date(2026, 10, 5),
        "ends_on": date(2026, 10, 1),
        "place": "Quảng trường Đinh Tiên Hoàng",
        "province": Province.objects.get(code=HOME_PROVINCE),
    }
    with pytest.raises(ValidationError) as err:
        domain.create_fair(actor=None, fields=fields)
    assert list(err.value.message_dict) == ["ends_on"]
    assert Fair.objects.count() == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Fair.objects.create(**fields)


@pytest.mark.parametrize(("lat", "lng"), [("91", "105"), ("20", "181"), ("-90.5", "0")])
def test_sales_point_gps_out_of_range(db, lat, lng):
    with pytest.raises(ValidationError):
        domain.create_sales_point(
            actor=None,
            fields={
                "name": "Điểm lỗi",
                "kind": SalesPointKind.MARKET,
                "address_text": "Chợ",
                "commune": Commune.objects.get(code=HOME_COMMUNE),
                "latitude": Decimal(lat),
                "longitude": Decimal(lng),
            },
        )
    assert SalesPoint.objects.count() == 0


def test_sales_point_gps_constraint_in_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        SalesPoint.objects.create(
            name="x",
            kind="market",
            address_text="x",
            commune_id=HOME_COMMUNE,
            latitude=Decimal("95"),
            longitude=Decimal("105"),
        )


def test_sales_point_checklist_has_every_item(point):
    assert set(point.checklist) == {
        "location",
        "area",
        "signage",
        "display",
        "product_info",
        "storage",
        "staff",
        "payment",
        "hygiene",
        "fire_safety",
    }
    assert not any(point.checklist.values())
    with pytest.raises(ValidationError):
        domain.update_sales_point(actor=None, point=point, fields={"checklist": {"wifi": True}})


def test_supply_capacity_months_and_certifications(product):
    supply = domain.set_supply_capacity(
        actor=None,
        product=product,
        months=[3, 4, 5],
        monthly_volume=Decimal("1200"),
        unit="lít",
        certifications=["vietgap", "organic"],
        export_ready=True,
        export_markets="Nhật Bản",
    )
    assert supply.months == [3, 4, 5]
    assert supply.months_mask == 0b11100
    assert supply.certifications == ["organic", "vietgap"]
    with pytest.raises(ValidationError):
        domain.set_supply_capacity(actor=None, product=product, months=[13])
    with pytest.raises(ValidationError):
        domain.set_supply_capacity(actor=None, product=product, months=[1], certifications=["x"])
    supply.refresh_from_db()
    assert supply.months == [3, 4, 5]
    assert SupplyCapacity.objects.count() == 1


def test_stock_consent_shape_in_database(point, product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.create(sales_point=point, product=product, consent_kind="paper")
