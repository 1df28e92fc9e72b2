"""Writes of the reporting app: requesting, generating and scheduling reports (audited)."""

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for
from ocop.core.audit import log_action
from ocop.geo.models import Province
from ocop.ops.routing import use_replica

from .enums import Grouping, PeriodKind, ReportStatus
from .models import Report
from .periods import ReportPeriod
from .reports import build_report, report_pdf, report_xlsx


def may_report_on(actor: Any, *, province: Province | None) -> bool:
    """National staff report on the country or any province; provincial staff on their
    own province. ``actor=None`` is the schedule."""
    if actor is None:
        return True
    scope = scope_for(actor)
    if scope.national:
        return True
    return province is not None and province.code in scope.province_codes


@transaction.atomic
def request_report(
    *, actor: Any, period: ReportPeriod, province: Province | None, grouping: str
) -> Report:
    """Queue one report; the task worker builds its files (``generate_report``)."""
    if not may_report_on(actor, province=province):
        raise PermissionDenied(_("Ngoài địa bàn được giao."))
    if grouping not in Grouping.values:
        raise ValidationError({"grouping": _("Cách nhóm không hợp lệ.")})
    if period.start > timezone.localdate():
        raise ValidationError({"period": _("Kỳ báo cáo chưa bắt đầu.")})
    report = Report.objects.create(
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        province=province,
        grouping=grouping,
        scheduled=actor is None,
        created_by=actor,
    )
    log_action(
        action="ocop.report.requested",
        obj=report,
        actor=actor,
        data={
            "period": period.label,
            "province": province.code if province else None,
            "grouping": grouping,
        },
    )
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import task_generate_report

    task_generate_report.enqueue(report_id)


def generate_report(*, report: Report, today: date | None = None) -> Report:
    """Build the .xlsx and PDF of ``report``; a failure is recorded on it, not lost."""
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    period = ReportPeriod(report.period_kind, report.period_start, report.period_end)
    try:
        # Reports read much and may lag a little: on the read replica when there is one.
        with use_replica():
            data = build_report(
                province=report.province,
                period=period,
                grouping=report.grouping,
                today=today or timezone.localdate(),
            )
            xlsx, pdf = report_xlsx(data), report_pdf(data)
    except Exception as error:  # recorded and shown on the report page; the task ends
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error=str(error))
        log_action(action="ocop.report.failed", obj=report, data={"error": str(error)[:500]})
        raise
    stem = f"ocop-{report.province_id or 'vn'}-{period.label.replace('/', '-')}-"
    stem += secrets.token_hex(4)
    with transaction.atomic():
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        report.status = ReportStatus.DONE
        report.generated_at = timezone.now()
        report.error = ""
        report.save(update_fields=["xlsx", "pdf", "status", "generated_at", "error", "updated_at"])
        log_action(
            action="ocop.report.generated",
            obj=report,
            data={"xlsx_bytes": len(xlsx), "pdf_bytes": len(pdf)},
        )
    return report


def due_periods(*, today: date) -> list[ReportPeriod]:
    """The periods a schedule run on ``today`` reports on: the last complete month and the
    last complete quarter (and the last complete year in January)."""
    periods = [
        ReportPeriod.containing(kind=PeriodKind.MONTH, day=today).previous(),
        ReportPeriod.containing(kind=PeriodKind.QUARTER, day=today).previous(),
    ]
    if today.month == 1:
        periods.append(ReportPeriod.containing(kind=PeriodKind.YEAR, day=today).previous())
    return periods


def schedule_due_reports(*, today: date) -> list[Report]:
    """Queue each due report of every province with OCOP data, and of the whole country,
    once: running the schedule again (or on two machines) makes no duplicate."""
    provinces = list(
        Province.objects.filter(communes__products__certificates__isnull=False)
        .distinct()
        .order_by("code")
    )
    made = []
    for period in due_periods(today=today):
        for province in [None, *provinces]:
            try:
                with transaction.atomic():
                    made.append(
                        request_report(
                            actor=None,
                            period=period,
                            province=province,
                            grouping=Grouping.CURRENT,
                        )
                    )
            except IntegrityError:  # already made by an earlier run
                continue
    return made
