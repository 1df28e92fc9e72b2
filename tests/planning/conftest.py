"""A small fixed data set for the planning indicators, counted by hand in the tests.

Ninh Bình (37), "today" = 30 Jun 2026:

=====  ========  =========  ===========================================================
 name  commune   producer   certificates
=====  ========  =========  ===========================================================
 p1    Hoa Lư    coop A     3★ 01/03/2024 (expires 01/03/2027) — in force
 p2    Hoa Lư    coop A     4★ 10/05/2025 — in force
 p3    Kim Sơn   hh B       3★ 10/01/2022 (expired 10/01/2025)
 p4    Kim Sơn   hh B       4★ 01/02/2025, revoked 15/01/2026
 p5    Hoa Lư    ent A      3★ 01/04/2023, superseded by 5★ 01/09/2025 — upgraded
 p6    Ba Đình   coop X     5★ 01/01/2025 — another province (Hà Nội): must never count
 p7    Kim Sơn   hh B       none
=====  ========  =========  ===========================================================

Sales points: Hoa Lư open, Kim Sơn planned, Kim Sơn open, Ba Đình open.
Contracts: p1 100,000,000 on 01/03/2025; p2 150,000,000 on 01/02/2026; p6 999 on
01/03/2026; an inquiry on p1 without a contract.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from ocop.certification.domain import record_certificate
from ocop.certification.enums import AuthorityLevel
from ocop.certification.models import Certificate
from ocop.criteria.models import CriteriaVersion
from ocop.geo.models import Commune
from ocop.promotion import domain as promo
from ocop.promotion.enums import SalesPointKind, SalesPointStatus
from ocop.promotion.models import Inquiry
from ocop.registry.enums import ProducerKind
from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_product
from tests.promotion.conftest import new_inquiry

TODAY = date(2026, 6, 30)


@dataclass
class World:
    products: dict[str, object]
    producers: dict[str, object]


def certify(product, star, on, number):
    return record_certificate(
        actor=None,
        product=product,
        star=star,
        criteria_version=CriteriaVersion.objects.order_by("-id").first(),
        authority="UBND tỉnh thử nghiệm",
        level=AuthorityLevel.PROVINCE,
        decision_number=f"QĐ {number}",
        decision_date=on,
        number=number,
    )


def point(name, commune, status):
    return promo.create_sales_point(
        actor=None,
        fields={
            "name": name,
            "kind": SalesPointKind.MARKET,
            "address_text": "Chợ",
            "commune": Commune.objects.get(code=commune),
        },
        status=status,
    )


def contract(product, value, on):
    inquiry = new_inquiry(product)
    Inquiry.objects.filter(pk=inquiry.pk).update(contract_value_vnd=value, contract_date=on)
    return inquiry


@pytest.fixture
def world(db):
    coop_a = make_producer(commune=HOME_COMMUNE, name="HTX A", kind=ProducerKind.COOPERATIVE)
    ent_a = make_producer(
        commune=HOME_COMMUNE, name="Công ty A", kind=ProducerKind.ENTERPRISE, legal_form="llc_one"
    )
    hh_b = make_producer(
        commune=OTHER_COMMUNE_SAME_PROVINCE, name="Hộ B", kind=ProducerKind.HOUSEHOLD
    )
    coop_x = make_producer(commune=OTHER_PROVINCE_COMMUNE, name="HTX X")
    p = {
        "p1": make_product(producer=coop_a, name="p1"),
        "p2": make_product(producer=coop_a, name="p2"),
        "p3": make_product(producer=hh_b, name="p3"),
        "p4": make_product(producer=hh_b, name="p4"),
        "p5": make_product(producer=ent_a, name="p5"),
        "p6": make_product(producer=coop_x, name="p6"),
        "p7": make_product(producer=hh_b, name="p7"),
    }
    certify(p["p1"], 3, date(2024, 3, 1), "1/2024")
    certify(p["p2"], 4, date(2025, 5, 10), "1/2025")
    certify(p["p3"], 3, date(2022, 1, 10), "1/2022")
    revoked = certify(p["p4"], 4, date(2025, 2, 1), "2/2025")
    Certificate.objects.filter(pk=revoked.pk).update(
        revoked_on=date(2026, 1, 15), revocation_reason="Vi phạm"
    )
    certify(p["p5"], 3, date(2023, 4, 1), "1/2023")
    certify(p["p5"], 5, date(2025, 9, 1), "3/2025")
    certify(p["p6"], 5, date(2025, 1, 1), "4/2025")
    point("Điểm Hoa Lư", HOME_COMMUNE, SalesPointStatus.OPEN)
    point("Điểm Kim Sơn dự kiến", OTHER_COMMUNE_SAME_PROVINCE, SalesPointStatus.PLANNED)
    point("Điểm Kim Sơn", OTHER_COMMUNE_SAME_PROVINCE, SalesPointStatus.OPEN)
    point("Điểm Ba Đình", OTHER_PROVINCE_COMMUNE, SalesPointStatus.OPEN)
    contract(p["p1"], 100_000_000, date(2025, 3, 1))
    contract(p["p2"], 150_000_000, date(2026, 2, 1))
    contract(p["p6"], 999, date(2026, 3, 1))
    new_inquiry(p["p1"])
    return World(
        products=p, producers={"coop_a": coop_a, "ent_a": ent_a, "hh_b": hh_b, "coop_x": coop_x}
    )
