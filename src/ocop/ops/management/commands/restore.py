from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, check_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup (directory or .tar) into an empty database and media folder; every "
        "checksum is verified first. --check only verifies."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--check", action="store_true", help="verify the checksums only; restore nothing"
        )
        parser.add_argument("--database", default="default")

    def handle(
        self, *args: object, source: Path, check: bool, database: str, **options: object
    ) -> None:
        try:
            if check:
                manifest = check_backup(source=source)
            else:
                manifest = restore_backup(source=source, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        db = manifest["database"]
        verb = "verified" if check else "restored"
        self.stdout.write(
            f"{source}: {verb} — {len(manifest['files'])} files, {len(db['row_counts'])} "
            f"tables, {sum(db['row_counts'].values())} rows (backup of {manifest['created_at']}, "
            f"version {manifest['app_version']})"
        )
        if not check:
            self.stdout.write("Run `ocop migrate` if this version has newer migrations.")
