"""The cycle demo loads ideas in every state once (idempotent)."""

from datetime import date

import pytest

from ocop.certification.domain import record_certificate
from ocop.criteria.models import CriteriaVersion
from ocop.cycle.enums import IdeaStatus, PlanStatus
from ocop.cycle.models import BusinessPlan, Milestone, ProductIdea, SupportGiven
from ocop.cycle.queries import product_path
from ocop.demo.cycle import load_cycle_demo
from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer, make_product, make_user

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_runs_once():
    make_user("tinh.ninhbinh", role="province_officer", province="37")
    for i in range(3):
        make_producer(commune=HOME_COMMUNE, name=f"HTX demo {i}")
    certified = make_product(producer=make_producer(commune=HOME_COMMUNE), name="Cơm cháy")
    record_certificate(
        actor=None,
        product=certified,
        star=4,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh Ninh Bình",
        level="province",
        decision_number="1/QĐ",
        decision_date=date(2025, 12, 1),
    )
    assert load_cycle_demo() == 8
    assert load_cycle_demo() == 8
    assert sorted(set(ProductIdea.objects.values_list("status", flat=True))) == sorted(
        IdeaStatus.values
    )
    assert sorted(set(BusinessPlan.objects.values_list("status", flat=True))) == sorted(
        PlanStatus.values
    )
    assert SupportGiven.objects.count() == 12
    assert Milestone.objects.filter(done_on__isnull=False).count() == 6
    assert [s.done for s in product_path(certified)][:5] == [True, True, True, False, True]


def test_demo_without_producers_loads_nothing():
    assert load_cycle_demo() == 0
