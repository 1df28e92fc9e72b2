"""Recording an inspection of a certified product: checklist, GPS, sample test, finding."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.certification.enums import RevocationGround
from ocop.certification.queries import certificates_for_user
from ocop.supervision import domain
from ocop.supervision.enums import CHECKLIST, InspectionKind, Measure
from ocop.supervision.models import InspectionPlan
from ocop.supervision.queries import plans_for_user

from ..forms import DateInput
from .common import error_text, get_scoped, require


class InspectionForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Theo kế hoạch kiểm tra"),
        queryset=InspectionPlan.objects.none(),
        required=False,
        empty_label=_("— Không theo kế hoạch (đột xuất) —"),
    )
    kind = forms.ChoiceField(label=_("Loại kiểm tra"), choices=InspectionKind.choices)
    inspected_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DateInput())
    team = forms.CharField(label=_("Đoàn kiểm tra"), max_length=300, required=False)
    latitude = forms.DecimalField(label=_("Vĩ độ"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(
        label=_("Kinh độ"), required=False, max_digits=9, decimal_places=6
    )
    conclusion = forms.CharField(
        label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    sample_lab = forms.CharField(
        label=_("Phòng thử nghiệm (nếu lấy mẫu)"), max_length=200, required=False
    )
    sample_indicators = forms.CharField(label=_("Chỉ tiêu"), max_length=300, required=False)
    sample_result = forms.CharField(label=_("Kết quả thử nghiệm"), required=False)
    sample_passed = forms.ChoiceField(
        label=_("Mẫu đạt?"),
        choices=[("", _("— Không lấy mẫu —")), ("yes", _("Đạt")), ("no", _("Không đạt"))],
        required=False,
    )
    finding = forms.CharField(
        label=_("Phát hiện"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    measure = forms.ChoiceField(
        label=_("Biện pháp đề xuất"), choices=Measure.choices, required=False
    )
    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi"), choices=[("", "—"), *RevocationGround.choices], required=False
    )
    fix_by = forms.DateField(label=_("Hạn khắc phục"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, plans: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        for key, label in CHECKLIST:
            self.fields[f"ok_{key}"] = forms.BooleanField(label=label, required=False, initial=True)
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=500
            )

    def checklist(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {k: {"ok": data[f"ok_{k}"], "note": data[f"note_{k}"]} for k, _l in CHECKLIST}

    def checklist_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"ok_{k}"], self[f"note_{k}"]) for k, _l in CHECKLIST]


@login_required
def inspection_create(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_scoped(
        certificates_for_user(request.user).select_related("product__commune", "producer"), pk
    )
    require(domain.may_inspect(request.user, certificate))
    product = certificate.product
    plans = (
        plans_for_user(request.user)
        .filter(Q(products=product) | Q(producers=product.producer_id))
        .distinct()
    )
    form = InspectionForm(
        request.POST or None,
        plans=plans,
        initial={"inspected_on": timezone.localdate(), "plan": request.GET.get("plan")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                inspection = domain.record_inspection(
                    actor=request.user,
                    certificate=certificate,
                    kind=InspectionKind(data["kind"]),
                    inspected_on=data["inspected_on"],
                    checklist=form.checklist(),
                    team=data["team"],
                    conclusion=data["conclusion"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    plan=data["plan"],
                )
                if data["sample_passed"]:
                    domain.record_sample_test(
                        actor=request.user,
                        inspection=inspection,
                        sampled_on=data["inspected_on"],
                        lab=data["sample_lab"],
                        indicators=data["sample_indicators"],
                        result=data["sample_result"],
                        passed=data["sample_passed"] == "yes",
                    )
                if data["finding"]:
                    domain.record_finding(
                        actor=request.user,
                        inspection=inspection,
                        text=data["finding"],
                        measure=data["measure"],
                        ground=data["ground"],
                        fix_by=data["fix_by"],
                    )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã ghi kết quả kiểm tra."))
            return redirect("backoffice:inspection_detail", pk=inspection.pk)
    return render(
        request, "backoffice/certificate/inspection_form.html", {"c": certificate, "form": form}
    )
