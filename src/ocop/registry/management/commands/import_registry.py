from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.registry.spreadsheets import ImportRejected, import_registry


class Command(BaseCommand):
    help = "Import producers and products from an .xlsx file (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as fh:
            try:
                report = import_registry(fh, actor=None)
            except ImportRejected as rejected:
                for error in rejected.errors:
                    where = f"{error.sheet} dòng {error.row}" if error.row else error.sheet
                    column = f" [{error.column}]" if error.column else ""
                    self.stderr.write(f"{where}{column}: {error.message}")
                raise CommandError(
                    f"Không nhập gì: {len(rejected.errors)} lỗi / nothing imported"
                ) from None
        self.stdout.write(f"Đã nhập {report.producers} chủ thể, {report.products} sản phẩm.")
