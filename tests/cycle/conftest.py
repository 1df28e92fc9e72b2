"""Fixtures of the cycle tests (the shared ones come from tests/conftest.py)."""

import pytest

from ocop.criteria.models import ProductSet
from ocop.cycle import domain
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_user


def idea_fields(**kwargs):
    values = {
        "name": "Trà hoa sen Hoa Lư",
        "product_set": ProductSet.objects.get(version__is_current=True, number=4),
        "description": "Trà ướp hoa sen đầm Vân Long.",
        "raw_materials": "Sen Bách Diệp",
        "expected_market": "Khách du lịch Tràng An",
        "year": 2026,
    }
    values.update(kwargs)
    return values


PLAN_FIELDS = {
    "content": "Xây xưởng ướp trà, đăng ký nhãn hiệu.",
    "investment_vnd": 850_000_000,
    "expected_output": "2 tấn/năm",
    "expected_revenue_vnd": 1_200_000_000,
    "support_requested": "Thiết kế bao bì, kiểm nghiệm",
    "support_kinds": ["packaging", "lab_test"],
}


@pytest.fixture
def producer(db):
    return make_producer(commune=HOME_COMMUNE, name="HTX Sen Hoa Lư")


@pytest.fixture
def owner(producer):
    return make_user("chusen", role="producer", producer=producer)


@pytest.fixture
def idea(producer, owner):
    return domain.submit_idea(actor=owner, producer=producer, fields=idea_fields())


@pytest.fixture
def accepted_idea(idea, commune_officer):
    return domain.accept_idea(actor=commune_officer, idea=idea, create_product=True)


@pytest.fixture
def plan(accepted_idea, owner):
    return domain.submit_plan(actor=owner, idea=accepted_idea, fields=PLAN_FIELDS)


@pytest.fixture
def approved_plan(plan, province_officer):
    return domain.approve_plan(actor=province_officer, plan=plan, comment="Đạt")


@pytest.fixture
def other_idea(db):
    """An idea of another province (Hà Nội): the data that could leak."""
    producer = make_producer(commune=OTHER_PROVINCE_COMMUNE, name="HTX Ba Đình")
    return domain.submit_idea(
        actor=None, producer=producer, fields=idea_fields(name="Bánh cốm Ba Đình")
    )
