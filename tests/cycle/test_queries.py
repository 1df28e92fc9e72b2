from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.cycle.queries import (
    COUNT_KEYS,
    cycle_counts,
    cycle_counts_by_commune,
    ideas_for_user,
    plans_for_user,
    product_path,
)
from ocop.promotion import domain as promotion
from ocop.promotion.enums import Platform
from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE

from .helpers import build_data_set

pytestmark = pytest.mark.django_db

ZERO = dict.fromkeys(COUNT_KEYS, 0)


def test_cycle_counts_for_province(province_officer):
    build_data_set()
    rows = cycle_counts(ideas_for_user(province_officer))
    assert rows == [
        {
            "year": 2026,
            "ideas": 6,
            "ideas_waiting": 1,
            "ideas_needs_work": 1,
            "ideas_accepted": 3,
            "ideas_rejected": 1,
            "plans": 2,
            "plans_approved": 1,
            "supported": 1,
            "dossiers": 1,
            "recognised": 1,
        },
        {**ZERO, "year": 2025, "ideas": 1, "ideas_accepted": 1, "plans": 1, "plans_approved": 1},
    ]


def test_cycle_counts_national_adds_other_province(sysadmin):
    build_data_set()
    rows = {r["year"]: r for r in cycle_counts(ideas_for_user(sysadmin))}
    assert (rows[2026]["ideas"], rows[2026]["recognised"], rows[2026]["supported"]) == (7, 2, 2)


def test_cycle_counts_by_commune(province_officer):
    build_data_set()
    rows = cycle_counts_by_commune(ideas_for_user(province_officer), year=2026)
    assert [(r["commune_id"], r["ideas"], r["ideas_accepted"], r["recognised"]) for r in rows] == [
        (HOME_COMMUNE, 5, 3, 1),
        (OTHER_COMMUNE_SAME_PROVINCE, 1, 0, 0),
    ]


def test_cycle_counts_commune_officer_sees_own_commune(commune_officer):
    build_data_set()
    rows = cycle_counts(ideas_for_user(commune_officer))
    assert [(r["year"], r["ideas"]) for r in rows] == [(2026, 5), (2025, 1)]


def test_cycle_counts_is_one_query(province_officer):
    build_data_set()
    ideas = ideas_for_user(province_officer)
    with CaptureQueriesContext(connection) as ctx:
        cycle_counts(ideas)
    # The role assignments of the scope were read when the queryset was built.
    assert len(ctx.captured_queries) == 1


def test_product_path_full(province_officer):
    idea = build_data_set()
    product = idea.product
    listing = promotion.add_listing(
        actor=None, product=product, platform=Platform.SHOPEE, url="https://shopee.vn/tra-sen"
    )
    steps = product_path(product)
    assert [s.key for s in steps] == ["idea", "plan", "development", "dossier", "star", "promotion"]
    assert [s.done for s in steps] == [True] * 6
    assert steps[1].on == date(2026, 3, 1)
    assert steps[2].on == date(2026, 4, 1)
    assert steps[3].on == timezone.localdate()
    assert steps[4].on == date(2026, 10, 1)
    assert steps[5].items == [listing]
    assert [len(s.items) for s in steps] == [1, 1, 1, 1, 1, 1]


def test_product_path_of_new_idea(idea, commune_officer):
    from ocop.cycle import domain

    idea = domain.accept_idea(actor=commune_officer, idea=idea, create_product=True)
    steps = product_path(idea.product)
    assert [s.done for s in steps] == [True, False, False, False, False, False]
    assert steps[0].on == timezone.localdate()


def test_scoping_hides_other_province(
    idea, other_idea, province_officer, owner, other_province_officer
):
    assert list(ideas_for_user(province_officer)) == [idea]
    assert list(ideas_for_user(owner)) == [idea]
    assert list(ideas_for_user(other_province_officer)) == [other_idea]


def test_producer_sees_only_own_plans(plan, owner, db):
    from tests.factories import make_producer, make_user

    stranger = make_user("khac", role="producer", producer=make_producer(commune=HOME_COMMUNE))
    assert list(plans_for_user(owner)) == [plan]
    assert list(plans_for_user(stranger)) == []
