"""``ocop backup`` / ``ocop restore`` round-trip the demo database, on the suite's vendor.

The commands run as the operator runs them (subprocesses) against databases of their own:
a source loaded with ``load_units``, ``load_criteria`` and ``load_demo`` (about 25 s, once per
module), and a new empty target per test (a SQLite file, or a PostgreSQL database created
and dropped here). The test database of pytest-django cannot serve: its rows are never
committed, so neither pg_dump nor a second SQLite connection would see them.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DB = settings.DATABASES["default"]
POSTGRES = DB["ENGINE"] == "django.db.backends.postgresql"


@dataclass(frozen=True)
class Database:
    """One database of this test: its URL for ``OCOP_DATABASE_URL`` and a row counter."""

    url: str
    name: str

    def counts(self) -> dict[str, int]:
        """Rows per table, counted without Django (tables of the public schema / the file)."""
        if POSTGRES:
            with _pg(self.name) as conn:
                tables = [
                    row[0]
                    for row in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                return {
                    t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
                    for t in tables
                }
        if not Path(self.name).exists():
            return {}
        conn = sqlite3.connect(self.name)
        try:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            conn.close()


def _pg(dbname: str) -> psycopg.Connection:
    return psycopg.connect(
        host=DB["HOST"] or None,
        port=DB["PORT"] or None,
        user=DB["USER"] or None,
        password=DB["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def _pg_url(name: str) -> str:
    auth = quote(DB["USER"] or "")
    if DB["PASSWORD"]:
        auth += ":" + quote(DB["PASSWORD"])
    return f"postgres://{auth}@{DB['HOST'] or '127.0.0.1'}:{DB['PORT'] or 5432}/{name}"


@pytest.fixture(scope="module")
def new_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Database]]:
    """Makes empty databases (dropped at the end of the module)."""
    created: list[str] = []
    folder = tmp_path_factory.mktemp("databases")
    # Unique per process: pytest-xdist workers run this module at the same time.
    prefix = f"ops_backup_{os.getpid()}"

    def make(label: str) -> Database:
        if not POSTGRES:
            path = folder / f"{label}-{len(created)}.sqlite3"
            created.append(str(path))
            return Database(url=f"sqlite:///{path}", name=str(path))
        name = f"{prefix}_{label}_{len(created)}"
        with _pg("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return Database(url=_pg_url(name), name=name)

    yield make
    if POSTGRES:
        with _pg("postgres") as conn:
            for name in created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ocop(*args: str, database: Database, media: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(
        DJANGO_SETTINGS_MODULE="ocop.settings",
        OCOP_DATABASE_URL=database.url,
        OCOP_MEDIA_ROOT=str(media),
        OCOP_VAR_DIR=str(media.parent / "var"),
        OCOP_LOG_LEVEL="WARNING",
        OCOP_ACCESS_LOG="0",
    )
    return subprocess.run(
        [sys.executable, "-m", "ocop", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


_LOAD_DEMO = """
import io, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
for name in ("load_units", "load_criteria", "load_demo"):
    call_command(name, stdout=io.StringIO())
