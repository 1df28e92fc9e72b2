"""Backups: one directory (or .tar) holding the database, the media files and a manifest.

Layout of a backup::

    manifest.json        format and app version, database vendor and dump format, applied
                         migrations, rows per table, sha256 and size of every other file
    database.pgdump      PostgreSQL: ``pg_dump --format=custom`` (when pg_dump's major
                         version is the server's), or
    database.sqlite3     SQLite: a copy made with sqlite3's online backup API, or
    database.json        either vendor: Django's serialised rows (``--format json``, and
                         PostgreSQL when no matching pg_dump exists; slow for big tables)
    media/…              a copy of ``MEDIA_ROOT``

The rows counted are those of the dump itself: on PostgreSQL the counts and ``pg_dump`` read
one exported snapshot, on SQLite they are counted in the copy. A restore checks every file
against the manifest before it touches anything, goes only into an empty database and an
empty media folder, and compares the restored row counts with the manifest.
"""

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_FILES = {"pg_dump": "database.pgdump", "sqlite": "database.sqlite3", "json": "database.json"}
# Tables that ``migrate`` fills by itself: a database holding only these is still "empty".
_MIGRATE_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, for the operator."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


# --- backup ------------------------------------------------------------------------------


def create_backup(*, destination: Path, using: str = "default", fmt: str = "auto") -> BackupResult:
    """Write a backup to ``destination`` (a new directory, or a ``.tar`` file).

    ``fmt``: ``auto`` (native dump of the vendor, JSON on PostgreSQL without a matching
    pg_dump), ``native`` (refuse rather than fall back) or ``json``.
    """
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new name")
    if fmt not in {"auto", "native", "json"}:
        raise BackupError(f"unknown format {fmt!r} (auto, native or json)")
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("a backup must run outside a transaction (it opens its own snapshot)")
    archive = destination.suffix == ".tar"
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".ocop-backup-", dir=destination.parent))
    partial = destination.with_name(destination.name + ".partial")
    try:
        database = _dump_database(connection, work, fmt)
        _copy_tree(Path(settings.MEDIA_ROOT), work / MEDIA_DIR)
        manifest = {
            "format_version": FORMAT_VERSION,
            "app_version": _app_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": database,
            "media": _media_location(),
            "files": {
                name: _file_entry(work / name)
                for name in sorted(_relative_files(work))
                if name != MANIFEST
            },
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        if archive:
            # Personal data: readable by the owner only, whatever the umask.
            partial.touch(mode=0o600)
            with tarfile.open(partial, "w") as tar:
                for name in sorted(_relative_files(work)):
                    tar.add(work / name, arcname=name, recursive=False)
            partial.rename(destination)
        else:
            work.rename(destination)
    finally:
        # A failed backup leaves nothing behind (a half-written dump must not look whole).
        shutil.rmtree(work, ignore_errors=True)
        partial.unlink(missing_ok=True)
    return BackupResult(path=destination, manifest=manifest)


def _dump_database(connection: BaseDatabaseWrapper, work: Path, fmt: str) -> dict[str, Any]:
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    info: dict[str, Any] = {"vendor": vendor}
    if fmt == "json":
        info.update(_dump_json(connection, work / DUMP_FILES["json"]))
    elif vendor == "sqlite":
        info.update(_dump_sqlite(connection, work / DUMP_FILES["sqlite"]))
    else:
        pg_dump_major = _tool_major("pg_dump")
        server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
        info["server_version"] = server_major
        if pg_dump_major == server_major:
            info.update(_dump_postgresql(connection, work / DUMP_FILES["pg_dump"]))
            info["pg_dump_version"] = pg_dump_major
        elif fmt == "native":
            raise BackupError(
                f"pg_dump {pg_dump_major or 'is missing'}; the server is PostgreSQL "
                f"{server_major}: install the matching client or use --format json"
            )
        else:
            info.update(_dump_json(connection, work / DUMP_FILES["json"]))
            info["note"] = f"no pg_dump {server_major} found (found {pg_dump_major})"
    return info


def _dump_postgresql(connection: BaseDatabaseWrapper, path: Path) -> dict[str, Any]:
    """pg_dump and the row counts read one snapshot, exported by a transaction kept open."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _row_counts(connection, _all_tables(connection))
        migrations = _applied_migrations(connection)
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            env=_pg_env(connection),
        )
    return {
        "dump": path.name,
        "dump_format": "pg_dump",
        "row_counts": counts,
        "migrations": migrations,
    }


def _dump_sqlite(connection: BaseDatabaseWrapper, path: Path) -> dict[str, Any]:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file::memory:") or not Path(name).is_file():
        raise BackupError(f"the SQLite database {name!r} is not a file")
    # The online backup API copies a consistent state while the site keeps writing.
    source = sqlite3.connect(_read_only_uri(Path(name)), uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        # One self-contained file: in WAL mode every reader would add -wal and -shm files
        # beside it, and the backup would no longer match its manifest.
        target.execute("PRAGMA journal_mode=DELETE")
        tables = [
            row[0]
            for row in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {t: target.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        migrations: dict[str, list[str]] = {}
        for app, migration in target.execute("SELECT app, name FROM django_migrations"):
            migrations.setdefault(app, []).append(migration)
    finally:
        target.close()
    return {
        "dump": path.name,
        "dump_format": "sqlite",
        "row_counts": counts,
        "migrations": {app: sorted(names) for app, names in sorted(migrations.items())},
    }


def _dump_json(connection: BaseDatabaseWrapper, path: Path) -> dict[str, Any]:
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        tables = connection.introspection.django_table_names(only_existing=True)
        counts = _row_counts(connection, sorted(tables))
        migrations = _applied_migrations(connection)
        # Only models whose table exists: a model added by code whose migration has not run
        # yet has no rows to lose, and would make dumpdata fail.
        labels = [
            model._meta.label
            for model in apps.get_models(include_auto_created=False)
            if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
        ]
        with path.open("w", encoding="utf-8") as stream:
            call_command(
                "dumpdata",
                *labels,
                database=connection.alias,
                use_base_manager=True,
                format="json",
                stdout=stream,
                verbosity=0,
            )
    return {
        "dump": path.name,
        "dump_format": "json",
        "row_counts": counts,
        "migrations": migrations,
    }


# --- verify ------------------------------------------------------------------------------


def verify_backup(*, path: Path) -> dict[str, Any]:
    """The manifest, once every file matches it (nothing missing, added or changed)."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{path}: no {MANIFEST}; this is not an OCOP backup") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path}: {MANIFEST} is not valid JSON ({exc})") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup format {manifest.get('format_version')!r} is not supported "
            f"(this version reads format {FORMAT_VERSION})"
        )
    expected: dict[str, dict[str, Any]] = manifest["files"]
    present = {name for name in _relative_files(path) if name != MANIFEST}
    problems = [f"missing: {name}" for name in sorted(expected.keys() - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - expected.keys())]
    for name in sorted(expected.keys() & present):
        if _file_entry(path / name) != expected[name]:
            problems.append(f"checksum differs: {name}")
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise BackupError(f"backup {path} is damaged or was changed: {shown}{more}")
    if manifest["database"]["dump"] not in expected:
        raise BackupError(f"backup {path}: the database dump is not listed in the manifest")
    return manifest


