"""Serialised QR stamps (tem truy xuất), their issuance batches, print sheets and scans.

Stamps and scans are the two largest tables (millions of rows), so their rows carry only
what the resolver and the counterfeit checks read: no timestamps per stamp (the batch has
them), FK indexes only where a query uses them. See ``docs/stamps.md`` and ADR 0003.
"""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.models import AppendOnlyError, TimeStampedModel, actor_field, gps_range

from .enums import BatchState, ScanOutcome, ScanSource, SheetFormat, StampStatus, UAClass

MAX_BATCH = 1_000_000
# A4 portrait: the print settings must fit the page.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297


class StampBatch(TimeStampedModel):
    """One request for ``requested_count`` stamps of a trade item (and optionally a lot).

    Issued by a background task (``issue_batch``); ``issued_count`` is its progress.
    """

    trade_item = models.ForeignKey(
        "traceability.TradeItem",
        verbose_name=_("mặt hàng"),
        on_delete=models.PROTECT,
        related_name="stamp_batches",
    )
    lot = models.ForeignKey(
        "traceability.Lot",
        verbose_name=_("lô hàng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stamp_batches",
    )
    requested_count = models.PositiveIntegerField(_("số tem yêu cầu"))
    issued_count = models.PositiveIntegerField(_("số tem đã phát hành"), default=0)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=BatchState.choices, default=BatchState.PENDING
    )
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = actor_field()
    finished_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)
    # Print settings (A4 portrait): one square cell per stamp, the QR code above its
    # human-readable serial.
    label_mm = models.PositiveSmallIntegerField(_("cỡ nhãn (mm)"), default=30)
    margin_mm = models.PositiveSmallIntegerField(_("lề trang (mm)"), default=10)
    columns = models.PositiveSmallIntegerField(_("số cột"), default=6)

    class Meta:
        verbose_name = _("đợt phát hành tem")
        verbose_name_plural = _("đợt phát hành tem")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="stamps_batch_count_range",
                condition=Q(requested_count__gte=1, requested_count__lte=MAX_BATCH),
            ),
            models.CheckConstraint(
                name="stamps_batch_issued_le_requested",
                condition=Q(issued_count__lte=F("requested_count")),
            ),
            models.CheckConstraint(
                name="stamps_batch_print_sane",
                condition=Q(label_mm__gte=10, columns__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.trade_item_id} × {self.requested_count}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.lot is not None and self.lot.trade_item_id != self.trade_item_id:
            errors["lot"] = _("Lô hàng không thuộc mặt hàng đã chọn.")
        if self.requested_count is not None and not 1 <= self.requested_count <= MAX_BATCH:
            errors["requested_count"] = _("Số tem phải từ 1 đến 1.000.000.")
        if self.label_mm is not None and not 20 <= self.label_mm <= 100:
            errors["label_mm"] = _("Cỡ nhãn từ 20 đến 100 mm (mã QR phải đủ lớn để quét).")
        elif self.label_mm and self.columns:
            if self.columns * self.label_mm + 2 * self.margin_mm > PAGE_WIDTH_MM:
                errors["columns"] = _("Số cột × cỡ nhãn + 2 lề vượt quá chiều ngang A4 (210 mm).")
            if self.label_mm + 2 * self.margin_mm > PAGE_HEIGHT_MM:
                errors["label_mm"] = _("Nhãn không vừa trang A4.")
        if errors:
            raise ValidationError(errors)

    @property
    def percent(self) -> int:
        if self.state == BatchState.DONE:
            return 100
        return min(100, 100 * self.issued_count // self.requested_count)

    @property
    def is_finished(self) -> bool:
        return self.state in {BatchState.DONE, BatchState.FAILED}


class Stamp(models.Model):
    """One printed stamp (tem): a random signed serial, AI (21) of the Digital Link URI.

    ``position`` is its place in issuance order within the batch, from 1 (printed as "số 1"
    on the sheet), so a range of a roll or sheet ("từ tem số 101 đến 200") is a range
    of positions.
    """

    # The (batch, position) unique index serves every batch lookup; no separate FK index.
    batch = models.ForeignKey(
        StampBatch, on_delete=models.PROTECT, related_name="stamps", db_index=False
    )
    # Denormalised from the batch so that the resolver reads one row; never queried by
    # itself, so no index (a million-row index for a rare PROTECT check is not worth it).
    trade_item = models.ForeignKey(
        "traceability.TradeItem", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    lot = models.ForeignKey(
        "traceability.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="stamps"
    )
    position = models.PositiveIntegerField(_("số thứ tự trong đợt"))
    serial = models.CharField(_("số sê-ri"), max_length=20, unique=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=StampStatus.choices, default=StampStatus.ISSUED
    )
    activated_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    voided_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    void_reason = models.CharField(_("lý do hủy"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tem")
        verbose_name_plural = _("tem")
        ordering = ["batch_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="stamps_stamp_position"),
            models.CheckConstraint(
                name="stamps_stamp_status_dates",
                condition=(
                    Q(status=StampStatus.ISSUED, activated_at__isnull=True, voided_at__isnull=True)
                    | Q(status=StampStatus.ACTIVATED, activated_at__isnull=False)
                    | Q(status=StampStatus.VOIDED, voided_at__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_genuine(self) -> bool:
        """Only an activated stamp shows as genuine to a shopper."""
        return self.status == StampStatus.ACTIVATED


class StampSheet(TimeStampedModel):
    """A print file (SVG or PDF) of a range of a batch, rendered by a background task."""

    batch = models.ForeignKey(StampBatch, on_delete=models.CASCADE, related_name="sheets")
    format = models.CharField(_("định dạng"), max_length=3, choices=SheetFormat.choices)
    position_from = models.PositiveIntegerField(_("từ tem số"), default=1)
    position_to = models.PositiveIntegerField(_("đến tem số"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=BatchState.choices, default=BatchState.PENDING
    )
    pages_total = models.PositiveIntegerField(_("số trang"), default=0)
    pages_done = models.PositiveIntegerField(_("số trang đã tạo"), default=0)
    file = models.FileField(upload_to="stamps/sheets/", max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = actor_field()
    finished_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp in tem")
        verbose_name_plural = _("tệp in tem")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="stamps_sheet_range", condition=Q(position_to__gte=F("position_from"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.format} {self.position_from}–{self.position_to}"

    @property
    def is_finished(self) -> bool:
        return self.state in {BatchState.DONE, BatchState.FAILED}

    @property
    def percent(self) -> int:
        if self.state == BatchState.DONE:
            return 100
        if not self.pages_total:
            return 0
        return min(100, 100 * self.pages_done // self.pages_total)


class ScanQuerySet(models.QuerySet["Scan"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The scan log is append-only.")


class Scan(models.Model):
    """One scan of a QR code (nhật ký quét), append-only; no personal data.

    Unknown serials are logged too (``stamp`` is null). The position is rounded to
    0.01° (about 1 km) before it is stored, and nothing is derived from the IP address.
    """

    stamp = models.ForeignKey(
        Stamp, null=True, blank=True, on_delete=models.PROTECT, related_name="scans", db_index=False
    )
    # The identifiers as scanned (possibly malformed), truncated to the field size.
    gtin = models.CharField(_("GTIN quét được"), max_length=20, blank=True)
    lot = models.CharField(_("số lô quét được"), max_length=20, blank=True)
    serial = models.CharField(_("sê-ri quét được"), max_length=20, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=ScanOutcome.choices)
    scanned_at = models.DateTimeField(_("quét lúc"), default=timezone.now, db_index=True)
    latitude = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    longitude = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    ua_class = models.CharField(
        _("loại thiết bị"), max_length=10, choices=UAClass.choices, default=UAClass.OTHER
    )
    # Counting scans counts "page" and "edge" rows; a "location" row only adds where the
    # shopper was (opt-in), for the counterfeit checks.
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ScanSource.choices, default=ScanSource.PAGE
    )

    objects: ClassVar[ScanQuerySet] = ScanQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("lượt quét")
        verbose_name_plural = _("nhật ký quét")
        ordering = ["-scanned_at", "-id"]
        indexes = [
            # Counterfeit checks: the scans of one stamp in time order (with where).
            models.Index(fields=["stamp", "scanned_at"], name="stamps_scan_stamp_time"),
        ]
        constraints = [gps_range("stamps_scan_gps_range")]

    def __str__(self) -> str:
        return f"{self.scanned_at:%Y-%m-%d %H:%M} {self.serial} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The scan log is append-only.")
        super().save(*args, **kwargs)
