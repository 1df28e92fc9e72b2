"""Demo supervision: a periodic plan, an inspection with an open warning, and public reports
waiting for triage (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.certification.queries import active
from ocop.geo.models import Province
from ocop.supervision import domain
from ocop.supervision.enums import CHECKLIST, InspectionKind, Measure, ReportKind
from ocop.supervision.models import InspectionPlan


def load_demo_supervision() -> int:
    if InspectionPlan.objects.filter(number="DEMO-01/KH-SNNMT").exists():
        return InspectionPlan.objects.count()
    today = timezone.localdate()
    in_force = list(
        active(Certificate.objects.filter(product__commune__province_id="37"), today=today)
        .filter(expires_on__gte=today)
        .select_related("product", "producer")
        .order_by("id")[:3]
    )
    if not in_force:
        return 0
    plan = domain.create_inspection_plan(
        actor=None,
        number="DEMO-01/KH-SNNMT",
        title="Kiểm tra định kỳ sản phẩm OCOP năm " + str(today.year),
        kind=InspectionKind.PERIODIC,
        province=Province.objects.get(code="37"),
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=50),
        team="Sở Nông nghiệp và Môi trường, Chi cục QLCL",
        products=[c.product for c in in_force],
    )
    first = in_force[0]
    inspection = domain.record_inspection(
        actor=None,
        certificate=first,
        plan=plan,
        kind=InspectionKind.PERIODIC,
        inspected_on=today - timedelta(days=5),
        checklist={
            key: {"ok": key != "labels", "note": "Nhãn chưa ghi hạn sử dụng" * (key == "labels")}
            for key, _label in CHECKLIST
        },
        team=plan.team,
        conclusion="Cơ bản duy trì như hồ sơ; yêu cầu bổ sung nhãn.",
    )
    domain.record_finding(
        actor=None,
        inspection=inspection,
        text="Nhãn chưa ghi hạn sử dụng theo Nghị định 43/2017/NĐ-CP",
        measure=Measure.WARNING,
        fix_by=today + timedelta(days=25),
    )
    domain.submit_public_report(
        kind=ReportKind.EXPIRED_LOGO,
        message="Cửa hàng vẫn bày sản phẩm in biểu trưng OCOP 4 sao nhưng tra cứu báo hết hạn.",
        certificate=first,
        place="Chợ Rồng, phường Hoa Lư",
    )
    domain.submit_public_report(
        kind=ReportKind.COUNTERFEIT,
        message="Tem QR quét ra trang không phải của OCOP.",
        code="https://ocop-gia.example/01/08930000000001",
        place="Trang bán hàng trên mạng xã hội",
    )
    return InspectionPlan.objects.count()
