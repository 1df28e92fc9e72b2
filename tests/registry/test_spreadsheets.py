import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from ocop.core.models import AuditEntry
from ocop.registry.models import Producer, Product
from ocop.registry.spreadsheets import (
    PRODUCER_COLUMNS,
    PRODUCER_SHEET,
    PRODUCT_COLUMNS,
    PRODUCT_SHEET,
    ImportRejected,
    import_registry,
    template_workbook,
)
from tests.conftest import HOME_COMMUNE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer

GOOD_PRODUCER = [
    "R1",
    "HTX Nếp cái hoa vàng",
    "Hợp tác xã",
    "",
    "2700999001",
    "01/02/2019",
    "Trần Văn Hùng",
    "Nam",
    "Không",
    "0912000111",
    "",
    "Thôn 3",
    HOME_COMMUNE,
    20,
    30,
]
GOOD_PRODUCT = ["R1", "Gạo nếp cái hoa vàng", 3, "", "Túi 2 kg", "8934563138165", "Gạo đặc sản"]


def workbook_bytes(producers: list[list[object]], products: list[list[object]]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PRODUCER_SHEET
    sheet.append([label for _k, label in PRODUCER_COLUMNS])
    for row in producers:
        sheet.append(row)
    sheet = workbook.create_sheet(PRODUCT_SHEET)
    sheet.append([label for _k, label in PRODUCT_COLUMNS])
    for row in products:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.django_db
def test_good_file_imports_everything_through_the_domain(commune_officer):
    report = import_registry(workbook_bytes([GOOD_PRODUCER], [GOOD_PRODUCT]), actor=commune_officer)
    assert (report.producers, report.products) == (1, 1)
    producer = Producer.objects.get()
    assert producer.tax_code == "2700999001"
    assert producer.established_on.isoformat() == "2019-02-01"
    product = Product.objects.get()
    assert (product.producer, product.product_set.number, product.commune_id) == (
        producer,
        3,
        HOME_COMMUNE,
    )
    assert sorted(
        AuditEntry.objects.exclude(action__startswith="ocop.criteria.").values_list(
            "action", flat=True
        )
    ) == [
        "ocop.producer.created",
        "ocop.product.created",
    ]


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_reports_each_row(commune_officer):
    bad_kind = [*GOOD_PRODUCER]
    bad_kind[0], bad_kind[2], bad_kind[4] = "R2", "Tập đoàn", "2700999002"
    bad_commune = [*GOOD_PRODUCER]
    bad_commune[0], bad_commune[4], bad_commune[12] = "R3", "2700999003", "99999"
    bad_product = ["R9", "Chè", 40, "", "", "8934563138166", ""]
    with pytest.raises(ImportRejected) as caught:
        import_registry(
            workbook_bytes([GOOD_PRODUCER, bad_kind, bad_commune], [GOOD_PRODUCT, bad_product]),
            actor=commune_officer,
        )
    errors = {(e.sheet, e.row, e.column) for e in caught.value.errors}
    assert errors == {
        (PRODUCER_SHEET, 3, "Loại hình"),
        (PRODUCER_SHEET, 4, "Mã xã"),
        (PRODUCT_SHEET, 3, "Mã tham chiếu chủ thể hoặc MST"),
        (PRODUCT_SHEET, 3, "Bộ sản phẩm (số 1-26)"),
    }
    messages = " ".join(e.message for e in caught.value.errors)
    assert "Không có xã/phường mã '99999'" in messages
    assert Producer.objects.count() == 0
    assert Product.objects.count() == 0
    assert AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count() == 0


@pytest.mark.django_db
def test_rows_outside_the_importers_area_are_refused(commune_officer):
    outside = [*GOOD_PRODUCER]
    outside[12] = OTHER_PROVINCE_COMMUNE
    with pytest.raises(ImportRejected) as caught:
        import_registry(workbook_bytes([outside], []), actor=commune_officer)
    assert [e.row for e in caught.value.errors] == [2]
    assert "không có quyền" in caught.value.errors[0].message
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_tax_code_in_file_and_in_database(commune_officer):
    make_producer(commune=HOME_COMMUNE, tax_code="2700999009")
    again = [*GOOD_PRODUCER]
    again[0], again[4] = "R2", "2700999009"
    twice = [*GOOD_PRODUCER]
    twice[0] = "R3"
    with pytest.raises(ImportRejected) as caught:
        import_registry(workbook_bytes([GOOD_PRODUCER, again, twice], []), actor=commune_officer)
    assert sorted((e.row, e.column) for e in caught.value.errors) == [
        (3, "Mã số thuế"),
        (4, "Mã số thuế"),
    ]
    assert Producer.objects.count() == 1


@pytest.mark.django_db
def test_product_may_reference_an_existing_producer_by_tax_code(commune_officer):
    producer = make_producer(commune=HOME_COMMUNE, tax_code="2700999010")
    product_row = ["2700999010", "Rượu nếp", 14, "", "Chai 500 ml", "", ""]
    report = import_registry(workbook_bytes([], [product_row]), actor=commune_officer)
    assert report.products == 1
    assert Product.objects.get().producer == producer


@pytest.mark.django_db
def test_not_an_excel_file_is_rejected_clearly():
    with pytest.raises(ImportRejected) as caught:
        import_registry(io.BytesIO(b"name,kind\nA,B\n"), actor=None)
    assert "Không đọc được tệp Excel" in caught.value.errors[0].message


@pytest.mark.django_db
def test_missing_columns_are_reported():
    workbook = Workbook()
    workbook.active.title = PRODUCER_SHEET
    workbook.active.append(["Tên chủ thể"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(ImportRejected) as caught:
        import_registry(buffer, actor=None)
    assert {e.column for e in caught.value.errors} == {
        label for _k, label in PRODUCER_COLUMNS if label != "Tên chủ thể"
    }


@pytest.mark.django_db
def test_template_round_trips_through_the_importer(commune_officer):
    report = import_registry(io.BytesIO(template_workbook()), actor=commune_officer)
    assert (report.producers, report.products) == (1, 1)
    guide = load_workbook(io.BytesIO(template_workbook()))["HuongDan"]
    assert guide.max_row == 8 + 26


@pytest.mark.django_db
def test_import_command(tmp_path, capsys):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(workbook_bytes([GOOD_PRODUCER], [GOOD_PRODUCT]).getvalue())
    call_command("import_registry", str(path))
    assert "Đã nhập 1 chủ thể, 1 sản phẩm." in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        call_command("import_registry", str(bad))
    assert Producer.objects.count() == 1
