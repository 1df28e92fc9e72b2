from django.core.management.base import BaseCommand, CommandParser

from ocop.promotion.domain import LINK_TIMEOUT, check_links


class Command(BaseCommand):
    help = (
        "Check every active e-commerce listing (HEAD, then GET) and mark dead links after "
        "two failed runs in a row; run nightly, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=LINK_TIMEOUT)
        parser.add_argument("--workers", type=int, default=8)

    def handle(self, *args: object, **options: object) -> None:
        timeout = options["timeout"]
        workers = options["workers"]
        assert isinstance(timeout, float) and isinstance(workers, int)
        run = check_links(timeout=timeout, workers=workers)
        self.stdout.write(
            f"{run.checked} links checked: {run.ok} ok, {run.failed} failed, {run.dead} marked dead"
        )
