"""Forms of trade promotion. They validate input; ``ocop.promotion.domain`` writes."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for
from ocop.geo.models import Province
from ocop.promotion.enums import (
    SALES_POINT_CHECKLIST,
    Certification,
    InquiryStatus,
    ListingStatus,
    Platform,
    SalesPointKind,
    SalesPointStatus,
)
from ocop.promotion.models import Fair, Listing, SalesPoint
from ocop.registry.enums import ProductStatus
from ocop.registry.models import Producer, Product
from ocop.registry.queries import producers_for_user, products_for_user

from .forms import ALL, BlankChoiceMixin, CommuneChoiceField, DateInput, communes_in

MONTHS = [(m, _("Tháng %(m)d") % {"m": m}) for m in range(1, 13)]
SALES_POINT_FIELDS = [
    "name",
    "kind",
    "operator",
    "address_text",
    "commune",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "email",
]


def _products(user: Any) -> Any:
    return (
        products_for_user(user)
        .exclude(status=ProductStatus.STOPPED)
        .select_related("producer")
        .order_by("name", "id")
    )


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.producer.name}"


class ProductMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.producer.name}"


class SalesPointForm(BlankChoiceMixin, forms.ModelForm):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=SalesPointStatus.choices)
    checklist = forms.MultipleChoiceField(
        label=_("Tiêu chí điểm bán đã đạt"),
        choices=SALES_POINT_CHECKLIST,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = SalesPoint
        fields = SALES_POINT_FIELDS
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }
        help_texts = {
            "latitude": _("Ví dụ 20.253900 (độ thập phân, WGS 84)."),
            "longitude": _("Ví dụ 105.974500."),
            "phone": _("Số điện thoại của điểm bán (liên hệ công khai)."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"] = CommuneChoiceField(
            label=_("Xã, phường"), queryset=communes_in(scope_for(user), editable=True)
        )
        self.fields["kind"].choices = [("", "—"), *SalesPointKind.choices]  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["status"] = self.instance.status
            self.initial["checklist"] = [k for k, v in self.instance.checklist.items() if v]
        self.label_blank_choices()

    def point_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in SALES_POINT_FIELDS}
        values["checklist"] = {
            key: key in data["checklist"] for key, _label in SALES_POINT_CHECKLIST
        }
        return values


SELECT = forms.Select(attrs={"class": "form-select"})


class PointFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên, địa chỉ, đơn vị vận hành"), required=False)
    kind = forms.ChoiceField(
        label=_("Loại điểm"),
        choices=[("", ALL), *SalesPointKind.choices],
        required=False,
        widget=SELECT,
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", ALL), *SalesPointStatus.choices],
        required=False,
        widget=SELECT,
    )


class StockAddForm(forms.Form):
    product = ProductChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = _products(user)  # type: ignore[attr-defined]


class PaperConsentForm(forms.Form):
    note = forms.CharField(
        label=_("Văn bản đồng ý của chủ thể (số, ngày)"),
        max_length=300,
        help_text=_("Ví dụ: Công văn số 12/HTX ngày 01/11/2026."),
    )


class FairForm(forms.ModelForm):
    producers = forms.ModelMultipleChoiceField(
        label=_("Chủ thể tham gia"),
        queryset=Producer.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Giữ Ctrl (hoặc ⌘) để chọn nhiều. Chủ thể của sản phẩm được chọn tự được thêm."
        ),
    )
    products = ProductMultipleChoiceField(
        label=_("Sản phẩm tham gia"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = Fair
        fields = ["name", "starts_on", "ends_on", "place", "province", "organiser"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        provinces = Province.objects.order_by("name")
        if not scope.edit_national:
            provinces = provinces.filter(code__in=sorted(scope.edit_province_codes))
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["province"].empty_label = _("— Chọn —")  # type: ignore[attr-defined]
        self.fields["producers"].queryset = producers_for_user(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["products"].queryset = _products(user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["producers"] = list(self.instance.producers.values_list("pk", flat=True))
            self.initial["products"] = list(self.instance.products.values_list("pk", flat=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class FairResultsForm(forms.Form):
    contracts_count = forms.IntegerField(label=_("Số hợp đồng, biên bản ghi nhớ"), min_value=0)
    revenue_vnd = forms.IntegerField(
        label=_("Doanh thu báo cáo (đồng)"), min_value=0, required=False
    )
    results_note = forms.CharField(
        label=_("Kết quả khác"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ListingForm(BlankChoiceMixin, forms.ModelForm):
    class Meta:
        model = Listing
        fields = ["platform", "url", "price_min", "price_max"]
        widgets = {"url": forms.URLInput(attrs={"placeholder": "https://shopee.vn/…"})}
        help_texts = {"url": _("Liên kết tới trang sản phẩm (https:// hoặc http://).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [("", "—"), *Platform.choices]  # type: ignore[attr-defined]
        self.label_blank_choices()


class ListingFilterForm(forms.Form):
    q = forms.CharField(label=_("Sản phẩm, chủ thể, liên kết"), required=False)
    platform = forms.ChoiceField(
        label=_("Sàn"), choices=[("", ALL), *Platform.choices], required=False, widget=SELECT
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", ALL), *ListingStatus.choices],
        required=False,
        widget=SELECT,
    )


class SupplyForm(forms.Form):
    months = forms.TypedMultipleChoiceField(
        label=_("Các tháng có hàng"),
        choices=MONTHS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    monthly_volume = forms.DecimalField(
        label=_("Sản lượng mỗi tháng"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=30, required=False)
    minimum_order = forms.DecimalField(
        label=_("Đơn hàng tối thiểu"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    certifications = forms.MultipleChoiceField(
        label=_("Chứng nhận"),
        choices=Certification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    certifications_note = forms.CharField(
        label=_("Chứng nhận khác (ghi rõ)"), max_length=200, required=False
    )
    export_ready = forms.BooleanField(label=_("Sẵn sàng xuất khẩu"), required=False)
    export_markets = forms.CharField(
        label=_("Thị trường xuất khẩu"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if Certification.OTHER in data.get("certifications", []) and not data.get(
            "certifications_note"
        ):
            self.add_error("certifications_note", _("Ghi rõ chứng nhận khác."))
        return data


class InquiryFilterForm(forms.Form):
    q = forms.CharField(label=_("Sản phẩm, người mua"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", ALL), *InquiryStatus.choices], required=False
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Trả lời người mua"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class ContractForm(forms.Form):
    value_vnd = forms.IntegerField(label=_("Giá trị hợp đồng (đồng)"), min_value=1)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())

    def clean_signed_on(self) -> Any:
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("Ngày ký không được sau hôm nay."))
        return signed_on


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do đóng"), max_length=300)
