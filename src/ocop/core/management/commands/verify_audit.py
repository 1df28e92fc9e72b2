"""Walk the audit log's hash chain and report the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ocop.core import triggers
from ocop.core.verify import verify_chain


class Command(BaseCommand):
    help = "Verify that the audit log forms an unbroken hash chain (exit code 1 if broken)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=2000, help="Rows read per query.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        missing = triggers.missing(connections[options["database"]])
        if missing:
            self.stderr.write(
                "Cảnh báo / warning: audit triggers missing: " + ", ".join(sorted(missing))
            )
        result = verify_chain(batch=options["batch"], using=options["database"])
        if result.broken_at is not None:
            raise CommandError(
                f"Chuỗi băm bị đứt tại bản ghi id={result.broken_at} ({result.problem}); "
                f"{result.checked} entries checked before it / chain broken",
                returncode=1,
            )
        self.stdout.write(f"{result.checked} entries, chain intact (last hash {result.last_hash})")
