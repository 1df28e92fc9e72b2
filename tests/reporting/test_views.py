"""Dashboard and report pages: scoping, the request form, downloads and query counts."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ocop.geo.models import Province
from ocop.reporting.models import Report, ScanMonth
from tests.backoffice.test_query_counts import add_rows, count_queries
from tests.conftest import HOME_COMMUNE, HOME_PROVINCE
from tests.cycle.helpers import new_idea
from tests.promotion.conftest import new_inquiry


def add_reporting_rows(n):
    """Certificates (with their products), ideas, inquiries, scan months and reports."""
    add_rows(n)
    from ocop.registry.models import Product

    products = list(Product.objects.order_by("-id")[:n])
    for i, product in enumerate(products):
        new_idea(f"Ý tưởng {i}")
        new_inquiry(product)
        ScanMonth.objects.get_or_create(
            month=date(2026, 1 + i % 11, 1),
            commune_id=HOME_COMMUNE,
            defaults={
                "province_id": HOME_PROVINCE,
                "scans": 10 + i,
                "refreshed_at": timezone.now(),
            },
        )
        Report.objects.create(
            period_kind="month",
            period_start=date(2025, 1 + i % 12, 1),
            period_end=date(2025, 1 + i % 12, 28),
            province_id=HOME_PROVINCE,
        )


URLS = ["backoffice:reporting_dashboard", "backoffice:reporting_report_list"]
EXPECTED = {
    # 6 of the framework (session, user, roles, session save in a savepoint) + headline,
    # by year, by group, by area, producer kinds, expiring, funnel, scans (2), inquiries (2)
    "backoffice:reporting_dashboard": 17,
    # 6 + count + page + the province choices (rendered for the select and its check)
    "backoffice:reporting_report_list": 10,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", URLS)
def test_query_count_is_constant(name, client, province_officer, django_assert_num_queries):
    client.force_login(province_officer)
    url = reverse(name)
    add_reporting_rows(2)
    client.get(url)
    few = count_queries(client, url)
    add_reporting_rows(15)
    assert count_queries(client, url) == few
    with django_assert_num_queries(EXPECTED[name]):
        client.get(url)


def test_dashboard_shows_the_area_only(world, client, province_officer, other_province_officer):
    client.force_login(province_officer)
    page = client.get(reverse("backoffice:reporting_dashboard")).content.decode()
    assert 'id="chart-data"' in page and "chart.umd.min.js" in page
    assert "Phường Hoa Lư" in page and "Thành phố Hà Nội" not in page
    client.force_login(other_province_officer)
    page = client.get(reverse("backoffice:reporting_dashboard")).content.decode()
    assert "Phường Hoa Lư" not in page
    legacy = client.get(reverse("backoffice:reporting_dashboard") + "?grouping=legacy")
    assert legacy.status_code == 200
    assert client.get(reverse("backoffice:reporting_dashboard") + "?year=abc").status_code == 200


def test_request_a_report_and_download_it(
    world, client, province_officer, other_province_officer, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    url = reverse("backoffice:reporting_report_list")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"period_kind": "year", "year": 2025, "province": HOME_PROVINCE, "grouping": "current"},
        )
    report = Report.objects.get()
    assert response.url == reverse("backoffice:reporting_report_detail", args=[report.pk])
    detail = client.get(response.url).content.decode()
    assert 'id="download-xlsx"' in detail
    xlsx = client.get(reverse("backoffice:reporting_report_file", args=[report.pk, "xlsx"]))
    assert xlsx["Content-Disposition"].startswith("attachment")
    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert wb["TongHop"]["A1"].value.endswith(Province.objects.get(code=HOME_PROVINCE).name)
    pdf = client.get(reverse("backoffice:reporting_report_file", args=[report.pk, "pdf"]))
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"
    assert (
        client.get(reverse("backoffice:reporting_report_file", args=[report.pk, "doc"])).status_code
        == 404
    )
    # Another province sees neither the report nor its files, and cannot ask for ours.
    client.force_login(other_province_officer)
    assert client.get(response.url).status_code == 404
    assert (
        client.get(reverse("backoffice:reporting_report_file", args=[report.pk, "pdf"])).status_code
        == 404
    )
    bad = client.post(
        url,
        {"period_kind": "month", "year": 2025, "province": HOME_PROVINCE, "grouping": "current"},
    )
    assert bad.status_code == 200 and Report.objects.count() == 1


def test_month_needs_a_month(client, province_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:reporting_report_list"),
        {"period_kind": "month", "year": 2025, "province": HOME_PROVINCE, "grouping": "current"},
    )
    assert "Chọn tháng hoặc quý." in response.content.decode()
    assert not Report.objects.exists()
