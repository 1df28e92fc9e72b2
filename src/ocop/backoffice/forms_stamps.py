"""Forms of the stamp pages; writes go through ``ocop.stamps.domain``."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ocop.registry.queries import products_for_user
from ocop.stamps.enums import BatchState, SheetFormat
from ocop.stamps.models import MAX_BATCH
from ocop.traceability.models import Lot, TradeItem

ALL = _("Tất cả")


def trade_items_for_user(user: Any) -> QuerySet[TradeItem]:
    return (
        TradeItem.objects.filter(product__in=products_for_user(user))
        .select_related("product")
        .order_by("product__name", "gtin")
    )


class TradeItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.gtin} — {obj.product.name} {obj.variant}".strip()


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.trade_item.gtin} / {obj.number}"


class BatchFilterForm(forms.Form):
    q = forms.CharField(label=_("GTIN hoặc tên sản phẩm"), required=False)
    state = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", ALL), *BatchState.choices], required=False
    )


class StampRequestForm(forms.Form):
    trade_item = TradeItemChoiceField(queryset=TradeItem.objects.none(), label=_("Mặt hàng (GTIN)"))
    lot = LotChoiceField(
        queryset=Lot.objects.none(),
        required=False,
        label=_("Lô hàng"),
        empty_label=_("(không gắn lô)"),
        help_text=_("Lô phải thuộc mặt hàng đã chọn; số lô được in trong mã QR."),
    )
    count = forms.IntegerField(label=_("Số tem"), min_value=1, max_value=MAX_BATCH)
    label_mm = forms.IntegerField(label=_("Cỡ nhãn (mm)"), min_value=20, max_value=100, initial=30)
    margin_mm = forms.IntegerField(label=_("Lề trang (mm)"), min_value=0, max_value=40, initial=10)
    columns = forms.IntegerField(label=_("Số cột"), min_value=1, max_value=10, initial=6)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = trade_items_for_user(user)
        self.fields["trade_item"].queryset = items  # type: ignore[attr-defined]
        self.fields["lot"].queryset = (  # type: ignore[attr-defined]
            Lot.objects.filter(trade_item__in=items)
            .select_related("trade_item")
            .order_by("trade_item__gtin", "number")
        )


class RangeForm(forms.Form):
    """Which stamps of a batch: a range of printed numbers or of serials, or its whole lot."""

    WHOLE_LOT = "lot"
    RANGE = "range"

    target = forms.ChoiceField(
        label=_("Áp dụng cho"),
        choices=[(RANGE, _("Khoảng tem trong đợt này")), (WHOLE_LOT, _("Mọi tem của lô hàng"))],
        initial=RANGE,
        widget=forms.RadioSelect,
    )
    position_from = forms.IntegerField(label=_("Từ tem số"), min_value=1, required=False)
    position_to = forms.IntegerField(label=_("Đến tem số"), min_value=1, required=False)
    serial_from = forms.CharField(label=_("Hoặc từ sê-ri"), max_length=30, required=False)
    serial_to = forms.CharField(label=_("Đến sê-ri"), max_length=30, required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, has_lot: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_lot:
            field = self.fields["target"]
            field.choices = field.choices[:1]  # type: ignore[attr-defined]

    def selection(self, *, batch: Any) -> dict[str, Any]:
        """Keyword arguments for ``activate_stamps`` / ``void_stamps``."""
        data = self.cleaned_data
        if data["target"] == self.WHOLE_LOT:
            return {"lot": batch.lot}
        return {
            "batch": batch,
            "position_from": data["position_from"],
            "position_to": data["position_to"],
            "serial_from": data["serial_from"] or None,
            "serial_to": data["serial_to"] or None,
        }


class VoidForm(RangeForm):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=200)


class SheetForm(forms.Form):
    format = forms.ChoiceField(label=_("Định dạng"), choices=SheetFormat.choices, initial="pdf")
    position_from = forms.IntegerField(label=_("Từ tem số"), min_value=1, initial=1)
    position_to = forms.IntegerField(label=_("Đến tem số"), min_value=1, required=False)
