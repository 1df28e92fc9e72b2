"""Every indicator on the fixed data set of conftest.py, with hand-counted values."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.certification.queries import in_force_q
from ocop.geo.models import Commune
from ocop.planning.indicators import REGISTRY, Area, Period
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE, OTHER_COMMUNE_SAME_PROVINCE

from .conftest import TODAY

NB = Area(HOME_PROVINCE)
HOA_LU = Area(HOME_PROVINCE, HOME_COMMUNE)
KIM_SON = Area(HOME_PROVINCE, OTHER_COMMUNE_SAME_PROVINCE)
PLAN = Period.years(2022, 2026)


def run(code, area=NB, period=PLAN, today=TODAY):
    return REGISTRY[code](area, period, today=today)


def names(result):
    return sorted(str(r.name) for r in result.records)


def test_products_3star_now_excludes_expired_revoked_superseded_and_other_province(world):
    result = run("products_3star")
    assert result.value == Decimal(3)
    assert names(result) == ["p1", "p2", "p5"]
    assert {r.name: r.star for r in result.records} == {"p1": 3, "p2": 4, "p5": 5}


def test_products_by_star_now(world):
    assert names(run("products_3star")) == ["p1", "p2", "p5"]
    assert [run(f"products_star{k}").value for k in (3, 4, 5)] == [1, 1, 1]
    assert names(run("products_star5")) == ["p5"]


def test_products_at_end_of_a_past_year_read_that_day(world):
    # 31/12/2024: p1, p3 (expires 10/01/2025) and p5 still at 3★ (upgraded in 2025).
    y2024 = run("products_3star", period=Period.year(2024))
    assert names(y2024) == ["p1", "p3", "p5"]
    assert [run(f"products_star{k}", period=Period.year(2024)).value for k in (3, 4, 5)] == [
        3,
        0,
        0,
    ]
    # 31/12/2025: p3 expired; p4 not yet revoked; p5 now 5★.
    y2025 = run("products_3star", period=Period.year(2025))
    assert names(y2025) == ["p1", "p2", "p4", "p5"]
    assert {r.name: r.star for r in y2025.records} == {"p1": 3, "p2": 4, "p4": 4, "p5": 5}


def test_products_in_one_commune(world):
    assert names(run("products_3star", area=HOA_LU)) == ["p1", "p2", "p5"]
    assert run("products_3star", area=KIM_SON).value == 0


def test_today_matches_the_catalogue_in_force_rule(world):
    catalogue = set(
        Certificate.objects.filter(
            in_force_q(today=TODAY), product__commune__province_id="37"
        ).values_list("product__name", flat=True)
    )
    assert catalogue == set(names(run("products_3star")))


def test_new_products_counts_the_first_certificate_only(world):
    assert names(run("new_products", period=Period.year(2025))) == ["p2", "p4"]
    assert run("new_products", period=Period.year(2024)).value == 1
    assert run("new_products", period=Period.year(2026)).value == 0
    assert names(run("new_products", period=Period.years(2022, 2025))) == [
        "p1",
        "p2",
        "p3",
        "p4",
        "p5",
    ]


def test_share_5star(world):
    result = run("share_5star")
    assert result.value == Decimal("33.3")
    assert names(result) == ["p5"]
    assert run("share_5star", period=Period.year(2024)).value == Decimal("0.0")
    assert run("share_5star", area=KIM_SON).value is None


def test_communes_with_product_and_list_without(world):
    n_communes = Commune.objects.filter(province_id=HOME_PROVINCE).count()
    result = run("communes_with_product")
    assert result.value == 1
    without = list(result.records.values_list("code", flat=True))
    assert len(without) == n_communes - 1
    assert HOME_COMMUNE not in without
    assert OTHER_COMMUNE_SAME_PROVINCE in without
    # End of 2024: p3 (Kim Sơn) was still in force.
    assert run("communes_with_product", period=Period.year(2024)).value == 2
    kim_son = run("communes_with_product", area=KIM_SON)
    assert kim_son.value == 0
    assert [c.code for c in kim_son.records] == [OTHER_COMMUNE_SAME_PROVINCE]
    share = run("communes_with_product_share", area=HOA_LU)
    assert share.value == Decimal("100.0")
    assert list(share.records) == []
    expected = (Decimal(100) / n_communes).quantize(Decimal("0.1"))
    assert run("communes_with_product_share").value == expected


def test_upgraded_products(world):
    assert names(run("upgraded_products", period=Period.year(2025))) == ["p5"]
    assert run("upgraded_products", period=Period.year(2024)).value == 0
    assert run("upgraded_products").value == 1


def test_producers_by_kind(world):
    now = run("producers")
    assert now.value == 2
    assert names(now) == ["Công ty A", "HTX A"]
    assert now.breakdown == [("Hợp tác xã", 1), ("Doanh nghiệp nhỏ và vừa", 1)]
    y2025 = run("producers", period=Period.year(2025))
    assert y2025.value == 3
    assert run("producers_household", period=Period.year(2025)).value == 1
    assert run("producers_household").value == 0
    assert run("producers_cooperative").value == 1
    assert run("organisations", period=Period.year(2025)).value == 2


def test_sales_points(world):
    assert sorted(p.name for p in run("sales_points").records) == ["Điểm Hoa Lư", "Điểm Kim Sơn"]
    assert run("sales_points", area=KIM_SON).value == 1
    this_year = Period.year(timezone.localdate().year)
    assert run("new_sales_points", period=this_year).value == 2
    assert run("new_sales_points", period=Period.year(2020)).value == 0


def test_chain_revenue_and_growth(world):
    assert run("chain_revenue", period=Period.year(2026)).value == 150_000_000
    assert run("chain_revenue", period=Period.year(2025)).value == 100_000_000
    assert run("chain_revenue", period=PLAN).value == 250_000_000
    assert len(run("chain_revenue", period=Period.year(2026)).records) == 1
    assert run("chain_revenue_growth", period=Period.year(2026)).value == Decimal("50.0")
    assert run("chain_revenue_growth", period=Period.year(2025)).value is None


def test_registered_products(world):
    this_year = Period.year(timezone.localdate().year)
    assert names(run("registered_products", period=this_year)) == [
        "p1",
        "p2",
        "p3",
        "p4",
        "p5",
        "p7",
    ]
    assert run("registered_products", period=Period.year(2020)).value == 0


def test_every_indicator_has_a_definition_and_unit(world):
    for indicator in REGISTRY.values():
        assert len(indicator.definition) > 40, indicator.code
        assert indicator.unit
        result = indicator(NB, PLAN, today=TODAY)
        assert result.record_kind in {
            "product",
            "commune",
            "district",
            "producer",
            "sales_point",
            "inquiry",
            "official",  # role assignments of trained officials
            "support",  # support given to business plans
        }


def test_period_previous_and_as_of():
    assert Period.years(2024, 2025).previous() == Period.years(2022, 2023)
    assert Period.year(2027).as_of(date(2026, 6, 30)) == date(2026, 6, 30)
    assert Period.year(2024).as_of(date(2026, 6, 30)) == date(2024, 12, 31)


def test_legacy_districts_through_the_old_to_new_mapping(world):
    # Phường Hoa Lư was formed from communes of Thành phố Hoa Lư (374), Xã Kim Sơn from
    # Huyện Kim Sơn (376); the current province covers every district of the three merged
    # provinces.
    from ocop.geo.models import LegacyDistrict

    n = (
        LegacyDistrict.objects.filter(communes__current_communes__province_id=HOME_PROVINCE)
        .distinct()
        .count()
    )
    now = run("legacy_districts_with_product")
    assert now.value == 1
    assert now.records.count() == n - 1
    assert "374" not in set(now.records.values_list("code", flat=True))
    y2024 = run("legacy_districts_with_product", period=Period.year(2024))
    assert y2024.value == 2
    assert {"374", "376"}.isdisjoint(y2024.records.values_list("code", flat=True))
    assert run("legacy_districts_with_star5").value == 1  # p5, 5★ since 09/2025
    assert run("legacy_districts_with_star5", period=Period.year(2024)).value == 0
    assert [d.code for d in run("legacy_districts_with_product", area=KIM_SON).records] == ["376"]
