"""The GS1 Digital Link resolver: live status, stamps, fall-backs, linksets, edge headers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from biip import parse as biip_parse
from django.urls import reverse
from django.utils import timezone

from ocop.certification.domain import record_certificate, revoke_certificate
from ocop.criteria.models import CriteriaVersion
from ocop.stamps import scanbuffer
from ocop.stamps.domain import activate_stamps, issue_batch, request_stamps, void_stamps
from ocop.stamps.models import Scan, Stamp
from ocop.traceability import gs1
from tests.conftest import HOME_COMMUNE
from tests.factories import make_user
from tests.traceability.helpers import make_chain


@pytest.fixture
def chain(db, settings):
    settings.SCAN_FLUSH_SECONDS = 60  # tests flush by hand
    data = make_chain(commune=HOME_COMMUNE)
    batch = request_stamps(trade_item=data["jar"], lot=data["jar_lot"], count=4, actor=None)
    batch = issue_batch(batch=batch)  # the task's body; on_commit never fires in a test
    activate_stamps(actor=None, batch=batch, position_from=1, position_to=2)
    void_stamps(actor=None, reason="Cuộn tem bị ướt", batch=batch, position_from=4, position_to=4)
    stamps = list(Stamp.objects.filter(batch=batch).order_by("position"))
    data.update(batch=batch, active=stamps[0], issued=stamps[2], voided=stamps[3])
    scanbuffer.flush()
    return data


def certify(product):
    return record_certificate(
        actor=None,
        product=product,
        star=4,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh Ninh Bình",
        level="province",
        decision_number="1/QĐ-UBND",
        decision_date=timezone.localdate() - timedelta(days=10),
    )


def url(chain, stamp=None, *, lot=True):
    return gs1.digital_link(
        base_url="",
        gtin=chain["jar"].gtin,
        lot=chain["jar_lot"].number if lot else "",
        serial=stamp.serial if stamp else "",
    )


def status_text(response):
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(response.content, "lxml").select_one("#ocop-status").text.split())


@pytest.mark.django_db
def test_our_uris_parse_as_gs1_digital_links(chain):
    uri = gs1.digital_link(
        base_url="https://ocop.example.vn",
        gtin=chain["jar"].gtin,
        lot=chain["jar_lot"].number,
        serial=chain["active"].serial,
    )
    result = biip_parse(uri)
    dl = result.gs1_digital_link_uri
    assert dl is not None
    assert all(e.gtin_error is None for e in dl.element_strings)  # check digit accepted
    values = {e.ai.ai: e.value for e in dl.element_strings}
    assert values == {
        "01": chain["jar"].gtin,
        "10": chain["jar_lot"].number,
        "21": chain["active"].serial,
    }


@pytest.mark.django_db
def test_a_genuine_stamp_of_a_certified_product(chain, client):
    certificate = certify(chain["product"])
    response = client.get(url(chain, chain["active"]))
    assert response.status_code == 200
    assert "SẢN PHẨM OCOP" in status_text(response) and "4 sao" in status_text(response)
    body = response.content.decode()
    assert "Đây là lần quét đầu tiên" in body and 'id="report-link"' in body
    assert certificate.code in body and chain["product"].producer.name in body
    # Cookie-free and cacheable, so that an edge cache may serve it.
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    assert response["Cache-Control"].startswith("public, max-age=")
    assert scanbuffer.flush() == 1
    scan = Scan.objects.get()
    assert (scan.stamp_id, scan.outcome) == (chain["active"].pk, "ok")
    again = client.get(url(chain, chain["active"]), HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    assert "được quét lần đầu lúc" in again.content.decode()
    scanbuffer.flush()
    assert Scan.objects.filter(ua_class="mobile").count() == 1


@pytest.mark.django_db
def test_revocation_shows_on_the_next_scan(chain, client):
    certificate = certify(chain["product"])
    assert "SẢN PHẨM OCOP" in status_text(client.get(url(chain, chain["active"])))
    revoke_certificate(
        actor=make_user("tinh", role="province_officer", province="37"),
        certificate=certificate,
        ground="b",
        decision_number="9/QĐ-UBND",
        revoked_on=timezone.localdate(),
        reason="Mẫu không đạt",
    )
    response = client.get(url(chain, chain["active"]))
    assert "ĐÃ THU HỒI" in status_text(response)
    assert "★" not in status_text(response)
    scanbuffer.flush()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("which", "expected", "outcome"),
    [
        ("issued", "TEM CHƯA KÍCH HOẠT", "not_activated"),
        ("voided", "TEM ĐÃ BỊ HỦY", "void"),
    ],
)
def test_stamps_that_are_not_genuine_say_so(chain, client, which, expected, outcome):
    certify(chain["product"])
    assert expected in status_text(client.get(url(chain, chain[which])))
    scanbuffer.flush()
    assert Scan.objects.get().outcome == outcome


@pytest.mark.django_db
def test_forged_and_unknown_serials(chain, client, django_assert_max_num_queries):
    good = chain["active"].serial
    forged = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.get(url(chain, None) + f"/21/{forged}")
    assert "MÃ TEM KHÔNG HỢP LỆ" in status_text(response)
    from ocop.stamps.serials import new_serial

    unknown = new_serial()  # well signed, never issued
    assert "KHÔNG CÓ TEM NÀY" in status_text(client.get(url(chain, None) + f"/21/{unknown}"))
    scanbuffer.flush()
    assert sorted(Scan.objects.values_list("outcome", flat=True)) == ["bad_signature", "unknown"]
    assert Scan.objects.filter(stamp__isnull=True).count() == 2


@pytest.mark.django_db
def test_not_an_ocop_product_and_fallbacks(chain, client):
    response = client.get(url(chain, None))
    assert "CHƯA PHẢI SẢN PHẨM OCOP" in status_text(response)
    missing_lot = gs1.digital_link(base_url="", gtin=chain["jar"].gtin, lot="KHONGCO")
    assert "Không tìm thấy lô KHONGCO" in client.get(missing_lot).content.decode()
    short = chain["jar"].gtin.lstrip("0")
    redirect = client.get(f"/01/{short}?lang=en")
    assert redirect.status_code == 301
    assert redirect["Location"] == f"/01/{chain['jar'].gtin}?lang=en"
    assert client.get("/01/08930000000012").status_code in (400, 404)
    assert client.get("/01/1234567890123").status_code == 400  # wrong check digit
    assert client.get("/01/08931234999995").status_code == 404  # valid but not ours


@pytest.mark.django_db
def test_linkset_and_link_types(chain, client):
    certificate = certify(chain["product"])
    base = url(chain, None)
    linkset = client.get(base + "?linkType=all")
    assert linkset["Content-Type"] == "application/linkset+json"
    [links] = linkset.json()["linkset"]
    assert links["anchor"].endswith(base)
    assert {"https://gs1.org/voc/pip", "https://gs1.org/voc/certificationInfo"} <= set(links)
    negotiated = client.get(base, HTTP_ACCEPT="application/linkset+json")
    assert negotiated.json() == linkset.json()
    cert = client.get(base + "?linkType=gs1:certificationInfo")
    assert cert.status_code == 307 and certificate.code in cert["Location"]
    trace = client.get(base + "?linkType=gs1:traceability")
    assert trace.json()["type"] == "EPCISDocument"
    described = client.get("/.well-known/gs1resolver").json()
    assert "https://gs1.org/voc/pip" in described["supportedLinkType"]


@pytest.mark.django_db
def test_english_on_request(chain, client):
    certify(chain["product"])
    response = client.get(url(chain, chain["active"]) + "?lang=en")
    assert response["Content-Language"] == "en"
    scanbuffer.flush()


@pytest.mark.django_db
def test_a_scan_costs_one_query_once_the_page_is_cached(chain, client, django_assert_num_queries):
    certify(chain["product"])
    client.get(url(chain, chain["active"]))  # renders and caches the product block
    # The stamp with its first scan, trade item, product versions and current certificate.
    with django_assert_num_queries(1):
        client.get(url(chain, chain["active"]))
    client.get(url(chain, None))
    with django_assert_num_queries(1):  # a product-level page reads the trade item only
        client.get(url(chain, None))
    forged = "0" * 15
    client.get(url(chain, None) + f"/21/{forged}")
    with django_assert_num_queries(1):  # a forged serial is refused without reading stamps
        client.get(url(chain, None) + f"/21/{forged}")


@pytest.mark.django_db
def test_shared_location_is_a_located_row_of_the_same_visit(chain, client, settings):
    from ocop.stamps.suspicion import many_scans

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "scan_location": "2/3600"}
    page = client.get(url(chain, chain["active"]))
    assert 'id="share-location"' in page.content.decode()
    where = reverse("public:share_location")
    data = {"gtin": chain["jar"].gtin, "serial": chain["active"].serial}
    assert client.post(where, {**data, "lat": "20.2539", "lng": "105.9750"}).status_code == 204
    assert client.post(where, {**data, "lat": "95", "lng": "105"}).status_code == 400
    assert (
        client.post(where, {**data, "serial": "0" * 15, "lat": "1", "lng": "1"}).status_code == 400
    )
    assert client.post(where, {**data, "lat": "x", "lng": "1"}).status_code == 400
    scanbuffer.flush()
    located = Scan.objects.get(source="location")
    assert (located.latitude, located.longitude) == (Decimal("20.25"), Decimal("105.98"))
    assert Scan.objects.filter(source="page").count() == 1
    assert many_scans(Scan.objects.all(), threshold=1) == []  # one visit, not two scans
    client.post(where, {**data, "lat": "20.25", "lng": "105.97"})
    assert client.post(where, {**data, "lat": "20.25", "lng": "105.97"}).status_code == 429
    again = client.get(url(chain, chain["active"]))
    scanbuffer.flush()
    assert "gần vị trí 20.25, 105.98" in again.content.decode()


def test_page_shells_drop_the_least_recently_used(monkeypatch):
    from ocop.public import resolver

    monkeypatch.setattr(resolver, "_PAGES_MAX", 3)
    rendered = []

    def shell(name):
        def render():
            rendered.append(name)
            return f"<p>{name}</p>"

        return render

    for name in ("a", "b", "c"):
        resolver._page((name,), shell(name))
    assert resolver._page(("a",), shell("a")) == "<p>a</p>"  # a hit: "a" is now newest
    resolver._page(("d",), shell("d"))  # full: drops "b", the least recently used
    assert list(resolver._PAGES) == [("c",), ("a",), ("d",)]
    assert rendered == ["a", "b", "c", "d"]
