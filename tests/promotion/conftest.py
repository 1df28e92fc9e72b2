"""Fixtures of the promotion tests (the shared ones come from tests/conftest.py)."""

import pytest

from ocop.geo.models import Commune
from ocop.promotion import domain
from ocop.promotion.enums import BuyerKind, SalesPointKind
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_product, make_user


@pytest.fixture
def point(db):
    return domain.create_sales_point(
        actor=None,
        fields={
            "name": "Điểm OCOP Tràng An",
            "kind": SalesPointKind.TOURIST_SITE,
            "address_text": "Khu du lịch Tràng An",
            "commune": Commune.objects.get(code=HOME_COMMUNE),
            "latitude": "20.254100",
            "longitude": "105.914000",
        },
    )


@pytest.fixture
def other_product(db):
    """A product of another province (Hà Nội): the data that could leak."""
    producer = make_producer(commune=OTHER_PROVINCE_COMMUNE, name="HTX Ba Đình")
    return make_product(producer=producer, name="Trà sen Ba Đình")


@pytest.fixture
def other_producer_user(other_product):
    return make_user("chuthekhac", role="producer", producer=other_product.producer)


def new_inquiry(product, **kwargs):
    values = {
        "product": product,
        "buyer_kind": BuyerKind.SUPERMARKET,
        "contact_name": "Trần Văn Minh",
        "buyer_organisation": "Siêu thị Hà Nội",
        "contact_email": "minh@sieuthi.example.vn",
        "quantity": 500,
        "unit": "lọ",
        "period": "Quý 1/2027",
        "destination": "Hà Nội",
        "message": "Xin báo giá 500 lọ mật ong.",
    }
    values.update(kwargs)
    return domain.submit_inquiry(**values)


@pytest.fixture
def inquiry(product):
    return new_inquiry(product)


@pytest.fixture
def other_inquiry(other_product):
    return new_inquiry(other_product, buyer_organisation="Nhà phân phối khác")
