from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from ocop.core.commands import run_import
from ocop.registry.spreadsheets import ImportRejected, import_registry


class Command(BaseCommand):
    help = "Import producers and products from an .xlsx file (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        report = run_import(
            self,
            path=path,
            importer=lambda fh: import_registry(fh, actor=None),
            rejected=ImportRejected,
        )
        self.stdout.write(f"Đã nhập {report.producers} chủ thể, {report.products} sản phẩm.")
