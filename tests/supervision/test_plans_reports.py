"""Inspection plans, attachments, fixes, producer-stopped confirmations, public reports and
a certificate's life."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ocop.certification.domain import record_certificate
from ocop.certification.models import Certificate
from ocop.core.models import AuditEntry
from ocop.criteria.models import CriteriaVersion
from ocop.geo.models import Province
from ocop.registry.enums import ProducerStatus
from ocop.supervision import domain
from ocop.supervision.enums import CHECKLIST, InspectionKind, Measure, ReportKind, ReportStatus
from ocop.supervision.models import InspectionAttachment, ProducerStop, PublicReport
from ocop.supervision.queries import (
    certificate_life,
    open_warnings,
    plan_certificates,
    stop_revocations,
)
from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE, OTHER_PROVINCE_COMMUNE
from tests.core.test_uploads import png_bytes
from tests.factories import make_producer, make_product, make_user

ALL_OK = {key: {"ok": True, "note": ""} for key, _label in CHECKLIST}
TODAY = date(2026, 12, 1)


def certify(product, *, on=TODAY - timedelta(days=100)):
    return record_certificate(
        actor=None,
        product=product,
        star=4,
        criteria_version=CriteriaVersion.objects.get(is_current=True),
        authority="UBND tỉnh Ninh Bình",
        level="province",
        decision_number="100/QĐ-UBND",
        decision_date=on,
    )


@pytest.fixture
def certified(db):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Hoa Lư")
    return certify(make_product(producer=producer, name="Mật ong Hoa Lư"))


@pytest.fixture
def inspector(db):
    return make_user("kiemtra", role="inspector", province="37")


def make_plan(actor, **kwargs):
    values = {
        "number": "12/KH-SNN",
        "title": "Kiểm tra định kỳ 2026",
        "kind": InspectionKind.PERIODIC,
        "province": Province.objects.get(code="37"),
        "starts_on": TODAY,
        "ends_on": TODAY + timedelta(days=30),
    }
    values.update(kwargs)
    return domain.create_inspection_plan(actor=actor, **values)


def inspect(actor, certificate, **kwargs):
    return domain.record_inspection(
        actor=actor,
        certificate=certificate,
        kind=InspectionKind.PERIODIC,
        inspected_on=TODAY,
        checklist=ALL_OK,
        **kwargs,
    )


@pytest.mark.django_db
def test_plan_over_producers_tracks_what_was_inspected(certified, inspector):
    other = certify(make_product(producer=certified.producer, name="Rượu Hoa Lư"))
    plan = make_plan(inspector, producers=[certified.producer])
    assert {c.pk for c in plan_certificates(plan=plan, today=TODAY)} == {certified.pk, other.pk}
    inspect(inspector, certified, plan=plan)
    done = {c.pk: c.inspected for c in plan_certificates(plan=plan, today=TODAY)}
    assert done == {certified.pk: True, other.pk: False}
    assert AuditEntry.objects.filter(action="ocop.inspection_plan.created").count() == 1


@pytest.mark.django_db
def test_plan_rules(certified, inspector, commune_officer):
    outside = certify(make_product(producer=make_producer(commune=OTHER_PROVINCE_COMMUNE)))
    with pytest.raises(ValidationError):
        make_plan(inspector)  # neither products nor producers
    with pytest.raises(ValidationError):
        make_plan(inspector, products=[outside.product])
    with pytest.raises(PermissionDenied):
        make_plan(commune_officer, products=[certified.product])
    with pytest.raises(PermissionDenied):
        make_plan(make_user("kt01", role="inspector", province="01"), products=[certified.product])
    plan = make_plan(inspector, products=[certified.product])
    elsewhere = certify(make_product(producer=make_producer(commune=OTHER_COMMUNE_SAME_PROVINCE)))
    with pytest.raises(ValidationError):
        inspect(inspector, elsewhere, plan=plan)
    assert not elsewhere.inspections.exists()


@pytest.mark.django_db
def test_attachments_are_checked_by_content(certified, inspector):
    inspection = inspect(inspector, certified)
    photo = domain.add_attachment(
        actor=inspector,
        inspection=inspection,
        upload=SimpleUploadedFile("anh.png", png_bytes()),
        caption="Kho nguyên liệu",
    )
    assert photo.kind == "photo" and photo.file.name.startswith("supervision/")
    with pytest.raises(ValidationError):
        domain.add_attachment(
            actor=inspector,
            inspection=inspection,
            upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert InspectionAttachment.objects.count() == 1


@pytest.mark.django_db
def test_warning_then_fix_through_the_page(certified, inspector, client):
    inspection = inspect(inspector, certified)
    finding = domain.record_finding(
        actor=inspector,
        inspection=inspection,
        text="Nhãn thiếu hạn sử dụng",
        measure=Measure.WARNING,
        fix_by=TODAY + timedelta(days=30),
    )
    assert list(open_warnings(certificates=Certificate.objects.all())) == [finding]
    client.force_login(inspector)
    page = client.get(reverse("backoffice:inspection_detail", args=[inspection.pk]))
    assert "Nhãn thiếu hạn sử dụng" in page.content.decode()
    url = reverse("backoffice:finding_fix", args=[finding.pk])
    client.post(url, {"fixed_on": "2026-12-10", "note": "Đã in lại nhãn"})
    finding.refresh_from_db()
    assert finding.fixed_on == date(2026, 12, 10)
    assert not open_warnings(certificates=Certificate.objects.all()).exists()
    client.post(url, {"fixed_on": "2026-12-11", "note": "lần hai"})  # refused: already fixed
    finding.refresh_from_db()
    assert finding.fixed_on == date(2026, 12, 10)


@pytest.mark.django_db
def test_commune_confirms_producer_stopped(certified, commune_officer):
    producer = certified.producer
    with pytest.raises(PermissionDenied):
        domain.confirm_producer_stopped(
            actor=make_user("xa2", role="commune_officer", commune=OTHER_COMMUNE_SAME_PROVINCE),
            producer=producer,
            stopped_on=TODAY,
            note="x",
            today=TODAY,
        )
    with pytest.raises(ValidationError):
        domain.confirm_producer_stopped(
            actor=commune_officer,
            producer=producer,
            stopped_on=TODAY + timedelta(days=1),
            note="Ngừng",
            today=TODAY,
        )
    stop = domain.confirm_producer_stopped(
        actor=commune_officer,
        producer=producer,
        stopped_on=TODAY - timedelta(days=40),
        note="UBND xã xác nhận HTX đã giải thể",
        today=TODAY,
    )
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.STOPPED
    [(certificate, found)] = stop_revocations(certificates=Certificate.objects.all())
    assert (certificate.pk, found.pk) == (certified.pk, stop.pk)
    assert domain.stop_revocation_due(stop) == TODAY + timedelta(days=15)
    with pytest.raises(ValidationError):
        domain.confirm_producer_stopped(
            actor=commune_officer, producer=producer, stopped_on=TODAY, note="lần 2", today=TODAY
        )
    assert ProducerStop.objects.count() == 1


REPORT = {"kind": "expired_logo", "message": "Bao bì vẫn in 4 sao", "place": "Chợ Rồng"}


@pytest.mark.django_db
def test_public_report_names_the_product_and_is_rate_limited(certified, client, settings):
    settings.RATE_LIMITS = {"public_report": "2/3600"}
    url = reverse("public:report")
    assert client.get(url + f"?ref={certified.code}").status_code == 200
    for _ in range(2):
        response = client.post(url, {**REPORT, "code": certified.code, "contact": "0912345678"})
        assert "report-done" in response.content.decode()
    report = PublicReport.objects.first()
    assert (report.product_id, report.certificate_id, report.province_id) == (
        certified.product_id,
        certified.pk,
        "37",
    )
    entry = AuditEntry.objects.filter(action="ocop.public_report.submitted").first()
    assert "0912345678" not in str(entry.changes) and entry.data == {"replied_to": True}
    limited = client.post(url, {**REPORT, "code": certified.code})
    assert limited.status_code == 429 and limited["Cache-Control"] == "no-store"
    assert int(limited["Retry-After"]) > 0
    assert PublicReport.objects.count() == 2


@pytest.mark.django_db
def test_public_report_rejects_bots_and_bad_photos(certified, client):
    url = reverse("public:report")
    client.post(url, {**REPORT, "website": "http://spam"})
    bad = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(url, {**REPORT, "photo": bad})
    assert response.status_code == 200 and "report-done" not in response.content.decode()
    client.post(url, {"kind": "quality", "message": ""})
    assert PublicReport.objects.count() == 0
    good = SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")
    client.post(url, {**REPORT, "photo": good, "code": "KHONGCOMANAY"})
    report = PublicReport.objects.get()
    assert report.product is None and report.photo.name.startswith("reports/")


@pytest.mark.django_db
def test_triage_into_a_plan_or_dismiss(certified, inspector, province_officer, client):
    report = domain.submit_public_report(
        kind=ReportKind.COUNTERFEIT, message="Tem lạ", certificate=certified
    )
    other = make_user("tinh01", role="province_officer", province="01")
    plan = make_plan(inspector, products=[make_product(producer=certified.producer)])
    with pytest.raises(PermissionDenied):
        domain.plan_report(actor=other, report=report, plan=plan)
    client.force_login(other)
    assert client.get(reverse("backoffice:report_detail", args=[report.pk])).status_code == 404
    client.force_login(province_officer)
    assert "Tem lạ" in client.get(reverse("backoffice:report_list")).content.decode()
    client.post(
        reverse("backoffice:report_detail", args=[report.pk]),
        {"action": "plan", "plan": plan.pk, "note": "Kiểm tra tại chợ"},
    )
    report.refresh_from_db()
    assert (report.status, report.plan_id) == (ReportStatus.PLANNED, plan.pk)
    assert plan.products.filter(pk=certified.product_id).exists()
    with pytest.raises(ValidationError):
        domain.dismiss_report(actor=province_officer, report=report, note="x")
    second = domain.submit_public_report(kind=ReportKind.OTHER, message="?", product=None)
    with pytest.raises(PermissionDenied):  # no product: national staff only
        domain.dismiss_report(actor=province_officer, report=second, note="Không rõ")
    with pytest.raises(ValidationError):
        domain.dismiss_report(actor=make_user("tw", role="mae_officer"), report=second, note=" ")


@pytest.mark.django_db
def test_certificate_life_in_order(certified, inspector, province_officer):
    from ocop.certification.domain import revoke_certificate

    inspection = inspect(inspector, certified)
    domain.record_finding(
        actor=inspector,
        inspection=inspection,
        text="Mẫu không đạt",
        measure=Measure.REVOCATION,
        ground="b",
    )
    revoke_certificate(
        actor=province_officer,
        certificate=certified,
        ground="b",
        decision_number="5/QĐ-UBND",
        revoked_on=TODAY + timedelta(days=3),
        reason="Không còn đáp ứng",
    )
    certified.refresh_from_db()
    kinds = [e.kind for e in certificate_life(certificate=certified, today=timezone.localdate())]
    assert kinds == ["decision", "issued", "inspection", "finding", "revoked"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["backoffice:supervision_dashboard", "backoffice:plan_list", "backoffice:report_list"]
)
def test_pages_answer_with_an_empty_state(name, client, province_officer):
    client.force_login(province_officer)
    assert client.get(reverse(name)).status_code == 200
