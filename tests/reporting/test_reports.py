"""The standard periodic report on the fixed data set, its .xlsx cells and its PDF."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from ocop.geo.models import Province
from ocop.reporting import domain
from ocop.reporting.enums import Grouping, PeriodKind, ReportStatus
from ocop.reporting.models import Report
from ocop.reporting.periods import ReportPeriod
from ocop.reporting.reports import build_report, report_pdf, report_xlsx
from tests.conftest import HOME_PROVINCE

from .conftest import TODAY

YEAR_2025 = ReportPeriod.of(kind=PeriodKind.YEAR, year=2025)


@pytest.fixture
def ninh_binh(db):
    return Province.objects.get(code=HOME_PROVINCE)


def test_periods():
    assert ReportPeriod.of(kind="month", year=2026, number=2).end == date(2026, 2, 28)
    q = ReportPeriod.of(kind="quarter", year=2026, number=1)
    assert (q.start, q.end, q.label) == (date(2026, 1, 1), date(2026, 3, 31), "Q1/2026")
    assert q.previous() == ReportPeriod.of(kind="quarter", year=2025, number=4)
    assert ReportPeriod.of(kind="month", year=2026, number=1).previous().label == "12/2025"
    with pytest.raises(ValueError):
        ReportPeriod.of(kind="quarter", year=2026, number=5)


def test_year_report_figures_against_the_previous_year(world, ninh_binh):
    data = build_report(
        province=ninh_binh, period=YEAR_2025, grouping=Grouping.CURRENT, today=TODAY
    )
    # End of 2025: p1 3★, p2 4★, p4 4★ (revoked only in 2026), p5 5★; p3 expired in Jan.
    assert data.current.in_force == {3: 1, 4: 2, 5: 1}
    assert (data.current.recognised, data.current.expired, data.current.revoked) == (3, 1, 0)
    # End of 2024: p1, p3 and p5 at 3★; one certificate (p1) issued in 2024.
    assert data.previous.in_force == {3: 3}
    assert (data.previous.recognised, data.previous.expired, data.previous.revoked) == (1, 0, 0)
    assert [c.product.name for c in data.recognised] == ["p2", "p5", "p4"]
    assert [c.product.name for c in data.expired] == ["p3"]
    assert data.tally_rows == [
        ("Phường Hoa Lư", data.tally[0][1], [1, 1, 1], 3),
        ("Xã Kim Sơn", data.tally[1][1], [0, 1, 0], 1),
    ]
    assert data.tally_total_row == ([1, 2, 1], 4)
    revoked = build_report(
        province=ninh_binh,
        period=ReportPeriod.of(kind=PeriodKind.YEAR, year=2026),
        grouping=Grouping.CURRENT,
        today=TODAY,
    )
    assert [c.product.name for c in revoked.revoked] == ["p4"]


def test_report_files_hold_the_same_numbers(world, ninh_binh):
    data = build_report(
        province=ninh_binh, period=YEAR_2025, grouping=Grouping.CURRENT, today=TODAY
    )
    wb = load_workbook(io.BytesIO(report_xlsx(data)))
    assert wb.sheetnames == ["TongHop", "TheoDiaBan", "CongNhan", "HetHan", "ThuHoi"]
    summary = wb["TongHop"]
    assert "Ninh Bình" in summary["A1"].value
    assert [c.value for c in summary[5]] == ["Chỉ tiêu", "Kỳ này", "Kỳ trước", "Tăng (+), giảm (−)"]
    totals = {row[0].value: [c.value for c in row[1:]] for row in summary.iter_rows(min_row=6)}
    assert totals["Tổng sản phẩm OCOP còn hiệu lực cuối kỳ"] == [4, 3, 1]
    assert totals["Sản phẩm 3 sao còn hiệu lực cuối kỳ"] == [1, 3, -2]
    tally = wb["TheoDiaBan"]
    assert [c.value for c in tally[2]][2:] == [1, 1, 1, 3]
    assert [c.value for c in tally[tally.max_row]] == ["Tổng cộng", None, 1, 2, 1, 4]
    listed = wb["CongNhan"]
    assert [listed.cell(row=r, column=2).value for r in range(2, listed.max_row + 1)] == [
        "p2",
        "p5",
        "p4",
    ]
    assert listed.cell(row=2, column=9).value.date() == date(2025, 5, 10)
    assert wb["HetHan"].cell(row=2, column=2).value == "p3"
    assert wb["ThuHoi"].max_row == 1  # headers only
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(data))).pages)
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH OCOP" in text
    for name in ("p2", "p3", "p4", "p5", "Phường Hoa Lư"):
        assert name in text


def test_request_and_generate(
    world, ninh_binh, province_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = domain.request_report(
            actor=province_officer,
            period=YEAR_2025,
            province=ninh_binh,
            grouping=Grouping.LEGACY,
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.xlsx.name.endswith(".xlsx") and report.pdf.name.endswith(".pdf")
    assert report.pdf.open("rb").read(4) == b"%PDF"


def test_outside_the_area_is_refused(world, other_province_officer, ninh_binh, commune_officer):
    from django.core.exceptions import PermissionDenied

    for actor, province in ((other_province_officer, ninh_binh), (commune_officer, None)):
        with pytest.raises(PermissionDenied):
            domain.request_report(
                actor=actor, period=YEAR_2025, province=province, grouping=Grouping.CURRENT
            )
    assert not Report.objects.exists()


def test_schedule_makes_each_due_report_once(world):
    call_command("generate_reports", "--today", "2026-07-02", "--now", stdout=io.StringIO())
    made = Report.objects.all()
    # June 2026 and Q2 2026, for the country and the two provinces with certificates.
    assert sorted((r.period_kind, r.province_id or "") for r in made) == [
        ("month", ""),
        ("month", "01"),
        ("month", HOME_PROVINCE),
        ("quarter", ""),
        ("quarter", "01"),
        ("quarter", HOME_PROVINCE),
    ]
    assert all(r.status == ReportStatus.DONE and r.scheduled for r in made)
    call_command("generate_reports", "--today", "2026-07-20", stdout=io.StringIO())
    assert Report.objects.count() == 6
    jan = domain.due_periods(today=date(2027, 1, 5))
    assert [p.label for p in jan] == ["12/2026", "Q4/2026", "2026"]


def test_national_report_tallies_by_province(world):
    data = build_report(province=None, period=YEAR_2025, grouping=Grouping.CURRENT, today=TODAY)
    by_area = {}
    for area, _group, _counts, total in data.tally_rows:
        by_area[area] = by_area.get(area, 0) + total
    assert by_area == {"Thành phố Hà Nội": 1, "Tỉnh Ninh Bình": 4}
    assert data.current.in_force == {3: 1, 4: 2, 5: 2}


def test_report_query_count_is_constant(world, ninh_binh, django_assert_num_queries):
    # in force now and before, the three lists, the three counts before, the tally
    with django_assert_num_queries(9):
        build_report(province=ninh_binh, period=YEAR_2025, grouping=Grouping.CURRENT, today=TODAY)
