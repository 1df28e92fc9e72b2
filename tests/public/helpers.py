"""Builders shared by the public-page tests and the browser tests."""

from ocop.geo.models import Commune
from ocop.promotion import domain
from ocop.promotion.enums import SalesPointKind, SalesPointStatus
from tests.conftest import HOME_COMMUNE


def open_point_stocking(product):
    """An open sales point at Tràng An with ``product`` in stock, awaiting consent."""
    point = domain.create_sales_point(
        actor=None,
        status=SalesPointStatus.OPEN,
        fields={
            "name": "Điểm OCOP Tràng An",
            "kind": SalesPointKind.TOURIST_SITE,
            "address_text": "Khu du lịch Tràng An",
            "commune": Commune.objects.get(code=HOME_COMMUNE),
            "latitude": "20.254100",
            "longitude": "105.914000",
        },
    )
    stock = domain.add_stock(actor=None, point=point, product=product)
    return point, stock
