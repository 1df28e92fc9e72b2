from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ocop.reporting.rollups import default_since, refresh_scan_months


class Command(BaseCommand):
    help = (
        "Cập nhật số lượt quét theo tháng cho bảng điều khiển (mặc định: tháng trước và tháng này)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="rebuild every month")

    def handle(self, *args: Any, **options: Any) -> None:
        since = None if options["full"] else default_since(today=timezone.localdate())
        rows = refresh_scan_months(since=since)
        self.stdout.write(f"{rows} month × commune row(s) written")
