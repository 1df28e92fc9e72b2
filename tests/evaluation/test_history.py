import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from ocop.evaluation.history import COLUMNS, SHEET, HistoryRejected, import_history
from ocop.evaluation.models import HistoricalResult
from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer, make_product

# A 2021 result recognised by a district committee that no longer exists (1048/2019 rules).
GOOD = [
    "1048/2019",
    "NB-HL-00012-4-2021",
    "Mật ong Hoa Lư",
    "HTX Mật ong",
    "2700111222",
    "37",
    "374",
    30,
    20,
    25,
    75,
    4,
    2021,
    "1234/QĐ-UBND",
    "15/09/2021",
    "UBND thành phố Hoa Lư",
]


def workbook(*rows):
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([label for _k, label in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.django_db
def test_historical_result_is_kept_as_issued_and_linked_when_known():
    producer = make_producer(commune=HOME_COMMUNE, tax_code="2700111222")
    product = make_product(producer=producer, name="Mật ong Hoa Lư")
    report = import_history(workbook(GOOD), actor=None)
    assert (report.imported, report.linked) == (1, 1)
    result = HistoricalResult.objects.get()
    assert (result.product, result.product_code, result.authority) == (
        product,
        "NB-HL-00012-4-2021",
        "UBND thành phố Hoa Lư",
    )
    assert (result.criteria_version.code, result.star, result.legacy_district.name) == (
        "1048/2019",
        4,
        "Thành phố Hoa Lư",
    )


@pytest.mark.django_db
def test_rows_are_checked_against_the_versions_part_maxima_and_bands():
    over_c = [*GOOD]
    over_c[9], over_c[10] = 41, 91  # 1048 part C maximum is 40
    bad_star = [*GOOD]
    bad_star[11] = 5  # 75 points cannot be 5★
    bad_sum = [*GOOD]
    bad_sum[10] = 80
    unknown = [*GOOD]
    unknown[0] = "26/2026"
    with pytest.raises(HistoryRejected) as caught:
        import_history(workbook(GOOD, over_c, bad_star, bad_sum, unknown), actor=None)
    assert sorted((e.row, e.column) for e in caught.value.errors) == [
        (3, "Phần C"),
        (4, "Hạng sao"),
        (5, "Tổng điểm"),
        (6, "Bộ tiêu chí (1048/2019 hoặc 148/2023)"),
    ]
    assert HistoricalResult.objects.count() == 0


@pytest.mark.django_db
def test_import_results_command(tmp_path, capsys):
    path = tmp_path / "ket-qua.xlsx"
    path.write_bytes(workbook(GOOD).getvalue())
    call_command("import_results", str(path))
    assert "Đã nhập 1 kết quả" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_results", str(path))  # the same decision again: duplicate
    assert HistoricalResult.objects.count() == 1
