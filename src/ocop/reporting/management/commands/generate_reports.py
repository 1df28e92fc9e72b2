from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ocop.reporting.domain import generate_report, schedule_due_reports


class Command(BaseCommand):
    help = (
        "Tạo các báo cáo định kỳ đến hạn (tháng, quý, năm trước) cho từng tỉnh và toàn quốc; "
        "chạy hằng ngày bằng bộ hẹn giờ, không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (for tests)")
        parser.add_argument(
            "--now",
            action="store_true",
            help="generate the files here instead of queueing them for the task worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        made = schedule_due_reports(today=today)
        for report in made:
            if options["now"]:
                generate_report(report=report, today=today)
            self.stdout.write(f"{report} ({report.get_period_kind_display()})")
        self.stdout.write(f"{len(made)} report(s) scheduled")
