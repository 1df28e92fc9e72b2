"""The public catalogue and open data: only certificates in force, at once."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.certification.domain import record_certificate, revoke_certificate
from ocop.certification.models import Certificate
from ocop.certification.queries import catalogue_products, in_force
from ocop.certification.status import is_in_force
from ocop.criteria.models import CriteriaVersion
from ocop.public.catalogue import producer_url, product_url
from ocop.public.opendata import DATASETS
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_product, make_user


def certify(product, *, days_ago=30, star=4):
    return record_certificate(
        actor=None,
        product=product,
        star=star,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh Ninh Bình",
        level="province",
        decision_number="1/QĐ-UBND",
        decision_date=timezone.localdate() - timedelta(days=days_ago),
    )


@pytest.fixture
def world(db):
    home = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong Hoa Lư")
    far = make_producer(commune=OTHER_PROVINCE_COMMUNE, name="Công ty Chè Ba Đình")
    honey = make_product(producer=home, name="Mật ong hoa nhãn Hoa Lư")
    tea = make_product(producer=far, name="Chè sen Ba Đình", set_number=9)
    old = make_product(producer=home, name="Rượu nếp cẩm")
    never = make_product(producer=home, name="Bánh chưa công nhận")
    return {
        "honey": certify(honey, star=4),
        "tea": certify(tea, star=5),
        "old": certify(old, days_ago=4 * 365, star=3),  # expired
        "never": never,
    }


@pytest.mark.django_db
def test_in_force_matches_the_derived_status(world):
    today = timezone.localdate()
    for days in (0, 200, 1000, 1095, 1096, 1300):
        certify(make_product(producer=world["honey"].producer), days_ago=days)
    listed = set(in_force(Certificate.objects.all(), today=today).values_list("pk", flat=True))
    expected = {c.pk for c in Certificate.objects.all() if is_in_force(c, today=today)}
    assert listed == expected


@pytest.mark.django_db
def test_search_without_diacritics_and_filters(world, client):
    page = client.get(reverse("public:catalogue"), {"q": "mat ong hoa lu"})
    body = page.content.decode()
    assert "Mật ong hoa nhãn Hoa Lư" in body and "Chè sen" not in body
    assert not page.cookies and "Cookie" not in page.get("Vary", "")
    everything = client.get(reverse("public:catalogue")).content.decode()
    assert "Chè sen Ba Đình" in everything and "Rượu nếp cẩm" not in everything
    assert "Bánh chưa công nhận" not in everything
    five = client.get(reverse("public:catalogue"), {"star": "5"}).content.decode()
    assert "Chè sen" in five and "hoa nhãn" not in five
    here = client.get(reverse("public:catalogue"), {"province": "37"}).content.decode()
    assert "hoa nhãn" in here and "Chè sen" not in here
    kind = client.get(reverse("public:catalogue"), {"kind": "farm"}).content.decode()
    assert "hoa nhãn" not in kind


@pytest.mark.django_db
def test_revocation_removes_the_product_everywhere_at_once(world, client):
    honey = world["honey"]
    url = product_url(honey.product)
    assert "SẢN PHẨM OCOP" in client.get(url).content.decode()
    revoke_certificate(
        actor=make_user("tinh", role="province_officer", province="37"),
        certificate=honey,
        ground="b",
        decision_number="9/QĐ-UBND",
        revoked_on=timezone.localdate(),
        reason="Mẫu không đạt",
    )
    assert "hoa nhãn" not in client.get(reverse("public:catalogue")).content.decode()
    page = client.get(url).content.decode()
    assert "ĐÃ THU HỒI" in page and "hasCertification" not in page
    rows = list(
        csv.DictReader(io.StringIO(_download(client, "san-pham-ocop", "csv").lstrip("\ufeff")))
    )
    assert honey.number not in {r["so_giay_chung_nhan"] for r in rows}
    revoked = json.loads(_download(client, "thu-hoi", "json"))["rows"]
    assert [r["so_giay_chung_nhan"] for r in revoked] == [honey.number]


def _download(client, slug, fmt):
    response = client.get(reverse("public:open_data_file", kwargs={"slug": slug, "fmt": fmt}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_product_and_producer_pages(world, client):
    tea = world["tea"].product
    page = client.get(product_url(tea))
    assert page.status_code == 200
    assert '"@type": "Product"' in page.content.decode()
    assert client.get(f"/san-pham/sai-ten-{tea.public_code}/").status_code == 301
    assert client.get(product_url(world["never"])).status_code == 404
    assert client.get("/san-pham/khong-co-zzzzzzzz/").status_code == 404
    expired = client.get(product_url(world["old"].product)).content.decode()
    assert "ĐÃ HẾT HẠN" in expired
    producer = client.get(producer_url(tea.producer)).content.decode()
    assert "Chè sen Ba Đình" in producer and '"@type": "Organization"' in producer
    sitemap = client.get(reverse("public:sitemap")).content.decode()
    assert product_url(tea) in sitemap and product_url(world["old"].product) not in sitemap


@pytest.mark.django_db
def test_open_data_files_match_the_database(world, client):
    today = timezone.localdate()
    for fmt in ("csv", "json", "xlsx"):
        response = client.get(
            reverse("public:open_data_file", kwargs={"slug": "san-pham-ocop", "fmt": fmt})
        )
        assert response.status_code == 200
    rows = json.loads(_download(client, "san-pham-ocop", "json"))["rows"]
    assert len(rows) == catalogue_products(today=today).count() == 2
    assert set(rows[0]) == {f.name for f in DATASETS["san-pham-ocop"].fields}
    producers = json.loads(_download(client, "chu-the-ocop", "json"))["rows"]
    assert {p["ten_chu_the"] for p in producers} == {"HTX Mật ong Hoa Lư", "Công ty Chè Ba Đình"}
    # No personal or contact data of producers in open data.
    assert not {"dien_thoai", "email", "ma_so_thue", "nguoi_dai_dien"} & set(producers[0])
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("public:open_data_file", kwargs={"slug": "san-pham-ocop", "fmt": "xlsx"})
            ).content
        )
    )
    assert book.active.max_row == 3  # header + 2 rows
    catalog = client.get(reverse("public:open_data_catalog")).json()
    assert len(catalog["dcat:dataset"]) == len(DATASETS)
    assert client.get(reverse("public:open_data")).status_code == 200
    assert client.get("/open-data/san-pham-ocop.pdf").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["public:catalogue", "public:sitemap", "public:open_data"])
def test_public_list_queries_do_not_grow(name, db, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(n):
        for i in range(n):
            certify(make_product(producer=make_producer(commune=HOME_COMMUNE), name=f"Gạo {i}"))
        client.get(reverse(name))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    assert queries_with(2) == queries_with(30)


@pytest.mark.django_db
def test_thumbnails_are_public_only_for_catalogue_products(world, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.public.thumbs import photo_key
    from ocop.registry.domain import add_product_photo
    from tests.core.test_uploads import png_bytes

    shown = add_product_photo(
        actor=None, product=world["tea"].product, upload=SimpleUploadedFile("a.png", png_bytes())
    )
    hidden = add_product_photo(
        actor=None, product=world["never"], upload=SimpleUploadedFile("b.png", png_bytes())
    )
    url = reverse("public:photo", kwargs={"key": photo_key(shown), "width": 320})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response.content[:4] == b"RIFF" and "immutable" in response["Cache-Control"]
    assert client.get(url).content == response.content  # generated once, then read back
    assert (
        client.get(
            reverse("public:photo", kwargs={"key": photo_key(hidden), "width": 320})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("public:photo", kwargs={"key": photo_key(shown), "width": 99})
        ).status_code
        == 404
    )
    assert (
        url.split("/")[-1].split("-")[0]
        in client.get(product_url(world["tea"].product)).content.decode()
    )
