"""Programme dashboards and standard reports (``ocop.reporting``).

The dashboard draws its charts from JSON data blocks with the vendored Chart.js
(``static/js/charts.js``; no inline script, strict CSP) and shows every chart's numbers as
a table too, for print and screen readers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for
from ocop.certification.queries import certificates_for_user
from ocop.cycle.queries import ideas_for_user
from ocop.ops.routing import use_replica
from ocop.promotion.queries import inquiries_for_user
from ocop.reporting import dashboards, domain
from ocop.reporting.enums import ReportStatus
from ocop.reporting.queries import reports_for_user

from ..forms_reporting import DashboardForm, ReportRequestForm
from .common import XLSX_TYPE, error_text, file_response, get_scoped, paginate


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    scope = scope_for(request.user)
    form = DashboardForm(request.GET or None)
    year, grouping = form.values()
    certificates = certificates_for_user(request.user)
    # Aggregates only: on the read replica when there is one (settings/ops.py).
    with use_replica():
        scans, scans_refreshed = dashboards.scans_by_month(scope=scope, today=today)
        inquiries, contract_value = dashboards.inquiries_by_month(
            inquiries_for_user(request.user), today=today
        )
        charts = [
            dashboards.recognitions_by_year(certificates),
            dashboards.in_force_by_group(certificates, today=today),
            dashboards.in_force_by_area(certificates, today=today, scope=scope, grouping=grouping),
            dashboards.producer_kinds(certificates, today=today),
            dashboards.expiring_by_month(certificates, today=today),
            dashboards.pipeline_funnel(ideas_for_user(request.user), year=year),
            scans,
            inquiries,
            contract_value,
        ]
        headline = dashboards.headline(certificates, today=today)
    return render(
        request,
        "backoffice/reporting/dashboard.html",
        {
            "form": form,
            "charts": charts,
            "chart_data": {c.key: c.as_json() for c in charts},
            "headline": headline,
            "scans_refreshed": scans_refreshed,
            "today": today,
        },
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = domain.request_report(
                actor=request.user,
                period=form.period(),
                province=form.cleaned_data["province"],
                grouping=form.cleaned_data["grouping"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã đưa báo cáo vào hàng đợi; tệp sẽ có sau ít phút."))
            return redirect("backoffice:reporting_report_detail", pk=report.pk)
    reports = reports_for_user(request.user)
    return render(
        request,
        "backoffice/reporting/report_list.html",
        {"form": form, "page": paginate(request, reports)},
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_scoped(reports_for_user(request.user), pk)
    polling = report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
    partial = bool(request.headers.get("HX-Request"))
    return render(
        request,
        "backoffice/reporting/_report_status.html"
        if partial
        else "backoffice/reporting/report_detail.html",
        {"report": report, "polling": polling},
    )


@login_required
def report_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    report = get_scoped(reports_for_user(request.user), pk)
    field = {"xlsx": report.xlsx, "pdf": report.pdf}.get(kind)
    if field is None or not field:
        raise Http404
    where = report.province.codename if report.province else "toan-quoc"
    name = f"bao-cao-ocop-{where}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{kind}"
    return file_response(
        field,
        download_name=name,
        content_type=XLSX_TYPE if kind == "xlsx" else "application/pdf",
        attachment=True,
    )
