from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.criteria.domain import CriteriaDataError, load_criteria


class Command(BaseCommand):
    help = (
        "Nạp bộ tiêu chí và phiếu đánh giá vào CSDL / load criteria versions and sheet revisions.\n"
        "Idempotent: chạy lại không thêm gì; tệp phiếu thay đổi = một phiên bản phiếu mới "
        "(phiên bản cũ không bao giờ bị sửa)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_criteria()
        except CriteriaDataError as exc:
            raise CommandError(str(exc)) from exc
        for version in loaded:
            self.stdout.write(str(version))
