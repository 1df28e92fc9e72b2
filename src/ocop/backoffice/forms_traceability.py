"""Forms of the traceability back office. They validate input; the domain functions write."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for
from ocop.registry.models import Producer
from ocop.registry.queries import producers_for_user, products_for_user
from ocop.traceability import gs1
from ocop.traceability.enums import Action, BizStep, Disposition, LocationKind
from ocop.traceability.models import CompanyPrefix, Location, Lot, TradeItem
from ocop.traceability.queries import locations_for_user, lots_for_user, trade_items_for_user

from .forms import ALL, CHOOSE, DateInput

UNITS = [("", "—"), ("KGM", _("kg")), ("GRM", _("g")), ("LTR", _("lít")), ("H87", _("chiếc"))]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def editable_producers(user: Any) -> QuerySet[Producer]:
    """Producers whose traceability data ``user`` may write: their own, or in their area."""
    scope = scope_for(user)
    qs = producers_for_user(user).order_by("name", "id")
    if scope.edit_national:
        return qs
    return qs.filter(Q(pk__in=sorted(scope.producer_ids)) | scope.edit_commune_q("commune"))


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} — {obj.trade_item.product.name} ({obj.trade_item.gtin})"


class TradeItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.gtin} — {obj.product.name} {obj.variant}".strip()


def _lots(user: Any) -> QuerySet[Lot]:
    return lots_for_user(user).select_related("trade_item__product").order_by("-id")


def _trade_items(user: Any) -> QuerySet[TradeItem]:
    return trade_items_for_user(user).select_related("product").order_by("gtin")


class CompanyPrefixForm(forms.ModelForm):
    producer = forms.ModelChoiceField(
        queryset=Producer.objects.none(), label=_("Chủ thể"), empty_label=CHOOSE
    )

    class Meta:
        model = CompanyPrefix
        fields = ["producer", "prefix"]
        help_texts = {"prefix": _("Do GS1 Việt Nam cấp, bắt đầu bằng 893; 6–12 chữ số.")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = editable_producers(user)  # type: ignore[attr-defined]


class TradeItemForm(forms.ModelForm):
    gtin = forms.CharField(
        label=_("GTIN"),
        max_length=14,
        help_text=_("GTIN-8, 12, 13 hoặc 14 chữ số; được lưu thành GTIN-14."),
    )

    class Meta:
        model = TradeItem
        fields = ["product", "gtin", "variant", "net_content", "shelf_life", "standards"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        products = products_for_user(user).filter(producer__in=editable_producers(user))
        field = self.fields["product"]
        field.queryset = products.order_by("name", "id")  # type: ignore[attr-defined]
        field.empty_label = CHOOSE  # type: ignore[attr-defined]

    def clean_gtin(self) -> str:
        try:
            return gs1.normalize_gtin(self.cleaned_data["gtin"])
        except gs1.GS1Error as exc:
            raise forms.ValidationError(
                _("GTIN không hợp lệ (sai độ dài hoặc số kiểm tra)."), code=exc.code
            ) from exc


class LotForm(forms.ModelForm):
    trade_item = TradeItemChoiceField(
        queryset=TradeItem.objects.none(), label=_("Mặt hàng (GTIN)"), empty_label=CHOOSE
    )

    class Meta:
        model = Lot
        fields = [
            "trade_item",
            "number",
            "produced_on",
            "expires_on",
            "quantity",
            "raw_material_origin",
            "location",
        ]
        widgets = {"produced_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editable = editable_producers(user)
        self.fields["trade_item"].queryset = _trade_items(user).filter(  # type: ignore[attr-defined]
            product__producer__in=editable
        )
        location = self.fields["location"]
        location.queryset = locations_for_user(user).filter(producer__in=editable)  # type: ignore[attr-defined]
        location.empty_label = CHOOSE  # type: ignore[attr-defined]


class LocationForm(forms.ModelForm):
    producer = forms.ModelChoiceField(
        queryset=Producer.objects.none(), label=_("Chủ thể"), empty_label=CHOOSE
    )

    class Meta:
        model = Location
        fields = ["producer", "code", "is_gln", "kind", "name", "address_text"]
        fields += ["latitude", "longitude"]
        labels = {"latitude": _("Vĩ độ"), "longitude": _("Kinh độ")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = editable_producers(user)  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", CHOOSE), *LocationKind.choices]  # type: ignore[attr-defined]


class LotFilterForm(forms.Form):
    trade_item = TradeItemChoiceField(
        queryset=TradeItem.objects.none(), label=_("Mặt hàng"), required=False, empty_label=ALL
    )
    q = forms.CharField(label=_("Số lô"), required=False, max_length=20)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trade_item"].queryset = _trade_items(user)  # type: ignore[attr-defined]


class EventFilterForm(forms.Form):
    lot = LotChoiceField(
        queryset=Lot.objects.none(), label=_("Lô hàng"), required=False, empty_label=ALL
    )
    trade_item = TradeItemChoiceField(
        queryset=TradeItem.objects.none(), label=_("Mặt hàng"), required=False, empty_label=ALL
    )
    biz_step = forms.ChoiceField(
        label=_("Công đoạn"), choices=[("", ALL), *BizStep.choices], required=False
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = _lots(user)  # type: ignore[attr-defined]
        self.fields["trade_item"].queryset = _trade_items(user)  # type: ignore[attr-defined]


class ObjectEventForm(forms.Form):
    producer = forms.ModelChoiceField(
        queryset=Producer.objects.none(), label=_("Chủ thể ghi nhận"), empty_label=CHOOSE
    )
    biz_step = forms.ChoiceField(label=_("Công đoạn"), choices=[("", CHOOSE), *BizStep.choices])
    disposition = forms.ChoiceField(
        label=_("Tình trạng sau công đoạn"),
        choices=[("", "—"), *Disposition.choices],
        required=False,
    )
    action = forms.ChoiceField(label=_("Hành động"), choices=Action.choices, initial=Action.OBSERVE)
    lot = LotChoiceField(queryset=Lot.objects.none(), label=_("Lô hàng"), empty_label=CHOOSE)
    quantity = forms.DecimalField(
        label=_("Số lượng"), required=False, min_value=0, max_digits=14, decimal_places=3
    )
    uom = forms.ChoiceField(label=_("Đơn vị"), choices=UNITS, required=False)
    event_time = forms.DateTimeField(label=_("Thời điểm"), widget=DateTimeInput())
    read_point = forms.ModelChoiceField(
        queryset=Location.objects.none(), label=_("Điểm ghi nhận"), required=False
    )
    biz_location = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        label=_("Địa điểm (hàng ở đâu sau sự kiện)"),
        required=False,
    )
    lab_indicator = forms.CharField(
        label=_("Chỉ tiêu kiểm nghiệm (nếu có)"), required=False, max_length=200
    )
    lab_value = forms.DecimalField(
        label=_("Kết quả"), required=False, max_digits=14, decimal_places=4
    )
    lab_uom = forms.CharField(
        label=_("Đơn vị (mã UN/ECE, ví dụ P1 là phần trăm)"), required=False, max_length=3
    )
    lab_name = forms.CharField(label=_("Phòng thử nghiệm"), required=False, max_length=200)
    lab_passed = forms.ChoiceField(
        label=_("Đánh giá"),
        choices=[("", "—"), ("yes", _("Đạt")), ("no", _("Không đạt"))],
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editable = editable_producers(user)
        self.fields["producer"].queryset = editable  # type: ignore[attr-defined]
        self.fields["lot"].queryset = _lots(user).filter(  # type: ignore[attr-defined]
            trade_item__product__producer__in=editable
        )
        locations = locations_for_user(user).order_by("name")
        self.fields["read_point"].queryset = locations  # type: ignore[attr-defined]
        self.fields["biz_location"].queryset = locations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lot, producer = data.get("lot"), data.get("producer")
        if lot and producer and lot.trade_item.product.producer_id != producer.pk:
            self.add_error("lot", _("Lô hàng này không thuộc chủ thể đã chọn."))
        if data.get("lab_indicator") and data.get("lab_value") is None:
            self.add_error("lab_value", _("Cần ghi kết quả của chỉ tiêu."))
        if data.get("lab_uom") and not data["lab_uom"].isalnum():
            self.add_error("lab_uom", _("Mã đơn vị gồm 2–3 chữ in hoa hoặc chữ số."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp EPCIS 2.0 (JSON-LD)"),
        help_text=_("Một EPCISDocument dạng JSON, tối đa 5 MB."),
    )
    producer = forms.ModelChoiceField(
        queryset=Producer.objects.none(), label=_("Chủ thể ghi nhận"), empty_label=CHOOSE
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = editable_producers(user)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."), code="too_large")
        return upload
