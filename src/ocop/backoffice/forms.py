"""Forms of the back office. They validate input; the domain functions write."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ocop.accounts.enums import Role
from ocop.accounts.models import User
from ocop.accounts.scope import Scope
from ocop.criteria.models import ProductSet
from ocop.evaluation.enums import DossierKind, DossierState, Level, RoundStatus
from ocop.evaluation.models import Dossier, Round
from ocop.geo.models import Commune, LegacyCommune, Province
from ocop.geo.queries import current_communes_for
from ocop.registry.enums import DocumentType, ProducerKind, ProducerStatus, ProductStatus
from ocop.registry.models import EvidenceDocument, Producer, Product

CHOOSE = _("— Chọn —")
ALL = _("Tất cả")


class CommuneChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", CHOOSE)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        # Names repeat across provinces ("Xã Hồng Thái"): always show the province and code.
        return f"{obj.name} — {obj.province.short_name} ({obj.code})"


def communes_in(scope: Scope, *, editable: bool) -> QuerySet[Commune]:
    qs = Commune.objects.select_related("province").order_by("province__name", "name")
    national = scope.edit_national if editable else scope.national
    if national:
        return qs
    provinces = scope.edit_province_codes if editable else scope.province_codes
    communes = scope.edit_commune_codes if editable else scope.commune_codes
    return qs.filter(Q(province_id__in=sorted(provinces)) | Q(code__in=sorted(communes)))


def provinces_in(scope: Scope) -> QuerySet[Province]:
    if scope.national:
        return Province.objects.order_by("name")
    codes = set(scope.province_codes) | {
        c.province_id for c in Commune.objects.filter(code__in=sorted(scope.commune_codes))
    }
    return Province.objects.filter(code__in=sorted(codes)).order_by("name")


class BlankChoiceMixin:
    """Label the empty choice of every select "— Chọn —" (Django's default is English)."""

    fields: dict[str, forms.Field]

    def label_blank_choices(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
                if choices and choices[0][0] == "" and str(choices[0][1]).startswith(("-", "—")):
                    field.choices = [("", CHOOSE), *choices[1:]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProducerForm(BlankChoiceMixin, forms.ModelForm):
    commune = CommuneChoiceField(queryset=Commune.objects.none(), label=_("Xã/phường/đặc khu"))
    legacy_commune_code = forms.RegexField(
        regex=r"^\d{5}$",
        required=False,
        label=_("Mã xã trước 01/7/2025 (nếu giấy tờ ghi địa chỉ cũ)"),
        help_text=_("5 chữ số; hệ thống kiểm tra xã đó nay thuộc xã/phường đã chọn."),
        error_messages={"invalid": _("Mã xã gồm đúng 5 chữ số.")},
    )

    class Meta:
        model = Producer
        fields = [
            "name",
            "kind",
            "legal_form",
            "tax_code",
            "established_on",
            "representative_name",
            "representative_gender",
            "representative_ethnic_minority",
            "phone",
            "email",
            "website",
            "address_text",
            "commune",
            "legacy_commune_code",
            "members_count",
            "workers_count",
        ]
        widgets = {"established_on": DateInput()}

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_blank_choices()
        communes = communes_in(scope, editable=True)
        if self.instance.pk and self.instance.commune_id:
            communes = communes | Commune.objects.filter(pk=self.instance.commune_id)
        self.fields["commune"].queryset = communes.distinct()
        if self.instance.legacy_commune_id:
            self.initial["legacy_commune_code"] = self.instance.legacy_commune_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_legacy_commune(data)
        if data.get("kind") != ProducerKind.ENTERPRISE:
            data["legal_form"] = ""
        elif not data.get("legal_form"):
            self.add_error("legal_form", _("Doanh nghiệp cần ghi loại hình doanh nghiệp."))
        return data

    def _clean_legacy_commune(self, data: dict[str, Any]) -> None:
        """Turn the old code into a unit and check it lies in the chosen current commune."""
        code = data.pop("legacy_commune_code", "") or ""
        data["legacy_commune"] = None
        if not code:
            return
        legacy = (
            LegacyCommune.objects.select_related("district__province").filter(code=code).first()
        )
        if legacy is None:
            self.add_error("legacy_commune_code", _("Không có xã cũ mã %(code)s.") % {"code": code})
            return
        data["legacy_commune"] = legacy
        current = list(current_communes_for(legacy_commune=code))
        chosen = data.get("commune")
        if chosen is not None and chosen not in current:
            names = ", ".join(f"{c.name} ({c.code})" for c in current) or "—"
            self.add_error(
                "legacy_commune_code",
                _("%(old)s nay thuộc %(names)s, không phải %(chosen)s.")
                % {"old": legacy, "names": names, "chosen": chosen},
            )


class ProductForm(forms.ModelForm):
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(),
        label=_("Xã nơi sản xuất"),
        required=False,
        help_text=_("Để trống nếu trùng với xã của chủ thể."),
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False, label=_("Tôi đã xem các sản phẩm tương tự và xác nhận đây là sản phẩm khác")
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "product_set",
            "commune",
            "packaging",
            "gtin",
            "description_vi",
            "description_en",
        ]
        widgets = {
            "description_vi": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, scope: Scope, producer: Producer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.producer = producer
        product_set = self.fields["product_set"]
        product_set.queryset = ProductSet.objects.filter(version__is_current=True).order_by(
            "number"
        )
        product_set.empty_label = CHOOSE
        communes = communes_in(scope, editable=True) | Commune.objects.filter(
            pk=producer.commune_id
        )
        if self.instance.pk:
            communes = communes | Commune.objects.filter(pk=self.instance.commune_id)
        self.fields["commune"].queryset = communes.distinct()

    def _post_clean(self) -> None:
        # The commune defaults to the producer's; set it before the model validates.
        if not self.cleaned_data.get("commune"):
            self.cleaned_data["commune"] = self.producer.commune
        self.instance.producer = self.producer
        super()._post_clean()  # type: ignore[misc]


class DocumentForm(BlankChoiceMixin, forms.ModelForm):
    file = forms.FileField(label=_("Tệp (PDF, JPEG, PNG, WebP, DOCX, XLSX)"))
    product = forms.ModelChoiceField(
        queryset=Product.objects.none(),
        required=False,
        label=_("Sản phẩm (nếu riêng)"),
        empty_label=_("— Chung cho chủ thể —"),
    )

    class Meta:
        model = EvidenceDocument
        fields = ["doc_type", "title", "number", "issuer", "issued_on", "expires_on", "product"]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args: Any, producer: Producer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = producer.products.order_by("name")
        self.fields["doc_type"].choices = [("", CHOOSE), *DocumentType.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("Ngày hết hạn phải sau ngày cấp."))
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh (JPEG, PNG, WebP)"))
    caption = forms.CharField(label=_("Chú thích"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))


class StatusForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ProducerStatusForm(StatusForm):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ProducerStatus.choices)


class ProductStatusForm(StatusForm):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[c for c in ProductStatus.choices if c[0] != ProductStatus.CERTIFIED],
    )


class _FilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    province = forms.ModelChoiceField(
        queryset=Province.objects.none(),
        required=False,
        label=_("Tỉnh/thành phố"),
        empty_label=ALL,
    )
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(), required=False, label=_("Xã/phường"), empty_label=ALL
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces_in(scope)
        communes = communes_in(scope, editable=False)
        province_code = self.data.get("province")
        if province_code:
            communes = communes.filter(province_id=province_code)
        elif scope.national:
            # 3,321 options are too many for one list: pick a province first.
            communes = communes.none()
        self.fields["commune"].queryset = communes


class ProducerFilterForm(_FilterForm):
    kind = forms.ChoiceField(
        label=_("Loại hình"), choices=[("", _("Tất cả")), *ProducerKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Tất cả")), *ProducerStatus.choices],
        required=False,
    )


class ProductFilterForm(_FilterForm):
    sector = forms.ChoiceField(label=_("Ngành"), required=False)
    product_set = forms.ModelChoiceField(
        queryset=ProductSet.objects.none(),
        required=False,
        label=_("Bộ sản phẩm"),
        empty_label=ALL,
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *ProductStatus.choices], required=False
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, scope=scope, **kwargs)
        sets = ProductSet.objects.filter(version__is_current=True).order_by("number")
        self.fields["product_set"].queryset = sets
        sectors = dict.fromkeys((s.sector_code, s.sector_name) for s in sets)
        self.fields["sector"].choices = [("", _("Tất cả"))] + [
            (code, f"{code}. {name.capitalize()}") for code, name in sectors
        ]


class DossierStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hồ sơ"), choices=DossierKind.choices)


class RegistrationForm(forms.Form):
    """Mẫu 01 — Phiếu đăng ký đánh giá, phân hạng sản phẩm OCOP (the fields the council reads)."""

    applicant = forms.CharField(label=_("Người đăng ký (đại diện chủ thể)"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    annual_output = forms.CharField(label=_("Sản lượng/năm"), max_length=200, required=False)
    annual_revenue = forms.CharField(label=_("Doanh thu/năm"), max_length=200, required=False)
    markets = forms.CharField(
        label=_("Thị trường tiêu thụ"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    changes = forms.CharField(
        label=_("Thay đổi so với lần công nhận trước (nâng hạng/đánh giá lại)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class CommuneAssessmentForm(forms.Form):
    complete = forms.BooleanField(label=_("Hồ sơ đầy đủ"), required=False)
    origin = forms.CharField(
        label=_("Nguồn gốc sản phẩm và nguyên liệu"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    labour = forms.CharField(
        label=_("Sử dụng lao động địa phương"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    idea_origin = forms.CharField(
        label=_("Nguồn gốc ý tưởng sản phẩm"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    local_identity = forms.CharField(
        label=_("Tính đặc trưng, bản sắc địa phương"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    conclusion = forms.CharField(
        label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[
            ("propose", _("Đề nghị tỉnh đánh giá")),
            ("return", _("Trả lại chủ thể để bổ sung")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ProvinceCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả kiểm tra"),
        choices=[
            ("accept", _("Đầy đủ — đưa vào đợt đánh giá")),
            ("return", _("Trả lại để hoàn thiện")),
        ],
        widget=forms.RadioSelect,
    )
    round = forms.ModelChoiceField(
        queryset=Round.objects.none(), required=False, label=_("Đợt đánh giá"), empty_label=CHOOSE
    )
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = Round.objects.filter(status=RoundStatus.OPEN, level=dossier.level)
        if dossier.level == Level.PROVINCE:
            rounds = rounds.filter(province_id=dossier.product.commune.province_id)
        self.fields["round"].queryset = rounds.select_related("province").order_by(
            "-year", "-number"
        )


class RoundForm(forms.Form):
    level = forms.ChoiceField(label=_("Cấp"), choices=Level.choices, initial=Level.PROVINCE)
    year = forms.IntegerField(label=_("Năm"), min_value=2019, max_value=2100)
    number = forms.IntegerField(label=_("Đợt số"), min_value=1, max_value=9)
    province = forms.ModelChoiceField(
        queryset=Province.objects.none(),
        label=_("Tỉnh/thành phố"),
        empty_label=CHOOSE,
        required=False,
        help_text=_("Bắt buộc với đợt cấp tỉnh."),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scope.edit_national:
            self.fields["province"].queryset = Province.objects.order_by("name")
        else:
            self.fields["level"].choices = [(Level.PROVINCE, Level.PROVINCE.label)]
            self.fields["province"].queryset = Province.objects.filter(
                code__in=sorted(scope.edit_province_codes)
            ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") == Level.PROVINCE and not data.get("province"):
            self.add_error("province", _("Chọn tỉnh cho đợt cấp tỉnh."))
        return data


class CouncilForm(forms.Form):
    name = forms.CharField(label=_("Tên Hội đồng"), max_length=300)
    chair = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Chủ tịch Hội đồng"), empty_label=CHOOSE
    )
    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), label=_("Thành viên"), widget=forms.CheckboxSelectMultiple
    )
    max_spread = forms.DecimalField(
        label=_("Chênh lệch điểm tối đa"), initial=10, min_value=0, max_value=100
    )
    blind = forms.BooleanField(
        label=_("Chỉ xem phiếu người khác sau khi nộp phiếu mình"), initial=True, required=False
    )
    advisors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("Tổ tư vấn"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, province_code: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            User.objects.filter(
                role_assignments__role=Role.COUNCIL_MEMBER,
                role_assignments__province_id=province_code,
                role_assignments__is_active=True,
            )
            .order_by("username")
            .distinct()
        )
        self.fields["chair"].queryset = people
        self.fields["members"].queryset = people
        self.fields["advisors"].queryset = (
            User.objects.filter(
                role_assignments__role=Role.ADVISOR,
                role_assignments__province_id=province_code,
                role_assignments__is_active=True,
            )
            .order_by("username")
            .distinct()
        )


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decided_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    signer = forms.CharField(label=_("Người ký"), max_length=200)
    authority = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    dossiers = forms.ModelMultipleChoiceField(
        queryset=Dossier.objects.none(),
        label=_("Hồ sơ được công nhận"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, round_: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = decidable(round_)
        self.fields["dossiers"].label_from_instance = _decision_label


def decidable(round_: Round) -> QuerySet[Dossier]:
    """Recommended dossiers of the round, and forwarded ones the centre scored below 5★."""
    forwarded_back = Q(
        state=DossierState.FORWARDED,
        centre_dossier__state__in=[DossierState.RECOMMENDED, DossierState.NOT_RECOGNISED],
        centre_dossier__result__recommended_star__in=[3, 4],
    )
    return (
        round_.dossiers.filter(Q(state=DossierState.RECOMMENDED) | forwarded_back)
        .select_related("product", "result", "centre_dossier__result")
        .order_by("product__name")
    )


def _decision_label(dossier: Dossier) -> str:
    centre = getattr(dossier, "centre_dossier", None)
    result = centre.result if dossier.state == DossierState.FORWARDED and centre else dossier.result
    where = _(" (theo kết quả Trung ương)") if result is not dossier.result else ""
    return f"{dossier.product.name} — {result.total:.2f} điểm, {result.recommended_star}★{where}"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(forms.Form):
    has_conflict = forms.BooleanField(
        label=_("Tôi có xung đột lợi ích với hồ sơ này (sẽ không chấm hồ sơ)"), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
