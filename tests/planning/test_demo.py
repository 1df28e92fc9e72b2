"""The seed plans load once, on the current provinces, with their targets."""

from ocop.demo.planning import load_planning_demo
from ocop.planning.models import Plan, Target


def test_seed_plans_load_idempotently(db):
    first = load_planning_demo()
    assert first == 4 + 7 + 5 + 6 + 3  # plans + Ninh Bình, Tuyên Quang, Cao Bằng, Hưng Yên
    assert load_planning_demo() == 0
    plans = {p.number: p for p in Plan.objects.select_related("province")}
    assert {n: p.province_id for n, p in plans.items()} == {
        "85/KH-UBND": "37",
        "90/KH-UBND": "08",
        "2112/QĐ-UBND": "04",
        "12/KH-UBND": "33",
    }
    assert "Hà Giang" in plans["90/KH-UBND"].notes
    assert "Thái Bình" in plans["12/KH-UBND"].notes
    assert "Nam Định" in plans["85/KH-UBND"].notes
    assert "hợp nhất" not in plans["2112/QĐ-UBND"].notes
    nb = Target.objects.get(plan=plans["85/KH-UBND"], indicator="products_3star")
    assert (nb.year, nb.value) == (None, 150)
    assert Target.objects.count() == 21
    phases = Target.objects.filter(plan=plans["2112/QĐ-UBND"], indicator="support_spent")
    assert sorted((t.year, t.end_year, int(t.value)) for t in phases) == [
        (2019, 2020, 76_325_000_000),
        (2021, 2025, 120_000_000_000),
        (2026, 2030, 120_000_000_000),
    ]
