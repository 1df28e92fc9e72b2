"""The promotion demo loads every kind of record once (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from ocop.certification.domain import record_certificate
from ocop.criteria.models import CriteriaVersion
from ocop.demo.promotion import load_promotion_demo
from ocop.promotion.enums import InquiryStatus, ListingStatus
from ocop.promotion.models import Fair, Inquiry, Listing, SalesPoint, Stock, SupplyCapacity
from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer, make_product, make_user


def test_demo_has_every_state_and_runs_once(db):
    province_officer = make_user("tinh.ninhbinh", role="province_officer", province="37")
    producer = make_producer(commune=HOME_COMMUNE, name="HTX demo")
    make_user("chuthe", role="producer", producer=producer)
    own = make_product(producer=producer, name="Miến dong")
    for i in range(3):
        product = make_product(producer=make_producer(commune=HOME_COMMUNE), name=f"Sản phẩm {i}")
        record_certificate(
            actor=None,
            product=product,
            star=4,
            criteria_version=CriteriaVersion.objects.get(is_current=True),
            authority="UBND tỉnh Ninh Bình",
            level="province",
            decision_number=f"{i}/QĐ",
            decision_date=timezone.localdate() - timedelta(days=30),
        )
    assert load_promotion_demo() == 7
    assert load_promotion_demo() == 7
    assert SalesPoint.objects.count() == 7
    assert Stock.objects.filter(consented_at__isnull=False).count() == 21
    assert Stock.objects.filter(consented_at__isnull=True, product=own).count() == 1
    assert Fair.objects.count() == 2
    assert Listing.objects.filter(status=ListingStatus.DEAD).count() == 1
    assert SupplyCapacity.objects.count() == 4
    assert sorted(Inquiry.objects.values_list("status", flat=True)) == sorted(InquiryStatus.values)
    assert Inquiry.objects.filter(messages__author=province_officer).exists()
