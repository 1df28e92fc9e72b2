"""Dashboard aggregates on the fixed data set (tests/planning/conftest.py), counted by hand.

Ninh Bình on 30 Jun 2026: in force p1 3★ (Hoa Lư, HTX A), p2 4★ (Hoa Lư, HTX A), p5 5★
(Hoa Lư, Công ty A); p3 expired, p4 revoked (both Kim Sơn, Hộ B); p6 5★ is in Hà Nội.
"""

from datetime import date

from django.utils import timezone

from ocop.accounts.scope import Scope
from ocop.certification.models import Certificate
from ocop.geo.models import CommuneMapping, LegacyCommune
from ocop.registry.models import Producer
from ocop.reporting import dashboards, grouping
from ocop.reporting.enums import Grouping
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE

from .conftest import TODAY

NINH_BINH = Scope(province_codes=frozenset({HOME_PROVINCE}))
NATIONAL = Scope(national=True)


def nb_certificates():
    return Certificate.objects.filter(product__commune__province_id=HOME_PROVINCE)


def table(chart):
    return dict(chart.rows)


def test_recognitions_by_year_count_every_certificate(world):
    chart = dashboards.recognitions_by_year(nb_certificates())
    assert table(chart) == {
        "2022": [1, 0, 0],
        "2023": [1, 0, 0],
        "2024": [1, 0, 0],
        "2025": [0, 2, 1],
    }
    national = dashboards.recognitions_by_year(Certificate.objects.all())
    assert table(national)["2025"] == [0, 2, 2]  # p6 in Hà Nội


def test_in_force_by_area_current_units(world):
    chart = dashboards.in_force_by_area(
        nb_certificates(), today=TODAY, scope=NINH_BINH, grouping=Grouping.CURRENT
    )
    assert table(chart) == {"Phường Hoa Lư": [1, 1, 1]}
    national = dashboards.in_force_by_area(
        Certificate.objects.all(), today=TODAY, scope=NATIONAL, grouping=Grouping.CURRENT
    )
    assert table(national) == {"Thành phố Hà Nội": [0, 0, 1], "Tỉnh Ninh Bình": [1, 1, 1]}


def test_in_force_by_area_as_it_was(world):
    """A producer that recorded its old commune is placed in that commune's old district;
    the others in the old district most of their current commune came from. Nothing is
    counted twice."""
    grouping.clear()
    old = LegacyCommune.objects.select_related("district").filter(
        pk__in=CommuneMapping.objects.filter(commune_id=HOME_COMMUNE).values("legacy_commune")
    )
    districts = {c.district.name for c in old}
    chart = dashboards.in_force_by_area(
        nb_certificates(), today=TODAY, scope=NINH_BINH, grouping=Grouping.LEGACY
    )
    assert set(table(chart)) <= districts
    assert chart.totals == [1, 1, 1]
    # Recorded on Công ty A (p5, 5★): an old commune of another old district.
    elsewhere = (
        LegacyCommune.objects.select_related("district")
        .exclude(district__name__in=districts)
        .filter(district__province__code=HOME_PROVINCE)
        .order_by("code")
        .first()
    )
    Producer.objects.filter(name="Công ty A").update(legacy_commune=elsewhere)
    chart = dashboards.in_force_by_area(
        nb_certificates(), today=TODAY, scope=NINH_BINH, grouping=Grouping.LEGACY
    )
    assert table(chart)[elsewhere.district.name][2] == 1
    assert chart.totals == [1, 1, 1]
    national = dashboards.in_force_by_area(
        Certificate.objects.all(), today=TODAY, scope=NATIONAL, grouping=Grouping.LEGACY
    )
    assert table(national)[elsewhere.district.province.name][2] >= 1
    assert national.totals == [1, 1, 2]


def test_producer_kinds_and_groups(world):
    kinds = dashboards.producer_kinds(nb_certificates(), today=TODAY)
    assert table(kinds) == {"Hợp tác xã": [1], "Doanh nghiệp nhỏ và vừa": [1]}
    groups = dashboards.in_force_by_group(nb_certificates(), today=TODAY)
    assert chart_total(groups) == 3


def chart_total(chart):
    return sum(chart.totals)


def test_expiring_in_the_next_twelve_months(world):
    chart = dashboards.expiring_by_month(nb_certificates(), today=TODAY)
    assert len(chart.labels) == 12 and chart.labels[0] == "06/2026"
    assert {k: v for k, v in table(chart).items() if any(v)} == {"03/2027": [1, 0, 0]}


def test_revocation_leaves_the_charts_at_once(world):
    Certificate.objects.filter(product__name="p2").update(revoked_on=date(2026, 6, 1))
    chart = dashboards.in_force_by_area(
        nb_certificates(), today=TODAY, scope=NINH_BINH, grouping=Grouping.CURRENT
    )
    assert table(chart) == {"Phường Hoa Lư": [1, 0, 1]}
    assert dashboards.headline(nb_certificates(), today=TODAY) == {
        "in_force": 2,
        "five": 1,
        "expiring_90": 0,
        "revoked_year": 2,  # p4 (15 Jan 2026) and p2
    }


def test_inquiries_and_contracts_by_month(world):
    from ocop.promotion.models import Inquiry

    counts, value = dashboards.inquiries_by_month(
        Inquiry.objects.filter(product__commune__province_id=HOME_PROVINCE), today=TODAY
    )
    assert table(counts)["02/2026"] == [0, 1]  # p2's contract, signed 1 Feb 2026
    assert table(value)["02/2026"] == [150]  # million đồng
    # The three Ninh Bình inquiries were received today, after the fixture's 30 Jun 2026.
    assert sum(counts.series[0][1]) == 0
    now, _value = dashboards.inquiries_by_month(
        Inquiry.objects.filter(product__commune__province_id=HOME_PROVINCE),
        today=timezone.localdate(),
    )
    assert now.series[0][1][-1] == 3


def test_months_back_and_ahead():
    assert dashboards.months_back(today=date(2026, 3, 15), count=4) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert dashboards.months_ahead(today=date(2026, 11, 30), count=3) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]