def check_backup(*, source: Path) -> dict[str, Any]:
    """``verify_backup`` for a directory or a ``.tar``; restores nothing."""
    with _unpacked(source) as path:
        return verify_backup(path=path)


# --- restore -----------------------------------------------------------------------------


def restore_backup(*, source: Path, using: str = "default") -> dict[str, Any]:
    """Restore a backup into an empty database and media folder; returns the manifest.

    Every check (checksums, versions, vendor, emptiness) runs before anything is written.
    """
    with _unpacked(source) as path:
        manifest = verify_backup(path=path)
        connection = connections[using]
        database = manifest["database"]
        _check_restorable(connection, database)
        _check_empty(connection, Path(settings.MEDIA_ROOT))
        dump = path / database["dump"]
        if database["dump_format"] == "pg_dump":
            _restore_postgresql(connection, dump)
        elif database["dump_format"] == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_json(connection, dump)
        _restore_media(path / MEDIA_DIR, Path(settings.MEDIA_ROOT))
        _check_counts(connection, database["row_counts"])
    return manifest


@contextmanager
def _unpacked(source: Path) -> Iterator[Path]:
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupError(f"{source}: no such backup")
    with tempfile.TemporaryDirectory(prefix="ocop-restore-") as tmp:
        try:
            with tarfile.open(source, "r") as tar:
                # The "data" filter refuses absolute paths, "..", links and devices.
                tar.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"{source}: not a readable backup archive ({exc})") from exc
        yield Path(tmp)


