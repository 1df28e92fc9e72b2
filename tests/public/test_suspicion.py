"""Counterfeit signals: bad codes, one stamp in two far places, a stamp scanned too often."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.stamps.domain import activate_stamps, issue_batch, request_stamps
from ocop.stamps.models import Scan, Stamp
from ocop.stamps.suspicion import (
    bad_code_scans,
    distance_km,
    far_apart,
    many_scans,
    scans_for_user,
)
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.traceability.helpers import make_chain

HANOI = (Decimal("21.03"), Decimal("105.85"))
NINH_BINH = (Decimal("20.25"), Decimal("105.97"))


@pytest.fixture
def stamp(db):
    chain = make_chain(commune=HOME_COMMUNE)
    batch = issue_batch(batch=request_stamps(trade_item=chain["jar"], count=2, actor=None))
    activate_stamps(actor=None, batch=batch)
    return Stamp.objects.filter(batch=batch).select_related("trade_item").first()


def scan(stamp, *, at, where=None, outcome="ok", serial=None):
    lat, lng = where or (None, None)
    return Scan.objects.create(
        stamp=stamp if outcome == "ok" else None,
        gtin=stamp.trade_item.gtin,
        serial=serial or stamp.serial,
        outcome=outcome,
        scanned_at=at,
        latitude=lat,
        longitude=lng,
    )


def test_distance():
    assert 85 < distance_km(21.03, 105.85, 20.25, 105.97) < 90  # Hà Nội – Ninh Bình


@pytest.mark.django_db
def test_one_stamp_in_two_far_places_within_the_hour(stamp):
    now = timezone.now()
    scan(stamp, at=now - timedelta(minutes=25), where=NINH_BINH)
    scan(stamp, at=now - timedelta(minutes=10), where=HANOI)  # 87 km in 15 min
    scan(stamp, at=now - timedelta(minutes=5), where=HANOI)  # same place: fine
    [pair] = far_apart(Scan.objects.all())
    assert pair.stamp_id == stamp.pk and 85 < pair.km < 90


@pytest.mark.django_db
def test_a_day_apart_is_not_suspicious(stamp):
    now = timezone.now()
    scan(stamp, at=now - timedelta(days=2), where=NINH_BINH)
    scan(stamp, at=now, where=HANOI)
    assert far_apart(Scan.objects.all()) == []


@pytest.mark.django_db
def test_bad_codes_and_many_scans(stamp):
    now = timezone.now()
    scan(stamp, at=now, outcome="bad_signature", serial="FORGED")
    scan(stamp, at=now, outcome="unknown", serial="NEVERISSUED")
    for i in range(21):
        scan(stamp, at=now - timedelta(minutes=i))
    assert {s.serial for s in bad_code_scans(Scan.objects.all())} == {"FORGED", "NEVERISSUED"}
    [many] = many_scans(Scan.objects.all())
    assert (many.stamp_id, many.scans) == (stamp.pk, 21)


@pytest.mark.django_db
def test_officers_see_their_area_only(stamp, province_officer, other_province_officer, client):
    far = make_chain(commune=OTHER_PROVINCE_COMMUNE, prefix="8939999")
    now = timezone.now()
    scan(stamp, at=now, outcome="unknown", serial="HOME")
    Scan.objects.create(gtin=far["jar"].gtin, serial="FAR", outcome="unknown", scanned_at=now)
    assert [s.serial for s in scans_for_user(province_officer)] == ["HOME"]
    assert [s.serial for s in scans_for_user(other_province_officer)] == ["FAR"]
    client.force_login(province_officer)
    page = client.get(reverse("backoffice:suspicious_scans") + "?days=7")
    body = page.content.decode()
    assert page.status_code == 200 and "HOME" in body and "FAR" not in body


@pytest.mark.django_db
def test_page_queries_do_not_grow(stamp, province_officer, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(province_officer)
    url = reverse("backoffice:suspicious_scans")

    def queries_with(rows):
        now = timezone.now()
        for i in range(rows):
            scan(stamp, at=now - timedelta(minutes=i), outcome="unknown", serial=f"X{i}")
            scan(stamp, at=now - timedelta(minutes=i), where=HANOI if i % 2 else NINH_BINH)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert queries_with(2) == queries_with(40)
