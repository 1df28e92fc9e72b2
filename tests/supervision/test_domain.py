from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.supervision import domain
from ocop.supervision.enums import CHECKLIST, InspectionKind, Measure
from ocop.supervision.models import Inspection
from tests.certification.test_issue import certificate  # noqa: F401  (fixture)
from tests.factories import make_user

ALL_OK = {key: {"ok": True, "note": ""} for key, _label in CHECKLIST}


@pytest.mark.django_db
def test_inspection_with_failed_sample_and_revocation_proposal(certificate):  # noqa: F811
    inspector = make_user("kiemtra", role="inspector", province="37")
    inspection = domain.record_inspection(
        actor=inspector,
        certificate=certificate,
        kind=InspectionKind.AD_HOC,
        inspected_on=date(2026, 12, 1),
        checklist={**ALL_OK, "labels": {"ok": False, "note": "Nhãn thiếu"}},
    )
    sample = domain.record_sample_test(
        actor=inspector,
        inspection=inspection,
        sampled_on=date(2026, 12, 1),
        lab="Trung tâm Kỹ thuật TĐC",
        indicators="Vi sinh",
        result="Vượt ngưỡng",
        passed=False,
    )
    finding = domain.record_finding(
        actor=inspector,
        inspection=inspection,
        text="Mẫu không đạt",
        measure=Measure.REVOCATION,
        ground="b",
    )
    assert inspection.checklist["labels"] == {"ok": False, "note": "Nhãn thiếu"}
    assert (sample.passed, finding.ground) == (False, "b")
    with pytest.raises(ValidationError):
        domain.record_finding(
            actor=inspector, inspection=inspection, text="x", measure=Measure.WARNING
        )
    with pytest.raises(ValidationError):
        domain.record_finding(
            actor=inspector, inspection=inspection, text="x", measure=Measure.REVOCATION
        )


@pytest.mark.django_db
def test_only_inspectors_and_officers_of_the_province(certificate, commune_officer):  # noqa: F811
    elsewhere = make_user("kiemtra2", role="inspector", province="01")
    for actor in (elsewhere, commune_officer):
        with pytest.raises(PermissionDenied):
            domain.record_inspection(
                actor=actor,
                certificate=certificate,
                kind=InspectionKind.PERIODIC,
                inspected_on=date(2026, 12, 1),
                checklist=ALL_OK,
            )
    assert Inspection.objects.count() == 0


@pytest.mark.django_db
def test_incomplete_checklist_is_refused(certificate):  # noqa: F811
    inspector = make_user("kiemtra", role="inspector", province="37")
    with pytest.raises(ValidationError):
        domain.record_inspection(
            actor=inspector,
            certificate=certificate,
            kind=InspectionKind.PERIODIC,
            inspected_on=date(2026, 12, 1),
            checklist={"scale": {"ok": True}},
        )
    assert Inspection.objects.count() == 0


@pytest.mark.django_db
def test_revocation_proposal_is_listed_with_its_deadline_and_overdue_flag(certificate, client):  # noqa: F811
    from django.urls import reverse

    inspector = make_user("kiemtra", role="inspector", province="37")
    inspection = domain.record_inspection(
        actor=inspector,
        certificate=certificate,
        kind=InspectionKind.AD_HOC,
        inspected_on=date(2026, 11, 1),
        checklist=ALL_OK,
    )
    domain.record_finding(
        actor=inspector,
        inspection=inspection,
        text="Sai biểu trưng",
        measure=Measure.REVOCATION,
        ground="d",
    )
    officer = make_user("tinh2", role="province_officer", province="37")
    client.force_login(officer)
    page = client.get(reverse("backoffice:certificate_list"))
    [(finding, due, overdue)] = page.context["proposals"]
    assert (finding.text, due) == ("Sai biểu trưng", date(2026, 11, 16))
    from django.utils import timezone

    assert overdue is (timezone.localdate() > date(2026, 11, 16))


@pytest.mark.django_db
def test_fix_is_recorded_once_for_warnings(certificate):  # noqa: F811
    inspector = make_user("kiemtra", role="inspector", province="37")
    inspection = domain.record_inspection(
        actor=inspector,
        certificate=certificate,
        kind=InspectionKind.PERIODIC,
        inspected_on=date(2026, 11, 1),
        checklist=ALL_OK,
    )
    warning = domain.record_finding(
        actor=inspector,
        inspection=inspection,
        text="Nhãn thiếu hạn dùng",
        measure=Measure.WARNING,
        fix_by=date(2026, 12, 15),
    )
    domain.record_fix(
        actor=inspector, finding=warning, fixed_on=date(2026, 12, 10), note="Đã in lại nhãn"
    )
    warning.refresh_from_db()
    assert warning.fixed_on == date(2026, 12, 10)
    with pytest.raises(ValidationError):
        domain.record_fix(actor=inspector, finding=warning, fixed_on=date(2026, 12, 11))
