"""Supervision beyond one inspection: plans, an inspection's page, fixes, public reports,
producer-stopped confirmations and the supervision dashboard."""

import mimetypes
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ocop.accounts.scope import scope_for
from ocop.certification.queries import active, certificates_expiring, certificates_for_user
from ocop.geo.models import Province
from ocop.registry.models import Producer, Product
from ocop.registry.queries import producers_for_user, products_for_user
from ocop.supervision import domain
from ocop.supervision.enums import CHECKLIST, InspectionKind, ReportKind, ReportStatus
from ocop.supervision.models import Finding, Inspection, InspectionAttachment, InspectionPlan
from ocop.supervision.queries import (
    is_overdue,
    open_warnings,
    pending_revocations,
    plan_certificates,
    plans_for_user,
    reports_for_user,
    stop_revocations,
)

from ..forms import ALL, DateInput
from .common import error_text, file_response, get_scoped, paginate, query_without, require


def _inspections_for_user(user: Any) -> Any:
    return Inspection.objects.filter(certificate__in=certificates_for_user(user))


class PlanForm(forms.Form):
    number = forms.CharField(label=_lazy("Số kế hoạch"), max_length=60)
    title = forms.CharField(label=_lazy("Tên kế hoạch"), max_length=300)
    kind = forms.ChoiceField(label=_lazy("Loại kiểm tra"), choices=InspectionKind.choices)
    province = forms.ModelChoiceField(label=_lazy("Tỉnh"), queryset=Province.objects.none())
    starts_on = forms.DateField(label=_lazy("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_lazy("Đến ngày"), widget=DateInput())
    team = forms.CharField(label=_lazy("Đoàn kiểm tra"), max_length=300, required=False)
    products = forms.ModelMultipleChoiceField(
        label=_lazy("Sản phẩm"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_lazy("Giữ Ctrl (hoặc ⌘) để chọn nhiều."),
    )
    producers = forms.ModelMultipleChoiceField(
        label=_lazy("Chủ thể (mọi sản phẩm còn hiệu lực của chủ thể)"),
        queryset=Producer.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        provinces = Province.objects.order_by("name")
        if not scope.national:
            provinces = provinces.filter(code__in=sorted(scope.province_codes))
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        today = timezone.localdate()
        certified = active(certificates_for_user(user), today=today)
        self.fields["products"].queryset = (  # type: ignore[attr-defined]
            products_for_user(user)
            .filter(certificates__in=certified)
            .distinct()
            .select_related("producer")
            .order_by("name")
        )
        self.fields["producers"].queryset = (  # type: ignore[attr-defined]
            producers_for_user(user).filter(certificates__in=certified).distinct().order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


def _may_plan(user: Any) -> bool:
    scope = scope_for(user)
    codes = [""] if scope.national else sorted(scope.province_codes)
    return any(domain.may_supervise_in(user, province_code=c) for c in codes)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    # Explicit order: Meta ordering does not survive the GROUP BY of the tallies.
    qs = (
        plans_for_user(request.user)
        .annotate(
            n_inspections=Count("inspections", distinct=True),
            n_products=Count("products", distinct=True),
            n_producers=Count("producers", distinct=True),
        )
        .order_by("-starts_on", "-id")
    )
    kind = request.GET.get("kind", "")
    if kind in InspectionKind.values:
        qs = qs.filter(kind=kind)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(Q(number__icontains=text) | Q(title__icontains=text))
    return render(
        request,
        "backoffice/supervision/plan_list.html",
        {
            "page": paginate(request, qs),
            "kinds": InspectionKind.choices,
            "kind": kind,
            "q": text,
            "query": query_without(request, "page"),
            "may_plan": _may_plan(request.user),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    require(_may_plan(request.user))
    today = timezone.localdate()
    form = PlanForm(
        request.POST or None,
        user=request.user,
        initial={"starts_on": today, "ends_on": today + timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = domain.create_inspection_plan(
                actor=request.user,
                number=data["number"],
                title=data["title"],
                kind=InspectionKind(data["kind"]),
                province=data["province"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                team=data["team"],
                products=list(data["products"]),
                producers=list(data["producers"]),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã lập kế hoạch kiểm tra."))
            return redirect("backoffice:plan_detail", pk=plan.pk)
    return render(request, "backoffice/supervision/plan_form.html", {"form": form})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped(plans_for_user(request.user), pk)
    today = timezone.localdate()
    targets = list(plan_certificates(plan=plan, today=today))
    return render(
        request,
        "backoffice/supervision/plan_detail.html",
        {
            "plan": plan,
            "targets": targets,
            "done": sum(1 for c in targets if c.inspected),
            "inspections": plan.inspections.select_related("certificate__product", "inspector"),
            "reports": plan.reports.all(),
            "may_inspect": domain.may_supervise_in(request.user, province_code=plan.province_id),
        },
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_lazy("Ảnh hoặc tài liệu (JPEG, PNG, WebP, PDF, Word, Excel)"))
    caption = forms.CharField(label=_lazy("Chú thích"), max_length=200, required=False)


class FixForm(forms.Form):
    fixed_on = forms.DateField(label=_lazy("Ngày khắc phục (đã kiểm tra lại)"), widget=DateInput())
    note = forms.CharField(label=_lazy("Kết quả kiểm tra lại"), max_length=500)


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_scoped(
        _inspections_for_user(request.user).select_related(
            "certificate__product__commune", "certificate__producer", "plan", "inspector"
        ),
        pk,
    )
    may = domain.may_inspect(request.user, inspection.certificate)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(may)
        if form.is_valid():
            try:
                domain.add_attachment(
                    actor=request.user,
                    inspection=inspection,
                    upload=form.cleaned_data["file"],
                    caption=form.cleaned_data["caption"],
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error("file", error_text(exc))
            else:
                messages.success(request, _("Đã đính kèm tệp."))
                return redirect("backoffice:inspection_detail", pk=inspection.pk)
    labels = dict(CHECKLIST)
    return render(
        request,
        "backoffice/supervision/inspection_detail.html",
        {
            "i": inspection,
            "checklist": [
                (labels.get(key, key), value) for key, value in inspection.checklist.items()
            ],
            "samples": inspection.samples.select_related("report"),
            "findings": inspection.findings.all(),
            "attachments": inspection.attachments.all(),
            "may_inspect": may,
            "form": form,
            "fix_form": FixForm(initial={"fixed_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@login_required
def attachment_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_scoped(
        InspectionAttachment.objects.filter(inspection__in=_inspections_for_user(request.user)),
        pk,
    )
    return file_response(
        attachment.file,
        download_name=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def finding_fix(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_scoped(
        Finding.objects.filter(inspection__in=_inspections_for_user(request.user)).select_related(
            "inspection__certificate__product__commune"
        ),
        pk,
    )
    form = FixForm(request.POST)
    if form.is_valid():
        try:
            domain.record_fix(
                actor=request.user,
                finding=finding,
                fixed_on=form.cleaned_data["fixed_on"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Đã ghi kết quả khắc phục."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Cần ngày khắc phục và kết quả kiểm tra lại."))
    return redirect("backoffice:inspection_detail", pk=finding.inspection_id)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    qs = reports_for_user(request.user)
    status = request.GET.get("status", ReportStatus.NEW)
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in ReportKind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "backoffice/supervision/report_list.html",
        {
            "page": paginate(request, qs),
            "statuses": [("all", ALL), *ReportStatus.choices],
            "kinds": ReportKind.choices,
            "status": status,
            "kind": kind,
            "query": query_without(request, "page"),
        },
    )


class TriageForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("plan", _lazy("Đưa vào kế hoạch kiểm tra")), ("dismiss", _lazy("Không xử lý"))]
    )
    plan = forms.ModelChoiceField(
        label=_lazy("Kế hoạch kiểm tra"), queryset=InspectionPlan.objects.none(), required=False
    )
    note = forms.CharField(
        label=_lazy("Ý kiến xử lý"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, user: Any, report: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = plans_for_user(user).filter(ends_on__gte=timezone.localdate())
        if report.province_id:
            plans = plans.filter(province_id=report.province_id)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_scoped(reports_for_user(request.user), pk)
    form = TriageForm(request.POST or None, user=request.user, report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "plan":
                if data["plan"] is None:
                    raise ValidationError(_("Chọn kế hoạch kiểm tra."))
                domain.plan_report(
                    actor=request.user, report=report, plan=data["plan"], note=data["note"]
                )
            else:
                domain.dismiss_report(actor=request.user, report=report, note=data["note"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã xử lý phản ánh."))
            return redirect("backoffice:report_list")
    return render(
        request,
        "backoffice/supervision/report_detail.html",
        {
            "r": report,
            "form": form,
            "may_triage": report.status == ReportStatus.NEW
            and domain.may_supervise_in(request.user, province_code=report.province_id or ""),
        },
    )


@login_required
def report_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = get_scoped(reports_for_user(request.user).exclude(photo=""), pk)
    content_type = mimetypes.guess_type(report.photo.name or "")[0] or "application/octet-stream"
    return file_response(
        report.photo, download_name=f"phan-anh-{report.pk}", content_type=content_type
    )


class StopForm(forms.Form):
    stopped_on = forms.DateField(label=_lazy("Ngừng sản xuất từ ngày"), widget=DateInput())
    note = forms.CharField(
        label=_lazy("Nội dung xác nhận của UBND xã"), widget=forms.Textarea(attrs={"rows": 3})
    )


@login_required
def producer_stop(request: HttpRequest, pk: int) -> HttpResponse:
    producer = get_scoped(producers_for_user(request.user).select_related("commune"), pk)
    require(domain.may_confirm_stop(request.user, producer))
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.confirm_producer_stopped(
                actor=request.user,
                producer=producer,
                stopped_on=form.cleaned_data["stopped_on"],
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                _(
                    "Đã xác nhận ngừng sản xuất; các giấy chứng nhận còn hiệu lực "
                    "được đề nghị thu hồi."
                ),
            )
            return redirect("backoffice:producer_detail", pk=producer.pk)
    return render(
        request, "backoffice/supervision/producer_stop.html", {"p": producer, "form": form}
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What supervision must know every day, for the user's area."""
    today = timezone.localdate()
    certificates = certificates_for_user(request.user)
    in_force = active(certificates, today=today).filter(expires_on__gte=today)
    scope = scope_for(request.user)
    # National staff see provinces; everyone else sees the communes of their area.
    area_path = "product__commune__province__name" if scope.national else "product__commune__name"
    rows: dict[str, dict[int, int]] = {}
    for row in in_force.values(area_path, "star").annotate(n=Count("id")).order_by(area_path):
        rows.setdefault(row[area_path], {})[row["star"]] = row["n"]
    by_area = [(area, [stars.get(s, 0) for s in (3, 4, 5)]) for area, stars in rows.items()]
    expired_waiting = (
        active(certificates, today=today)
        .filter(expires_on__lt=today)
        .filter(Q(extended_until__isnull=True) | Q(extended_until__lt=today))
    )
    proposals = [
        (f, domain.revocation_due(f), is_overdue(f, today=today))
        for f in pending_revocations(certificates=certificates)[:20]
    ]
    stops = [
        (c, s, domain.stop_revocation_due(s), today > domain.stop_revocation_due(s))
        for c, s in stop_revocations(certificates=certificates)
    ]
    return render(
        request,
        "backoffice/supervision/dashboard.html",
        {
            "by_area": by_area,
            "totals": [sum(r[1][i] for r in by_area) for i in range(3)],
            "area_label": _("Tỉnh") if scope.national else _("Xã, phường"),
            "expiring": {
                d: certificates_expiring(certificates, today=today, within=d).count()
                for d in (180, 120, 30)
            },
            "expired_waiting": expired_waiting.count(),
            "revoked_this_year": certificates.filter(revoked_on__year=today.year).count(),
            "open_inspections": plans_for_user(request.user).filter(ends_on__gte=today).count(),
            "warnings": list(open_warnings(certificates=certificates)[:20]),
            "proposals": proposals,
            "stops": stops,
            "new_reports": reports_for_user(request.user).filter(status=ReportStatus.NEW).count(),
            "today": today,
        },
    )
