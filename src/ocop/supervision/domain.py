"""Writes of supervision: record an inspection, its sample tests and findings."""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.enums import Role
from ocop.accounts.scope import scope_for
from ocop.certification.enums import RevocationGround
from ocop.core.audit import log_action
from ocop.core.domain import create_audited, create_audited_with_file, update_audited
from ocop.core.uploads import DOCUMENT_KINDS, IMAGE_KINDS, check_upload
from ocop.registry.domain import set_producer_status
from ocop.registry.enums import ProducerStatus

from .enums import CHECKLIST, AttachmentKind, InspectionKind, Measure, ReportKind, ReportStatus
from .models import (
    Finding,
    Inspection,
    InspectionAttachment,
    InspectionPlan,
    ProducerStop,
    PublicReport,
    SampleTest,
)

SUPERVISORS = frozenset({Role.INSPECTOR, Role.PROVINCE_OFFICER, Role.MAE_OFFICER, Role.SYSADMIN})


def may_inspect(actor: Any, certificate: Any) -> bool:
    """Inspectors and OCOP officers of the product's province (or national)."""
    return may_supervise_in(actor, province_code=certificate.product.commune.province_id)


def may_supervise_in(actor: Any, *, province_code: str) -> bool:
    """Plan, inspect and triage reports in a province: its inspectors and OCOP officers."""
    scope = scope_for(actor)
    in_area = scope.national or province_code in scope.province_codes
    return in_area and (bool(SUPERVISORS & set(scope.roles)) or actor.is_superuser)


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
    plan: InspectionPlan | None = None,
) -> Inspection:
    _require(actor, certificate)
    if plan is not None and not plan_covers(plan=plan, product=certificate.product):
        raise ValidationError(_("Sản phẩm này không thuộc phạm vi kế hoạch kiểm tra đã chọn."))
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
        plan=plan,
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


def plan_covers(*, plan: InspectionPlan, product: Any) -> bool:
    """Whether ``product`` is in the plan: listed itself, or made by a listed producer."""
    return (
        plan.products.filter(pk=product.pk).exists()
        or plan.producers.filter(pk=product.producer_id).exists()
    )


@transaction.atomic
def create_inspection_plan(
    *,
    actor: Any,
    number: str,
    title: str,
    kind: InspectionKind,
    province: Any,
    starts_on: date,
    ends_on: date,
    team: str = "",
    products: list[Any] | None = None,
    producers: list[Any] | None = None,
) -> InspectionPlan:
    """A plan over products and/or producers of one province."""
    if actor is not None and not may_supervise_in(actor, province_code=province.code):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm tra tại tỉnh này."))
    products = list(products or [])
    producers = list(producers or [])
    if not products and not producers:
        raise ValidationError(_("Kế hoạch cần ít nhất một sản phẩm hoặc một chủ thể."))
    outside = [p for p in products if p.commune.province_id != province.code] + [
        p for p in producers if p.commune.province_id != province.code
    ]
    if outside:
        raise ValidationError(
            _("Ngoài tỉnh của kế hoạch: %(names)s.") % {"names": ", ".join(map(str, outside))}
        )
    plan = create_audited(
        obj=InspectionPlan(
            number=number.strip(),
            title=title.strip(),
            kind=kind,
            province=province,
            starts_on=starts_on,
            ends_on=ends_on,
            team=team,
            created_by=actor,
        ),
        actor=actor,
        action="ocop.inspection_plan.created",
        data={"products": [p.pk for p in products], "producers": [p.pk for p in producers]},
    )
    plan.products.set(products)
    plan.producers.set(producers)
    return plan


