"""Forms of the OCOP cycle. They validate input; ``ocop.cycle.domain`` writes."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for
from ocop.criteria.models import ProductSet
from ocop.cycle.enums import FundingSource, IdeaStatus, PlanStatus, SupportKind
from ocop.cycle.models import BusinessPlan, ProductIdea
from ocop.registry.models import Producer, Product
from ocop.registry.queries import producers_for_user

from .forms import ALL, BlankChoiceMixin, CommuneChoiceField, DateInput, communes_in

IDEA_FIELDS = ["name", "product_set", "year", "description", "raw_materials", "expected_market"]
PLAN_FIELDS = [
    "content",
    "investment_vnd",
    "expected_output",
    "expected_revenue_vnd",
    "support_requested",
    "support_kinds",
]


class IdeaFilterForm(BlankChoiceMixin, forms.Form):
    q = forms.CharField(label=_("Tên ý tưởng, chủ thể"), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", ALL), *IdeaStatus.choices]
    )
    commune = CommuneChoiceField(
        queryset=None, label=_("Xã/phường"), required=False, empty_label=ALL
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_in(scope_for(user), editable=False)  # type: ignore[attr-defined]


class PlanFilterForm(IdeaFilterForm):
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", ALL), *PlanStatus.choices]
    )


class ProducerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.commune.name}"


class IdeaForm(BlankChoiceMixin, forms.ModelForm):
    producer = ProducerChoiceField(queryset=Producer.objects.none(), label=_("Chủ thể"))

    class Meta:
        model = ProductIdea
        fields = ["producer", *IDEA_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "raw_materials": forms.Textarea(attrs={"rows": 2}),
            "expected_market": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product_set"].queryset = ProductSet.objects.filter(  # type: ignore[attr-defined]
            version__is_current=True
        ).order_by("number")
        self.fields["product_set"].empty_label = _("— Chưa xác định —")  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["producer"]
        else:
            self.fields["producer"].queryset = (  # type: ignore[attr-defined]
                producers_for_user(user).select_related("commune").order_by("name", "id")
            )
            self.initial.setdefault("year", timezone.localdate().year)

    def idea_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in IDEA_FIELDS}


class IdeaReviewForm(forms.Form):
    ACCEPT, CHANGES, REJECT = "accept", "changes", "reject"
    decision = forms.ChoiceField(
        label=_("Kết quả xem xét"),
        choices=[
            (ACCEPT, _("Chấp nhận")),
            (CHANGES, _("Cần hoàn thiện")),
            (REJECT, _("Không chấp nhận")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Ý kiến / lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi cần hoàn thiện hoặc không chấp nhận."),
    )
    product = forms.ModelChoiceField(
        queryset=Product.objects.none(),
        required=False,
        label=_("Gắn với sản phẩm có sẵn"),
        empty_label=_("— Không —"),
    )
    create_product = forms.BooleanField(
        required=False, label=_("Tạo sản phẩm mới (trạng thái ý tưởng) trong cơ sở dữ liệu")
    )

    def __init__(self, *args: Any, idea: ProductIdea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(  # type: ignore[attr-defined]
            producer_id=idea.producer_id
        ).order_by("name", "id")


class PlanForm(forms.ModelForm):
    support_kinds = forms.MultipleChoiceField(
        label=_("Hình thức hỗ trợ đề nghị"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = BusinessPlan
        fields = PLAN_FIELDS
        widgets = {
            "content": forms.Textarea(attrs={"rows": 6}),
            "support_requested": forms.Textarea(attrs={"rows": 3}),
        }

    def plan_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}


class PlanReviewForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Kết quả thẩm định"),
        choices=[(APPROVE, _("Phê duyệt")), (RETURN, _("Trả lại để hoàn thiện"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại."),
    )


class SupportForm(BlankChoiceMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức hỗ trợ"), choices=SupportKind.choices)
    description = forms.CharField(label=_("Nội dung"), max_length=500, required=False)
    cost_vnd = forms.IntegerField(label=_("Kinh phí (đồng)"), min_value=0)
    funding_source = forms.ChoiceField(label=_("Nguồn kinh phí"), choices=FundingSource.choices)
    given_on = forms.DateField(label=_("Ngày hỗ trợ"), widget=DateInput())
    provider = forms.CharField(label=_("Đơn vị thực hiện"), max_length=300, required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Mốc công việc"), max_length=300)
    due_on = forms.DateField(label=_("Hạn hoàn thành"), widget=DateInput())


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput())


class CycleFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
