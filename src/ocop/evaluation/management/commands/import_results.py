from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.evaluation.history import HistoryRejected, import_history


class Command(BaseCommand):
    help = "Import results recorded under 1048/2019 or 148/2023 (part totals) from .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as fh:
            try:
                report = import_history(fh, actor=None)
            except HistoryRejected as rejected:
                for e in rejected.errors:
                    self.stderr.write(f"{e.sheet} dòng {e.row} [{e.column}]: {e.message}")
                raise CommandError(
                    f"Không nhập gì: {len(rejected.errors)} lỗi / nothing imported"
                ) from None
        self.stdout.write(
            f"Đã nhập {report.imported} kết quả ({report.linked} gắn với sản phẩm trong hệ thống)."
        )
