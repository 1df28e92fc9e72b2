"""Forms of the dashboards and standard reports."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for
from ocop.geo.models import Province
from ocop.reporting.enums import Grouping, PeriodKind
from ocop.reporting.periods import ReportPeriod

FIRST_YEAR = 2019


def _years() -> list[tuple[int, str]]:
    return [(y, str(y)) for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class DashboardForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Năm của chu trình"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    grouping = forms.ChoiceField(
        label=_("Nhóm theo đơn vị"),
        choices=Grouping.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]

    def values(self) -> tuple[int, str]:
        """(year, grouping), defaults for anything missing or wrong."""
        year, grouping = timezone.localdate().year, Grouping.CURRENT.value
        if self.is_valid():
            year = self.cleaned_data.get("year") or year
            grouping = self.cleaned_data.get("grouping") or grouping
        return year, grouping


class ReportRequestForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PeriodKind.choices)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    number = forms.TypedChoiceField(
        label=_("Tháng hoặc quý"),
        coerce=int,
        required=False,
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 13)],
        help_text=_("Tháng 1–12 cho báo cáo tháng, quý 1–4 cho báo cáo quý."),
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("Toàn quốc"),
    )
    grouping = forms.ChoiceField(
        label=_("Nhóm theo đơn vị"), choices=Grouping.choices, initial=Grouping.CURRENT
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]
        scope = scope_for(user)
        provinces = Province.objects.order_by("name")
        field = self.fields["province"]
        if scope.national:
            field.queryset = provinces  # type: ignore[attr-defined]
        else:
            field.queryset = provinces.filter(code__in=sorted(scope.province_codes))  # type: ignore[attr-defined]
            field.required = True
            field.empty_label = None  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, number = data.get("period_kind"), data.get("number")
        if kind in (PeriodKind.MONTH, PeriodKind.QUARTER) and not number:
            self.add_error("number", _("Chọn tháng hoặc quý."))
        elif kind == PeriodKind.QUARTER and number and number > 4:
            self.add_error("number", _("Quý từ 1 đến 4."))
        return data

    def period(self) -> ReportPeriod:
        data = self.cleaned_data
        return ReportPeriod.of(
            kind=data["period_kind"], year=data["year"], number=data.get("number") or 1
        )
