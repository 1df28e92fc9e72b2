"""Standard periodic reports (files kept for download) and the scan-count roll-up."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel, actor_field

from .enums import Grouping, PeriodKind, ReportStatus


class Report(TimeStampedModel):
    """A provincial (or national) periodic OCOP report as .xlsx and PDF."""

    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    # Empty: the whole country (national staff only).
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    grouping = models.CharField(
        _("nhóm theo đơn vị"), max_length=10, choices=Grouping.choices, default=Grouping.CURRENT
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    scheduled = models.BooleanField(_("tạo theo lịch"), default=False)
    xlsx = models.FileField(_("tệp Excel"), upload_to="reports/", max_length=200, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="reports/", max_length=200, blank=True)
    generated_at = models.DateTimeField(_("tạo lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_by = actor_field()

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                name="reporting_report_period",
                condition=Q(period_end__gte=models.F("period_start")),
            ),
            # The schedule makes each report once, whatever how often it runs.
            models.UniqueConstraint(
                fields=["province", "period_kind", "period_start", "grouping"],
                condition=Q(scheduled=True, province__isnull=False),
                name="reporting_report_scheduled_once",
            ),
            models.UniqueConstraint(
                fields=["period_kind", "period_start", "grouping"],
                condition=Q(scheduled=True, province__isnull=True),
                name="reporting_report_scheduled_once_national",
            ),
        ]

    def __str__(self) -> str:
        where = self.province.name if self.province_id and self.province else _("Toàn quốc")
        return f"{where} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"


class ScanMonth(models.Model):
    """Scans per month and commune of the scanned product, rebuilt by ``refresh_scan_months``.

    The scan log grows by millions of rows; counting it live on every dashboard view would
    not stay fast, so the dashboard reads this roll-up and says when it was refreshed.
    """

    month = models.DateField()
    # Empty: scans of codes that matched no stamp (no product, hence no area).
    commune = models.ForeignKey(
        "geo.Commune", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    province = models.ForeignKey(
        "geo.Province", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scans = models.PositiveBigIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("lượt quét theo tháng")
        verbose_name_plural = _("lượt quét theo tháng")
        indexes = [models.Index(fields=["month"])]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "commune"],
                condition=Q(commune__isnull=False),
                name="reporting_scanmonth_unique",
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(commune__isnull=True),
                name="reporting_scanmonth_unique_unknown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.commune_id or '—'}: {self.scans}"
