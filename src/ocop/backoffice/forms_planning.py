"""Forms of plans and targets. They validate input; ``ocop.planning.domain`` writes."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for
from ocop.geo.models import Commune, Province
from ocop.planning.indicators import choices as indicator_choices
from ocop.planning.models import Course, CourseKind, ParticipantLevel, Plan, Target
from ocop.registry.models import Producer

from .forms import BlankChoiceMixin, CommuneChoiceField, DateInput, communes_in

PLAN_FIELDS = [
    "number",
    "title",
    "issuer",
    "issued_on",
    "start_year",
    "end_year",
    "province",
    "commune",
    "notes",
]


def editable_provinces(user: Any) -> Any:
    scope = scope_for(user)
    if scope.edit_national:
        return Province.objects.order_by("name")
    codes = set(scope.edit_province_codes) | set(
        Commune.objects.filter(code__in=sorted(scope.edit_commune_codes)).values_list(
            "province_id", flat=True
        )
    )
    return Province.objects.filter(code__in=sorted(codes)).order_by("name")


class PlanForm(BlankChoiceMixin, forms.ModelForm):
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(),
        required=False,
        label=_("Xã, phường (nếu là kế hoạch cấp xã)"),
    )
    document_file = forms.FileField(
        label=_("Văn bản kế hoạch (PDF, DOCX)"),
        required=False,
        help_text=_("Kiểm tra theo nội dung tệp; để trống để giữ văn bản hiện có."),
    )

    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {"issued_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = editable_provinces(user)  # type: ignore[attr-defined]
        self.fields["commune"].queryset = communes_in(  # type: ignore[attr-defined]
            scope_for(user), editable=True
        )
        self.label_blank_choices()

    def _post_clean(self) -> None:
        # The domain function validates the model (and the area); skip the ModelForm's.
        pass


class TargetForm(BlankChoiceMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), choices=())
    year = forms.TypedChoiceField(
        label=_("Năm"), coerce=int, empty_value=None, required=False, choices=()
    )
    end_year = forms.TypedChoiceField(
        label=_("Đến năm (chỉ tiêu cho một giai đoạn)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
    )
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(),
        required=False,
        label=_("Xã, phường (để trống: cả địa bàn kế hoạch)"),
    )
    value = forms.DecimalField(
        label=_("Giá trị chỉ tiêu"), min_value=0, max_digits=18, decimal_places=2
    )
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "— Chọn —"), *indicator_choices()]  # type: ignore[attr-defined]
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", _("Cả thời kỳ %(a)s–%(b)s") % {"a": plan.start_year, "b": plan.end_year}),
            *[(y, str(y)) for y in plan.years],
        ]
        self.fields["end_year"].choices = [  # type: ignore[attr-defined]
            ("", _("— (một năm) —")),
            *[(y, str(y)) for y in plan.years[1:]],
        ]
        communes = Commune.objects.select_related("province").order_by("name")
        if plan.commune_id:
            communes = communes.filter(code=plan.commune_id)
        else:
            communes = communes.filter(Q(province_id=plan.province_id))
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(target: Target) -> dict[str, Any]:
        return {
            "indicator": target.indicator,
            "year": target.year or "",
            "end_year": target.end_year or "",
            "commune": target.commune_id,
            "value": target.value,
            "notes": target.notes,
        }


COURSE_FIELDS = [
    "topic",
    "kind",
    "start_date",
    "end_date",
    "place",
    "province",
    "commune",
    "organiser",
    "trainers",
    "notes",
]


class CourseForm(BlankChoiceMixin, forms.ModelForm):
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(),
        required=False,
        label=_("Xã, phường (nếu là lớp cấp xã)"),
    )

    class Meta:
        model = Course
        fields = COURSE_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "trainers": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = editable_provinces(user)  # type: ignore[attr-defined]
        self.fields["commune"].queryset = communes_in(  # type: ignore[attr-defined]
            scope_for(user), editable=True
        )
        self.label_blank_choices()

    def _post_clean(self) -> None:
        # The domain function validates the model (and the area); skip the ModelForm's.
        pass


class CourseFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Đối tượng"), required=False, choices=[("", _("Tất cả")), *CourseKind.choices]
    )


class ParticipantForm(BlankChoiceMixin, forms.Form):
    username = forms.CharField(label=_("Tài khoản (tên đăng nhập)"), required=False, max_length=150)
    producer = forms.ModelChoiceField(
        label=_("Chủ thể"), queryset=Producer.objects.none(), required=False
    )
    name = forms.CharField(label=_("Họ tên (người ngoài hệ thống)"), required=False, max_length=200)
    level = forms.ChoiceField(
        label=_("Cấp (cho người ngoài hệ thống)"),
        required=False,
        choices=[("", "—"), *ParticipantLevel.choices],
    )
    attended = forms.BooleanField(label=_("Đã tham dự"), required=False)
    certificate_number = forms.CharField(label=_("Số chứng nhận"), required=False, max_length=60)

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Producer.objects.filter(  # type: ignore[attr-defined]
            commune__province_id=course.province_id
        ).order_by("name", "pk")

    def clean(self) -> dict[str, Any]:
        from ocop.accounts.models import User

        data = super().clean() or {}
        username = (data.get("username") or "").strip()
        given = [bool(username), data.get("producer") is not None, bool(data.get("name"))]
        if sum(given) != 1:
            raise forms.ValidationError(_("Chọn đúng một trong: tài khoản, chủ thể hoặc họ tên."))
        data["user"] = None
        if username:
            data["user"] = User.objects.filter(username=username, is_active=True).first()
            if data["user"] is None:
                self.add_error("username", _("Không có tài khoản này."))
        if data.get("name") and not data.get("level"):
            self.add_error("level", _("Chọn cấp của người tham dự."))
        return data

    def domain_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        fields: dict[str, Any] = {
            "user": d["user"],
            "producer": d.get("producer"),
            "name": d.get("name") or "",
            "attended": d.get("attended", False),
            "certificate_number": d.get("certificate_number") or "",
        }
        if d.get("name"):
            fields["level"] = d["level"]
        return fields
