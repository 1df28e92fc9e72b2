"""Each promotion list view runs the same number of queries whatever the rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.geo.models import Commune, Province
from ocop.promotion import domain
from ocop.promotion.enums import Platform, SalesPointKind
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.factories import make_producer, make_product

from .conftest import new_inquiry

VIEWS = [
    "backoffice:promo_point_list",
    "backoffice:promo_fair_list",
    "backoffice:promo_listing_list",
    "backoffice:promo_inquiry_list",
]


def add_rows(n, start):
    commune = Commune.objects.get(code=HOME_COMMUNE)
    for i in range(start, start + n):
        producer = make_producer(commune=HOME_COMMUNE)
        product = make_product(producer=producer, name=f"Mật ong {i}")
        point = domain.create_sales_point(
            actor=None,
            fields={
                "name": f"Điểm {i}",
                "kind": SalesPointKind.MARKET,
                "address_text": "Chợ",
                "commune": commune,
                "latitude": "20.25",
                "longitude": "105.97",
            },
        )
        stock = domain.add_stock(actor=None, point=point, product=product)
        domain.record_paper_consent(actor=None, stock=stock, note="Văn bản")
        domain.create_fair(
            actor=None,
            fields={
                "name": f"Hội chợ {i}",
                "starts_on": date(2026, 1, 1),
                "ends_on": date(2026, 1, 3),
                "place": "x",
                "province": Province.objects.get(code=HOME_PROVINCE),
            },
            products=[product],
        )
        domain.add_listing(
            actor=None, product=product, platform=Platform.TIKI, url=f"https://tiki.vn/p{i}"
        )
        inquiry = new_inquiry(product)
        domain.buyer_reply(inquiry=inquiry, text="Còn hàng không?")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", VIEWS)
def test_list_query_count_does_not_grow_with_rows(client, province_officer, name):
    client.force_login(province_officer)
    url = reverse(name)
    add_rows(1, 0)
    client.get(url)  # warm the session and the scope
    few = count_queries(client, url)
    add_rows(4, 1)
    many = count_queries(client, url)
    assert many == few
