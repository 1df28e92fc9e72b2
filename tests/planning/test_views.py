"""Back-office pages of planning: progress, drill-down, export, forms and scoping."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.geo.models import Commune
from ocop.planning import domain
from ocop.planning.models import Plan, Target
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.factories import make_producer, make_product

from .conftest import certify
from .test_progress import new_plan


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def plan_with_targets(world):
    plan = new_plan(end_year=timezone.localdate().year)
    for fields in (
        {"indicator": "products_3star", "value": 3},
        {"indicator": "products_star5", "value": 4},
        {"indicator": "communes_with_product", "value": 2},
        {"indicator": "chain_revenue", "year": 2025, "value": 100_000_000},
    ):
        domain.add_target(actor=None, plan=plan, fields=fields)
    return plan


def test_progress_page_shows_rows_and_lights(client, province_officer, plan_with_targets):
    response = login(client, province_officer).get(
        reverse("backoffice:planning_detail", args=[plan_with_targets.pk])
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.indicator.code, r.actual, r.light) for r in rows] == [
        ("products_3star", 3, "green"),
        ("products_star5", 1, "red"),
        ("communes_with_product", 1, "red"),
        ("chain_revenue", 100_000_000, "green"),
    ]
    html = response.content.decode()
    assert 'data-light="red"' in html
    assert "100.000.000" in html or "100,000,000" in html


def test_drill_down_lists_the_products_counted(client, province_officer, plan_with_targets):
    target = plan_with_targets.targets.get(indicator="products_3star")
    response = login(client, province_officer).get(
        reverse("backoffice:planning_target_records", args=[target.pk])
    )
    assert response.status_code == 200
    assert sorted(p.name for p in response.context["page"].object_list) == ["p1", "p2", "p5"]
    assert "p6" not in response.content.decode()


def test_drill_down_lists_the_communes_without_a_product(
    client, province_officer, plan_with_targets
):
    target = plan_with_targets.targets.get(indicator="communes_with_product")
    response = login(client, province_officer).get(
        reverse("backoffice:planning_target_records", args=[target.pk])
    )
    page = response.context["page"]
    n = Commune.objects.filter(province_id=HOME_PROVINCE).count()
    assert page.paginator.count == n - 1
    codes = [c.code for c in page.paginator.object_list]
    assert HOME_COMMUNE not in codes


def test_drill_down_lists_legacy_districts_without(client, province_officer, plan_with_targets):
    target = domain.add_target(
        actor=None,
        plan=plan_with_targets,
        fields={"indicator": "legacy_districts_with_star5", "value": 5},
    )
    response = login(client, province_officer).get(
        reverse("backoffice:planning_target_records", args=[target.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kind="district"' in html
    assert "Huyện Kim Sơn" in html
    assert "Thành phố Hoa Lư" not in html


def test_export_xlsx_cells(client, province_officer, plan_with_targets):
    from openpyxl import load_workbook

    response = login(client, province_officer).get(
        reverse("backoffice:planning_export", args=[plan_with_targets.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value.startswith("85/KH-UBND")
    assert [c.value for c in ws[4]] == [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị",
        "Năm",
        "Địa bàn",
        "Mục tiêu",
        "Thực hiện",
        "Tỷ lệ (%)",
        "Đánh giá",
    ]
    period = f"2022–{timezone.localdate().year}"
    assert [c.value for c in ws[5]] == [
        "products_3star",
        "Sản phẩm OCOP đạt 3 sao trở lên",
        "sản phẩm",
        period,
        "Tỉnh Ninh Bình",
        3,
        3,
        100,
        "Đạt",
    ]
    assert [c.value for c in ws[6]][5:] == [4, 1, 25, "Chưa đạt"]
    assert [c.value for c in ws[8]][3:] == [
        "2025",
        "Tỉnh Ninh Bình",
        100_000_000,
        100_000_000,
        100,
        "Đạt",
    ]
    assert ws.max_row == 8


@pytest.mark.parametrize(
    "name",
    [
        "backoffice:planning_detail",
        "backoffice:planning_export",
        "backoffice:planning_edit",
        "backoffice:planning_target_add",
    ],
)
def test_other_province_gets_404(client, other_province_officer, plan_with_targets, name):
    response = login(client, other_province_officer).get(reverse(name, args=[plan_with_targets.pk]))
    assert response.status_code == 404


def test_other_province_target_pages_404_and_remove_does_nothing(
    client, other_province_officer, plan_with_targets
):
    target = plan_with_targets.targets.first()
    login(client, other_province_officer)
    for name in ("backoffice:planning_target_records", "backoffice:planning_target_edit"):
        assert client.get(reverse(name, args=[target.pk])).status_code == 404
    response = client.post(reverse("backoffice:planning_target_remove", args=[target.pk]))
    assert response.status_code == 404
    assert Target.objects.filter(pk=target.pk).exists()


def test_plan_list_is_scoped(client, other_province_officer, province_officer, plan_with_targets):
    response = login(client, other_province_officer).get(reverse("backoffice:planning_list"))
    assert list(response.context["plans"]) == []
    response = login(client, province_officer).get(reverse("backoffice:planning_list"))
    assert [p.number for p in response.context["plans"]] == ["85/KH-UBND"]


def test_commune_officer_does_not_see_the_province_plan(client, commune_officer, plan_with_targets):
    response = login(client, commune_officer).get(
        reverse("backoffice:planning_detail", args=[plan_with_targets.pk])
    )
    assert response.status_code == 404


def test_create_plan_with_document_and_add_target(client, province_officer):
    login(client, province_officer)
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("backoffice:planning_create"),
        {
            "number": "12/KH-UBND",
            "title": "Kế hoạch OCOP năm 2026",
            "issuer": "UBND tỉnh Ninh Bình",
            "issued_on": "2026-01-15",
            "start_year": "2026",
            "end_year": "2026",
            "province": HOME_PROVINCE,
            "commune": "",
            "notes": "",
            "document_file": pdf,
        },
    )
    plan = Plan.objects.get(number="12/KH-UBND")
    assert response.status_code == 302
    assert plan.document_name == "ke-hoach.pdf"
    assert client.get(reverse("backoffice:planning_document", args=[plan.pk])).status_code == 200
    response = client.post(
        reverse("backoffice:planning_target_add", args=[plan.pk]),
        {"indicator": "new_products", "year": "2026", "commune": "", "value": "30", "notes": ""},
    )
    assert response.status_code == 302
    assert list(plan.targets.values_list("indicator", "year", "value")) == [
        ("new_products", 2026, 30)
    ]


def test_plan_form_refuses_a_fake_document(client, province_officer):
    login(client, province_officer)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("backoffice:planning_create"),
        {
            "number": "13/KH-UBND",
            "title": "x",
            "issuer": "UBND",
            "issued_on": "2026-01-15",
            "start_year": "2026",
            "end_year": "2026",
            "province": HOME_PROVINCE,
            "document_file": fake,
        },
    )
    assert response.status_code == 200
    assert not Plan.objects.filter(number="13/KH-UBND").exists()


def test_other_province_officer_cannot_create_in_home_province(client, other_province_officer):
    login(client, other_province_officer)
    response = client.post(
        reverse("backoffice:planning_create"),
        {
            "number": "14/KH-UBND",
            "title": "x",
            "issuer": "UBND",
            "issued_on": "2026-01-15",
            "start_year": "2026",
            "end_year": "2026",
            "province": HOME_PROVINCE,
        },
    )
    assert response.status_code == 200  # the province is not a choice
    assert not Plan.objects.exists()


def test_indicator_pages(client, province_officer):
    login(client, province_officer)
    response = client.get(reverse("backoffice:planning_indicator_list"))
    assert response.status_code == 200
    assert "communes_with_product" in response.content.decode()
    response = client.get(
        reverse("backoffice:planning_indicator_detail", args=["communes_with_product"])
    )
    assert "CHƯA" in response.content.decode()
    assert (
        client.get(reverse("backoffice:planning_indicator_detail", args=["nope"])).status_code
        == 404
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_progress_view_query_count_does_not_grow_with_products(
    client, province_officer, plan_with_targets
):
    login(client, province_officer)
    url = reverse("backoffice:planning_detail", args=[plan_with_targets.pk])
    _count_queries(client, url)  # warm the session and scope
    before = _count_queries(client, url)
    for i in range(6):
        producer = make_producer(commune=HOME_COMMUNE)
        product = make_product(producer=producer, name=f"Thêm {i}")
        certify(product, 3 + i % 3, date(2025, 1, 1 + i), f"9{i}/2025")
    after = _count_queries(client, url)
    assert after == before
    assert client.get(url).context["rows"][0].actual == 9


def test_edit_plan_is_audited_and_other_province_cannot_post(
    client, province_officer, other_province_officer, plan_with_targets
):
    from ocop.core.models import AuditEntry

    url = reverse("backoffice:planning_edit", args=[plan_with_targets.pk])
    data = {
        "number": "85/KH-UBND",
        "title": "Kế hoạch đã sửa",
        "issuer": "UBND tỉnh Ninh Bình",
        "issued_on": "2022-04-01",
        "start_year": "2022",
        "end_year": str(plan_with_targets.end_year),
        "province": HOME_PROVINCE,
        "commune": "",
        "notes": "",
    }
    assert login(client, other_province_officer).post(url, data).status_code == 404
    plan_with_targets.refresh_from_db()
    assert plan_with_targets.title != "Kế hoạch đã sửa"
    assert login(client, province_officer).post(url, data).status_code == 302
    plan_with_targets.refresh_from_db()
    assert plan_with_targets.title == "Kế hoạch đã sửa"
    entry = AuditEntry.objects.get(action="ocop.plan.updated")
    assert entry.actor_id == province_officer.pk
