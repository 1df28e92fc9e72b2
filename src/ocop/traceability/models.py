"""GS1 identifiers, trade items, lots and locations (Circular 02/2024/TT-BKHCN)."""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import AppendOnlyError, TimeStampedModel, actor_field, gps_range

from . import gs1
from .enums import Action, BizStep, EventType, ItemRole, LocationKind


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
        constraints = [gps_range("traceability_location_gps_range")]

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


# ---- EPCIS 2.0 events -----------------------------------------------------------------


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(_("Sự kiện truy xuất chỉ được ghi thêm, không sửa."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_("Sự kiện truy xuất chỉ được ghi thêm, không xoá."))


class Event(models.Model):
    """One EPCIS 2.0 event (sự kiện truy xuất): what, when, where, why, and who recorded it.

    ``document`` keeps the event's JSON-LD exactly as captured (plus ``recordTime``); the
    columns beside it are copies of the fields we filter by. Events are append-only: a
    correction is a new event (optionally with an EPCIS ``errorDeclaration``), never an
    update, so ``save`` refuses an existing row and every delete path raises.
    """

    event_id = models.CharField(_("mã sự kiện (eventID)"), max_length=255, unique=True)
    event_type = models.CharField(_("loại sự kiện"), max_length=30, choices=EventType.choices)
    action = models.CharField(_("hành động"), max_length=10, choices=Action.choices, blank=True)
    event_time = models.DateTimeField(_("thời điểm"), db_index=True)
    event_time_zone_offset = models.CharField(_("múi giờ"), max_length=6)
    record_time = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    # Full CBV URIs (``https://ref.gs1.org/cbv/BizStep-packing``) or private vocabulary.
    biz_step = models.CharField(_("công đoạn (bizStep)"), max_length=200, blank=True)
    disposition = models.CharField(_("tình trạng (disposition)"), max_length=200, blank=True)
    read_point = models.ForeignKey(
        Location,
        verbose_name=_("điểm ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    biz_location = models.ForeignKey(
        Location,
        verbose_name=_("địa điểm kinh doanh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    # Location URIs as written, kept even when they name no Location of ours.
    read_point_uri = models.CharField(max_length=300, blank=True)
    biz_location_uri = models.CharField(max_length=300, blank=True)
    parent_id = models.CharField(_("mã bao bì chứa (parentID)"), max_length=300, blank=True)
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trace_events",
    )
    recorded_by = actor_field()
    has_quality_data = models.BooleanField(_("có kết quả chất lượng"), default=False)
    document = models.JSONField(_("JSON-LD"))

    objects: ClassVar[EventQuerySet] = EventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("sự kiện truy xuất")
        verbose_name_plural = _("sự kiện truy xuất")
        ordering = ["-event_time", "-id"]
        indexes = [
            models.Index(fields=["biz_step", "event_time"], name="trace_event_step_time"),
            models.Index(fields=["producer", "event_time"], name="trace_event_producer_time"),
            models.Index(fields=["biz_location", "event_time"], name="trace_event_loc_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.biz_step_label} {self.event_time:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(_("Sự kiện truy xuất chỉ được ghi thêm, không sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_("Sự kiện truy xuất chỉ được ghi thêm, không xoá."))

    @property
    def biz_step_label(self) -> str:
        if self.biz_step in BizStep.values:
            return str(BizStep(self.biz_step).label)
        return self.biz_step.rsplit("-", 1)[-1]


class EventItem(models.Model):
    """One identifier an event names (the "what"), indexed by trade item and lot.

    ``uri`` is the EPC or EPC class as written (``https://id.gs1.org/01/…/10/…`` or an
    EPC URN); ``trade_item`` and ``lot`` are set when the identifier is one of ours.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="items")
    role = models.CharField(max_length=10, choices=ItemRole.choices)
    uri = models.CharField(max_length=300)
    is_class = models.BooleanField(default=False)
    trade_item = models.ForeignKey(
        TradeItem, null=True, blank=True, on_delete=models.PROTECT, related_name="event_items"
    )
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="event_items"
    )
    quantity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    uom = models.CharField(max_length=3, blank=True)

    class Meta:
        verbose_name = _("đối tượng của sự kiện")
        verbose_name_plural = _("đối tượng của sự kiện")
        indexes = [
            models.Index(fields=["lot", "role"], name="trace_item_lot_role"),
            models.Index(fields=["trade_item", "role"], name="trace_item_ti_role"),
        ]

    def __str__(self) -> str:
        return self.uri

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(_("Sự kiện truy xuất chỉ được ghi thêm, không sửa."))
        super().save(*args, **kwargs)
