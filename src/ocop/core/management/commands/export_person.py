"""Answer a data-subject request: one JSON file with every row holding one person's data."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.core.personal_export import export_person


class Command(BaseCommand):
    help = "Export all data held about one person (by --email, --phone or --user id); audited."

    def add_arguments(self, parser: Any) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--email")
        who.add_argument("--phone")
        who.add_argument("--user", type=int, help="account id")
        parser.add_argument("--output", type=Path, help="file (default var/exports/…)")
        parser.add_argument("--requested-by", default="", help="who handles the request")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["output"] or (
            Path(settings.VAR_DIR) / "exports" / f"person-{timezone.now():%Y%m%d-%H%M%S}.json"
        )
        try:
            record = export_person(
                path=path,
                email=options["email"],
                phone=options["phone"],
                user_id=options["user"],
                requested_by=options["requested_by"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{record.rows} rows written to {path} (sha256 {record.file_sha256})")
