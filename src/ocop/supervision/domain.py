"""Writes of supervision: record an inspection, its sample tests and findings."""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.enums import Role
from ocop.accounts.scope import scope_for
from ocop.certification.enums import RevocationGround
from ocop.core.domain import create_audited, update_audited

from .enums import CHECKLIST, InspectionKind, Measure
from .models import Finding, Inspection, SampleTest


def may_inspect(actor: Any, certificate: Any) -> bool:
    """Inspectors and OCOP officers of the product's province (or national)."""
    scope = scope_for(actor)
    province = certificate.product.commune.province_id
    allowed = {Role.INSPECTOR, Role.PROVINCE_OFFICER, Role.MAE_OFFICER, Role.SYSADMIN}
    in_area = scope.national or province in scope.province_codes
    return in_area and (bool(allowed & set(scope.roles)) or actor.is_superuser)


def _require(actor: Any, certificate: Any) -> None:
    if actor is not None and not may_inspect(actor, certificate):
        raise PermissionDenied(_("Bạn không có quyền kiểm tra sản phẩm này."))


@transaction.atomic
def record_inspection(
    *,
    actor: Any,
    certificate: Any,
    kind: InspectionKind,
    inspected_on: date,
    checklist: Mapping[str, Mapping[str, Any]],
    team: str = "",
    conclusion: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Inspection:
    _require(actor, certificate)
    keys = {key for key, _label in CHECKLIST}
    if set(checklist) != keys:
        raise ValidationError(_("Cần đánh giá đủ các nội dung kiểm tra."))
    inspection = Inspection(
        certificate=certificate,
        kind=kind,
        inspected_on=inspected_on,
        team=team,
        conclusion=conclusion,
        latitude=latitude,
        longitude=longitude,
        inspector=actor,
        checklist={
            k: {"ok": bool(v.get("ok")), "note": str(v.get("note", ""))}
            for k, v in checklist.items()
        },
    )
    return create_audited(obj=inspection, actor=actor, action="ocop.inspection.recorded")


@transaction.atomic
def record_sample_test(
    *,
    actor: Any,
    inspection: Inspection,
    sampled_on: date,
    lab: str,
    indicators: str,
    result: str,
    passed: bool,
) -> SampleTest:
    _require(actor, inspection.certificate)
    sample = SampleTest(
        inspection=inspection,
        sampled_on=sampled_on,
        lab=lab,
        indicators=indicators,
        result=result,
        passed=passed,
    )
    return create_audited(obj=sample, actor=actor, action="ocop.inspection.sample_recorded")


@transaction.atomic
def record_finding(
    *,
    actor: Any,
    inspection: Inspection,
    text: str,
    measure: str = Measure.NONE,
    ground: str = "",
    fix_by: date | None = None,
) -> Finding:
    """A finding may propose a warning with a deadline, or revocation on a ground a–e."""
    _require(actor, inspection.certificate)
    if measure == Measure.WARNING and fix_by is None:
        raise ValidationError({"fix_by": _("Cảnh báo cần hạn khắc phục.")})
    if measure == Measure.REVOCATION and ground not in RevocationGround.values:
        raise ValidationError({"ground": _("Đề nghị thu hồi cần căn cứ theo Điều 8.1.")})
    finding = Finding(
        inspection=inspection, text=text, measure=measure, ground=ground, fix_by=fix_by
    )
    return create_audited(obj=finding, actor=actor, action="ocop.inspection.finding_recorded")


REVOCATION_DAYS = 15  # Art. 8.2: revoke within 15 days of the conclusion


def revocation_due(finding: Finding) -> date:
    return finding.inspection.inspected_on + timedelta(days=REVOCATION_DAYS)


@transaction.atomic
def record_fix(*, actor: Any, finding: Finding, fixed_on: date, note: str = "") -> Finding:
    """The producer fixed what a warning asked; an inspector records it after re-checking."""
    _require(actor, finding.inspection.certificate)
    if finding.measure != Measure.WARNING:
        raise ValidationError(_("Chỉ ghi khắc phục cho phát hiện có yêu cầu khắc phục."))
    if finding.fixed_on is not None:
        raise ValidationError(_("Đã ghi khắc phục."))
    return update_audited(
        obj=finding,
        fields={"fixed_on": fixed_on},
        actor=actor,
        action="ocop.inspection.fix_recorded",
        reason=note,
    )
