"""Trade items in two places and the people who may (or may not) manage their stamps."""

import pytest

from ocop.traceability import gs1
from ocop.traceability.models import Lot, TradeItem
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_product, make_user


def gtin_for(n: int) -> str:
    body = f"0893{n:09d}"
    return body + str(gs1.check_digit(body))


@pytest.fixture
def trade_item(db):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư")
    product = make_product(producer=producer, name="Mật ong hoa nhãn")
    return TradeItem.objects.create(product=product, gtin=gtin_for(1), variant="Chai 500 ml")


@pytest.fixture
def lot(trade_item):
    return Lot.objects.create(trade_item=trade_item, number="L2026-01")


@pytest.fixture
def far_trade_item(db):
    producer = make_producer(commune=OTHER_PROVINCE_COMMUNE, name="Công ty Chè Ba Đình")
    product = make_product(producer=producer, name="Chè sen")
    return TradeItem.objects.create(product=product, gtin=gtin_for(2))


@pytest.fixture
def owner(trade_item):
    return make_user("chuthe", role="producer", producer=trade_item.product.producer)


@pytest.fixture
def stranger(far_trade_item):
    return make_user("chuthekhac", role="producer", producer=far_trade_item.product.producer)


@pytest.fixture
def issued(trade_item, lot, owner, django_capture_on_commit_callbacks):
    """A batch of 30 stamps of the lot, issued (the task ran on commit)."""
    from ocop.stamps.domain import request_stamps
    from ocop.stamps.models import StampBatch

    with django_capture_on_commit_callbacks(execute=True):
        batch = request_stamps(trade_item=trade_item, lot=lot, count=30, actor=owner)
    return StampBatch.objects.get(pk=batch.pk)
