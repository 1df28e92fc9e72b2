"""Budget spent vs planned, potential 5★, and targets over a phase of several years."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ocop.criteria.models import CriteriaVersion
from ocop.criteria.queries import current_revision
from ocop.evaluation.models import Dossier, Result, Round
from ocop.geo.models import Province
from ocop.planning import domain
from ocop.planning.indicators import REGISTRY, Area, Period
from ocop.planning.progress import evaluate
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE, OTHER_COMMUNE_SAME_PROVINCE
from tests.cycle.helpers import build_data_set
from tests.factories import make_producer, make_product

TODAY = date(2026, 11, 30)
NB = Area(HOME_PROVINCE)
Y2026 = Period.year(2026)


def run(code, area=NB, period=Y2026):
    return REGISTRY[code](area, period, today=TODAY)


def test_support_spent_sums_the_area_and_period(db):
    # Ninh Bình 2026: idea A got 12,000,000 of support on 1 Apr 2026; Hà Nội's idea H got
    # the same and must not count; nothing was given in 2025.
    build_data_set()
    result = run("support_spent")
    assert result.value == Decimal(12_000_000)
    assert [s.cost_vnd for s in result.records] == [12_000_000]
    assert run("support_spent", period=Period.year(2025)).value == 0
    assert run("support_spent", area=Area(HOME_PROVINCE, OTHER_COMMUNE_SAME_PROVINCE)).value == 0


def _flag(product, *, year, potential, number):
    round_ = Round.objects.create(
        level="province",
        province=Province.objects.get(code=HOME_PROVINCE),
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        year=year,
        number=number,
        dossier_cutoff=date(year, 3, 1),
        deadline=date(year, 6, 1),
    )
    dossier = Dossier.objects.create(
        product=product,
        kind="first",
        state="decided",
        round=round_,
        revision=current_revision(criteria="26/2026", set_number=4),
    )
    Result.objects.create(dossier=dossier, potential_5_star=potential, star=4)


def test_potential_5star_counts_flagged_products_of_rounds_in_the_period(db):
    producer = make_producer(commune=HOME_COMMUNE)
    a, b, c = (make_product(producer=producer, name=n) for n in ("A", "B", "C"))
    _flag(a, year=2025, potential=True, number=1)
    _flag(a, year=2026, potential=True, number=2)  # the same product twice: counted once
    _flag(b, year=2026, potential=False, number=3)
    _flag(c, year=2023, potential=True, number=4)  # outside 2024–2026
    result = run("potential_5star", period=Period.years(2024, 2026))
    assert result.value == 1
    assert [p.name for p in result.records] == ["A"]
    assert run("potential_5star", period=Period.years(2022, 2026)).value == 2


def test_a_phase_target_reads_its_years(db, province_officer):
    build_data_set()
    plan = domain.create_plan(
        actor=province_officer,
        fields={
            "number": "1/ĐA-UBND",
            "title": "Đề án",
            "issuer": "UBND tỉnh",
            "issued_on": date(2019, 1, 1),
            "start_year": 2019,
            "end_year": 2030,
            "province": Province.objects.get(code=HOME_PROVINCE),
        },
    )
    phase = domain.add_target(
        actor=province_officer,
        plan=plan,
        fields={"indicator": "support_spent", "year": 2021, "end_year": 2026, "value": 24_000_000},
    )
    row = evaluate(plan, phase, today=TODAY)
    assert (row.period.start, row.period.end) == (date(2021, 1, 1), date(2026, 12, 31))
    assert row.period_label == "2021–2026"
    assert (row.actual, row.percent, row.light) == (Decimal(12_000_000), Decimal("50.0"), "red")
    with pytest.raises(ValidationError) as bad:
        domain.add_target(
            actor=province_officer,
            plan=plan,
            fields={"indicator": "support_spent", "year": 2026, "end_year": 2031, "value": 1},
        )
    assert "end_year" in bad.value.message_dict
    with pytest.raises(ValidationError):
        domain.add_target(
            actor=province_officer,
            plan=plan,
            fields={"indicator": "support_spent", "end_year": 2025, "value": 1},
        )
