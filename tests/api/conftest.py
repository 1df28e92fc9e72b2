"""A little of everything the API serves, in Ninh Bình (37) and in Hà Nội (01): the data
that could leak across provinces. Every row is written through the domain functions."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ocop.api.enums import TokenAccess, TokenScope
from ocop.api.tokens import create_token
from ocop.certification.domain import record_certificate
from ocop.criteria.models import CriteriaVersion
from ocop.evaluation import domain as evaluation
from ocop.evaluation.enums import DossierKind
from ocop.geo.models import Commune, Province
from ocop.planning import domain as planning
from ocop.promotion import domain as promotion
from ocop.promotion.enums import Platform, SalesPointKind
from ocop.registry.models import Producer, Product
from ocop.stamps.enums import ScanOutcome, ScanSource
from ocop.stamps.models import Scan, Stamp
from ocop.traceability.domain import capture_document
from ocop.traceability.models import CompanyPrefix, Lot, TradeItem
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE, OTHER_PROVINCE, OTHER_PROVINCE_COMMUNE
from tests.evaluation.helpers import answers_at
from tests.factories import make_producer, make_product
from tests.promotion.conftest import new_inquiry
from tests.traceability.helpers import document, gtin_for, object_event


@dataclass
class Area:
    producer: Producer
    product: Product
    lot: Lot
    inquiry: Any
    plan: Any
    point: Any


def certify(product: Product) -> Any:
    return record_certificate(
        actor=None,
        product=product,
        star=4,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh",
        level="province",
        decision_number="100/QĐ-UBND",
        decision_date=timezone.localdate() - timedelta(days=100),
    )


def submit(product: Product) -> Any:
    """A submitted first-evaluation dossier of the product (through the domain)."""
    dossier = evaluation.start_dossier(actor=None, product=product, kind=DossierKind.FIRST)
    evaluation.save_dossier_draft(
        actor=None,
        dossier=dossier,
        registration={"applicant": "Nguyễn Thị Lan", "phone": "0912000111"},
        self_answers=answers_at(dossier.revision.form().sheet, quality=0.8),
    )
    evaluation.submit_dossier(actor=None, dossier=dossier)
    return dossier


def seed_area(*, commune: str, province: str, prefix: str, n: int = 1) -> Area:
    """``n`` producers with a certified product each, and one of every other resource."""
    first: Area | None = None
    commune_obj = Commune.objects.get(code=commune)
    for i in range(n):
        producer = make_producer(commune=commune, name=f"HTX {prefix} {i}")
        product = make_product(producer=producer, name=f"Mật ong {prefix} {i}")
        certify(product)
        submit(product)
        if first is not None:
            # More rows of each list, so that query counts are compared at two sizes.
            new_inquiry(product)
            promotion.add_listing(
                actor=None,
                product=product,
                platform=Platform.SHOPEE,
                url=f"https://shopee.vn/{prefix}-{i}",
            )
            continue
        CompanyPrefix.objects.create(producer=producer, prefix=prefix)
        item = TradeItem.objects.create(product=product, gtin=gtin_for(prefix, 1).zfill(14))
        lot = Lot.objects.create(trade_item=item, number="L01", quantity=100)
        capture_document(document=document(object_event(lot)), actor=None, producer=producer)
        from ocop.stamps.domain import request_stamps

        request_stamps(trade_item=item, lot=lot, count=3, actor=None)
        point = promotion.create_sales_point(
            actor=None,
            fields={
                "name": f"Điểm OCOP {prefix}",
                "kind": SalesPointKind.TOURIST_SITE,
                "commune": commune_obj,
                "address_text": "Khu du lịch",
            },
        )
        promotion.create_fair(
            actor=None,
            fields={
                "name": f"Hội chợ {prefix}",
                "starts_on": date(2026, 10, 1),
                "ends_on": date(2026, 10, 5),
                "place": "Trung tâm",
                "province": Province.objects.get(code=province),
                "organiser": "Sở Công Thương",
            },
            producers=[producer],
        )
        promotion.add_listing(
            actor=None, product=product, platform=Platform.SHOPEE, url="https://shopee.vn/a"
        )
        inquiry = new_inquiry(product)
        plan = planning.create_plan(
            actor=None,
            fields={
                "number": f"{prefix}/KH-UBND",
                "title": "Kế hoạch OCOP 2026–2030",
                "issuer": "UBND tỉnh",
                "issued_on": date(2026, 1, 10),
                "start_year": 2026,
                "end_year": 2030,
                "province": Province.objects.get(code=province),
            },
        )
        planning.add_target(
            actor=None, plan=plan, fields={"indicator": "new_products", "value": 10}
        )
        first = Area(producer, product, lot, inquiry, plan, point)
    assert first is not None
    return first


def scan_all(area: Area) -> None:
    """One scan per issued stamp of the area (the stamps are issued on commit)."""
    for stamp in Stamp.objects.filter(lot=area.lot):
        Scan.objects.create(
            stamp=stamp,
            gtin=area.lot.trade_item.gtin,
            lot=area.lot.number,
            serial=stamp.serial,
            outcome=ScanOutcome.NOT_ACTIVATED,
            source=ScanSource.PAGE,
        )


def seeded(*, commune: str, province: str, prefix: str, capture: Any, n: int = 1) -> Area:
    with capture(execute=True):
        area = seed_area(commune=commune, province=province, prefix=prefix, n=n)
    scan_all(area)
    return area


@pytest.fixture
def home(db, django_capture_on_commit_callbacks) -> Area:  # type: ignore[no-untyped-def]
    return seeded(
        commune=HOME_COMMUNE,
        province=HOME_PROVINCE,
        prefix="8931234",
        capture=django_capture_on_commit_callbacks,
    )


@pytest.fixture
def away(db, django_capture_on_commit_callbacks) -> Area:  # type: ignore[no-untyped-def]
    return seeded(
        commune=OTHER_PROVINCE_COMMUNE,
        province=OTHER_PROVINCE,
        prefix="8935678",
        capture=django_capture_on_commit_callbacks,
    )


def token(scope: TokenScope, access: TokenAccess = TokenAccess.READ, **area: Any) -> str:
    return create_token(
        actor=None, name=f"{scope} {access}", scope=scope, access=access, **area
    ).raw


@pytest.fixture
def province_read(db) -> str:  # type: ignore[no-untyped-def]
    return token(TokenScope.PROVINCE, province=Province.objects.get(code=HOME_PROVINCE))


@pytest.fixture
def province_write(db) -> str:  # type: ignore[no-untyped-def]
    return token(
        TokenScope.PROVINCE, TokenAccess.WRITE, province=Province.objects.get(code=HOME_PROVINCE)
    )


@pytest.fixture
def national_read(db) -> str:  # type: ignore[no-untyped-def]
    return token(TokenScope.NATIONAL)


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
