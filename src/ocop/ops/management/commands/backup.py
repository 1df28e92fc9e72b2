from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database, the media files and a manifest with checksums into a new "
        "directory or .tar file (docs/deployment.md, Backup and restore)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="a new directory, or a file ending in .tar (default: "
            "OCOP_BACKUP_DIR/ocop-YYYYMMDD-HHMMSS)",
        )
        parser.add_argument("--tar", action="store_true", help="write a .tar (default name)")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=["auto", "native", "json"],
            default="auto",
            help="auto: pg_dump / sqlite copy, JSON when no matching pg_dump; native: never "
            "JSON; json: Django's serialised rows (portable, slow)",
        )
        parser.add_argument("--database", default="default")

    def handle(
        self,
        *args: object,
        output: Path | None,
        tar: bool,
        fmt: str,
        database: str,
        **options: object,
    ) -> None:
        if output is None:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            output = Path(settings.OPS_BACKUP_DIR) / f"ocop-{stamp}{'.tar' if tar else ''}"
        try:
            result = create_backup(destination=output, using=database, fmt=fmt)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        db = result.manifest["database"]
        rows = sum(db["row_counts"].values())
        files = result.manifest["files"]
        media = sum(1 for name in files if name.startswith("media/"))
        size = sum(entry["size"] for entry in files.values())
        self.stdout.write(
            f"{result.path}: {db['vendor']} ({db['dump_format']}), {len(db['row_counts'])} "
            f"tables, {rows} rows, {media} media files, {size / 1e6:.1f} MB"
        )
        if result.manifest["media"] != "included":
            self.stderr.write(f"note: media files {result.manifest['media']}")
        if note := db.get("note"):
            self.stderr.write(f"note: {note}; the database was dumped as JSON")
