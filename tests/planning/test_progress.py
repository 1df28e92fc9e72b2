"""Plans and targets: audited writes, area checks, progress and traffic lights."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.core.models import AuditEntry
from ocop.geo.models import Commune, Province
from ocop.planning import domain
from ocop.planning.models import Plan, Target
from ocop.planning.progress import light_for, percent_of, plan_progress
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE, OTHER_PROVINCE_COMMUNE

from .conftest import TODAY


def new_plan(actor=None, **fields):
    values = {
        "number": "85/KH-UBND",
        "title": "Kế hoạch thực hiện Chương trình OCOP giai đoạn 2022–2025",
        "issuer": "UBND tỉnh Ninh Bình",
        "issued_on": date(2022, 4, 1),
        "start_year": 2022,
        "end_year": 2026,
        "province": Province.objects.get(code=HOME_PROVINCE),
    }
    values.update(fields)
    return domain.create_plan(actor=actor, fields=values)


@pytest.fixture
def plan(db):
    return new_plan()


def test_create_plan_is_audited(province_officer):
    plan = new_plan(actor=province_officer)
    entry = AuditEntry.objects.get(action="ocop.plan.created")
    assert entry.object_id == str(plan.pk)
    assert entry.actor_id == province_officer.pk


def test_other_province_officer_may_not_create_or_add(plan, other_province_officer):
    with pytest.raises(PermissionDenied):
        new_plan(actor=other_province_officer, number="1/KH")
    with pytest.raises(PermissionDenied):
        domain.add_target(
            actor=other_province_officer,
            plan=plan,
            fields={"indicator": "products_3star", "value": 10},
        )
    assert Plan.objects.count() == 1
    assert Target.objects.count() == 0


def test_target_checks_indicator_year_area_and_duplicates(plan):
    with pytest.raises(ValidationError) as exc:
        domain.add_target(actor=None, plan=plan, fields={"indicator": "typed_in", "value": 1})
    assert "indicator" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        domain.add_target(
            actor=None, plan=plan, fields={"indicator": "products_3star", "year": 2030, "value": 1}
        )
    assert "year" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        domain.add_target(
            actor=None,
            plan=plan,
            fields={
                "indicator": "products_3star",
                "commune": Commune.objects.get(code=OTHER_PROVINCE_COMMUNE),
                "value": 1,
            },
        )
    assert "commune" in exc.value.message_dict
    domain.add_target(actor=None, plan=plan, fields={"indicator": "products_3star", "value": 1})
    with pytest.raises(ValidationError):
        domain.add_target(actor=None, plan=plan, fields={"indicator": "products_3star", "value": 2})
    assert Target.objects.count() == 1


def test_update_and_remove_target_are_audited(plan):
    target = domain.add_target(
        actor=None, plan=plan, fields={"indicator": "products_3star", "value": 1}
    )
    domain.update_target(actor=None, target=target, fields={"value": Decimal(5)})
    target.refresh_from_db()
    assert target.value == Decimal(5)
    domain.remove_target(actor=None, target=target)
    assert Target.objects.count() == 0
    assert list(
        AuditEntry.objects.filter(action__startswith="ocop.plan.target")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["ocop.plan.target_added", "ocop.plan.target_updated", "ocop.plan.target_removed"]


def test_traffic_lights():
    assert light_for(Decimal(100)) == "green"
    assert light_for(Decimal("150.0")) == "green"
    assert light_for(Decimal("99.9")) == "amber"
    assert light_for(Decimal(70)) == "amber"
    assert light_for(Decimal("69.9")) == "red"
    assert light_for(None) == "none"
    assert percent_of(Decimal(3), Decimal(4)) == Decimal("75.0")
    assert percent_of(None, Decimal(4)) is None
    assert percent_of(Decimal(3), Decimal(0)) is None


def test_plan_progress_rows(world, plan):
    hoa_lu = Commune.objects.get(code=HOME_COMMUNE)
    for fields in (
        {"indicator": "products_3star", "value": 3},  # 3 / 3 → green
        {"indicator": "products_3star", "year": 2025, "value": 5},  # 4 / 5 → amber
        {"indicator": "share_5star", "value": 50},  # 33.3 / 50 → red
        {"indicator": "new_products", "year": 2025, "commune": hoa_lu, "value": 1},  # p2 → green
        {"indicator": "chain_revenue_growth", "year": 2025, "value": 5},  # no 2024 → none
    ):
        domain.add_target(actor=None, plan=plan, fields=fields)
    rows = plan_progress(plan, list(plan.targets.select_related("commune")), today=TODAY)
    assert [(r.actual, r.percent, r.light) for r in rows] == [
        (Decimal(3), Decimal("100.0"), "green"),
        (Decimal(4), Decimal("80.0"), "amber"),
        (Decimal("33.3"), Decimal("66.6"), "red"),
        (Decimal(1), Decimal("100.0"), "green"),
        (None, None, "none"),
    ]
    assert [r.area_label for r in rows] == ["Tỉnh Ninh Bình"] * 3 + [
        "Phường Hoa Lư",
        "Tỉnh Ninh Bình",
    ]
    assert [r.period_label for r in rows] == ["2022–2026", "2025", "2022–2026", "2025", "2025"]
