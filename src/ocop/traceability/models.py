"""GS1 identifiers, trade items, lots and locations (Circular 02/2024/TT-BKHCN)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel

from . import gs1
from .enums import LocationKind


def validate_gtin14(value: str) -> None:
    if not (len(value) == 14 and gs1.is_valid_gtin(value)):
        raise ValidationError(
            _("GTIN không hợp lệ (sai độ dài hoặc số kiểm tra)."), code="bad_gtin"
        )


def validate_ai_value(value: str) -> None:
    if not gs1.is_valid_ai_value(value):
        raise ValidationError(
            _("Chỉ dùng chữ không dấu, chữ số và - . _ (tối đa 20 ký tự)."), code="bad_ai_value"
        )


class CompanyPrefix(TimeStampedModel):
    """A producer's GS1 company prefix (GS1 Vietnam issues 893…)."""

    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.CASCADE, related_name="gs1_prefixes"
    )
    prefix = models.CharField(_("mã doanh nghiệp GS1"), max_length=12, unique=True)

    class Meta:
        verbose_name = _("mã doanh nghiệp GS1")
        verbose_name_plural = _("mã doanh nghiệp GS1")
        constraints = [
            models.CheckConstraint(
                name="traceability_prefix_digits", condition=Q(prefix__regex=r"^\d{6,12}$")
            )
        ]

    def __str__(self) -> str:
        return self.prefix


class TradeItem(TimeStampedModel):
    """A product variant with its own GTIN (size, packaging); stored as GTIN-14."""

    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="trade_items"
    )
    gtin = models.CharField(_("GTIN-14"), max_length=14, unique=True, validators=[validate_gtin14])
    variant = models.CharField(_("quy cách"), max_length=200, blank=True)
    net_content = models.CharField(_("khối lượng / thể tích tịnh"), max_length=50, blank=True)
    shelf_life = models.CharField(_("hạn sử dụng"), max_length=100, blank=True)
    standards = models.CharField(_("tiêu chuẩn áp dụng"), max_length=300, blank=True)
    trademark = models.CharField(_("nhãn hiệu"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mặt hàng (GTIN)")
        verbose_name_plural = _("mặt hàng (GTIN)")
        ordering = ["product_id", "gtin"]

    def __str__(self) -> str:
        return f"{self.gtin} {self.variant}".strip()


class Location(TimeStampedModel):
    """A place in the chain: a GLN, or a local location code per TCVN 13274:2020."""

    producer = models.ForeignKey(
        "registry.Producer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="locations",
    )
    code = models.CharField(_("mã địa điểm (GLN hoặc mã nội bộ)"), max_length=40, unique=True)
    is_gln = models.BooleanField(_("là GLN"), default=False)
    kind = models.CharField(_("loại"), max_length=20, choices=LocationKind.choices)
    name = models.CharField(_("tên địa điểm"), max_length=255)
    address_text = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    commune = models.ForeignKey(
        "geo.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("địa điểm")
        verbose_name_plural = _("địa điểm")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="traceability_location_gps_range",
                condition=(Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90))
                & (Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180)),
            )
        ]

    def clean(self) -> None:
        if self.is_gln and not (len(self.code) == 13 and gs1.is_valid_gtin(self.code)):
            raise ValidationError({"code": _("GLN phải gồm 13 chữ số với số kiểm tra đúng.")})

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Lot(TimeStampedModel):
    """A batch (lô) of one trade item: AI (10) in the Digital Link URI."""

    trade_item = models.ForeignKey(TradeItem, on_delete=models.PROTECT, related_name="lots")
    number = models.CharField(_("số lô"), max_length=20, validators=[validate_ai_value])
    produced_on = models.DateField(_("ngày sản xuất"), null=True, blank=True)
    expires_on = models.DateField(_("hạn sử dụng"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("số lượng"), default=0)
    raw_material_origin = models.CharField(_("nguồn gốc nguyên liệu"), max_length=500, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("nơi sản xuất"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lots",
    )

    class Meta:
        verbose_name = _("lô hàng")
        verbose_name_plural = _("lô hàng")
        ordering = ["-produced_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trade_item", "number"], name="traceability_lot_unique"
            ),
            models.CheckConstraint(
                name="traceability_lot_dates",
                condition=Q(expires_on__isnull=True)
                | Q(produced_on__isnull=True)
                | Q(expires_on__gte=models.F("produced_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trade_item.gtin} / {self.number}"
