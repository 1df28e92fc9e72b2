"""Configuration comes only from OCOP_* variables; production settings are clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_ocop(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OCOP_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "-m", "ocop", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_ocop(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        OCOP_DEBUG="0",
        OCOP_SECRET_KEY="k" * 20 + "9Xq!vT3#pL0@zR7$wN2%yB5^mC8&dF1*",
        OCOP_ALLOWED_HOSTS="ocop.example.gov.vn",
        OCOP_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_ocop("check", OCOP_DEBUG="0")
    assert result.returncode != 0
    assert "OCOP_SECRET_KEY must be set" in result.stderr


def test_bad_boolean_is_reported():
    result = run_ocop("check", OCOP_DEBUG="maybe")
    assert result.returncode != 0
    assert "OCOP_DEBUG must be 0 or 1" in result.stderr


def test_ocop_help_lists_the_project_commands():
    result = run_ocop("--help")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("OCOP — project commands")
    ours = {line.split()[0] for line in lines[1:] if line.startswith("  ")}
    assert {"load_units", "load_criteria", "load_demo", "import_registry"} <= ours


def test_prepared_statements_can_be_switched_off():
    """Behind PgBouncer without prepared-statement support: OCOP_DB_PREPARE_THRESHOLD=off."""
    import os
    import subprocess
    import sys

    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    )
    seen = {}
    for value in ("off", "7", ""):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ocop.settings",
            "OCOP_DATABASE_URL": "postgres://x@127.0.0.1:5432/y",
            "OCOP_DB_PREPARE_THRESHOLD": value,
        }
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        seen[value] = out.stdout.strip()
    assert seen == {"off": "None", "7": "7", "": "5"}
