"""Post-recognition supervision (hậu kiểm, Art. 9): inspections, sample tests, findings."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field

from .enums import InspectionKind, Measure


class Inspection(TimeStampedModel):
    certificate = models.ForeignKey(
        "certification.Certificate", on_delete=models.PROTECT, related_name="inspections"
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
        constraints = [
            models.CheckConstraint(
                name="supervision_gps_range",
                condition=(Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90))
                & (Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180)),
            )
        ]

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
