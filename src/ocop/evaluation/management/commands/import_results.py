from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from ocop.core.commands import run_import
from ocop.evaluation.history import HistoryRejected, import_history


class Command(BaseCommand):
    help = "Import results recorded under 1048/2019 or 148/2023 (part totals) from .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        report = run_import(
            self,
            path=path,
            importer=lambda fh: import_history(fh, actor=None),
            rejected=HistoryRejected,
        )
        self.stdout.write(
            f"Đã nhập {report.imported} kết quả ({report.linked} gắn với sản phẩm trong hệ thống)."
        )
