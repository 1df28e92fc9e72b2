"""Post-recognition supervision (hậu kiểm, Art. 9): inspections, sample tests, findings."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field, gps_range

from .enums import AttachmentKind, InspectionKind, Measure, ReportKind, ReportStatus


class InspectionPlan(TimeStampedModel):
    """A periodic or ad-hoc inspection plan (Art. 9) over some products and producers."""

    number = models.CharField(_("số kế hoạch"), max_length=60)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    kind = models.CharField(_("loại kiểm tra"), max_length=10, choices=InspectionKind.choices)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    team = models.CharField(_("đoàn kiểm tra"), max_length=300, blank=True)
    products = models.ManyToManyField(
        "registry.Product", verbose_name=_("sản phẩm"), blank=True, related_name="+"
    )
    producers = models.ManyToManyField(
        "registry.Producer", verbose_name=_("chủ thể"), blank=True, related_name="+"
    )
    created_by = actor_field()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="supervision_plan_dates", condition=Q(ends_on__gte=models.F("starts_on"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Inspection(TimeStampedModel):
    certificate = models.ForeignKey(
        "certification.Certificate", on_delete=models.PROTECT, related_name="inspections"
    )
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("loại kiểm tra"), max_length=10, choices=InspectionKind.choices)
    inspected_on = models.DateField(_("ngày kiểm tra"))
    team = models.CharField(_("đoàn kiểm tra"), max_length=300, blank=True)
    # {item: {"ok": bool, "note": str}} for every item of ``enums.CHECKLIST``.
    checklist = models.JSONField(_("nội dung kiểm tra"), default=dict)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    inspector = actor_field()

    class Meta:
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        ordering = ["-inspected_on", "-id"]
        constraints = [gps_range("supervision_gps_range")]

    def __str__(self) -> str:
        return f"{self.certificate.product} — {self.inspected_on:%d/%m/%Y}"


class SampleTest(TimeStampedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="samples")
    sampled_on = models.DateField(_("ngày lấy mẫu"))
    lab = models.CharField(_("phòng thử nghiệm"), max_length=200)
    indicators = models.CharField(_("chỉ tiêu"), max_length=300)
    result = models.TextField(_("kết quả"))
    passed = models.BooleanField(_("đạt"))
    report = models.ForeignKey(
        "registry.EvidenceDocument",
        verbose_name=_("phiếu kết quả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-sampled_on", "-id"]

    def __str__(self) -> str:
        return f"{self.indicators}: {'đạt' if self.passed else 'không đạt'}"


class Finding(TimeStampedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("nội dung phát hiện"))
    measure = models.CharField(
        _("biện pháp đề xuất"), max_length=12, choices=Measure.choices, blank=True
    )
    ground = models.CharField(_("căn cứ thu hồi"), max_length=2, blank=True)
    fix_by = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    fixed_on = models.DateField(_("đã khắc phục ngày"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


def _attachment_path(instance: "InspectionAttachment", filename: str) -> str:
    return filename  # check_upload already chose a random name under supervision/


class InspectionAttachment(TimeStampedModel):
    """A photo or document taken during an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), upload_to=_attachment_path, max_length=200)
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = actor_field()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or self.original_name


class ProducerStop(TimeStampedModel):
    """A commune officer's confirmation that a producer stopped producing (Art. 8.1đ).

    It opens a revocation proposal for each of the producer's certificates in force, with
    the same 15-day deadline as an inspection's conclusion.
    """

    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.PROTECT, related_name="stop_confirmations"
    )
    stopped_on = models.DateField(_("ngừng sản xuất từ ngày"))
    confirmed_on = models.DateField(_("ngày xác nhận"))
    note = models.TextField(_("nội dung xác nhận"))
    confirmed_by = actor_field()

    class Meta:
        ordering = ["-confirmed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.producer} — {self.stopped_on:%d/%m/%Y}"


def _report_photo_path(instance: "PublicReport", filename: str) -> str:
    return filename


class PublicReport(TimeStampedModel):
    """A report from the public (expired logo, counterfeit, quality), triaged by officers.

    ``contact`` is personal data: shown only to officers of the area, never published.
    """

    kind = models.CharField(_("loại phản ánh"), max_length=20, choices=ReportKind.choices)
    product = models.ForeignKey(
        "registry.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certificate = models.ForeignKey(
        "certification.Certificate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.CharField(_("mã trên sản phẩm"), max_length=200, blank=True)
    province = models.ForeignKey(
        "geo.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("nơi thấy sản phẩm"), max_length=300, blank=True)
    message = models.TextField(_("nội dung"))
    photo = models.ImageField(
        _("ảnh"), upload_to=_report_photo_path, max_length=200, null=True, blank=True
    )
    contact = models.CharField(_("liên hệ (không bắt buộc)"), max_length=200, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    plan = models.ForeignKey(
        InspectionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    triage_note = models.TextField(_("ý kiến xử lý"), blank=True)
    triaged_by = actor_field()
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phản ánh của người dân")
        verbose_name_plural = _("phản ánh của người dân")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.created_at:%d/%m/%Y}"
