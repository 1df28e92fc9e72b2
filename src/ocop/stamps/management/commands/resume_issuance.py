from typing import Any

from django.core.management.base import BaseCommand

from ocop.stamps.domain import resume_unfinished_batches


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi việc cấp tem của các lô đang dở (tác vụ bị dừng giữa chừng); "
        "chạy trước khi khởi động máy chủ tác vụ."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = resume_unfinished_batches()
        if resumed:
            self.stdout.write("Resumed stamp batches: " + ", ".join(str(pk) for pk in resumed))
        else:
            self.stdout.write("No unfinished stamp batch.")
