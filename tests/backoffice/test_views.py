import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ocop.core.models import AuditEntry
from ocop.criteria.models import ProductSet
from ocop.demo.data import minimal_pdf
from ocop.registry.models import EvidenceDocument, ImportJob, Producer, Product
from ocop.registry.spreadsheets import template_workbook
from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE


def producer_post(**extra):
    return {
        "name": "HTX Rau sạch Hoa Lư",
        "kind": "cooperative",
        "legal_form": "",
        "tax_code": "2700555001",
        "representative_name": "Đinh Văn Sơn",
        "representative_gender": "male",
        "commune": HOME_COMMUNE,
        "members_count": "12",
        "workers_count": "20",
        **extra,
    }


@pytest.mark.django_db
def test_commune_officer_registers_a_producer(commune_officer, login):
    client = login(commune_officer)
    response = client.get(reverse("backoffice:producer_create"))
    assert response.status_code == 200
    response = client.post(reverse("backoffice:producer_create"), producer_post())
    producer = Producer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:producer_detail", args=[producer.pk])
    assert producer.created_by == commune_officer
    assert AuditEntry.objects.for_object(producer).get().actor == commune_officer


@pytest.mark.django_db
def test_commune_outside_scope_is_not_offered_and_rejected(commune_officer, login):
    client = login(commune_officer)
    response = client.post(
        reverse("backoffice:producer_create"), producer_post(commune=OTHER_COMMUNE_SAME_PROVINCE)
    )
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_enterprise_needs_legal_form(commune_officer, login):
    client = login(commune_officer)
    response = client.post(reverse("backoffice:producer_create"), producer_post(kind="enterprise"))
    assert response.context["form"].errors["legal_form"] == [
        "Doanh nghiệp cần ghi loại hình doanh nghiệp."
    ]
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_product_duplicate_warning_then_confirm(commune_officer, world, login):
    client = login(commune_officer)
    producer = world["home"]
    url = reverse("backoffice:product_create", args=[producer.pk])
    data = {
        "name": "Mat ong Hoa Lu",
        "product_set": ProductSet.objects.get(version__is_current=True, number=4).pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert [p.name for p in response.context["similar"]] == ["Mật ong Hoa Lư"]
    assert Product.objects.filter(producer=producer).count() == 1
    response = client.post(url, {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert Product.objects.filter(producer=producer).count() == 2


@pytest.mark.django_db
def test_document_upload_and_download(commune_officer, world, login):
    client = login(commune_officer)
    producer = world["home"]
    url = reverse("backoffice:document_upload", args=[producer.pk])
    pdf = minimal_pdf("ATTP")
    response = client.post(
        url,
        {
            "doc_type": "food_safety",
            "number": "15/2025/ATTP",
            "issued_on": "2025-01-10",
            "expires_on": "2028-01-10",
            "file": SimpleUploadedFile("giay-attp.pdf", pdf, "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = EvidenceDocument.objects.get()
    response = client.get(reverse("backoffice:document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf


@pytest.mark.django_db
def test_bad_upload_shows_error_and_saves_nothing(commune_officer, world, login):
    client = login(commune_officer)
    response = client.post(
        reverse("backoffice:document_upload", args=[world["home"].pk]),
        {"doc_type": "other", "file": SimpleUploadedFile("x.pdf", b"#!/bin/sh\nrm -rf /")},
    )
    assert response.status_code == 200
    assert "Loại tệp không được chấp nhận" in response.context["form"].errors["file"][0]
    assert EvidenceDocument.objects.count() == 0


@pytest.mark.django_db
def test_oversized_upload_is_rejected(commune_officer, world, login, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client = login(commune_officer)
    response = client.post(
        reverse("backoffice:document_upload", args=[world["home"].pk]),
        {
            "doc_type": "other",
            "file": SimpleUploadedFile("big.pdf", minimal_pdf("x") + b" " * 2000),
        },
    )
    assert "Tệp quá lớn" in response.context["form"].errors["file"][0]
    assert EvidenceDocument.objects.count() == 0


@pytest.mark.django_db
def test_history_tab_lists_changes(commune_officer, world, login):
    client = login(commune_officer)
    producer = world["home"]
    client.post(
        reverse("backoffice:producer_edit", args=[producer.pk]),
        producer_post(name="HTX Mới", tax_code=producer.tax_code),
    )
    response = client.get(
        reverse("backoffice:producer_detail", args=[producer.pk]) + "?tab=history"
    )
    entries = list(response.context["history"])
    assert [e.action for e in entries] == ["ocop.producer.changed"]
    assert entries[0].changes["name"] == ["HTX Hoa Lư", "HTX Mới"]
    assert "HTX Mới" in response.content.decode()


@pytest.mark.django_db
def test_xlsx_export_has_the_filtered_rows(province_officer, world, login):
    client = login(province_officer)
    response = client.get(reverse("backoffice:product_list") + "?q=gao&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Tên sản phẩm", "Chủ thể")
    assert [r[1] for r in rows[1:]] == ["Gạo Kim Sơn"]


@pytest.mark.django_db
def test_search_filter_without_diacritics(province_officer, world, login):
    client = login(province_officer)
    response = client.get(reverse("backoffice:product_list") + "?q=mat+ong")
    assert [p.name for p in response.context["page"].object_list] == ["Mật ong Hoa Lư"]


@pytest.mark.django_db
def test_excel_import_through_the_page(commune_officer, login, django_capture_on_commit_callbacks):
    client = login(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:import_start"),
            {"file": SimpleUploadedFile("mau.xlsx", template_workbook())},
        )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("backoffice:import_status", args=[job.pk])
    job.refresh_from_db()
    assert (job.state, job.producers_created, job.products_created) == ("done", 1, 1)
    page = client.get(reverse("backoffice:import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "Đã nhập 1 chủ thể và 1 sản phẩm." in page.content.decode()


@pytest.mark.django_db
def test_excel_import_rejects_a_non_excel_file(commune_officer, login):
    client = login(commune_officer)
    response = client.post(
        reverse("backoffice:import_start"),
        {"file": SimpleUploadedFile("data.xlsx", minimal_pdf("not a sheet"))},
    )
    assert response.status_code == 200
    assert "Loại tệp không được chấp nhận" in response.context["form"].errors["file"][0]
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
def test_pages_render_in_english(commune_officer, world, login):
    client = login(commune_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("backoffice:home"))
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert '<h1 class="h3">Overview</h1>' in body
    assert "Tổng quan" not in body


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(commune_officer, login):
    response = login(commune_officer).get(reverse("backoffice:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "style=" not in response.content.decode()


@pytest.mark.django_db
def test_vietnamese_is_the_default_whatever_the_browser_says(commune_officer, login):
    client = login(commune_officer)
    response = client.get(reverse("backoffice:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_selects_offer_a_vietnamese_blank_choice(commune_officer, login):
    response = login(commune_officer).get(reverse("backoffice:producer_create"))
    form = response.context["form"]
    assert form.fields["kind"].choices[0] == ("", "— Chọn —")
    assert form.fields["representative_gender"].choices[0] == ("", "— Chọn —")


@pytest.mark.django_db
def test_old_address_is_kept_and_checked_against_the_current_commune(commune_officer, login):
    client = login(commune_officer)
    url = reverse("backoffice:producer_create")
    # 14320 (Phường Đông Thành, former Thành phố Hoa Lư) is now in Phường Hoa Lư (14329).
    response = client.post(url, producer_post(legacy_commune_code="14320"))
    assert response.status_code == 302
    assert Producer.objects.get().legacy_commune_id == "14320"
    wrong = client.post(url, producer_post(tax_code="2700555002", legacy_commune_code="00001"))
    assert "nay thuộc" in wrong.context["form"].errors["legacy_commune_code"][0]
    unknown = client.post(url, producer_post(tax_code="2700555003", legacy_commune_code="99999"))
    assert unknown.context["form"].errors["legacy_commune_code"] == ["Không có xã cũ mã 99999."]
    assert Producer.objects.count() == 1


@pytest.mark.django_db
def test_status_change_and_photo_are_audited(commune_officer, world, login):
    from tests.core.test_uploads import png_bytes

    client = login(commune_officer)
    product = world["home_product"]
    client.post(
        reverse("backoffice:product_status", args=[product.pk]),
        {"status": "suspended", "reason": "Chờ bổ sung hồ sơ"},
    )
    client.post(
        reverse("backoffice:photo_upload", args=[product.pk]),
        {"image": SimpleUploadedFile("anh.png", png_bytes()), "caption": "Chai 500 ml"},
    )
    product.refresh_from_db()
    assert product.status == "suspended"
    entry = AuditEntry.objects.get(action="ocop.product.status_changed")
    assert (entry.changes, entry.reason) == (
        {"status": ["registered", "suspended"]},
        "Chờ bổ sung hồ sơ",
    )
    photo = product.photos.get()
    assert AuditEntry.objects.for_object(photo).get().action == "ocop.product.photo_added"
    image = client.get(reverse("backoffice:photo_file", args=[product.pk, photo.pk]))
    assert image["Content-Type"] == "image/png"