def _check_restorable(connection: BaseDatabaseWrapper, database: dict[str, Any]) -> None:
    fmt = database["dump_format"]
    if fmt == "pg_dump" and connection.vendor != "postgresql":
        raise BackupError("this backup is a pg_dump: restore it into PostgreSQL")
    if fmt == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("this backup is a SQLite copy: restore it into SQLite")
    if fmt == "pg_dump":
        found = _tool_major("pg_restore")
        if found is None or found < database["pg_dump_version"]:
            raise BackupError(
                f"pg_restore {database['pg_dump_version']} or newer is needed (found {found})"
            )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in database["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "the backup was made by a newer version (migrations unknown here: "
            + ", ".join(unknown[:5])
            + "); install that version first"
        )


def _check_empty(connection: BaseDatabaseWrapper, media_root: Path) -> None:
    tables = sorted(set(connection.introspection.table_names()) - _MIGRATE_TABLES)
    filled = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                filled.append(table)
    if filled:
        raise BackupError(
            "the target database is not empty (rows in "
            + ", ".join(filled[:5])
            + (" …" if len(filled) > 5 else "")
            + "): restore only into a new, empty database"
        )
    if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"the media folder {media_root} is not empty: restore into an empty one")


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            # The target may hold the empty tables of ``migrate``: replace them.
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=_pg_env(connection),
    )


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.close()
    # immutable: reading the backup must not create or change any file beside it.
    source = sqlite3.connect(_read_only_uri(dump) + "&immutable=1", uri=True)
    target = sqlite3.connect(str(connection.settings_dict["NAME"]))
    try:
        source.backup(target)  # replaces every page of the target at once
    finally:
        source.close()
        target.close()


def _restore_json(connection: BaseDatabaseWrapper, dump: Path) -> None:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    call_command("migrate", database=connection.alias, interactive=False, verbosity=0)
    with transaction.atomic(using=connection.alias):
        # migrate made its own content types and permissions; the backup's (with their ids,
        # which other rows point to) replace them.
        Permission.objects.using(connection.alias).all().delete()
        ContentType.objects.using(connection.alias).all().delete()
        ContentType.objects.clear_cache()
        call_command("loaddata", str(dump), database=connection.alias, verbosity=0)
    ContentType.objects.clear_cache()


def _restore_media(source: Path, media_root: Path) -> None:
    if not source.is_dir():
        return
    # Copied beside the target first, then renamed: no half-filled media folder.
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ocop-media-", dir=media_root.parent))
    try:
        _copy_tree(source, staging / "media")
        if media_root.exists():
            shutil.rmtree(media_root)  # checked empty (no file) before the restore began
        (staging / "media").rename(media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_counts(connection: BaseDatabaseWrapper, expected: dict[str, int]) -> None:
    restored = _row_counts(connection, sorted(expected))
    differ = [f"{t}: {restored[t]} ≠ {n}" for t, n in sorted(expected.items()) if restored[t] != n]
    if differ:
        raise BackupError("restored, but row counts differ from the manifest: " + "; ".join(differ))


# --- helpers -----------------------------------------------------------------------------


def _all_tables(connection: BaseDatabaseWrapper) -> list[str]:
    return sorted(connection.introspection.table_names())


def _row_counts(connection: BaseDatabaseWrapper, tables: list[str]) -> dict[str, int]:
    counts = {}
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in tables:
            if table not in existing:
                counts[table] = -1  # reported as a difference by _check_counts
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq variables: the password never appears on a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    if sslmode := params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _tool_major(tool: str) -> int | None:
    if shutil.which(tool) is None:
        return None
    output = subprocess.run(
        [tool, "--version"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    found = re.search(r"\b(\d+)(?:\.\d+)*", output)
    return int(found.group(1)) if found else None


def _run(command: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _relative_files(root: Path) -> Iterator[str]:
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix()


def _file_entry(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}


def _copy_tree(source: Path, target: Path) -> None:
    if not source.is_dir():
        target.mkdir(parents=True)
        return
    # Symbolic links are left out: a link must not pull files from outside MEDIA_ROOT into a
    # backup, nor point anywhere after a restore. Uploads are never stored as links.
    shutil.copytree(source, target, ignore=_symlinks)


def _symlinks(directory: str, names: list[str]) -> list[str]:
    return [name for name in names if (Path(directory) / name).is_symlink()]


def _media_location() -> str:
    """Where the media files live; object storage is backed up by its own versioning."""
    backend = settings.STORAGES.get("default", {}).get("BACKEND", "")
    if backend == "django.core.files.storage.FileSystemStorage":
        return "included"
    return f"not included: stored by {backend}"


def _app_version() -> str:
    try:
        return importlib.metadata.version("ocop")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
