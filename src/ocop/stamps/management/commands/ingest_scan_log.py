from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.stamps.edgelog import ingest_file


class Command(BaseCommand):
    help = (
        "Count the scans of a rotated nginx access log (format ocop_scan) into the scan log; "
        "renames each file to FILE.ingested (edge logging, docs/deployment.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: object, files: list[Path], **options: object) -> None:
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            if path.name.endswith(".ingested"):
                raise CommandError(f"{path}: already ingested")
            self.stdout.write(f"{path}: {ingest_file(path)} scans")