@transaction.atomic
def add_attachment(
    *, actor: Any, inspection: Inspection, upload: UploadedFile, caption: str = ""
) -> InspectionAttachment:
    """A photo (JPEG/PNG/WebP) or document (PDF, Word, Excel) of an inspection."""
    _require(actor, inspection.certificate)
    checked = check_upload(upload, allowed=IMAGE_KINDS | DOCUMENT_KINDS, prefix="supervision")
    attachment = InspectionAttachment(
        inspection=inspection,
        kind=AttachmentKind.PHOTO if checked.kind in IMAGE_KINDS else AttachmentKind.DOCUMENT,
        caption=caption,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    return create_audited_with_file(
        obj=attachment,
        field="file",
        upload=upload,
        stored_name=checked.stored_name,
        actor=actor,
        action="ocop.inspection.attachment_added",
    )


def may_confirm_stop(actor: Any, producer: Any) -> bool:
    """The commune officer of the producer's commune (or a provincial/national officer)."""
    scope = scope_for(actor)
    commune = producer.commune
    roles = set(scope.roles)
    if scope.national and (roles & {Role.MAE_OFFICER, Role.SYSADMIN} or actor.is_superuser):
        return True
    if Role.PROVINCE_OFFICER in roles and commune.province_id in scope.province_codes:
        return True
    return Role.COMMUNE_OFFICER in roles and commune.code in scope.commune_codes


@transaction.atomic
def confirm_producer_stopped(
    *, actor: Any, producer: Any, stopped_on: date, note: str, today: date | None = None
) -> ProducerStop:
    """Ground đ) of Art. 8.1 comes from the commune's confirmation, not an inspection."""
    today = today or timezone.localdate()
    if not may_confirm_stop(actor, producer):
        raise PermissionDenied(
            _("Chỉ cán bộ xã nơi chủ thể sản xuất được xác nhận ngừng sản xuất.")
        )
    if not note.strip():
        raise ValidationError({"note": _("Cần ghi nội dung xác nhận.")})
    if stopped_on > today:
        raise ValidationError({"stopped_on": _("Ngày ngừng sản xuất không được sau hôm nay.")})
    if producer.stop_confirmations.exists():
        raise ValidationError(_("Việc ngừng sản xuất của chủ thể này đã được xác nhận."))
    stop = create_audited(
        obj=ProducerStop(
            producer=producer,
            stopped_on=stopped_on,
            confirmed_on=today,
            note=note,
            confirmed_by=actor,
        ),
        actor=actor,
        action="ocop.producer.stop_confirmed",
    )
    if producer.status != ProducerStatus.STOPPED:
        set_producer_status(
            actor=actor,
            producer=producer,
            status=ProducerStatus.STOPPED,
            reason=_("Xác nhận ngừng sản xuất của xã: %(note)s") % {"note": note},
        )
    return stop


def stop_revocation_due(stop: ProducerStop) -> date:
    return stop.confirmed_on + timedelta(days=REVOCATION_DAYS)


REPORT_PHOTO_BYTES = 5 * 1024 * 1024


@transaction.atomic
def submit_public_report(
    *,
    kind: ReportKind,
    message: str,
    code: str = "",
    product: Any = None,
    certificate: Any = None,
    place: str = "",
    photo: UploadedFile | None = None,
    contact: str = "",
) -> PublicReport:
    """Anyone may report; the report goes to the product's province (rate-limited by the view)."""
    if not message.strip():
        raise ValidationError({"message": _("Cần mô tả điều bạn thấy.")})
    if certificate is not None and product is None:
        product = certificate.product
    report = PublicReport(
        kind=kind,
        message=message.strip(),
        code=code.strip()[:200],
        product=product,
        certificate=certificate,
        province_id=product.commune.province_id if product is not None else None,
        place=place.strip(),
        contact=contact.strip(),
    )
    # The contact is personal data: the audit log masks it and records only that one was given.
    action, data = "ocop.public_report.submitted", {"replied_to": bool(report.contact)}
    if photo is None:
        return create_audited(obj=report, actor=None, action=action, data=data)
    checked = check_upload(
        photo, allowed=IMAGE_KINDS, max_bytes=REPORT_PHOTO_BYTES, prefix="reports"
    )
    return create_audited_with_file(
        obj=report,
        field="photo",
        upload=photo,
        stored_name=checked.stored_name,
        actor=None,
        action=action,
        data=data,
    )


def _require_triage(actor: Any, report: PublicReport) -> None:
    if report.status != ReportStatus.NEW:
        raise ValidationError(_("Phản ánh này đã được xử lý."))
    # A report whose product is unknown (a forged code) goes to national supervisors.
    if not may_supervise_in(actor, province_code=report.province_id or ""):
        raise PermissionDenied(_("Bạn không có quyền xử lý phản ánh này."))


@transaction.atomic
def plan_report(*, actor: Any, report: PublicReport, plan: InspectionPlan, note: str = "") -> None:
    """Triage a report into an inspection plan (its product is added to the plan)."""
    _require_triage(actor, report)
    if report.province_id and plan.province_id != report.province_id:
        raise ValidationError(_("Kế hoạch kiểm tra phải thuộc tỉnh của sản phẩm bị phản ánh."))
    if report.product is not None:
        plan.products.add(report.product)
    update_audited(
        obj=report,
        fields={
            "status": ReportStatus.PLANNED,
            "plan": plan,
            "triage_note": note,
            "triaged_by": actor,
            "triaged_at": timezone.now(),
        },
        actor=actor,
        action="ocop.public_report.planned",
        reason=note,
    )
    log_action(
        action="ocop.inspection_plan.report_added",
        obj=plan,
        actor=actor,
        data={"report": report.pk},
    )


@transaction.atomic
def dismiss_report(*, actor: Any, report: PublicReport, note: str) -> None:
    _require_triage(actor, report)
    if not note.strip():
        raise ValidationError({"note": _("Cần ghi lý do không xử lý.")})
    update_audited(
        obj=report,
        fields={
            "status": ReportStatus.DISMISSED,
            "triage_note": note,
            "triaged_by": actor,
            "triaged_at": timezone.now(),
        },
        actor=actor,
        action="ocop.public_report.dismissed",
        reason=note,
    )