"""


@dataclass(frozen=True)
class Source:
    database: Database
    media: Path
    backup: Path  # a backup directory


@pytest.fixture(scope="module")
def source(new_database, tmp_path_factory: pytest.TempPathFactory) -> Source:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("source")
    database = new_database("src")
    media = folder / "media"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(
        DJANGO_SETTINGS_MODULE="ocop.settings",
        OCOP_DATABASE_URL=database.url,
        OCOP_MEDIA_ROOT=str(media),
        OCOP_VAR_DIR=str(folder / "var"),
        OCOP_LOG_LEVEL="WARNING",
    )
    subprocess.run([sys.executable, "-c", _LOAD_DEMO], env=env, cwd=ROOT, check=True, timeout=900)
    backup = folder / "backup"
    result = ocop("backup", "--output", str(backup), database=database, media=media)
    assert result.returncode == 0, result.stderr
    return Source(database=database, media=media, backup=backup)


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _manifest_of_tar(path: Path) -> dict:  # type: ignore[type-arg]
    with tarfile.open(path) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.load(member)


def test_round_trip_restores_every_row_and_file(source: Source, new_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "ocop.tar"
    made = ocop("backup", "--output", str(archive), database=source.database, media=source.media)
    assert made.returncode == 0, made.stderr
    manifest = _manifest_of_tar(archive)
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: the owner only

    target, media = new_database("dst"), tmp_path / "restored-media"
    restored = ocop("restore", str(archive), database=target, media=media)
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout

    source_counts = source.database.counts()
    assert target.counts() == source_counts
    assert manifest["database"]["row_counts"] == source_counts
    # The demo data set came through: its producers, products and evidence files.
    assert (source_counts["registry_producer"], source_counts["registry_product"]) == (40, 124)
    assert _digests(media) == _digests(source.media)
    assert len(_digests(media)) == source_counts["registry_evidencedocument"] == 60

    assert manifest["format_version"] == 1
    assert manifest["media"] == "included"
    assert manifest["app_version"] == "0.1.0"
    assert manifest["database"]["vendor"] == ("postgresql" if POSTGRES else "sqlite")
    assert manifest["database"]["dump_format"] == ("pg_dump" if POSTGRES else "sqlite")
    assert "0001_initial" in manifest["database"]["migrations"]["registry"]
    media_entries = {
        name.removeprefix("media/"): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith("media/")
    }
    assert media_entries == _digests(source.media)
    assert set(manifest["files"]) - {f"media/{n}" for n in media_entries} == {
        manifest["database"]["dump"]
    }


@pytest.mark.skipif(POSTGRES, reason="JSON restore migrates first: ~1 min on PostgreSQL here")
def test_json_round_trip(source: Source, new_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "json-backup"
    made = ocop(
        "backup", "--format", "json", "--output", str(backup),
        database=source.database, media=source.media,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["dump_format"] == "json"

    target = new_database("json")
    restored = ocop("restore", str(backup), database=target, media=tmp_path / "m")
    assert restored.returncode == 0, restored.stderr
    expected = manifest["database"]["row_counts"]
    assert {t: n for t, n in target.counts().items() if t in expected} == expected
    assert expected["registry_product"] == 124


def _flip_a_byte(backup: Path) -> str:
    dump = next(p for p in backup.iterdir() if p.name.startswith("database."))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    return f"checksum differs: {dump.name}"


def _truncate_a_media_file(backup: Path) -> str:
    victim = sorted((backup / "media").rglob("*.pdf"))[0]
    victim.write_bytes(victim.read_bytes()[:100])
    return f"checksum differs: {victim.relative_to(backup).as_posix()}"


def _add_a_file(backup: Path) -> str:
    (backup / "media" / "evil.sh").write_text("#!/bin/sh\n")
    return "not in the manifest: media/evil.sh"


def _remove_the_manifest(backup: Path) -> str:
    (backup / "manifest.json").unlink()
    return "no manifest.json; this is not an OCOP backup"


@pytest.mark.parametrize(
    "damage", [_flip_a_byte, _truncate_a_media_file, _add_a_file, _remove_the_manifest]
)
def test_damaged_backup_is_refused_and_changes_nothing(
    source: Source,
    new_database,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    damage: Callable[[Path], str],
) -> None:
    backup = tmp_path / "copy"
    shutil.copytree(source.backup, backup)
    message = damage(backup)

    target, media = new_database("tampered"), tmp_path / "media"
    result = ocop("restore", str(backup), database=target, media=media)
    assert result.returncode != 0
    assert message in result.stderr
    assert target.counts() == {}
    assert not media.exists()


def test_check_verifies_without_restoring(source: Source, new_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target, media = new_database("check"), tmp_path / "media"
    result = ocop("restore", "--check", str(source.backup), database=target, media=media)
    assert result.returncode == 0, result.stderr
    assert "verified" in result.stdout
    assert target.counts() == {}


def test_restore_refuses_a_database_with_rows(source: Source, tmp_path: Path) -> None:
    before = source.database.counts()
    result = ocop("restore", str(source.backup), database=source.database, media=tmp_path / "m")
    assert result.returncode != 0
    assert "the target database is not empty" in result.stderr
    assert source.database.counts() == before
    assert not (tmp_path / "m").exists()


def test_restore_refuses_a_media_folder_with_files(source: Source, new_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "kept.pdf").write_bytes(b"%PDF-1.4 someone else's file")
    target = new_database("media")
    result = ocop("restore", str(source.backup), database=target, media=media)
    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert target.counts() == {}
    assert _digests(media) == {
        "evidence/kept.pdf": hashlib.sha256(b"%PDF-1.4 someone else's file").hexdigest()
    }


def test_backup_never_overwrites(source: Source) -> None:
    result = ocop(
        "backup", "--output", str(source.backup), database=source.database, media=source.media
    )
    assert result.returncode != 0
    assert "already exists" in result.stderr
