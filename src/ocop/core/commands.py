"""Shared shape of the Excel import commands: read the file, print per-row errors, and
exit with a clear message when the importer rejected the file (nothing was saved)."""

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError


def run_import(
    command: BaseCommand,
    *,
    path: Path,
    importer: Callable[[IO[bytes]], Any],
    rejected: type[Exception],
) -> Any:
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    with path.open("rb") as fh:
        try:
            return importer(fh)
        except rejected as exc:
            errors = getattr(exc, "errors", [])
            for error in errors:
                where = f"{error.sheet} dòng {error.row}" if error.row else error.sheet
                column = f" [{error.column}]" if error.column else ""
                command.stderr.write(f"{where}{column}: {error.message}")
            raise CommandError(f"Không nhập gì: {len(errors)} lỗi / nothing imported") from None
